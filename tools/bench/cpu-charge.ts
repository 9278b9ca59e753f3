/**
 * Interpreter time for the simulator (DeviceOptions.cpuMs): what each firmware callback costs, from a run on the
 * real interpreter (tools/bench/interpreter-time.ts), turned into virtual ms at a chosen µs per LIE. Each callback
 * kind is charged its mean cost in that run (at rest). That is the load the box really carries, but it undercharges
 * the one hand-over that carries a detection (a full decode and the engine's work instead of the "same bytes again"
 * path): make bench prints that difference beside the figures. Charging every hand-over its longest instead keeps
 * the CPU saturated in the model and says nothing about the box. Callbacks are matched by the start of their
 * body. At rest the screen does not change and a render skips drawing it (firmware/main.ts render). A render that
 * found a changed screen (it sets draw()'s timer) is charged at least what such a render cost: the once-a-second one
 * what rebuilding the all-clear screen cost with values moving (FamilyTime.okViewLie), any other (the render an
 * event asks for, which builds a new code's screen) the longest render while a code appeared (viewLie). draw(), which
 * pushes a frame, is charged at least a draw of what that render built: after the once-a-second one, the all-clear
 * screen's draw with values moving (okDrawLie, CpuCharge.drawnMs), after any other the draw measured while a code
 * appeared (drawLie, CpuCharge.drawMs); any other callback that pushes one (the engine's, with a new code's first look)
 * drawLie on top of its own charge; the simulator adds the I2C bus time of the writes, and the frame lands after both
 * (sim/runtime/device.ts chargeDrawing, i2cTime). A render the run at rest never saw (one coalesced after an event)
 * is otherwise charged as the once-a-second callback. A timer callback seen only while the code appeared is charged
 * its mean there; any other callback the runs never saw (button timers) costs nothing.
 * The poll loop's timer (firmware/main.ts poll) is one function with two costs: a run that takes an answer and one that
 * only sends a request or finds nothing yet. The profiler told them apart by whether the UART's listener had run since
 * the loop's last run ("read"), and the simulator charges by the same test (CpuCharge.reads, sim/runtime/device.ts):
 * the kind "read" with the read runs' mean, any other run with the other runs' mean. Of each, the runs that sent a
 * request are apart (CallbackCost.sends): at the host's speed the loop sends the next request in the run that reads an
 * answer, on a slow ESP32 in a run of its own; a run is charged what the runs that did not send cost, and one that
 * sends the difference on top at its write (CpuCharge.sentMs), whose bytes leave at the callback's end so far. The
 * listener, which only gathers, is charged its own mean.
 */
import * as fs from "fs";
import * as path from "path";
import { Family } from "../../firmware/src/types";
import { bodyOf, CallbackCost, describe, FamilyTime } from "./interpreter-time";
import { CpuCharge } from "../../sim/runtime";

/** The pessimistic end of the ESP32 band (10 LIE per ms, docs/espruino.md §8.4): 100 µs per LIE. */
export const DEFAULT_US_PER_LIE = 100;

export const TIME_FILE = path.join(__dirname, "..", "..", "build", "espruino", "time.json");

/**
 * A callback kind's mean cost (ms) by the start of its function's body, for its runs that sent a request and those that
 * did not: charged the latter before it runs (quiet), and the difference when it sends (extra; the simulator adds it
 * at the write, sim/runtime/device.ts CpuCharge.sentMs). A function seen only sending is charged that before it runs.
 */
class Costs {
  private q: { [body: string]: number } = {};
  private s: { [body: string]: number } = {};

  add(body: string, sends: boolean, ms: number): void {
    const m = sends ? this.s : this.q;
    m[body] = Math.max(m[body] || 0, ms);
  }

  has(body: string): boolean {
    return this.q[body] !== undefined || this.s[body] !== undefined;
  }

  quiet(body: string): number {
    return this.q[body] !== undefined ? this.q[body] : this.s[body];
  }

  extra(body: string): number {
    return this.q[body] !== undefined && this.s[body] !== undefined ? Math.max(0, this.s[body] - this.q[body]) : 0;
  }
}

export function cpuChargeFrom(t: FamilyTime, usPerLie: number): CpuCharge {
  // Timer callbacks are found by the start of their body (the same text in Espruino and in the built file); the poll
  // loop's reads apart from its other runs; of each, the runs that sent a request apart from those that did not.
  const byBody = new Costs();
  const reads = new Costs();
  let listener = 0;
  let render = 0;
  for (const c of t.callbacks) {
    const v = ((c.lie / c.calls) * usPerLie) / 1000;
    if (c.kind === "uart") listener = Math.max(listener, v);
    else if (c.what === "UART data") reads.add(c.body, c.sends, v);
    else byBody.add(c.body, c.sends, v);
    if (c.what === "once a second" || c.what === "render") render = Math.max(render, v);
  }
  // A timer callback that never ran at rest but ran while a code appeared (the render that builds the new code's screen,
  // the draw that pushes it) costs its mean then.
  for (const c of t.detectCallbacks || []) {
    if (c.kind !== "uart" && c.what !== "UART data" && !byBody.has(c.body)) byBody.add(c.body, c.sends, ((c.lie / c.calls) * usPerLie) / 1000);
  }
  // draw() is told by its body wherever the runs saw it: a run at rest whose screen never changed has it only among
  // the callbacks while a code appeared.
  const drawBodies = t.callbacks.concat(t.detectCallbacks || []).filter((c) => c.what === "draw").map((c) => c.body);
  const bodies = new Map<Function, string>();
  const body = (fn: Function): string => {
    let b = bodies.get(fn);
    if (b === undefined) bodies.set(fn, (b = bodyOf(fn.toString())));
    return b;
  };
  const renders = new Map<Function, boolean>();
  const charge: CpuCharge = (kind, fn) => {
    if (kind === "uart") return listener;
    if (kind === "read" && reads.has(body(fn))) return reads.quiet(body(fn));
    if (byBody.has(body(fn))) return byBody.quiet(body(fn));
    let r = renders.get(fn);
    if (r === undefined) renders.set(fn, (r = describe(fn.toString()) === "render"));
    return r ? render : 0;
  };
  charge.sentMs = (kind, fn) => {
    const c = kind === "read" && reads.has(body(fn)) ? reads : byBody;
    return c.has(body(fn)) ? c.extra(body(fn)) : 0;
  };
  if (!(t.drawLie > 0) || !(t.viewLie > 0)) throw new Error("no drawing in the interpreter-time run (FamilyTime.drawLie, viewLie): run it again");
  charge.drawMs = (t.drawLie * usPerLie) / 1000;
  // The draw after the once-a-second render that found values moved on the all-clear screen draws that screen again
  // (on the glass: only its bands that changed, firmware/main.ts draw): what such draws cost (okDrawLie), not a code's.
  const okDrawMs = t.okDrawLie > 0 ? (t.okDrawLie * usPerLie) / 1000 : charge.drawMs;
  const drawn = new Map<Function, number>();
  charge.drawnMs = (framer) => {
    let v = drawn.get(framer);
    if (v === undefined) drawn.set(framer, (v = describe(framer.toString()) === "once a second" ? okDrawMs : charge.drawMs!));
    return v;
  };
  // A render that found a changed screen sets draw()'s timer: it built the view and model of a new screen. The
  // once-a-second render that does (values moved) built the all-clear screen again: what it cost with values moving.
  // Any other (the render an event asks for, the one that builds a new code's screen) costs what the render while a
  // code appeared cost. Neither is the mean of renders at rest, which find the screen unchanged.
  const codeMs = (t.viewLie * usPerLie) / 1000;
  const okMs = t.okViewLie > 0 ? (t.okViewLie * usPerLie) / 1000 : codeMs;
  const framed = new Map<Function, number>();
  charge.framedMs = (fn) => {
    let v = framed.get(fn);
    if (v === undefined) {
      v = describe(fn.toString()) === "once a second" ? okMs : codeMs;
      framed.set(fn, v);
    }
    return v;
  };
  charge.reads = (fn) => reads.has(body(fn));
  charge.isDraw = (fn) => drawBodies.indexOf(bodyOf(fn.toString())) >= 0;
  return charge;
}

/**
 * What the chain that carries a detection cost on the real interpreter, ms at usPerLie, as the run measured it
 * (FamilyTime.chainInRead, chainReadLie, chainEngineLie, chainLedLie, chainFrameLie): the read of the reply with the
 * new flags (decoded in full) and the engine's callback after it (the new episode). The one of the two that changed
 * the LED (inRead: the read, for a first code on a clear box; else the engine's) is charged in three parts: up to its
 * first LED or buzzer write (the new code's pattern played), from there to its first display write (the code's first
 * look drawn), and the rest. A run without a chain: the longest read and engine callback while the code appeared, the
 * engine's changing the LED and the display at its end. Each at least its mean at rest. The means charge those two
 * callbacks as a steady pack's; the latency bench charges these instead to the read that takes the first reply built
 * after the trip and the engine's callback after it (latency.ts).
 */
export interface DetectionCharge {
  inRead: boolean;
  readMs: number;
  engineMs: number;
  /** The callback that changed the LED: from its start to the LED's change, from there to its first display write, and after. */
  ledMs: number;
  frameMs: number;
  restMs: number;
}

export function detectionChargeFrom(t: FamilyTime, usPerLie: number): DetectionCharge {
  const most = (list: CallbackCost[], what: string) => list.filter((c) => c.what === what).reduce((m, c) => Math.max(m, c.maxLie), 0);
  const meanOf = (list: CallbackCost[], what: string) => {
    const l = list.filter((c) => c.what === what);
    return l.reduce((m, c) => m + c.lie, 0) / Math.max(1, l.reduce((m, c) => m + c.calls, 0));
  };
  const detect = t.detectCallbacks || [];
  const read = Math.max(t.chainReadLie > 0 ? t.chainReadLie : most(detect, "UART data"), meanOf(t.callbacks, "UART data"));
  const engine = Math.max(t.chainEngineLie > 0 ? t.chainEngineLie : most(detect, "engine"), meanOf(t.callbacks, "engine"));
  const inRead = t.chainInRead === true && t.chainReadLie > 0;
  const lit = inRead ? read : engine;
  const led = t.chainLedLie > 0 && t.chainLedLie < lit ? t.chainLedLie : lit;
  const frame = t.chainFrameLie > led && t.chainFrameLie < lit ? t.chainFrameLie : lit;
  const ms = (lie: number) => (lie * usPerLie) / 1000;
  return { inRead: inRead, readMs: ms(read), engineMs: ms(engine), ledMs: ms(led), frameMs: ms(frame - led), restMs: ms(lit - frame) };
}

/** A family's figures from the last measured run (build/espruino/time.json), or null when there are none. */
function familyTime(family: Family): FamilyTime | null {
  if (!fs.existsSync(TIME_FILE)) return null;
  const all = JSON.parse(fs.readFileSync(TIME_FILE, "utf8")) as FamilyTime[];
  return all.find((x) => x.family === family) || null;
}

/** The detection chain's charge for a family from the last measured run, or null when there is none. */
export function detectionChargeFor(family: Family, usPerLie = DEFAULT_US_PER_LIE): DetectionCharge | null {
  const t = familyTime(family);
  return t ? detectionChargeFrom(t, usPerLie) : null;
}

/** The charge for a family from the last measured run (build/espruino/time.json), or null when there is none. */
export function cpuChargeFor(family: Family, usPerLie = DEFAULT_US_PER_LIE): CpuCharge | null {
  const t = familyTime(family);
  return t ? cpuChargeFrom(t, usPerLie) : null;
}
