/**
 * Interpreter time of the flashed firmware on the real interpreter (`make espruino`), in loop-iteration
 * equivalents (LIE): the time a piece of work takes divided by the time one empty `for (var i…)` iteration takes in
 * the same interpreter, calibrated in the same run, so the figure does not depend on the host (or on qemu).
 *
 *   ts-node tools/bench/interpreter-time.ts [--seconds 20]     -> prints a table; --json writes build/espruino/time.json
 *
 * A profiling `.boot0` addition wraps setTimeout and the UART's data listener: every firmware callback is timed with
 * getTime() and summed by the function it runs; the poll loop's runs apart by whether the listener had gathered bytes
 * since its last run: one that takes an answer ("UART data") is told from one that only sends a request or finds
 * nothing yet ("poll tick"). The LIE is calibrated throughout the run, not once: an empty loop of 300 iterations
 * every 100 ms (its own interval, not counted as firmware work), and each time recorded is stated against the last
 * of those (NOMINAL_MS_PER_LIE). The host's speed changes by tens of per cent from one second to the next (a virtual
 * machine), and one calibration for a run, even the median of a sample a second, moved every figure with it.
 * msPerLie is the median calibration, for the record. Steady state: a BMS at rest, all clear,
 * `seconds` long, per family.
 * Then values moving: the load switches between 5 and 12 A every 0.7 s for 6 s, so every once-a-second render builds
 * the all-clear screen again and draws it, as on a pack whose current moves (most packs in use): what that render
 * and its draw cost (okViewLie, okDrawLie) and all work per second then (movingLie). Back at rest for 2 s.
 * Then a short circuit (JK: its OCD) until the code is on the OLED and 1.5 s more (its first look comes first, then the
 * render of its full screen and its draw): the longest render there is viewLie, what a render that builds a changed
 * screen costs (at rest the screen does not change and a render skips the drawing), the longest draw drawLie, and the
 * longest callback there (the detection's read, the engine's new episode, the render) detectMaxLie. One such sample
 * moved by up to 2× with the host's load, so the short circuit is measured `detections` times (each after the first
 * on a fresh box at rest: a code's first appearance each time) and the figures are the medians (detectionSummary).
 * The detection's own chain is noted as it runs: the profiler also wraps digitalWrite, analogWrite and I2C1.writeTo
 * (the bench board's display bus), and keeps each read that drives the LED or the buzzer and each engine callback (with
 * the poll loop's last read before it): its time, and when in it the first LED/buzzer write and the first display write
 * came. The chain is the first of them that drove the LED and drew (a first code's LED and first look come in the read
 * that took its status, firmware/main.ts onCodes; without that, in the engine's callback), with the engine callback
 * after such a read (chainReadLie … chainFrameLie, chainInRead: what the latency bench charges, cpu-charge.ts).
 * A callback's time leaves out what the peripheral shims spent standing in for native calls beyond one native
 * call's cost (sim/espruino/shims.ts __S.sh): printing a pushed frame as console lines cost more than drawing it. So
 * do the points in it where the first LED and display writes came: the LED's and the buzzer's pin writes that come
 * before a first look's frame printed ~300 LIE of console lines that on the ESP32 are two native calls.
 * The I2C bus time the ESP32 waits out in writeTo is not interpreter time: the latency model adds it to a draw
 * (tools/bench/cpu-charge.ts).
 * The code runs from `.bootcde`, as flashed, and is read from memory: the test interpreter maps its flash file as the
 * ESP32 maps its flash (tools/espruino/mapped-flash.py; without it every few bytes of code were a file read, 2.5–3
 * times slower than code in RAM). ESP32 bands: 10–30 LIE per ms (docs/espruino.md §8.4).
 */
import * as fs from "fs";
import * as path from "path";
import { Family } from "../../firmware/src/types";
import { RealBox } from "../../sim/espruino/real-box";

/**
 * The profiler states every time it records in "nominal ms": the time it took, times this over the ms per LIE the
 * calibration loop measured last (every 100 ms), so that a time divided by it is LIE. The host runs the interpreter
 * in two speed states that come and go by the second (a 2,000-iteration loop here took either ~3.0 or ~4.6 µs an
 * iteration, and a piece of firmware work 0.75 or 1.2 ms, the two together): one calibration for a whole run, the
 * median of its samples, fell in either state and moved every figure by up to 40 % between runs of the same firmware.
 */
const NOMINAL_MS_PER_LIE = 0.004;

const PROFILER = `var __st=setTimeout;var __P=[],__K=${NOMINAL_MS_PER_LIE};
function __rec(f,k,dt){for(var i=0;i<__P.length;i++)if(__P[i][0]===f&&__P[i][1]===k){__P[i][2]++;__P[i][3]+=dt;if(dt>__P[i][4])__P[i][4]=dt;if(__P[i][5].length<2000)__P[i][5].push(Math.round(dt*1e6));return;}__P.push([f,k,1,dt,dt,[Math.round(dt*1e6)]]);}
var __rd=false,__lr=0,__io=0,__fw=0,__t0=0,__s0=0,__ch=[];
function __at(){return getTime()-__t0-(__S.sh-__s0);}
function __out(){if(!__io)__io=__at();}
var __iw=I2C1.writeTo;I2C1.writeTo=function(){if(!__fw)__fw=__at();return __iw.apply(I2C1,arguments);};
var __dw=digitalWrite;digitalWrite=function(p,v){__out();return __dw(p,v);};
var __aw=analogWrite;analogWrite=function(p,v,o){__out();return __aw(p,v,o);};
var __tx=0,__s2w=Serial2.write;Serial2.write=function(){__tx=1;return __s2w.apply(Serial2,arguments);};
var setTimeout=function(f,ms,a){return __st(function(x){if(f.__k===undefined){f.__k=f.toString().indexOf("kickWatchdog")>=0;f.__e=f.toString().indexOf("engT=")>=0;}var r=f.__k&&__rd;if(f.__k)__rd=false;__io=0;__fw=0;__tx=0;var t=getTime(),s=__S.sh;__t0=t;__s0=s;f(x);var dt=__n(getTime()-t-(__S.sh-s));__rec(f,(r?"read":"timer")+(__tx?"+tx":""),dt);if(r){if(__io&&__ch.length<16)__ch.push([1,Math.round(dt*1e6),Math.round(__n(__io)*1e6),Math.round(__n(__fw)*1e6),0]);__lr=dt;}else if(f.__e&&__ch.length<16)__ch.push([2,Math.round(dt*1e6),Math.round(__n(__io)*1e6),Math.round(__n(__fw)*1e6),Math.round(__lr*1e6)]);},ms,a);};
var __s2on=Serial2.on;Serial2.on=function(ev,f){__s2on.call(Serial2,ev,function(d){__rd=true;var t=getTime(),s=__S.sh;f(d);__rec(f,"uart",__n(getTime()-t-(__S.sh-s)));});};
function __cal(n){var t=getTime();for(var i=0;i<n;i++){}return (getTime()-t)*1000/n;}
var __c=__cal(2000),__L=[];setInterval(function(){__c=__cal(300);__L.push(__c);},100);
function __n(dt){return dt*__K/__c;}
function __lie(){var l=__L;__L=[];l.sort(function(a,b){return a-b;});return l.length?l[l.length>>1]:__c;}
function __prof(){var c=__lie();__P.forEach(function(p){print("@@x "+JSON.stringify({k:p[1],n:p[2],ms:p[3]*1000,max:p[4]*1000,us:p[5],src:p[0].toString().substr(0,240)}));});print("@@c "+JSON.stringify(__ch));print("@@x "+JSON.stringify({lieMs:__K,cal:c}));__P=[];__ch=[];}
`;

export interface CallbackCost {
  /** "uart" (the UART's data listener), "read" (the poll loop's run after bytes came) or "timer" (any other run). */
  kind: string;
  /**
   * It wrote to the BMS UART (a request sent). The same function's runs that send and that do not are apart: at the
   * host's speed the poll loop sends the next request in the run that reads an answer, on a slow ESP32 (whose period
   * follows what the interpreter can afford, firmware/main.ts pace) in a run of its own.
   */
  sends: boolean;
  calls: number;
  lie: number;
  maxLie: number;
  what: string;
  /** Each call's LIE, in the order they ran (at most the first 2,000). */
  each: number[];
  /** The start of the callback's body (its source after the first "{"), to find the same function elsewhere. */
  body: string;
}

export interface FamilyTime {
  family: Family;
  seconds: number;
  msPerLie: number;
  answered: number;
  /**
   * Interpreter time per answered request, LIE: the median of the poll loop's runs that read an answer, plus the mean
   * share per answer of its other runs (sending the request, a read that found the answer not all in yet) and of the
   * engine's callback that takes a changed status. perRequestMeanLie: all that work / answers.
   */
  perRequestLie: number;
  perRequestMeanLie: number;
  perSecondLie: number;
  maxCallbackLie: number;
  callbacks: CallbackCost[];
  /*
   * While a code appeared, the median over the short circuits measured (detectionRuns; one sample moved by up to 2×
   * with the host's load: the same JBD render measured 895 and 3,030 LIE in two runs).
   */
  /** The longest draw (the code's screen drawn and pushed), LIE; the charge for a drawing callback. */
  drawLie: number;
  /** The longest render (the engine's view of the new code and its screen model), LIE. */
  viewLie: number;
  /** The longest callback, LIE (maxCallbackLie is the longest at rest). */
  detectMaxLie: number;
  /** The callbacks while a code appeared in the run the chain is from (some run only then: its indicator, render, draw). */
  detectCallbacks: CallbackCost[];
  /**
   * The detection's own chain, LIE, from the run whose first look came at the median point: the read of the reply
   * with the new flags, decoded, and the engine's callback after it (the new episode). chainInRead: the read changed
   * the LED and drew the first look; else the engine's callback did. chainLedLie and chainFrameLie: when in that
   * callback the first LED or buzzer write and the first write to the display came (0: none). NaN when not seen.
   */
  chainInRead: boolean;
  chainReadLie: number;
  chainEngineLie: number;
  chainLedLie: number;
  chainFrameLie: number;
  /** Values moving (MOVING_S with the load changing every MOVE_EVERY_MS): all work per second, LIE. */
  movingLie: number;
  /** Then, medians: the once-a-second render that builds the all-clear screen again, and the draw that pushes it. */
  okViewLie: number;
  okDrawLie: number;
  movingCallbacks: CallbackCost[];
  /** Each short circuit's own figures, for the spread (callbacks left out). */
  detectionRuns: DetectionRun[];
}

/** The values-moving phase: this long, the pack's load switching between 5 and 12 A this often. */
const MOVING_S = 6;
const MOVE_EVERY_MS = 700;

/**
 * The detection's chain from the profiler's notes ([1 read | 2 engine, time, first LED/buzzer write, first display
 * write, (engine) the read before it], µs): the first callback that drove the LED and drew (the code's first look),
 * else the first that drove the LED; a read with the engine's callback after it, an engine callback with the read
 * before it. Undefined when none drove the LED.
 */
export function detectionChain(notes: number[][]): { inRead: boolean; read: number; engine: number; led: number; frame: number } | undefined {
  let i = notes.findIndex((n) => n[2] > 0 && n[3] > 0);
  if (i < 0) i = notes.findIndex((n) => n[2] > 0);
  if (i < 0) return undefined;
  const n = notes[i];
  if (n[0] === 2) return { inRead: false, read: n[4], engine: n[1], led: n[2], frame: n[3] };
  const e = notes.slice(i + 1).find((x) => x[0] === 2);
  return { inRead: true, read: n[1], engine: e ? e[1] : 0, led: n[2], frame: n[3] };
}

/** One short circuit's figures (FamilyTime has the medians over the runs), LIE; NaN where a run did not see one. */
export interface DetectionRun {
  detectMaxLie: number;
  viewLie: number;
  drawLie: number;
  chainInRead: boolean;
  chainReadLie: number;
  chainEngineLie: number;
  chainLedLie: number;
  chainFrameLie: number;
  /** The callbacks while the code appeared (left out of time.json's detectionRuns: FamilyTime.detectCallbacks has the chain run's). */
  callbacks: CallbackCost[];
}

/** Short circuits measured per family by default (make bench; its quick form measures fewer). */
export const DETECTIONS = 5;

/** Before a fresh box's short circuit: its all-clear screen shown, the line at rest this long. */
const REST_BEFORE_MS = 3000;

/**
 * A short circuit (JK has no short-circuit bit: its OCD) on a box at rest until the OLED shows the code and 1.5 s more,
 * profiled: what shows first is the code's first look (firmware/main.ts onCodes), then the render that builds its full
 * screen and the draw that pushes it, within ~100 ms here.
 */
async function detectionRun(box: RealBox): Promise<DetectionRun> {
  const from = box.lines.length;
  box.bms.change(box.now(), (p) => { p.loadA = 10; p.shortA = 2000; });
  await box.waitFor("a code on the OLED", () => /^(SC|OCD)/.test(box.screen()), 30000);
  await sleep(1500);
  box.type("__prof()");
  await box.waitFor("the detection profile", () => box.lines.slice(from).some((l) => l.indexOf('@@x {"lieMs"') === 0), 30000);
  const rows = box.lines.slice(from).filter((l) => l.indexOf("@@x ") === 0).map((l) => JSON.parse(l.slice(4)));
  const ms = rows[rows.length - 1].lieMs as number;
  const detect = costsOf(rows, ms);
  // The profiler notes each read that drove the LED or the buzzer and each engine callback, in order:
  // [1 read | 2 engine, its time, its first LED/buzzer write, its first display write, (engine) the read before] (µs).
  const chainLine = box.lines.slice(from).find((l) => l.indexOf("@@c ") === 0);
  const chain = detectionChain(chainLine ? (JSON.parse(chainLine.slice(4)) as number[][]) : []);
  const toLie = (us: number) => Math.round(us / 1000 / ms);
  // The coalesced render that follows the code's rise builds its screen (without one, the once-a-second render did);
  // draw() draws and pushes it.
  let renders = detect.filter((c) => c.what === "render");
  if (!renders.length) renders = detect.filter((c) => c.what === "once a second");
  const draws = detect.filter((c) => c.what === "draw");
  return {
    detectMaxLie: Math.max.apply(null, detect.map((c) => c.maxLie)),
    viewLie: renders.length ? Math.max.apply(null, renders.map((c) => c.maxLie)) : NaN,
    drawLie: draws.length ? Math.max.apply(null, draws.map((c) => c.maxLie)) : NaN,
    chainInRead: chain ? chain.inRead : false,
    chainReadLie: chain ? toLie(chain.read) : NaN,
    chainEngineLie: chain ? toLie(chain.engine) : NaN,
    chainLedLie: chain ? toLie(chain.led) : NaN,
    chainFrameLie: chain ? toLie(chain.frame) : NaN,
    callbacks: detect,
  };
}

/** The profiler's rows (the last is its calibration) as costs in LIE, at `ms` per LIE. */
function costsOf(rows: any[], ms: number): CallbackCost[] {
  return rows.slice(0, -1).map((r) => ({
    kind: r.k.replace("+tx", ""), sends: r.k.indexOf("+tx") > 0, calls: r.n, lie: Math.round(r.ms / ms), maxLie: Math.round(r.max / ms), each: (r.us as number[]).map((us) => Math.round(us / 1000 / ms)),
    what: whatOf(r.k.replace("+tx", ""), r.src), body: bodyOf(r.src),
  }));
}

/**
 * What the short circuits measured, taken together: the medians of each run's longest callback, render and draw (a run
 * that saw none left out), and the chain of the run whose first look came at the median point (the lower middle of
 * an even count): one run's read, LED and display points and engine callback, which belong together, not medians
 * taken apart. No run with a first look: the first run's.
 */
export function detectionSummary(runs: DetectionRun[]): { detectMaxLie: number; viewLie: number; drawLie: number; chain: DetectionRun } {
  const mid = (f: (r: DetectionRun) => number) => {
    const xs = runs.map(f).filter((x) => x === x);
    return xs.length ? Math.round(median(xs)) : NaN;
  };
  const byFrame = runs.filter((r) => r.chainFrameLie === r.chainFrameLie).sort((a, b) => a.chainFrameLie - b.chainFrameLie);
  return {
    detectMaxLie: mid((r) => r.detectMaxLie),
    viewLie: mid((r) => r.viewLie),
    drawLie: mid((r) => r.drawLie),
    chain: byFrame.length ? byFrame[(byFrame.length - 1) >> 1] : runs[0],
  };
}

/** The poll loop's runs that read an answer. */
export function handOvers(callbacks: CallbackCost[]): CallbackCost[] {
  return callbacks.filter((c) => c.what === "UART data");
}

export function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** What a callback is, from the start of its (minified) source. */
/** A function's body start: the same in Espruino's toString() and in the source text, whatever the header. */
export function bodyOf(src: string): string {
  const i = src.indexOf("{");
  return src.slice(i + 1, i + 31);
}

export function describe(src: string): string {
  // poll() (firmware/main.ts): takes what the UART gathered, steps the poller, kicks the watchdog. Its runs that take
  // an answer are told apart by the profiler ("UART data", see whatOf).
  if (src.indexOf("kickWatchdog") >= 0) return "poll tick";
  if (src.indexOf("E.toUint8Array") >= 0) return "UART data";
  // toEngine (firmware/main.ts): a decoded status handed to the engine, in a callback after the decode.
  if (src.indexOf("engT=") >= 0) return "engine";
  if (src.indexOf(".view(") >= 0 || src.indexOf("renT=") >= 0) return "render";
  // draw() (firmware/main.ts): the frame a render found changed, drawn and pushed in its own callback.
  if (src.indexOf("drwT=") >= 0) return "draw";
  if (src.indexOf("indT") >= 0) return "indicator";
  if (/\(\w+,\w+\),setTimeout\(/.test(src) || src.indexOf("setTimeout(") >= 0) return "once a second";
  return src.slice(0, 40);
}

/** What a profiled callback is, from its kind ("uart": the listener; "read": the poll loop after bytes came) and source. */
export function whatOf(kind: string, src: string): string {
  if (kind === "uart") return "UART listener";
  const d = describe(src);
  return d === "poll tick" && kind === "read" ? "UART data" : d;
}

/** `detections`: short circuits measured (the first on this box after the runs at rest, each other on a fresh box). */
export async function measureFamily(family: Family, seconds: number, detections: number, board: string): Promise<FamilyTime> {
  const box = await RealBox.flash({ board, family, extraShims: PROFILER });
  try {
    await box.waitLine(/data ok/, 60000);
    await box.waitFor("the all-clear screen", () => /^OK/.test(box.screen()), 30000);
    // The first profile covers boot; its calibration loop takes a second or more: wait for its last line.
    const before = box.lines.length;
    box.type("__prof()");
    await box.waitFor("the boot profile", () => box.lines.slice(before).some((l) => l.indexOf('@@x {"lieMs"') === 0), 30000);
    const from = box.lines.length;
    const n0 = box.answered();
    await sleep(seconds * 1000);
    box.type("__prof()");
    await box.waitFor("the profile", () => box.lines.slice(from).some((l) => l.indexOf('@@x {"lieMs"') === 0), 30000);
    const n1 = box.answered();
    const rows = box.lines.slice(from).filter((l) => l.indexOf("@@x ") === 0).map((l) => JSON.parse(l.slice(4)));
    const msPerLie = rows[rows.length - 1].cal as number;
    const callbacks = costsOf(rows, rows[rows.length - 1].lieMs as number);
    // Values moving: a pack under a changing load, its current different at every once-a-second render, so each of
    // those renders builds the all-clear screen again and draws it (at rest they find it unchanged).
    const from1 = box.lines.length;
    let flip = false;
    const mover = setInterval(() => {
      flip = !flip;
      box.bms.change(box.now(), (p) => { p.loadA = flip ? 12 : 5; });
    }, MOVE_EVERY_MS);
    await sleep(MOVING_S * 1000);
    clearInterval(mover);
    box.type("__prof()");
    await box.waitFor("the moving profile", () => box.lines.slice(from1).some((l) => l.indexOf('@@x {"lieMs"') === 0), 30000);
    const rows1 = box.lines.slice(from1).filter((l) => l.indexOf("@@x ") === 0).map((l) => JSON.parse(l.slice(4)));
    const moving = costsOf(rows1, rows1[rows1.length - 1].lieMs as number);
    box.bms.change(box.now(), (p) => { p.loadA = 0; });
    await sleep(2000);
    box.type("__prof()");
    await box.waitFor("a profile", () => box.lines.slice(from1).filter((l) => l.indexOf('@@x {"lieMs"') === 0).length >= 2, 30000);
    // A code appears (a short circuit), on this box and then on fresh ones (detectionRun).
    const runs: DetectionRun[] = [await detectionRun(box)];
    await box.stop();
    for (let k = 1; k < detections; k++) {
      const fresh = await RealBox.flash({ board, family, extraShims: PROFILER });
      try {
        await fresh.waitLine(/data ok/, 60000);
        await fresh.waitFor("the all-clear screen", () => /^OK/.test(fresh.screen()), 30000);
        await sleep(REST_BEFORE_MS);
        runs.push(await detectionRun(fresh));
      } finally {
        await fresh.stop();
      }
    }
    const detected = detectionSummary(runs);
    callbacks.sort((a, b) => b.lie - a.lie);
    const total = callbacks.reduce((a, c) => a + c.lie, 0);
    // The poll loop (its reads and its other runs) and the engine's callback that takes a changed status all count.
    const uart = callbacks.filter((c) => c.what === "UART data" || c.what === "poll tick" || c.what === "UART listener" || c.what === "engine").reduce((a, c) => a + c.lie, 0);
    const answered = n1 - n0;
    // Beside the reads: the poll loop's other runs, the listener that only gathers bytes, the engine's callback.
    const gathering = callbacks.filter((c) => c.what === "poll tick" || c.what === "UART listener" || c.what === "engine").reduce((a, c) => a + c.lie, 0);
    const each = ([] as number[]).concat(...handOvers(callbacks).map((c) => c.each));
    const movingRenders = moving.filter((c) => c.what === "once a second");
    const movingDraws = moving.filter((c) => c.what === "draw");
    return {
      family, seconds, msPerLie, answered,
      movingLie: Math.round(moving.reduce((a, c) => a + c.lie, 0) / MOVING_S),
      okViewLie: movingRenders.length ? Math.round(median(([] as number[]).concat(...movingRenders.map((c) => c.each)))) : NaN,
      okDrawLie: movingDraws.length ? Math.round(median(([] as number[]).concat(...movingDraws.map((c) => c.each)))) : NaN,
      movingCallbacks: moving,
      perRequestLie: answered && each.length ? Math.round(median(each) + gathering / answered) : NaN,
      perRequestMeanLie: answered ? Math.round(uart / answered) : NaN,
      perSecondLie: Math.round(total / seconds),
      maxCallbackLie: Math.max.apply(null, callbacks.map((c) => c.maxLie)),
      callbacks,
      drawLie: detected.drawLie,
      viewLie: detected.viewLie,
      detectMaxLie: detected.detectMaxLie,
      detectCallbacks: detected.chain.callbacks,
      chainInRead: detected.chain.chainInRead,
      chainReadLie: detected.chain.chainReadLie,
      chainEngineLie: detected.chain.chainEngineLie,
      chainLedLie: detected.chain.chainLedLie,
      chainFrameLie: detected.chain.chainFrameLie,
      detectionRuns: runs.map((r) => ({ ...r, callbacks: [] })),
    };
  } finally {
    await box.stop();
  }
}

if (require.main === module) {
  (async () => {
    const arg = (name: string, dflt: number) => {
      const i = process.argv.indexOf(name);
      return i >= 0 ? Number(process.argv[i + 1]) : dflt;
    };
    const seconds = arg("--seconds", 20);
    const detections = arg("--detections", DETECTIONS);
    const out: FamilyTime[] = [];
    for (const f of ["jbd", "jk", "daly"] as Family[]) {
      const r = await measureFamily(f, seconds, detections, "esp32-devkitc");
      out.push(r);
      console.log(f.toUpperCase() + ": 1 LIE = " + r.msPerLie.toFixed(4) + " ms here; " + r.answered + " answers in " + seconds + " s; UART work per answer " +
        r.perRequestLie + " LIE (median; mean " + r.perRequestMeanLie + "); all work " + r.perSecondLie + " LIE/s; longest callback " + r.maxCallbackLie + " LIE; while a code appears: longest " + r.detectMaxLie + ", the render that builds its screen " + r.viewLie + ", the draw " + r.drawLie + " LIE; the detection's read " + r.chainReadLie + " and engine callback " + r.chainEngineLie + " (" + (r.chainInRead ? "in the read: " : "in the engine's: ") + "LED at " + r.chainLedLie + ", display at " + r.chainFrameLie + ") LIE; values moving: all work " + r.movingLie + " LIE/s, the all-clear screen's render " + r.okViewLie + ", its draw " + r.okDrawLie + " LIE");
      for (const c of r.callbacks) console.log("   " + c.what + (c.sends ? ", request sent" : "") + ": " + c.calls + " calls, " + c.lie + " LIE, longest " + c.maxLie);
    }
    if (process.argv.indexOf("--json") >= 0) {
      const file = path.join(__dirname, "..", "..", "build", "espruino", "time.json");
      fs.writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
      console.log("wrote " + file);
    }
  })().catch((e) => { console.error(e); process.exit(1); });
}
