/** UART timing and chunking, the wire to a BMS model, and the wire's faults. */
import * as assert from "assert";
import { createDevice, Device } from "../../sim/runtime/device";
import { UartWire } from "../../sim/runtime/wire";
import { frame, JBD_REQ, ScriptedBms } from "./helpers";

/** A firmware that sends one JBD request at t=0 (and again at each `also` time) and logs every chunk it gets. */
function box(baud: number, pins = "{rx: D16, tx: D17}", also: number[] = []): string {
  return `
    Serial2.setup(${baud}, ${pins});
    var chunks = [];
    Serial2.on("data", function (d) {
      var b = E.toUint8Array(d);
      chunks.push({ t: getTime() * 1000, n: d.length, first: b[0], bytes: [].slice.call(b) });
    });
    Serial2.write(${JSON.stringify(JBD_REQ)});
    ${also.map((t) => `setTimeout(function () { Serial2.write(${JSON.stringify(JBD_REQ)}); }, ${t});`).join("\n")}
  `;
}

function chunks(d: Device): { t: number; n: number; bytes: number[] }[] {
  return JSON.parse(d.eval("JSON.stringify(chunks)") as string);
}

/** Independent oracle: byte i of a reply ends at start + (i+1)·10/baud s; polls on a 5 ms grid deliver all ended bytes. */
function expectedChunks(start: number, n: number, baud: number, pollMs: number): { t: number; n: number }[] {
  const byteMs = 10000 / baud;
  const out: { t: number; n: number }[] = [];
  let delivered = 0;
  for (let poll = (Math.floor((start + byteMs) / pollMs) + 1) * pollMs; delivered < n; poll += pollMs) {
    let k = 0;
    while (k < n && start + (k + 1) * byteMs <= poll) k++;
    if (k > delivered) out.push({ t: poll, n: k - delivered });
    delivered = k;
  }
  return out;
}

describe("runtime: UART wire and Serial chunking", () => {
  it("9600 baud: request takes 7 byte times, reply 20 ms later arrives in 5 ms-poll chunks", () => {
    const bms = new ScriptedBms(9600, 20, [frame(34, 0xa0)]);
    const d = createDevice({ code: box(9600), deferBoot: true });
    d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(200);
    // The model got the 7 request bytes when the last one had arrived: 7 × 10/9600 s.
    assert.strictEqual(bms.rxLog.length, 1);
    assert.deepStrictEqual(Array.from(bms.rxLog[0].bytes), JBD_REQ);
    assert.ok(Math.abs(bms.rxLog[0].tMs - 7.2917) < 0.001, "request end " + bms.rxLog[0].tMs);
    const got = chunks(d);
    const start = 7 * 10000 / 9600 + 20;
    assert.deepStrictEqual(got.map((c) => ({ t: c.t, n: c.n })), expectedChunks(start, 34, 9600, 5));
    // Hand-checked against the oracle: first poll at 30 ms has 2 bytes, the last one at 65 ms; 34 in all.
    assert.deepStrictEqual({ t: got[0].t, n: got[0].n }, { t: 30, n: 2 });
    assert.strictEqual(got[got.length - 1].t, 65);
    assert.strictEqual(got.reduce((a, c) => a + c.n, 0), 34);
    assert.deepStrictEqual(([] as number[]).concat(...got.map((c) => c.bytes)), Array.from(frame(34, 0xa0)));
    assert.ok(got.every((c) => c.n <= 5), "at most 5 bytes (5 ms at 9600) per poll");
  });

  it("115200 baud: the whole 34-byte reply lands in one chunk at the next poll", () => {
    const bms = new ScriptedBms(115200, 20, [frame(34)]);
    const d = createDevice({ code: box(115200), deferBoot: true });
    d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(100);
    // request ends at 7 × 0.0868 = 0.61 ms; reply 20.61 … 23.56 ms; next poll at 25 ms.
    assert.deepStrictEqual(chunks(d).map((c) => ({ t: c.t, n: c.n })), [{ t: 25, n: 34 }]);
  });

  it("after 25 s without data the RX task polls every 100 ms", () => {
    const bms = new ScriptedBms(9600, 20, [frame(10)]);
    const d = createDevice({ code: box(9600, "{rx: D16, tx: D17}", [30000]), deferBoot: true });
    d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(31000);
    const got = chunks(d);
    // First reply on the 5 ms grid; the second (ending at 30037.7 ms) waits for the 100 ms grid: 30100.
    assert.ok(got[0].t % 5 === 0 && got[0].t < 100);
    const late = got.filter((c) => c.t > 30000);
    assert.deepStrictEqual(late.map((c) => ({ t: c.t, n: c.n })), [{ t: 30100, n: 10 }]);
  });

  it("a box at the wrong baud sends garbage of another length and gets no answer", () => {
    const bms = new ScriptedBms(9600, 20, [frame(34)], JBD_REQ);
    const d = createDevice({ code: box(115200), deferBoot: true });
    d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(200);
    assert.strictEqual(bms.rxLog.length, 1);
    // 7 bytes at 115200 read at 9600: round(7 × 9600 / 115200) = 1 byte.
    assert.strictEqual(bms.rxLog[0].bytes.length, 1);
    assert.strictEqual(chunks(d).length, 0);
  });

  it("a reply at another baud than the box listens at arrives as garbage", () => {
    const bms = new ScriptedBms(19200, 20, [frame(34)]);
    const d = createDevice({ code: box(9600), deferBoot: true });
    const wire = d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(300);
    const got = ([] as number[]).concat(...chunks(d).map((c) => c.bytes));
    // 34 bytes at 19200 seen at 9600: 17 bytes, not the frame.
    assert.strictEqual(got.length, 17);
    assert.notDeepStrictEqual(got, Array.from(frame(34)).slice(0, 17));
    assert.strictEqual(wire.stats.bytesToBox, 17);
  });

  it("wrong pins in Serial.setup: nothing reaches the BMS and nothing comes back", () => {
    const bms = new ScriptedBms(9600, 20, [frame(34)]);
    const d = createDevice({ code: box(9600, "{rx: D5, tx: D4}"), deferBoot: true });
    d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(200);
    assert.strictEqual(bms.rxLog.length, 0);
    assert.strictEqual(chunks(d).length, 0);
  });

  describe("faults", () => {
    function run(faults: object, seed = 7): { d: Device; bms: ScriptedBms; wire: UartWire; bytes: number[] } {
      const bms = new ScriptedBms(9600, 20, [frame(64)]);
      const d = createDevice({ code: box(9600), deferBoot: true });
      const wire = d.attachUart(bms, { rx: 16, tx: 17 }, { faults, seed });
      d.boot();
      d.clock.runFor(300);
      return { d, bms, wire, bytes: ([] as number[]).concat(...chunks(d).map((c) => c.bytes)) };
    }

    it("noise: flipped bits match the bit-error count, bytes keep their count", () => {
      const r = run({ bitErrorRate: 0.02 });
      const sent = Array.from(frame(64));
      assert.strictEqual(r.bytes.length, 64);
      let flips = 0;
      for (let i = 0; i < 64; i++) for (let x = sent[i] ^ r.bytes[i]; x; x &= x - 1) flips++;
      assert.ok(flips > 0, "some bits flipped at BER 2 %");
      assert.strictEqual(flips, r.wire.stats.flippedBits);
    });

    it("the same seed gives the same noise", () => {
      assert.deepStrictEqual(run({ bitErrorRate: 0.05 }, 3).bytes, run({ bitErrorRate: 0.05 }, 3).bytes);
      assert.notDeepStrictEqual(run({ bitErrorRate: 0.05 }, 3).bytes, run({ bitErrorRate: 0.05 }, 4).bytes);
    });

    it("dropped bytes, truncation", () => {
      const dropped = run({ dropRate: 0.25 });
      assert.strictEqual(dropped.bytes.length, 64 - dropped.wire.stats.droppedBytes);
      assert.ok(dropped.wire.stats.droppedBytes > 5 && dropped.wire.stats.droppedBytes < 30);
      assert.deepStrictEqual(run({ truncateTo: 10 }).bytes, Array.from(frame(10)));
    });

    it("RS485 echo: the box first hears its own request", () => {
      const r = run({ echo: true });
      assert.deepStrictEqual(r.bytes.slice(0, 7), JBD_REQ);
      assert.deepStrictEqual(r.bytes.slice(7), Array.from(frame(64)));
    });

    it("silence cuts both ways; a sleeping BMS records the request but never answers", () => {
      const silent = run({ silent: true });
      assert.strictEqual(silent.bms.rxLog.length, 0);
      assert.strictEqual(silent.bytes.length, 0);
      const asleep = run({ sleeping: true });
      assert.strictEqual(asleep.bms.rxLog.length, 1);
      assert.strictEqual(asleep.bytes.length, 0);
    });

    it("a slow BMS answers later; a rebooting BMS neither hears nor answers until it is back", () => {
      const slow = run({ extraTurnaroundMs: 100 });
      // Reply starts at 7.29 + 20 + 100 = 127.29 ms; by the 130 ms poll two bytes have arrived.
      assert.deepStrictEqual({ t: chunks(slow.d)[0].t, n: chunks(slow.d)[0].n }, { t: 130, n: 2 });

      const bms = new ScriptedBms(9600, 20, [frame(8)]);
      const d = createDevice({ code: box(9600, "{rx: D16, tx: D17}", [600]), deferBoot: true });
      const wire = d.attachUart(bms, { rx: 16, tx: 17 });
      wire.rebootPeer(500);
      assert.strictEqual(bms.reboots, 1);
      d.boot();
      d.clock.runFor(1000);
      assert.strictEqual(bms.rxLog.length, 1, "only the request sent after the reboot is heard");
      assert.ok(bms.rxLog[0].tMs > 600);
      assert.strictEqual(chunks(d).reduce((a, c) => a + c.n, 0), 8);
    });
  });
});

describe("runtime: Serial API details", () => {
  /** A box that sets Serial2 up at `baud`, with no listener, and writes "ping"; the BMS answers `reply`; run for `ms`. */
  function pinged(baud: number, reply: Uint8Array, ms: number) {
    const bms = new ScriptedBms(baud, 5, [reply]);
    const d = createDevice({ code: `Serial2.setup(${baud}, { rx: D16, tx: D17 }); Serial2.write("ping");`, deferBoot: true });
    d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(ms);
    return { d, bms };
  }

  it("without a 'data' handler bytes wait for read()/available(); a handler added later gets them", () => {
    const { d, bms } = pinged(9600, frame(6, 0x41), 100);
    assert.strictEqual(d.eval("Serial2.available()"), 6);
    assert.strictEqual(d.eval("Serial2.read(2)"), "AB");
    d.eval(`var got = ""; Serial2.on("data", function (s) { got += s; });`);
    assert.strictEqual(d.eval("got"), "CDEF");
    assert.strictEqual(d.eval("Serial2.available()"), 0);
    assert.deepStrictEqual(Array.from(bms.rxLog[0].bytes), [0x70, 0x69, 0x6e, 0x67]);
  });

  it("without a handler the port keeps at most 512 bytes (Espruino's stream buffer): the first ones, the rest is lost and counted", () => {
    // Bytes a few at a time (9600 baud: ~5 a 5 ms poll), so that the buffer is an ordinary string that can grow.
    const { d } = pinged(9600, frame(600, 0), 1000);
    assert.strictEqual(d.eval("Serial2.available()"), 512);
    const got = d.eval("E.toUint8Array(Serial2.read(0))") as Uint8Array;
    assert.deepStrictEqual(Array.from(got), Array.from(frame(600, 0).subarray(0, 512)));
    assert.strictEqual(d.serial.Serial2.stats.rxOverflow, 88);
    assert.strictEqual(d.eval("Serial2.available()"), 0);
  });

  it("without a handler a first chunk of more than 19 bytes is a flat string: nothing more is kept until it is read (why the box has a listener)", () => {
    // 115200 baud: ~57 bytes a 5 ms poll.
    const { d } = pinged(115200, frame(200, 0), 200);
    const n = d.eval("Serial2.available()") as number;
    assert.ok(n > 19 && n < 100, "only the first chunk: " + n);
    assert.strictEqual(d.serial.Serial2.stats.rxOverflow, 200 - n);
  });

  it("writing before setup sets the UART up at 9600 on the port's default pins (Serial3: TX D17)", () => {
    const bms = new ScriptedBms(9600, 5, []);
    const d = createDevice({ code: `Serial3.write([1, 2, 3]);`, deferBoot: true });
    d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(50);
    assert.strictEqual(d.serial.Serial3.baud, 9600);
    assert.deepStrictEqual(Array.from(bms.rxLog[0].bytes), [1, 2, 3]);
  });

  it("print/println send text; a TX burst beyond the 1024-byte driver buffer is cut", () => {
    const bms = new ScriptedBms(115200, 5, []);
    const d = createDevice({ code: `Serial2.setup(115200, { rx: D16, tx: D17 }); Serial2.println("hi"); Serial2.write(new Uint8Array(2000));`, deferBoot: true });
    d.attachUart(bms, { rx: 16, tx: 17 });
    d.boot();
    d.clock.runFor(500);
    assert.deepStrictEqual(Array.from(bms.rxLog[0].bytes), [0x68, 0x69, 0x0d, 0x0a]);
    assert.strictEqual(bms.rxLog[1].bytes.length, 1020, "4 bytes still queued leave room for 1020");
    assert.strictEqual(d.serial.Serial2.stats.txDropped, 980);
  });
});
