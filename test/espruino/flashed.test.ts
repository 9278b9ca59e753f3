/**
 * The flashed firmware on the real Espruino interpreter with the ESP32's variable store (`make espruino`), in
 * real time, stored as `.bootcde` by the very upload `make flash` sends, against the simulator's BMS models on a
 * pseudo-terminal. Per family, through autodetect: boot screen, polling, a short circuit (SC on JBD and Daly; JK's
 * UART protocol has no short-circuit bit, so OCD) on OLED + LED + buzzer + console, silence and clear through the
 * button with the port's polarity, the watchdog kick, no exception, nothing off the allowlist, and
 * process.memory() after boot and after the polls of the run. Then a power cycle boots from flash alone.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Family } from "../../firmware/src/types";
import { boardEntry, DEFAULT_BOARD } from "../../boards";
import { RealBox, RealMemory, offAllowlist, shortCircuitCode } from "../../sim/espruino/real-box";
import { ESP32_PORT } from "../../sim/runtime/esp32-port";
import { measureMemory } from "../../tools/bench/memory";
import { BOOT_JSVARS } from "../../sim/runtime/memory";
import { ensureInterpreter, ensureUpload, sleep, report, medianToggleMs, toggles } from "./support";

const BOARD = DEFAULT_BOARD;
const ROOT = path.resolve(__dirname, "..", "..");

function pinNum(name: string): number {
  return Number(name.slice(1));
}

describe("real interpreter: the flashed firmware on Espruino with the ESP32's variable store", function () {
  this.timeout(240000);
  let shims: RealMemory;

  before(async function () {
    ensureInterpreter();
    ensureUpload(BOARD);
    shims = await RealBox.shimsOnly();
    report("shims", shims);
  });

  it("the interpreter has the ESP32's store: 16,383 JsVars of 14 bytes", function () {
    assert.strictEqual(shims.total, 16383);
    assert.strictEqual(shims.blocksize, 14);
  });

  it("make flash-file's upload stores .bootcde in chunks, ends with load() and never calls save()", function () {
    const up = fs.readFileSync(path.join(ROOT, "build", BOARD, "upload.js"), "latin1");
    const fw = fs.readFileSync(path.join(ROOT, "build", BOARD, "firmware.js"), "latin1");
    const lines = up.trim().split("\n");
    assert.ok(up.indexOf("save()") < 0, "the upload calls save() (refused while .bootcde exists, and a RAM image beside it)");
    assert.strictEqual(lines[lines.length - 1], "load();");
    const writes = lines.filter((l) => l.startsWith('require("Storage").write(".bootcde",'));
    assert.strictEqual(writes.length, Math.ceil(fw.length / 1024));
    assert.ok(writes[0].endsWith(",0," + fw.length + ");"), "the first chunk declares the file's size");
  });

  for (const family of ["jbd", "jk", "daly"] as Family[]) {
    describe(family.toUpperCase() + " through autodetect (" + BOARD + ")", function () {
      const entry = boardEntry(BOARD);
      const led = pinNum(entry.board.led.pin);
      const buzzer = pinNum(entry.board.buzzer.pin);
      const code = shortCircuitCode(family);
      let box: RealBox;
      let boot: RealMemory;
      let codeAt = 0;

      before(async function () {
        box = await RealBox.flash({ board: BOARD, family });
      });
      after(async function () {
        if (box) await box.stop();
      });

      it("boots from .bootcde (no OUT OF MEMORY) and shows the boot screen", async function () {
        await box.waitLine(/bmsbox .* on /, 60000);
        const seen = await box.waitFor("the boot screen", () => box.screen().indexOf(entry.board.name) >= 0 && box.screen(), 10000);
        assert.ok(/^bmsbox/.test(seen), seen);
        assert.deepStrictEqual(box.errors(), []);
      });

      it("finds the " + family.toUpperCase() + " BMS by autodetect and polls it", async function () {
        const found = await box.waitLine(/BMS .* found/, 30000);
        assert.ok(found.toUpperCase().indexOf(family.toUpperCase()) >= 0, found);
        await box.waitLine(/data ok/, 10000);
        await box.waitFor("the all-clear screen", () => /^OK/.test(box.screen()), 20000);
        const n0 = box.answered();
        await sleep(3000);
        assert.ok(box.answered() > n0 + 3, "the BMS answered " + (box.answered() - n0) + " requests in 3 s");
        boot = await box.memory();
      });

      it("a short circuit shows " + code + " on the OLED, the LED and buzzer by severity, and the console", async function () {
        const from = box.lines.length;
        box.bms.change(box.now(), (p) => { p.loadA = 10; });
        await sleep(500);
        box.bms.change(box.now(), (p) => { p.shortA = 2000; });
        const active = await box.waitLine(new RegExp("code " + code + " active"), 15000, from);
        await box.waitFor(code + " on the OLED", () => box.screen().split("\n")[0] === code, 5000);
        // The console line's own time stamp is the box's time of the rise.
        codeAt = Number(active.slice(1, active.indexOf("]")));
        await sleep(3500);
        // Safety (SC): 100 ms on / 100 ms off, 10 edges a second; act now (OCD): 500 / 500, 2 a second
        // (firmware/codes/patterns.ts). Edges come late while a long callback runs (docs/benchmarks.md), so the
        // check is the class the rate shows, and the median gap is reported.
        const edges = toggles(box.pins, led, codeAt + 500, codeAt + 3500);
        const rate = edges / 3;
        if (code === "SC") assert.ok(rate >= 5, "safety flash: " + rate.toFixed(1) + " edges/s");
        else assert.ok(rate >= 1 && rate <= 3, "act-now blink: " + rate.toFixed(1) + " edges/s");
        report("led." + family, { code, edgesPerS: rate, medianGapMs: medianToggleMs(box.pins, led, codeAt + 500, codeAt + 3500) });
        const tones = box.pins.filter((e) => e.pin === buzzer && e.kind === "pwm" && e.tMs >= codeAt - 500);
        assert.ok(tones.length > 0, "the buzzer sounded");
        for (const t of tones) assert.strictEqual(t.freqHz, entry.board.buzzer.freqHz);
        assert.ok(ESP32_PORT.dac.indexOf(buzzer) < 0, "the buzzer is on a LEDC pin");
        assert.strictEqual(box.pins.filter((e) => e.pin === buzzer && e.kind === "dac").length, 0);
      });

      it("a short press silences it: the code stays, marked muted", async function () {
        const from = box.lines.length;
        await box.press(200);
        await box.waitLine(/button short/, 10000, from);
        await box.waitFor("muted", () => /muted/.test(box.screen()), 5000);
        assert.strictEqual(box.screen().split("\n")[0], code);
      });

      it("a long press while the BMS still reports it is refused", async function () {
        const from = box.lines.length;
        await box.press(2000);
        await box.waitLine(/button long/, 10000, from);
        await box.waitFor("the refusal", () => /NO CLEAR/.test(box.screen()), 5000);
        await box.press(200);
      });

      it("once the cause is gone, " + (code === "SC" ? "a confirmed long press clears the latched SC" : "OCD clears itself"), async function () {
        await box.clearShortCircuit(code);
      });

      it("on the all-clear screen a short press opens the cell screen; a press goes back", async function () {
        const from = box.lines.length;
        await box.press(200);
        await box.waitLine(/button short/, 10000, from);
        await box.waitFor("the cell screen", () => /^CELLS \d/.test(box.screen()), 5000);
        await box.press(200);
        await box.waitFor("the all-clear screen", () => /^OK/.test(box.screen()), 5000);
      });

      // The console is typed by people, so its names must survive the build's name shortening (tools/shrink.ts),
      // and its helpers are nested functions, defined only while it runs (firmware/src/engine/console.ts).
      it("the console commands answer: box.status(), codes(), history(), counts(), settings(), mem()", async function () {
        const ask = async (cmd: string, re: RegExp): Promise<void> => {
          const from = box.lines.length;
          box.type(cmd);
          await box.waitLine(re, 20000, from);
        };
        await ask("box.status()", new RegExp("^bmsbox: clear \\| BMS " + family.toUpperCase() + " link ok"));
        await ask("box.codes()", /^No active codes\./);
        await ask("box.history()", new RegExp("ago: " + code + " for "));
        await ask("box.counts()", /^Episodes per code/);
        await ask("box.settings()", /^bms=/);
        await ask("box.mem()", /^mem: \d+\/\d+ vars used/);
      });

      it("kicked the watchdog, threw nothing and sent only allowlisted requests", async function () {
        const m = await box.memory();
        assert.strictEqual(m.wd, 8);
        assert.ok(m.kicks > 20, m.kicks + " kicks");
        assert.ok(m.kmax < 8000, "longest gap between kicks " + m.kmax + " ms");
        assert.deepStrictEqual(box.errors(), []);
        assert.deepStrictEqual(offAllowlist(box.sentToBms), [], "bytes off the allowlist");
        assert.strictEqual(box.bms.forbiddenWrites.length, 0);
      });

      it("memory: process.memory() after boot and after the run's polls, less the shims", async function () {
        const end = await box.memory();
        const polls = box.answered();
        const fig = { afterBoot: boot.usage - shims.usage, afterRun: end.usage - shims.usage, polls, total: end.total };
        report("memory." + family, fig);
        console.log("      " + family.toUpperCase() + ": firmware " + fig.afterBoot + " JsVars after boot, " + fig.afterRun + " after " + polls + " polls (of " + end.total + "; shims " + shims.usage + ")");
        assert.ok(end.free > 0);
        // The simulator's estimate of the same firmware after boot (sim/runtime/memory.ts) is calibrated on this.
        const sim = measureMemory(BOARD, family, true, [0]).points[0].jsVars - BOOT_JSVARS;
        const off = (sim - fig.afterBoot) / fig.afterBoot;
        report("calibration." + family, { sim, real: fig.afterBoot, off });
        assert.ok(Math.abs(off) <= 0.1, "simulator estimate " + sim + " vs " + fig.afterBoot + " on the interpreter: " + Math.round(off * 100) + " %");
        // The run raised and cleared a code and drew every screen of it: growth stays small (history ring, counters).
        assert.ok(fig.afterRun - fig.afterBoot < 300, "grew by " + (fig.afterRun - fig.afterBoot) + " JsVars");
      });
    });
  }

  describe("a power cycle", function () {
    it("boots again from flash alone, finds the BMS and keeps the history of the episode before it", async function () {
      const box = await RealBox.flash({ board: BOARD, family: "jbd" });
      try {
        await box.waitLine(/data ok/, 60000);
        box.bms.change(box.now(), (p) => { p.loadA = 10; p.shortA = 2000; });
        await box.waitLine(/code SC active/, 15000);
        box.bms.change(box.now(), (p) => { p.shortA = 0; p.loadA = 0; });
        await sleep(1500);
        const from = box.lines.length;
        await box.restart();
        await box.waitLine(/bmsbox .* on /, 60000, from);
        await box.waitLine(/BMS JBD found/, 30000, from);
        // SC is a safety latch: an unacknowledged one comes back after a power cut (docs/engine.md).
        await box.waitLine(/code SC active/, 20000, from);
        assert.deepStrictEqual(box.errors(), []);
      } finally {
        await box.stop();
      }
    });
  });
});
