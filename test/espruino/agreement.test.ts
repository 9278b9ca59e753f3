/**
 * Agreement (issue #10, part 5): the simulator and the real Espruino interpreter, given the same flashed firmware,
 * the same board (esp32-devkitc, bms "auto": autodetect), the same BMS model with the same options and the same
 * scenario, must show the same thing. One short scenario per family, played by one script on both worlds
 * (test/espruino/worlds.ts):
 *
 *   boot and autodetect -> at rest (one full all-clear heartbeat) -> a 10 A load and a short circuit (2000 A),
 *   applied together -> held 8 s -> short and load removed -> SC stays latched (JBD, Daly) / OCD clears itself
 *   (JK: its UART protocol has no short-circuit bit, so a short shows as OCD).
 *
 * The simulator side runs first, headless in virtual time; the real side then plays the same script in real time
 * against it. What must be equal, and is compared exactly:
 *   - the console's event lines in order, without their time stamps ("BMS JBD found", "data ok",
 *     "indicator clear", "code SC active", "indicator safety+", ...): the same codes from the same frames, the
 *     same indicator patterns chosen;
 *   - the screens, pixel for pixel (the SSD1306 models' pixels, decoded from the I2C bytes each world sent):
 *     the all-clear screen at rest, the code screen once shown, and the screen after the short is gone (SC's
 *     latched screen; JK's all-clear again). See shot() for why the real one may take a moment to get there.
 * The LED, whose timing is the real interpreter's (it runs under qemu, on a shared host): every edge it wrote must
 * carry the pattern's level for its moment (lateness allowed, a wrong level never), and it must have played the
 * pattern's own on and off durations; how late its edges were and how many flashes it swallowed is printed.
 * Nothing here asserts the real interpreter's timing on its own.
 */
import * as assert from "assert";
import * as os from "os";
import { Family } from "../../firmware/src/types";
import { PATTERN_ACT, PATTERN_CLEAR, PATTERN_SAFETY } from "../../firmware/codes/patterns";
import { PackOptions } from "../../sim/bms/pack";
import { SSD1306_WIDTH } from "../../sim/runtime";
import { ensureInterpreter, ensureUpload } from "./support";
import { shortCircuitCode } from "../../sim/espruino/real-box";
import { Edge, World, simWorld, realWorld } from "./worlds";

const BOARD = "esp32-devkitc";
const FAMILIES: Family[] = ["jbd", "jk", "daly"];
/** The BMS model's options, the same on both sides (the device harness's default pack, stated). */
const PACK: PackOptions = { cells: 4, socPct: 60 };
/** How long the short is held after the code shows, box ms: the window the LED pattern is measured in (8 act
 * blinks, 40 safety flashes: enough for a median). */
const HOLD_MS = 8000;
/** At rest after the all-clear: one full heartbeat cycle (30 ms on, 4970 ms off) and the next blip. */
const REST_MS = 6000;

const STAMPED = /^\[(\d+)\] (.*)$/;

interface Shot {
  px: Uint8Array;
  text: string;
  /** Real side: whether it came to equal the simulator's screen in time (always true on the simulator side). */
  agreed: boolean;
}

interface Run {
  world: string;
  /** The console's event lines, without the time stamps, in order. */
  events: string[];
  rest: Shot;
  code: Shot;
  after: Shot;
  clearAt: number;
  patAt: number;
  led: Edge[];
  lines: string[];
}

/** The box's time stamp of the first event line matching re at or after line `from`, or null. */
function eventAt(w: World, re: RegExp, from = 0): number | null {
  const ls = w.lines();
  for (let i = from; i < ls.length; i++) {
    const m = STAMPED.exec(ls[i]);
    if (m && re.test(m[2])) return Number(m[1]);
  }
  return null;
}

async function waitEvent(w: World, re: RegExp, timeoutMs: number, from = 0): Promise<number> {
  let at: number | null = null;
  await w.until(() => (at = eventAt(w, re, from)) !== null, timeoutMs);
  if (at === null) throw new Error(w.name + ": no " + re + " within " + timeoutMs + " ms\n--- console:\n" + w.lines().slice(-30).join("\n"));
  return at;
}

function events(w: World): string[] {
  const out: string[] = [];
  for (const l of w.lines()) {
    const m = STAMPED.exec(l);
    if (m) out.push(m[2]);
  }
  return out;
}

function samePixels(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function pixelDiff(a: Uint8Array, b: Uint8Array): { n: number; where: string } {
  let n = 0;
  let x0 = 999, y0 = 999, x1 = -1, y1 = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    n++;
    const x = i % SSD1306_WIDTH, y = Math.floor(i / SSD1306_WIDTH);
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  return { n, where: n ? "x " + x0 + ".." + x1 + ", y " + y0 + ".." + y1 : "" };
}

/**
 * The screen now (simulator: the scenario's moment), or, given the simulator's screen, the first moment within
 * timeoutMs that the real one shows the same pixels. Waiting for agreement rather than sampling one moment is
 * what lets a screen be compared while a frame is still arriving over I2C (the model decodes transaction by
 * transaction) and while the all-clear screen's "0s ago" might read "1s ago" for a moment on the slower
 * interpreter; every other pixel of those screens (code, class, value, text, volts, amps, cells, temperature)
 * is steady in the scenario's phases, so they agree only if the two worlds drew the same screen.
 */
async function shot(w: World, expected: Uint8Array | null, timeoutMs: number): Promise<Shot> {
  if (!expected) return { px: w.pixels(), text: w.screen(), agreed: true };
  const agreed = await w.until(() => samePixels(w.pixels(), expected), timeoutMs);
  return { px: w.pixels(), text: w.screen(), agreed };
}

/** The scenario, on either world; `expect` is the simulator's run when this is the real one. */
async function play(w: World, code: string, expect: Run | null): Promise<Run> {
  await waitEvent(w, /^data ok$/, 90000);
  const clearAt = await waitEvent(w, /^indicator clear$/, 30000);
  await w.until(() => w.boxNow() >= clearAt + REST_MS, REST_MS + 20000);
  // At rest: the all-clear screen (volts, SOC, amps, cells, temperature, "0s ago").
  const rest = await shot(w, expect && expect.rest.px, 15000);

  // The 10 A load and the short together, as one change. Applied apart, a frame read under the load can end up in
  // the status that carries the code as its "current at the trip" or not, depending on where the short falls in
  // the poll cycle (Daly builds its status from separate reads: 29 of 30 phases show "-10.0A at trip", one shows
  // none), and the real interpreter's poll phase is not the simulator's. Together, no frame ever carries the
  // load's current (the BMS trips within 200 us), so both worlds read the same values in any phase.
  const n = w.lines().length;
  w.change((p) => { p.loadA = 10; p.shortA = 2000; });
  const codeAt = await waitEvent(w, new RegExp("^code " + code + " active$"), 15000, n);
  const patAt = await waitEvent(w, /^indicator (safety|act)\+$/, 5000, n);
  // The code screen once shown: no age or time on it (code, class, value at the trip, texts, "press: mute").
  await w.until(() => w.boxNow() >= codeAt + 1000, 20000);
  const codeShot = await shot(w, expect && expect.code.px, 10000);
  await w.until(() => w.boxNow() >= codeAt + HOLD_MS, HOLD_MS + 20000);

  const offAt = w.boxNow();
  const m = w.lines().length;
  w.change((p) => { p.shortA = 0; p.loadA = 0; });
  let after: Shot;
  if (code === "SC") {
    // The BMS releases 1 s after the load is gone; the box keeps the safety code latched ("latched: hold to
    // ack") until a person acknowledges it. Watched past the 10 s a code takes to clear: it must not.
    await w.until(() => w.boxNow() >= offAt + 3000, 20000);
    after = await shot(w, expect && expect.after.px, 10000);
    await w.until(() => w.boxNow() >= offAt + 13000, 30000);
  } else {
    // OCD clears itself 10 s after the BMS stopped reporting it; then the all-clear screen, steady again.
    const clearedAt = await waitEvent(w, new RegExp("^code " + code + " cleared$"), 40000, m);
    await w.until(() => w.boxNow() >= clearedAt + 2000, 20000);
    after = await shot(w, expect && expect.after.px, 15000);
  }
  // Lines still on their way.
  const t2 = w.boxNow();
  await w.until(() => w.boxNow() >= t2 + 1000, 5000);
  return { world: w.name, events: events(w), rest, code: codeShot, after, clearAt, patAt, led: w.led(), lines: w.lines() };
}

/** On and off durations between level changes of the LED within [from, to] (box ms): complete segments only. */
function durations(edges: Edge[], from: number, to: number): { on: number[]; off: number[] } {
  const e = edges.filter((x) => x.tMs >= from && x.tMs <= to);
  const on: number[] = [];
  const off: number[] = [];
  // Rounded: the virtual clock's times are sums of float steps (30.00000000000091, 499.9999999).
  for (let i = 1; i < e.length; i++) (e[i - 1].level ? on : off).push(Math.round(e[i].tMs - e[i - 1].tMs));
  return { on, off };
}

/** Every duration is the nominal one (to the ms: the virtual clock's float sums round either way). */
function exactly(ds: number[], nominal: number): boolean {
  return ds.every((d) => Math.abs(d - nominal) <= 1);
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

/** The level of a repeating track (ms, alternately on and off, starting on) t ms after it started, how long it
 * has had that level, and how far t is from the nearest change of the track. */
function trackLevel(track: number[], t: number): { level: number; sinceMs: number; nearMs: number } {
  let period = 0;
  for (const d of track) period += d;
  let r = ((t % period) + period) % period;
  for (let i = 0; i < track.length; i++) {
    if (r < track[i]) return { level: i % 2 === 0 ? 1 : 0, sinceMs: r, nearMs: Math.min(r, track[i] - r) };
    r -= track[i];
  }
  return { level: 0, sinceMs: 0, nearMs: 0 };
}

interface Fit {
  /** How long before `anchor` (the pattern's console line) the pattern started: the render's own time. */
  startMs: number;
  /** How late each edge is: ms since the pattern took the level the edge wrote. */
  late: number[];
}

/**
 * The indicator's law, which holds however late its timer fires: each time it runs it writes the level the
 * pattern has at that moment (firmware/drivers/indicator.ts update(now): the pattern's phase from its start T),
 * so an edge can be late, and a segment shorter than the lateness can be swallowed, but no edge ever carries the
 * wrong level for its time. On the real side T is not known (the render takes its time before it prints the
 * line), so it is fitted: the latest T up to 3 s before the line for which every edge in [anchor, to] carries
 * the pattern's level (within 3 ms of a change either level: the stamps are rounded ms). null: no T explains
 * the edges, i.e. the LED played another pattern.
 */
function fitPattern(edges: Edge[], track: number[], anchor: number, to: number): Fit | null {
  const e = edges.filter((x) => x.tMs >= anchor - 2 && x.tMs <= to);
  for (let startMs = 0; startMs <= 3000; startMs++) {
    const late: number[] = [];
    let ok = true;
    for (const x of e) {
      const at = trackLevel(track, x.tMs - (anchor - startMs));
      if (at.level !== x.level && at.nearMs > 3) { ok = false; break; }
      late.push(at.level === x.level ? Math.round(at.sinceMs) : 0);
    }
    if (ok) return { startMs, late };
  }
  return null;
}

/**
 * A segment of the nominal length, within 25 ms + 10 %: the real interpreter played the pattern's own duration
 * at least once. This is what tells a pattern from another whose edges fall on the same grid (300/100 fits
 * 100/100's edges; the fit alone would not see it). Edges late behind a long callback (a UART answer, a render:
 * tens to hundreds of ms under qemu) make the other segments longer or shorter.
 */
function nominalOnce(ds: number[], nominal: number): boolean {
  return ds.some((d) => Math.abs(d - nominal) <= 25 + nominal * 0.1);
}

/** The real run's event lines and LED edges, relative to the code's pattern (AGREE_VERBOSE=1). */
function dump(r: Run): string {
  const ls = r.lines.filter((l) => STAMPED.test(l)).map((l) => { const m = STAMPED.exec(l)!; return "      " + (Number(m[1]) - r.patAt) + " " + m[2]; });
  return ls.join("\n") + "\n      LED " + r.led.map((e) => (e.tMs - r.patAt) + ":" + e.level).join(" ");
}

function screenMessage(what: string, sim: Shot, real: Shot): string {
  const d = pixelDiff(sim.px, real.px);
  return what + ": " + d.n + " pixels differ (" + d.where + ")\n--- simulator:\n" + sim.text + "\n--- real interpreter:\n" + real.text;
}

describe("agreement: the simulator and the real interpreter show the same", function () {
  this.timeout(240000);
  const sims: { [f: string]: Run } = {};

  before(async function () {
    ensureInterpreter();
    ensureUpload(BOARD);
    // The simulator side of every family first (virtual time: seconds); the real side plays against it.
    for (const family of FAMILIES) {
      const w = simWorld(BOARD, family, PACK);
      sims[family] = await play(w, shortCircuitCode(family), null);
      await w.stop();
    }
  });

  for (const family of FAMILIES) {
    const code = shortCircuitCode(family);
    const pattern = code === "SC" ? PATTERN_SAFETY : PATTERN_ACT;

    describe(family.toUpperCase() + ": rest, 10 A load, short -> " + code + ", short removed (" + BOARD + ", bms auto)", function () {
      let real: Run;
      let sim: Run;

      before(async function () {
        sim = sims[family];
        const w = await realWorld(BOARD, family, PACK);
        try {
          real = await play(w, code, sim);
        } finally {
          await w.stop();
        }
      });

      it("the same console events in the same order (time stamps aside)", function () {
        // The simulator's own run is the expected story; it must be the one the brief describes.
        assert.ok(sim.events.indexOf("BMS " + (family === "jbd" ? "JBD" : family === "jk" ? "JK" : "Daly") + " found") >= 0, sim.events.join("\n"));
        assert.ok(sim.events.indexOf("code " + code + " active") >= 0, sim.events.join("\n"));
        assert.deepStrictEqual(real.events, sim.events);
      });

      it("the same all-clear screen at rest, pixel for pixel", function () {
        assert.ok(/^OK\n/.test(sim.rest.text), sim.rest.text);
        assert.ok(real.rest.agreed, screenMessage("all-clear at rest", sim.rest, real.rest));
      });

      it("the same " + code + " screen, pixel for pixel", function () {
        assert.strictEqual(sim.code.text.split("\n")[0], code);
        assert.ok(real.code.agreed, screenMessage(code + " screen", sim.code, real.code));
      });

      it("the same screen once the short is gone (" + (code === "SC" ? "SC latched" : "all clear again") + "), pixel for pixel", function () {
        if (code === "SC") assert.ok(/latched: hold to ack/.test(sim.after.text), sim.after.text);
        else assert.ok(/^OK\n/.test(sim.after.text), sim.after.text);
        assert.ok(real.after.agreed, screenMessage("after the short", sim.after, real.after));
      });

      it("the pixel comparison tells screens apart: the other families' screens do not match this one's", function () {
        for (const other of FAMILIES) {
          if (other === family) continue;
          // The all-clear screen names the family (and a Daly pack reads its voltage its own way).
          assert.ok(!samePixels(real.rest.px, sims[other].rest.px), "rest screen equals " + other + "'s");
          if ((other === "jk") !== (family === "jk")) assert.ok(!samePixels(real.code.px, sims[other].code.px), "code screen equals " + other + "'s");
        }
      });

      it("the same LED pattern during the code: " + pattern.name + ", " + pattern.led.join(" ms on / ") + " ms off", function () {
        const to = (r: Run) => r.patAt + HOLD_MS;
        const s = durations(sim.led, sim.patAt - 2, to(sim));
        const r = durations(real.led, real.patAt - 2, to(real));
        const simFit = fitPattern(sim.led, pattern.led, sim.patAt, to(sim));
        const fit = fitPattern(real.led, pattern.led, real.patAt, to(real));
        const msg = "real on " + r.on.join(",") + " / off " + r.off.join(",") + "; simulator on " + s.on.join(",") + " / off " + s.off.join(",") +
          (fit ? "; real edges late by " + fit.late.join(",") : "") + "; host load " + os.loadavg().map((x) => x.toFixed(1)).join(" ");
        if (process.env.AGREE_VERBOSE) console.log(dump(real) + "\n      " + msg);
        // The simulator plays the pattern exactly, from the moment of its line: the reference.
        assert.ok(s.on.length >= 2 && exactly(s.on, pattern.led[0]) && exactly(s.off, pattern.led[1]), "simulator: " + msg);
        assert.ok(simFit && simFit.startMs === 0, "simulator fit: " + msg);
        // Every edge the real one wrote is the pattern's level at its moment (lateness allowed, never a wrong level).
        assert.ok(fit, "the real LED's edges fit no start of the " + pattern.name + " pattern: " + msg);
        // The pattern's own durations, played at least once each (the rest are moved by lateness: reported).
        assert.ok(nominalOnce(r.on, pattern.led[0]) && nominalOnce(r.off, pattern.led[1]), "no " + pattern.led.join("/") + " ms segment: " + msg);
        // Late edges swallow flashes, never add one; and it must have blinked at all.
        assert.ok(r.on.length >= 2 && r.on.length <= s.on.length + 1, "flashes: " + msg);
        console.log("      LED " + pattern.name + " real/sim: median on " + median(r.on) + "/" + median(s.on) + " ms, off " + median(r.off) + "/" + median(s.off) +
          " ms; flashes " + r.on.length + "/" + s.on.length + (r.on.length < s.on.length ? " (" + (s.on.length - r.on.length) + " swallowed)" : "") +
          "; real edges late by median " + median(fit.late) + ", max " + Math.max(...fit.late) + " ms (pattern start fitted " + fit.startMs + " ms before its line)");
      });

      it("at rest, the all-clear heartbeat: " + PATTERN_CLEAR.led.join(" ms on / ") + " ms off", function () {
        const to = (r: Run) => r.clearAt + REST_MS;
        const s = durations(sim.led, sim.clearAt - 2, to(sim));
        const r = durations(real.led, real.clearAt - 2, to(real));
        const fit = fitPattern(real.led, PATTERN_CLEAR.led, real.clearAt, to(real));
        const msg = "real on " + r.on.join(",") + " / off " + r.off.join(",") + "; simulator on " + s.on.join(",") + " / off " + s.off.join(",") +
          (fit ? "; real edges late by " + fit.late.join(",") : "") + "; host load " + os.loadavg().map((x) => x.toFixed(1)).join(" ");
        if (process.env.AGREE_VERBOSE) console.log(dump(real) + "\n      " + msg);
        assert.ok(s.on.length >= 1 && s.off.length >= 1 && exactly(s.on, PATTERN_CLEAR.led[0]) && exactly(s.off, PATTERN_CLEAR.led[1]), "simulator: " + msg);
        // Nothing but the heartbeat at rest: every real edge is the heartbeat's level at its moment.
        assert.ok(fit, "the real LED's edges fit no start of the heartbeat: " + msg);
        // FINDING (reported, not asserted): a 30 ms blip is swallowed whenever its timer fires more than 30 ms
        // late, which the real interpreter often does behind a UART callback or a render; the simulator's
        // callbacks take no time, so it never does. Its blips are counted and printed.
        console.log("      LED heartbeat real/sim: blips " + r.on.length + "/" + s.on.length + (r.on.length ? ", on " + median(r.on) + "/" + median(s.on) + " ms" : "") +
          (r.on.length < s.on.length ? "  <- DISAGREES: the real interpreter swallowed " + (s.on.length - r.on.length) + " heartbeat blip(s) (its timer fired more than the blip's 30 ms late)" : ""));
      });
    });
  }
});
