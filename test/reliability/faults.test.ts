/**
 * Fault matrix (issue 7), short form: the built firmware file in the simulator (sim/rigs/rig.ts), judged
 * only from what a person or the BMS could observe — the OLED's pixels (OCR), the LED and buzzer pins, the
 * bytes on the wire, the box's boots — never from the firmware's own state.
 *
 *  - BMS silent → "NO DATA" on the glass within 5 polls;
 *  - every status reply split in two at every offset, with a pause between the parts → each one still taken
 *    (no request waits for its timeout) and a code in it still shown;
 *  - OLED absent (I2C writes throw) → LED and buzzer still right; the display comes back when it returns;
 *  - button contact bounce → one press; stuck button → no gestures, the box keeps working;
 *  - power cycle in the middle of an episode → the episode is in the history after the reboot;
 *  - a hung loop → the watchdog resets the box and it comes back.
 */
import * as assert from "assert";
import { Family } from "../../firmware/src/types";
import { profileOf } from "../../firmware/src/protocol/profiles";
import { builtFirmware } from "../../sim/firmware-file";
import { Rig } from "../../sim/rigs/rig";
import { SimSerial } from "../../sim/runtime";

const BOARD = "esp32-devkitc";
const FAMS: Family[] = ["jbd", "jk", "daly"];

function booted(family: Family, settleMs = 5000): Rig {
  const r = new Rig({ board: BOARD, family, bms: { pack: { socPct: 60 } } });
  r.boot();
  r.clock.runFor(settleMs);
  return r;
}

/** Runs until pred holds (checked every stepMs), up to maxMs; returns the time it held, or -1. */
function until(r: Rig, pred: () => boolean, maxMs: number, stepMs = 10): number {
  const end = r.clock.now() + maxMs;
  while (r.clock.now() < end) {
    if (pred()) return r.clock.now();
    r.clock.runFor(stepMs);
  }
  return pred() ? r.clock.now() : -1;
}

function headline(r: Rig): string {
  return r.screenText().split("\n")[0] || "";
}

/** The on-times of LED pulses that started in [a, b). */
function ledOnTimes(r: Rig, a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.led.length - 1; i++) {
    const e = r.led[i];
    if (e.on && e.tMs >= a && e.tMs < b && !r.led[i + 1].on) out.push(Math.round(r.led[i + 1].tMs - e.tMs));
  }
  return out;
}

describe("reliability: fault matrix (built firmware in the simulator)", function () {
  // A missing build fails here, before any case (never a skip: a skipped reliability run would pass in silence).
  before(() => {
    builtFirmware(BOARD);
  });

  for (const family of FAMS) {
    it(family + ": BMS silent → NO DATA on the glass within 5 polls", () => {
      const r = booted(family);
      assert.strictEqual(headline(r), "OK", r.screenText());
      let polls = 0;
      r.wire.on("lost", (e: { reason: string }) => { if (e.reason === "silent") polls++; });
      r.wire.setFaults({ silent: true });
      const t = until(r, () => headline(r) === "NO DATA", 20000);
      assert.ok(t >= 0, "never showed NO DATA: " + r.screenText());
      assert.ok(polls >= 1 && polls <= 5, polls + " polls went unanswered before NO DATA");
      // and it recovers when the line comes back
      r.wire.setFaults({ silent: false });
      assert.ok(until(r, () => headline(r) === "OK", 5000) >= 0, r.screenText());
    });
  }

  for (const family of FAMS) {
    it(family + ": status replies split at every offset with a pause between the parts are all taken", () => {
      const r = booted(family);
      const prof = profileOf(family);
      // Re-deliver each reply in two parts: the model's reply goes nowhere (the wire's "truncateTo 0"), and the
      // same bytes are handed to the box's UART ourselves, part 2 a pause later (below the inter-byte timeout).
      const port = r.device.serial.Serial2 as SimSerial;
      const pauseMs = Math.min(20, prof.interByteMs / 2);
      let offset = 1;
      let longest = 0;
      const original = r.bms.receive.bind(r.bms);
      r.bms.receive = (bytes: Uint8Array, nowMs: number) => {
        const replies = original(bytes, nowMs);
        let t = nowMs + r.bms.turnaroundMs;
        for (const f of replies) {
          longest = Math.max(longest, f.length);
          const k = 1 + (offset % (f.length - 1));
          offset++;
          const byteMs = 10000 / r.bms.baud;
          const a = Array.from(f.subarray(0, k));
          const b = Array.from(f.subarray(k));
          port.rxBytes(a, a.map((_, i) => t + (i + 1) * byteMs));
          t += k * byteMs + pauseMs;
          port.rxBytes(b, b.map((_, i) => t + (i + 1) * byteMs));
          t += b.length * byteMs;
        }
        return [];
      };
      const from = r.clock.now();
      const n0 = r.sent.length;
      r.clock.runFor(1000);
      r.bms.change(r.clock.now(), (p) => { p.loadA = 160; });
      // enough requests to cover every offset of the longest reply
      assert.ok(until(r, () => offset > longest + 2 && r.clock.now() - from > 3000, 120000, 100) >= 0, "offsets covered: " + offset);
      const times = r.sent.slice(n0).map((s) => s.tMs);
      let maxGap = 0;
      for (let i = 1; i < times.length; i++) maxGap = Math.max(maxGap, times[i] - times[i - 1]);
      assert.ok(maxGap < prof.timeoutMs, "a request waited " + Math.round(maxGap) + " ms: a split reply was not taken (timeout " + prof.timeoutMs + ")");
      assert.ok(r.codesShown().indexOf("OCD") >= 0, "the code carried by split replies is shown: " + r.screenText());
      assert.deepStrictEqual(r.device.errors, []);
    });
  }

  it("OLED absent: LED and buzzer still play the code; the display comes back when it returns", () => {
    const r = booted("jbd");
    r.oled.present = false;
    r.clock.runFor(500);
    const t0 = r.clock.now();
    r.bms.change(t0, (p) => { p.loadA = 10; p.shortA = 1000; });
    r.clock.runFor(3000);
    // SC is a safety code: LED 100 ms on / 100 ms off, buzzer 300 on / 200 off (firmware/codes/patterns.ts).
    const on = ledOnTimes(r, t0, t0 + 3000);
    assert.ok(on.length >= 5 && on.every((x) => x === 100), "LED pulses: " + on.join(","));
    const buzzOn = r.buzzer.filter((e) => e.on && e.tMs >= t0).length;
    assert.ok(buzzOn >= 4, "buzzer bursts: " + buzzOn);
    assert.deepStrictEqual(r.device.errors, []);
    r.oled.present = true;
    assert.ok(until(r, () => r.codesShown().indexOf("SC") >= 0, 10000) >= 0, "display came back: " + r.screenText());
  });

  it("button bounce: a bounced press counts once (silence, not a double press)", () => {
    const r = booted("jbd");
    r.bms.change(r.clock.now(), (p) => { p.loadA = 10; p.shortA = 1000; });
    assert.ok(until(r, () => r.codesShown().indexOf("SC") >= 0, 3000) >= 0);
    r.clock.runFor(1000);
    const pin = r.pins.button.pin;
    r.device.press(pin, { atMs: r.clock.now() + 10, holdMs: 120, bounceMs: 8, bounces: 4, pressedLevel: 0 });
    r.clock.runFor(1500);
    const t = r.clock.now();
    r.clock.runFor(3000);
    assert.strictEqual(r.buzzer.filter((e) => e.on && e.tMs >= t).length, 0, "buzzer silenced by the press");
    assert.notStrictEqual(headline(r), "HISTORY", "a bounce was taken for a double press");
    assert.ok(r.codesShown().indexOf("SC") >= 0, r.screenText());
    const gestures = r.device.log.filter((l) => l.text.indexOf("button ") >= 0 && l.tMs >= t - 1500).map((l) => l.text);
    assert.strictEqual(gestures.length, 1, gestures.join(" | "));
  });

  it("stuck button: no gestures while held, codes still shown and played", () => {
    const r = booted("jbd");
    r.device.drive(r.pins.button.pin, 0);
    r.clock.runFor(60000);
    const t0 = r.clock.now();
    r.bms.change(t0, (p) => { p.loadA = 160; });
    assert.ok(until(r, () => r.codesShown().indexOf("OCD") >= 0, 5000) >= 0, r.screenText());
    r.clock.runFor(3000);
    const on = ledOnTimes(r, t0, t0 + 4000);
    assert.ok(on.length >= 2 && on.every((x) => x === 500), "act-now LED 500/500: " + on.join(","));
    const gestures = r.device.log.filter((l) => /button (short|long|double)/.test(l.text));
    assert.strictEqual(gestures.length, 0, gestures.map((l) => l.text).join(" | "));
  });

  it("power cycle in the middle of an episode: the episode is in the history after the reboot", () => {
    const r = booted("jbd");
    r.bms.change(r.clock.now(), (p) => { p.loadA = 160; });
    assert.ok(until(r, () => r.codesShown().indexOf("OCD") >= 0, 5000) >= 0);
    r.clock.runFor(20000);
    const boots = r.device.boots;
    r.device.powerCycle();
    assert.strictEqual(r.device.boots, boots + 1);
    r.bms.change(r.clock.now(), (p) => { p.loadA = 0; });
    r.clock.runFor(8000);
    r.device.eval("box.history()");
    const hist = r.device.log.filter((l) => l.tMs >= r.clock.now() - 1).map((l) => l.text).join("\n");
    assert.ok(/OCD/.test(hist), "history after the power cycle:\n" + hist);
    // and on the glass: a double press opens the history browser, which names the episode
    const pin = r.pins.button.pin;
    r.device.press(pin, { atMs: r.clock.now() + 10, holdMs: 120, pressedLevel: 0 });
    r.device.press(pin, { atMs: r.clock.now() + 280, holdMs: 120, pressedLevel: 0 });
    assert.ok(until(r, () => headline(r) === "HISTORY", 2000) >= 0, r.screenText());
    assert.ok(r.screenText().indexOf("OCD") >= 0, r.screenText());
  });

  it("a hung loop: the watchdog resets the box and it comes back to all-clear", () => {
    const r = new Rig({ board: BOARD, family: "jk", bms: { pack: { socPct: 60 } }, busyLimitMs: 200 });
    r.boot();
    r.clock.runFor(5000);
    assert.strictEqual(r.device.boots, 1);
    // A callback that never returns (a busy loop): the runtime stops it after busyLimitMs of host time.
    r.device.eval("setTimeout(function () { for (;;) {} }, 10)");
    r.clock.runFor(100);
    const t = until(r, () => r.device.boots === 2, 15000, 100);
    assert.ok(t >= 0, "no reset; hung=" + r.device.hung);
    assert.strictEqual(r.device.lastResetReason, "watchdog");
    assert.ok(until(r, () => headline(r) === "OK", 15000, 100) >= 0, r.screenText());
  });
});
