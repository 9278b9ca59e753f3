/**
 * The built firmware file of each board, run headless in the simulator against each simulated BMS family:
 * boot screen, all-clear, each of the eight codes, silence, clear, refusal, SC latch and confirmed clear,
 * no data, history. Screens are read from the SSD1306 model's pixels (the real I2C byte stream); LED and
 * buzzer from the pins' timelines. Virtual time only.
 */
import * as assert from "assert";
import { BOARDS } from "../../tools/build";
import { Family, CI_OCD } from "../../firmware/src/types";
import { codeInfo } from "../../firmware/codes/codes";
import { makeBench, has, headline, lines, INDUCE, PACK_FOR, BOARD_PINS, Bench } from "../../sim/rigs/box-bench";
import { PATTERN_CLEAR, PATTERN_ACT, PATTERN_NODATA } from "../../firmware/codes/patterns";

/** On/off durations of a pin from its timeline between t0 and t1, starting at its first rising edge. */
function durations(b: Bench, pin: number, t0: number, t1: number, pwm: boolean): number[] {
  const ev = b.dev.pinTimeline(pin).filter((e) => e.tMs >= t0 && e.tMs < t1 && (pwm ? e.type === "pwm" : e.type === "digital"));
  const out: number[] = [];
  let start = -1;
  let level = 0;
  for (const e of ev) {
    const v = typeof e.value === "number" && e.value > 0 ? 1 : 0;
    if (v === level) continue;
    // Timers run in fractional ms: an exact edge may differ from the pattern by floating-point dust only.
    if (start >= 0) out.push(Math.round((e.tMs - start) * 1000) / 1000);
    if (start < 0 && v !== 1) continue;
    start = e.tMs;
    level = v;
  }
  return out;
}

const FAMILIES: Family[] = ["jbd", "jk", "daly"];
const FAMILY_NAME: { [f: string]: string } = { jbd: "JBD", jk: "JK", daly: "Daly" };
const CODES = ["OVP", "UVP", "OCC", "OCD", "OTP", "UTP", "SC", "NTC"];

/** Boots a bench and waits for the all-clear screen. */
function booted(board: string, family: Family): Bench {
  const b = makeBench(board, family, PACK_FOR);
  const waited = b.until((s) => headline(s) === "OK", 15000);
  assert.ok(waited >= 0, "all-clear within 15 s; screen:\n" + b.screen());
  return b;
}

/** Waits until one of the screen's lines is exactly `code` (the big headline of a code screen). */
function showsCode(b: Bench, code: string, maxMs: number): number {
  return b.until((s) => lines(s).indexOf(code) >= 0, maxMs);
}

for (const board of BOARDS) {
  describe("device system: " + board, function () {
    this.timeout(120000);

    for (const family of FAMILIES) {
      it(family + ": boot screen (board, BMS family, version), then the all-clear status", () => {
        const b = makeBench(board, family, PACK_FOR);
        b.run(1000);
        const boot = b.screen();
        assert.strictEqual(headline(boot), "bmsbox", boot);
        assert.ok(has(boot, BOARD_PINS[board].name), boot);
        assert.ok(has(boot, "v0.1.0"), boot);
        assert.ok(has(boot, "BMS: " + FAMILY_NAME[family]), "family found during boot:\n" + boot);
        assert.ok(b.ledOn(), "LED steady on while booting");
        const vext = BOARD_PINS[board].vext;
        if (vext !== null) {
          const ev = b.dev.pinTimeline(vext).filter((e) => e.type === "digital");
          assert.ok(ev.length && ev[0].value === 0 && ev[0].tMs === 0, "display supply (Vext) switched on at start");
        }
        assert.ok(b.until((s) => headline(s) === "OK", 15000) >= 0, b.screen());
        const ok = b.screen();
        assert.ok(has(ok, FAMILY_NAME[family]), ok);
        assert.ok(has(ok, "13.") && has(ok, "V"), "pack voltage of a 4-cell LFP pack: " + ok);
        assert.ok(has(ok, "60%") || has(ok, "59%") || has(ok, "61%"), "SOC: " + ok);
        assert.ok(has(ok, "lo 3.") && has(ok, "hi 3."), "min/max cell: " + ok);
        // Daly reports temperatures in their own answer (0x96), polled in turn: allow a few cycles.
        assert.ok(b.until((x) => has(x, "22C"), 10000) >= 0, "temperature: " + b.screen());
        assert.ok(has(ok, "0s ago") || has(ok, "1s ago"), "link age: " + ok);
        assert.ok(!b.buzzing(), "silent when all clear");
      });

      it(family + ": each of the eight codes appears on screen from the BMS's own flags", () => {
        const seen: string[] = [];
        for (const code of CODES) {
          const b = booted(board, family);
          b.change(INDUCE[code].set);
          const expect = family === "jk" && code === "SC" ? "OCD" : code;
          const t = showsCode(b, expect, code === "OTP" || code === "UTP" ? 240000 : 10000);
          assert.ok(t >= 0, family + " " + code + " not shown; screen:\n" + b.screen());
          assert.ok(b.log().some((l) => l.indexOf("code " + expect + " active") >= 0), "console line for " + expect);
          seen.push(expect);
        }
        // JK's protection word has no short-circuit bit (bms-protocols.md §0): its trip reads as OCD.
        assert.deepStrictEqual(seen, family === "jk" ? CODES.map((c) => (c === "SC" ? "OCD" : c)) : CODES);
      });
    }

    it("jbd: a code screen says what it means, what to do, the side, the cell; it clears itself", () => {
      const b = booted(board, "jbd");
      b.change(INDUCE.OVP.set);
      assert.ok(showsCode(b, "OVP", 10000) >= 0);
      const s = b.screen();
      // Meaning and action word-wrap over two lines each; has() reads a line break as a space.
      for (const t of ["Cell voltage above its maximum", "Stop charging; let balancer work", "Charging blocked", "ACT NOW", "press: mute"]) {
        assert.ok(has(s, t), t + " in:\n" + s);
      }
      // The offending cell and its voltage (which cell: the engine's choice; see the device report).
      assert.ok(/\n\d\.\d{3}V cell \d\n/.test(s.replace(/O/g, "0")), s);
      assert.ok(b.ledOn() || b.ledOn(b.now() - 500), "LED blinking");
      b.change(INDUCE.OVP.undo);
      const t = b.until((x) => headline(x) === "OK", 60000);
      assert.ok(t >= 0, "cleared by itself: " + b.screen());
      assert.ok(b.log().some((l) => l.indexOf("code OVP cleared") >= 0));
    });

    it("jbd: several codes rotate with their index, most severe first", () => {
      const b = booted(board, "jbd");
      b.change((p) => { INDUCE.OCD.set(p); INDUCE.NTC.set(p); });
      assert.ok(b.until((s) => has(s, "1/2"), 10000) >= 0, b.screen());
      const shown = new Set<string>();
      for (let i = 0; i < 8; i++) { shown.add(headline(b.screen())); b.run(1000); }
      assert.ok(shown.has("OCD") && shown.has("NTC"), [...shown].join(","));
    });

    it("jbd: SC is an inverted safety screen, latched after the BMS releases it; silence stops the buzzer only", () => {
      const b = booted(board, "jbd");
      b.change(INDUCE.SC.set);
      assert.ok(showsCode(b, "SC", 5000) >= 0, b.screen());
      b.change(INDUCE.SC.undo);
      b.run(1500);
      assert.ok(b.oled.pixel(127, 63) === 1 && b.oled.pixel(0, 0) === 1, "inverted: lit background");
      assert.ok(has(b.screen(), "SAFETY"));
      let buzzed = false;
      for (let i = 0; i < 10; i++) { b.run(50); buzzed = buzzed || b.buzzing(); }
      assert.ok(buzzed, "safety buzzer repeats");
      // The BMS released SC (load removed); the box keeps it until acknowledged.
      b.run(30000);
      assert.strictEqual(headline(b.screen()), "SC", "still latched 30 s later:\n" + b.screen());
      assert.ok(has(b.screen(), "latched: hold to ack"), b.screen());
      // Short press: silence. The buzzer stops, the LED keeps flashing, the screen stays.
      b.press(150);
      b.run(1500);
      let buzz = 0;
      let led = 0;
      for (let i = 0; i < 40; i++) { b.run(25); buzz += b.buzzing() ? 1 : 0; led += b.ledOn() ? 1 : 0; }
      assert.strictEqual(buzz, 0, "silenced");
      assert.ok(led > 0 && led < 40, "LED still flashing: " + led);
      assert.strictEqual(headline(b.screen()), "SC");
      // Long press: asks for confirmation (inverted), a second long press clears.
      b.press(2000);
      assert.ok(b.until((s) => has(s, "CLEAR SC?"), 3000) >= 0, b.screen());
      b.press(2000);
      assert.ok(b.until((s) => has(s, "CLEARED"), 4000) >= 0, b.screen());
      assert.ok(b.until((s) => headline(s) === "OK", 15000) >= 0, b.screen());
    });

    it("jbd: a latched SC stays on screen when the BMS goes silent, marked NO DATA", () => {
      const b = booted(board, "jbd");
      b.change(INDUCE.SC.set);
      assert.ok(showsCode(b, "SC", 5000) >= 0);
      b.change(INDUCE.SC.undo);
      b.bms.powered = false;
      b.run(20000);
      const s = b.screen();
      assert.strictEqual(headline(s), "SC", s);
      assert.ok(has(s, "NO DATA") && has(s, "latched: hold to ack"), s);
    });

    it("jbd: clearing while the cause is present is refused, with the reason", () => {
      const b = booted(board, "jbd");
      b.change(INDUCE.OCD.set);
      assert.ok(showsCode(b, "OCD", 5000) >= 0);
      b.press(2000);
      assert.ok(b.until((s) => has(s, "NO CLEAR"), 3000) >= 0, b.screen());
      assert.ok(has(b.screen(), "OCD"), b.screen());
      b.run(8000);
      assert.strictEqual(headline(b.screen()), "OCD", "back to the code after the message");
    });

    it("jbd: clearing a code that keeps coming back is answered with its diagnosis", () => {
      const b = booted(board, "jbd");
      for (let i = 0; i < 3; i++) {
        b.change(INDUCE.OCD.set);
        assert.ok(showsCode(b, "OCD", 10000) >= 0);
        b.run(3000);
        b.change(INDUCE.OCD.undo);
        assert.ok(b.until((s) => headline(s) === "OK", 80000) >= 0, b.screen());
        b.run(5000);
      }
      b.change(INDUCE.OCD.set);
      assert.ok(showsCode(b, "OCD", 10000) >= 0);
      b.run(2000);
      assert.ok(/recurring x\d/.test(b.screen()), "marked recurring on the code screen: " + b.screen());
      b.press(2000);
      assert.ok(b.until((s) => has(s, "OCD again"), 3000) >= 0, b.screen());
      const s = b.screen();
      assert.ok(has(s, "Stop clearing: diagnose the cause"), s);
      assert.ok(has(s, "heavy loads"), "evidence: " + s);
    });

    it("jbd: no data when the BMS goes silent, with age and reason; back to all-clear when it returns", () => {
      const b = booted(board, "jbd");
      b.bms.powered = false;
      assert.ok(b.until((s) => headline(s) === "NO DATA", 10000) >= 0, b.screen());
      b.run(20000);
      const s = b.screen();
      assert.ok(has(s, "BMS stopped answering"), s);
      assert.ok(/last 2\ds ago/.test(s.replace(/O/g, "0")), s);
      assert.ok(!b.buzzing(), "no data is silent");
      assert.ok(b.log().some((l) => l.indexOf("no data (silent)") >= 0));
      b.bms.powered = true;
      assert.ok(b.until((x) => headline(x) === "OK", 15000) >= 0, b.screen());
    });

    it("jbd: a double press opens the history, newest first; a press steps, a long press closes", () => {
      const b = booted(board, "jbd");
      b.change(INDUCE.OCD.set);
      assert.ok(showsCode(b, "OCD", 5000) >= 0);
      b.change(INDUCE.OCD.undo);
      assert.ok(b.until((s) => headline(s) === "OK", 80000) >= 0, b.screen());
      b.change(INDUCE.OCC.set);
      assert.ok(showsCode(b, "OCC", 5000) >= 0);
      b.change(INDUCE.OCC.undo);
      assert.ok(b.until((s) => headline(s) === "OK", 80000) >= 0, b.screen());
      b.press(100);
      b.run(200);
      b.press(100);
      assert.ok(b.until((s) => headline(s) === "HISTORY", 2000) >= 0, b.screen());
      assert.ok(has(b.screen(), "OCC"), "newest first: " + b.screen());
      assert.ok(has(b.screen(), "press:next"), b.screen());
      const first = b.screen();
      const total = Number((/\d+\/(\d+)/.exec(first.replace(/O/g, "0")) || [])[1]);
      assert.ok(total >= 2, first);
      b.press(100);
      b.run(1000);
      assert.ok(has(b.screen(), "2/" + total) && has(b.screen(), "OCD"), "a short press shows the next (older) entry: " + b.screen());
      b.press(2000);
      assert.ok(b.until((s) => headline(s) === "OK", 3000) >= 0, "a long press closes the history: " + b.screen());
    });
    it("LED and buzzer play the engine's patterns exactly; an unchanged screen is never pushed again", () => {
      const b = booted(board, "jbd");
      const pins = BOARD_PINS[board];
      b.run(10000);
      const f0 = b.oled.frames;
      const t0 = b.now();
      b.run(30000);
      assert.strictEqual(b.oled.frames - f0, 0, "30 s of an unchanged all-clear screen: no I2C frame");
      const clear = durations(b, pins.led, t0, b.now(), false);
      assert.deepStrictEqual(clear.slice(0, 4), PATTERN_CLEAR.led.concat(PATTERN_CLEAR.led), "heartbeat");
      const t1 = b.now();
      b.change(INDUCE.OCD.set);
      b.run(5000);
      const beeps = durations(b, pins.buzzer, t1, b.now(), true);
      assert.deepStrictEqual(beeps, PATTERN_ACT.buzz.slice(0, PATTERN_ACT.buzz.length - 1), "three short beeps, then quiet");
      assert.ok(!b.buzzing());
      b.change(INDUCE.OCD.undo);
      b.bms.powered = false;
      b.run(15000);
      const t2 = b.now();
      b.run(10000);
      const nd = durations(b, pins.led, t2, b.now(), false);
      assert.deepStrictEqual(nd.slice(0, 4), PATTERN_NODATA.led, "no-data double blip");
      assert.strictEqual(durations(b, pins.buzzer, t2, b.now(), true).length, 0, "no data is silent");
    });

    it("a new code's LED, buzzer and first look come with its decode, before the render builds its full screen", () => {
      const b = booted(board, "jbd");
      const from = b.log().length;
      b.change(INDUCE.OCD.set);
      // Stepped by the ms: the full screen follows the first look within a few ms in the simulator.
      assert.ok(b.until((x) => lines(x).indexOf("OCD") >= 0, 10000, 1) >= 0);
      const first = b.now();
      // The first look, from the code table alone (firmware/main.ts firstLook): the code, what it means and the first
      // action; the value at the trip comes with the full screen, which the render draws after it.
      const look = b.screen();
      const info = codeInfo(CI_OCD);
      assert.ok(has(look, info.meaning.split(" ")[0]) && has(look, info.action.split(" ")[0]), look);
      assert.ok(!has(look, "at trip"), look);
      assert.ok(b.until((x) => has(x, "at trip"), 3000, 1) > 0, "the full screen after the first look:\n" + b.screen());
      // The firmware's console lines carry its own ms: "[t] code OCD active" and "[t] indicator act+" from the callback
      // that decoded the status (test/device/slow-interpreter.test.ts tells that callback from the engine's).
      const at = (what: string) => {
        const l = b.log().slice(from).find((x) => x.indexOf(what) >= 0);
        assert.ok(l, what + " in:\n" + b.log().slice(from).join("\n"));
        return Number(/^\[(\d+)\]/.exec(l as string)![1]);
      };
      assert.ok(at("indicator act+") <= first && at("code OCD active") <= first, b.log().slice(from).join("\n"));
    });

    it("at rest the all-clear screen is not made again, yet a changed value reaches it within about a second", () => {
      const b = booted(board, "jbd");
      b.run(10000);
      const f0 = b.oled.frames;
      b.run(10000);
      assert.strictEqual(b.oled.frames, f0, "a steady pack: no frame");
      assert.ok(lines(b.screen()).indexOf("0.0A") >= 0, b.screen());
      const t = b.now();
      b.change((p) => { p.loadA = 5; });
      const at = b.until((s) => lines(s).indexOf("-5.0A") >= 0, 5000);
      assert.ok(at >= 0 && at - t <= 1500, "the load on screen after " + (at - t) + " ms:\n" + b.screen());
      b.change((p) => { p.loadA = 0; });
      assert.ok(b.until((s) => lines(s).indexOf("0.0A") >= 0, 5000) >= 0, b.screen());
      // A status that stops coming: the screen goes on to say so (the still screen never outlives its status).
      b.bms.powered = false;
      assert.ok(b.until((s) => /NO DATA/.test(s), 20000) >= 0, b.screen());
    });

    it("watchdog: when the poll loop stops, the box resets and comes back to all-clear", () => {
      const b = booted(board, "jbd");
      assert.strictEqual(b.dev.boots, 1);
      // clearTimeout() with no argument clears every timer (espruino.md §6): the loop is dead, no more kicks.
      b.dev.eval("clearTimeout()");
      b.run(7000);
      assert.strictEqual(b.dev.boots, 1, "not before the 8 s watchdog time");
      b.run(2000);
      assert.strictEqual(b.dev.boots, 2);
      assert.strictEqual(b.dev.lastResetReason, "watchdog");
      assert.ok(b.until((s) => headline(s) === "OK", 15000) >= 0, b.screen());
    });

    it("flashing a running box: 'kill' (fired by reset()) hands the watchdog to the idle loop, so no reboot mid-upload", () => {
      const b = booted(board, "jbd");
      // What reset() does before the CLI sends the new code: E's 'kill' event, then every timer is gone.
      b.dev.eval("E.emit('kill'); clearTimeout()");
      b.run(30000);
      assert.strictEqual(b.dev.boots, 1, "the idle loop keeps kicking: no watchdog reset during the upload");
    });

    it("started twice (init after a save() of a running box), it still runs one loop", () => {
      const b = booted(board, "jbd");
      b.run(5000);
      const timers = b.dev.timerCount();
      b.dev.eval("E.emit('init')");
      b.run(5000);
      assert.ok(b.dev.timerCount() <= timers + 1, "timers " + timers + " -> " + b.dev.timerCount());
      assert.ok(b.until((s) => headline(s) === "OK", 10000) >= 0, b.screen());
      b.press(100);
      b.run(1000);
      assert.strictEqual(b.log().filter((l) => l.indexOf("button short") >= 0).length, 1, "one watch, one gesture");
    });

    it("a missing display does not stop the box: LED, buzzer and console go on; the display is picked up later", () => {
      const b = makeBench(board, "jbd", PACK_FOR, { noOled: true });
      b.run(6000);
      b.change(INDUCE.SC.set);
      b.run(2000);
      assert.ok(b.log().some((l) => l.indexOf("code SC active") >= 0), b.log().join("\n"));
      let buzzed = false;
      for (let i = 0; i < 10; i++) { b.run(50); buzzed = buzzed || b.buzzing(); }
      assert.ok(buzzed, "safety buzzer without a display");
      b.attachOled();
      assert.ok(b.until((s) => headline(s) === "SC", 12000) >= 0, "display retried within 10 s: " + b.screen());
    });

    it("a stuck button is ignored until released; then presses work again", () => {
      const b = booted(board, "jbd");
      b.change(INDUCE.OCD.set);
      assert.ok(showsCode(b, "OCD", 5000) >= 0);
      b.press(15000);
      b.run(16000);
      assert.ok(!b.log().some((l) => l.indexOf("button") >= 0), "no gesture from a 15 s hold: " + b.log().join("\n"));
      b.dev.eval("box.mem()");
      assert.ok(b.log().some((l) => l.indexOf("button stuck 1") >= 0), b.log().slice(-2).join("\n"));
      b.press(100);
      b.run(1000);
      assert.ok(b.log().some((l) => l.indexOf("button short") >= 0));
    });

    it("the readable build runs the same: boot, all-clear, a code", () => {
      const b = makeBench(board, "daly", PACK_FOR, { readable: true });
      b.run(1000);
      assert.strictEqual(headline(b.screen()), "bmsbox");
      assert.ok(b.until((s) => headline(s) === "OK", 15000) >= 0, b.screen());
      b.change(INDUCE.OCC.set);
      assert.ok(showsCode(b, "OCC", 10000) >= 0, b.screen());
      b.dev.eval("box.mem()");
      const mem = b.log().filter((l) => l.indexOf("mem: ") >= 0).pop() || "";
      const used = Number((/mem: (\d+)\//.exec(mem) || [])[1]);
      assert.ok(used > 100 && used < 16383, "process.memory() reported: " + mem);
    });
  });
}
