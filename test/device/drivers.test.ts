/** Unit tests of the device drivers with fake ports (no Espruino, no simulator): SSD1306, button, indicator. */
import * as assert from "assert";
import { Ssd1306, SSD1306_INIT, SSD1306_RETRY_MS } from "../../firmware/drivers/ssd1306";
import { Button, BUTTON_DOUBLE_GAP_MS, BUTTON_LONG_MS, BUTTON_STUCK_MS } from "../../firmware/drivers/button";
import { Indicator, trackAt } from "../../firmware/drivers/indicator";
import { Gesture } from "../../firmware/src/ports";
import { flattenBytes } from "../../sim/runtime/serial";

/** A fake bus: records writes; `fail` makes every write throw as ESP32's I2C does on a missing ACK. */
function fakeBus() {
  const bus = {
    writes: [] as number[][],
    fail: false,
    /** One transaction of all its data arguments, flattened as Espruino does. */
    writeTo(addr: number, ...data: (number | Uint8Array | number[])[]) {
      if (bus.fail) throw new Error("jshI2CWrite: slave doesn't ACK the transfer");
      assert.strictEqual(addr, 0x3c);
      bus.writes.push(flattenBytes(data));
    },
  };
  return bus;
}
function simpleSum(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) s = (s * 31 + b[i]) >>> 0;
  return s;
}
function makeOled(rst: ((l: number) => void) | null = null) {
  const bus = fakeBus();
  const buffer = new Uint8Array(1024);
  const timers: { fn: () => void; ms: number }[] = [];
  const oled = new Ssd1306({
    i2c: bus, address: 0x3c, buffer, reset: rst,
    after: (fn, ms) => timers.push({ fn, ms }), crc: simpleSum,
  });
  return { bus, buffer, oled, timers };
}

/** The driver's init table as rows of bytes (it is stored as [length, bytes...] rows in one Uint8Array). */
function initRows(): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < SSD1306_INIT.length; i += SSD1306_INIT[i] + 1) rows.push(Array.from(SSD1306_INIT.subarray(i + 1, i + 1 + SSD1306_INIT[i])));
  return rows;
}

describe("ssd1306 driver", () => {
  it("sends the init table as command writes, one per command with its arguments", () => {
    const { bus, oled } = makeOled();
    let done = 0;
    oled.begin(0, () => done++);
    assert.strictEqual(done, 1);
    assert.ok(oled.ok);
    const rows = initRows();
    assert.strictEqual(rows.length, 16);
    assert.strictEqual(bus.writes.length, rows.length);
    for (let i = 0; i < rows.length; i++) assert.deepStrictEqual(bus.writes[i], [0x00].concat(rows[i]));
    assert.deepStrictEqual(bus.writes[0], [0x00, 0xae], "display off first");
    assert.deepStrictEqual(bus.writes[bus.writes.length - 1], [0x00, 0xaf], "display on last");
    assert.ok(bus.writes.some((w) => w[1] === 0x8d && w[2] === 0x14), "charge pump on");
    assert.ok(bus.writes.some((w) => w[1] === 0xa8 && w[2] === 63), "64 rows");
  });

  it("pushes the frame as a 0..127 / 0..7 window (one command-stream write) then one data write: 0x40 and the 1,024 bytes as they are", () => {
    const { bus, buffer, oled } = makeOled();
    oled.begin(0, () => {});
    bus.writes = [];
    buffer[0] = 0x01; buffer[1023] = 0x80; buffer[130] = 0x55;
    assert.strictEqual(oled.flip(1), true);
    assert.deepStrictEqual(bus.writes[0], [0x00, 0x21, 0, 127, 0x22, 0, 7]);
    assert.strictEqual(bus.writes.length, 2);
    const data = bus.writes[1];
    assert.strictEqual(data.length, 1025);
    assert.strictEqual(data[0], 0x40);
    assert.strictEqual(data[1], 0x01);
    assert.strictEqual(data[1 + 130], 0x55);
    assert.strictEqual(data[1024], 0x80);
  });

  it("pushes pages first..last as their window and their 128 bytes a page; the whole frame while none is known on the glass", () => {
    const { bus, buffer, oled } = makeOled();
    oled.begin(0, () => {});
    bus.writes = [];
    buffer[2 * 128] = 0x11;
    assert.strictEqual(oled.flip(1, 2, 3), true);
    assert.deepStrictEqual(bus.writes[0], [0x00, 0x21, 0, 127, 0x22, 0, 7], "the first push after init is the whole frame");
    assert.strictEqual(bus.writes[1].length, 1025);
    bus.writes = [];
    buffer[2 * 128 + 5] = 0x22; buffer[3 * 128 + 127] = 0x33;
    assert.strictEqual(oled.flip(2, 2, 3), true);
    assert.deepStrictEqual(bus.writes[0], [0x00, 0x21, 0, 127, 0x22, 2, 3]);
    const data = bus.writes[1];
    assert.strictEqual(data.length, 1 + 256);
    assert.deepStrictEqual([data[0], data[1], data[1 + 5], data[256]], [0x40, 0x11, 0x22, 0x33], "page 2's first byte first, page 3's last byte last");
    bus.writes = [];
    buffer[0] = 1;
    assert.strictEqual(oled.flip(3), true);
    assert.deepStrictEqual(bus.writes[0], [0x00, 0x21, 0, 127, 0x22, 0, 7], "no pages named: all of them");
    assert.strictEqual(bus.writes[1].length, 1025);
  });

  it("skips the push when the frame did not change", () => {
    const { bus, buffer, oled } = makeOled();
    oled.begin(0, () => {});
    assert.strictEqual(oled.flip(1), true);
    const n = bus.writes.length;
    assert.strictEqual(oled.flip(2), false);
    assert.strictEqual(bus.writes.length, n);
    buffer[5] = 7;
    assert.strictEqual(oled.flip(3), true);
    assert.strictEqual(oled.pushes, 2);
  });

  it("a missing display does not throw; it is retried after the retry time and then gets the frame", () => {
    const { bus, oled } = makeOled();
    bus.fail = true;
    oled.begin(0, () => {});
    assert.strictEqual(oled.ok, false);
    assert.strictEqual(oled.flip(100), false);
    bus.fail = false;
    assert.strictEqual(oled.flip(SSD1306_RETRY_MS - 1), false, "not before the retry time");
    assert.strictEqual(bus.writes.length, 0);
    assert.strictEqual(oled.flip(SSD1306_RETRY_MS), true);
    assert.ok(oled.ok);
    assert.strictEqual(bus.writes.length, initRows().length + 1 + 1);
  });

  it("a display failing mid-run is marked down and re-initialised later, pushing again", () => {
    const { bus, buffer, oled } = makeOled();
    oled.begin(0, () => {});
    oled.flip(1);
    buffer[0] = 9;
    bus.fail = true;
    assert.strictEqual(oled.flip(1000), false);
    assert.strictEqual(oled.ok, false);
    assert.strictEqual(oled.fails, 1);
    bus.fail = false;
    assert.strictEqual(oled.flip(1000 + SSD1306_RETRY_MS), true, "same frame pushed again after re-init");
  });

  it("pulses the reset line low then high before init when one is wired (Heltec)", () => {
    const levels: number[] = [];
    const { bus, oled, timers } = makeOled((l) => levels.push(l));
    let done = 0;
    oled.begin(0, () => done++);
    assert.deepStrictEqual(levels, [0]);
    assert.strictEqual(bus.writes.length, 0, "no init while in reset");
    assert.strictEqual(oled.flip(1), false, "no push while in reset");
    assert.strictEqual(timers.length, 1);
    assert.ok(timers[0].ms >= 3, "the datasheet asks for >= 3 us low; 10 ms is plenty");
    timers[0].fn();
    assert.deepStrictEqual(levels, [0, 1]);
    assert.strictEqual(done, 1);
    assert.strictEqual(bus.writes.length, initRows().length);
  });

  it("contrast is a single command write", () => {
    const { bus, oled } = makeOled();
    oled.begin(0, () => {});
    bus.writes = [];
    oled.setContrast(0x10, 5);
    assert.deepStrictEqual(bus.writes, [[0x00, 0x81, 0x10]]);
  });
});

describe("button driver", () => {
  function makeButton() {
    const got: string[] = [];
    const timers: { at: number; fn: () => void }[] = [];
    let now = 0;
    const b = new Button((g: Gesture) => got.push(g + "@" + now), (fn, ms) => timers.push({ at: now + ms, fn }));
    function advance(to: number) {
      timers.sort((x, y) => x.at - y.at);
      while (timers.length && timers[0].at <= to) { const t = timers.shift()!; now = t.at; t.fn(); }
      now = to;
    }
    function press(at: number, holdMs: number) {
      advance(at); b.edge(true, now);
      advance(at + holdMs); b.edge(false, now);
    }
    return { b, got, press, advance };
  }

  it("short press is reported once the double-press gap has passed", () => {
    const { got, press, advance } = makeButton();
    press(1000, 120);
    assert.deepStrictEqual(got, []);
    advance(1120 + BUTTON_DOUBLE_GAP_MS + 1);
    assert.deepStrictEqual(got, ["short@" + (1120 + BUTTON_DOUBLE_GAP_MS + 1)]);
  });

  it("two quick presses are one double, not two shorts", () => {
    const { got, press, advance } = makeButton();
    press(1000, 100);
    press(1300, 100);
    advance(5000);
    assert.deepStrictEqual(got, ["double@1400"]);
  });

  it("two presses further apart than the gap are two shorts", () => {
    const { got, press, advance } = makeButton();
    press(1000, 100);
    press(1100 + BUTTON_DOUBLE_GAP_MS + 50, 100);
    advance(9000);
    assert.strictEqual(got.length, 2);
    assert.ok(got.every((g) => g.startsWith("short@")));
  });

  it("a hold of LONG_MS is long, reported at release", () => {
    const { got, press, advance } = makeButton();
    press(0, BUTTON_LONG_MS - 1);
    advance(3000);
    assert.deepStrictEqual(got.map((g) => g.split("@")[0]), ["short"]);
    press(5000, BUTTON_LONG_MS);
    advance(9000);
    assert.deepStrictEqual(got, ["short@" + (BUTTON_LONG_MS - 1 + BUTTON_DOUBLE_GAP_MS + 1), "long@" + (5000 + BUTTON_LONG_MS)]);
  });

  it("a stuck button (held past STUCK_MS) gives no gesture and counts as stuck", () => {
    const { b, got, press, advance } = makeButton();
    advance(100); b.edge(true, 100);
    const up = 100 + BUTTON_STUCK_MS; // held exactly STUCK_MS: stuck
    advance(up); b.edge(false, up);
    advance(up + 10000);
    assert.strictEqual(got.length, 0);
    assert.strictEqual(b.stuck, 1);
    press(80000, 100);
    advance(90000);
    assert.deepStrictEqual(got.map((g) => g.split("@")[0]), ["short"], "works again after release");
  });

  it("bounce that repeats a press edge does not restart the press", () => {
    const { b, got, advance } = makeButton();
    b.edge(true, 0); b.edge(true, 900); advance(1600); b.edge(false, 1600);
    advance(5000);
    assert.deepStrictEqual(got, ["long@1600"]);
  });
});

describe("indicator driver", () => {
  it("trackAt walks an on/off track and repeats it", () => {
    assert.deepStrictEqual(trackAt([100, 900], 0), { on: true, nextMs: 100 });
    assert.deepStrictEqual(trackAt([100, 900], 150), { on: false, nextMs: 850 });
    assert.deepStrictEqual(trackAt([100, 900], 1050), { on: true, nextMs: 50 });
    assert.deepStrictEqual(trackAt([100, 100, 100, 700], 250), { on: true, nextMs: 50 });
    assert.deepStrictEqual(trackAt([], 5), { on: false, nextMs: -1 });
    assert.deepStrictEqual(trackAt([500, 0], 777), { on: true, nextMs: -1 });
  });

  it("drives LED and buzzer only on changes and says when the next change is due", () => {
    const calls: string[] = [];
    const ind = new Indicator({ led: (on) => calls.push("led" + +on), buzz: (on) => calls.push("buzz" + +on) });
    assert.deepStrictEqual(calls, ["led0", "buzz0"]);
    ind.play([200, 800], [100, 1900], 1000);
    assert.strictEqual(ind.update(1000), 100);
    assert.deepStrictEqual(calls.slice(2), ["led1", "buzz1"]);
    assert.strictEqual(ind.update(1100), 100);
    assert.deepStrictEqual(calls.slice(4), ["buzz0"]);
    assert.strictEqual(ind.update(1200), 800);
    assert.deepStrictEqual(calls.slice(5), ["led0"]);
  });

  it("silence (an empty buzzer track) stops the buzzer and leaves the LED pattern in phase", () => {
    const calls: string[] = [];
    const ind = new Indicator({ led: (on) => calls.push("led" + +on), buzz: (on) => calls.push("buzz" + +on) });
    ind.play([200, 800], [1000, 0], 0);
    ind.update(0);
    ind.play([200, 800], [], 50);
    ind.update(50);
    assert.deepStrictEqual(calls.slice(2), ["led1", "buzz1", "buzz0"]);
    assert.strictEqual(ind.ledOn, true);
    assert.strictEqual(ind.update(199), 1);
  });
});
