/**
 * `make bench`: the benchmarks of issue 7, printed and written to docs/benchmarks.md.
 *
 *   ts-node --transpile-only tools/bench.ts [--trials 200] [--hours 24] [--quick] [--serial] [--no-write]
 *
 * - Detection latency per family, trip → LED change and trip → first OLED frame showing the code, over
 *   `--trials` random-phase trials (tools/bench/latency.ts), for the firmware as built and for the same firmware
 *   with the anchors' fixed status periods of 1 s and 2 s (tools/bench/variant.ts), beside the wire limit.
 * - On the real interpreter: interpreter time per callback kind (tools/bench/fit.ts) and the memory rows of the fit
 *   budget, peaks included (tools/bench/real-memory.ts, `--mem-polls` answered requests after every screen).
 * - Size of each built file; JsVar estimate at boot and after 1k/10k/20k polls (tools/bench/memory.ts).
 * - Host throughput of framer + decoder; simulator speed over a `--hours` run (default 24 h, JBD: the busiest line).
 * Long jobs run in child processes, as many as there are cores (at most 4). Needs `npm run build` first (make
 * bench does it).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Family } from "../firmware/src/types";
import { BOARDS } from "./build";
import { firmwarePath } from "../sim/firmware-file";
import { runLatency, stats, wireLimit, Trial, Stats } from "./bench/latency";
import { buildPeriodVariant } from "./bench/variant";
import { measureMemory, MemoryResult } from "./bench/memory";
import { measureThroughput, ThroughputResult } from "./bench/throughput";
import { measureSimSpeed, SimSpeedResult } from "./bench/simspeed";
import { runJobs, defaultParallel, runAsParentOrJob } from "./bench/jobs";
import { measureFit, fitSection, BUDGET, mark } from "./bench/fit";
import { cpuChargeFor, detectionChargeFor, DEFAULT_US_PER_LIE, TIME_FILE } from "./bench/cpu-charge";
import { FamilyTime, DETECTIONS } from "./bench/interpreter-time";
import { INTERPRETER } from "../sim/espruino/interpreter";
import { measureRealMemory, FamilyMemory, GROWTH_FROM, READINGS, READ_GAP_MS, growthOf, growthBesideInts } from "./bench/real-memory";
import { HIST_SIZE } from "../firmware/src/engine/history";

const ROOT = path.resolve(__dirname, "..");
const FAMS: Family[] = ["jbd", "jk", "daly"];
const PERIODS = [0, 1000, 2000];
const TARGET_P99: { [f: string]: number } = { jbd: 150, jk: 250, daly: 400 };
/** Targets with the interpreter's time counted (issue 11). */
const TARGET_P99_CPU: { [f: string]: number } = { jbd: 300, jk: 400, daly: 600 };
const BENCH_BOARD = "esp32-devkitc";

/**
 * The memory headline, measured on the real interpreter by `npm run test:espruino` (build/espruino/report.json):
 * process.memory() of the flashed firmware stored as .bootcde, less the test shims' own JsVars.
 */
export function realMemorySection(): string[] {
  const file = path.join(__dirname, "..", "build", "espruino", "report.json");
  if (!fs.existsSync(file)) return ["Memory on the real interpreter: not measured in this run (run `npm run test:espruino` first).", ""];
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const out = [
    "**Memory on the real interpreter** (Espruino 2v29 for Linux with the ESP32's store of 16,383 JsVars of 14 bytes,",
    "`make espruino`; the flashed upload stored as `.bootcde`; `npm run test:espruino`, " + fs.statSync(file).mtime.toISOString().slice(0, 16).replace("T", " ") + " UTC):",
    "the firmware's own JsVars = process.memory().usage less the test shims' own (" + (r.shims ? r.shims.usage : "?") + ", which include the interpreter's base).",
    "",
    "| BMS | after boot | after the run (polls) | budget (issue 11) | met | simulator's estimate after boot | off |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const f of ["jbd", "jk", "daly"]) {
    const m = r["memory." + f];
    const c = r["calibration." + f];
    if (!m) continue;
    out.push("| " + f.toUpperCase() + " | " + m.afterBoot + " | " + m.afterRun + " (" + m.polls + ") | " + BUDGET.ownJsVars + " | " +
      mark(Math.max(m.afterBoot, m.afterRun), BUDGET.ownJsVars) + " | " + (c ? c.sim : "—") + " | " + (c ? Math.round(c.off * 100) + " %" : "—") + " |");
  }
  out.push("");
  return out;
}

/** The memory rows of the fit budget, measured by tools/bench/real-memory.ts in this run. */
function memoryBudgetSection(mem: FamilyMemory[] | null): string[] {
  const out: string[] = ["### Memory (real interpreter)", ""];
  if (!mem) return out.concat(["Not measured in this run: the interpreter is not built (`make espruino`).", ""]);
  out.push(
    "The firmware's own JsVars (process.memory().usage less the shims' own) on the interpreter with the ESP32's store, the",
    "flashed upload stored as `.bootcde` (tools/bench/real-memory.ts): after boot; after every screen shown once (a code, muted,",
    "a refused clear, its clear, the cell screen, the history browser) with the history ring full (" + HIST_SIZE + " entries stored before boot);",
    "then " + MEM_POLLS + " more answered requests at rest, the own JsVars read at " + GROWTH_FROM + " of them and at the end; the growth is",
    "counted from there (the budget's \"between 1k and 10k polls\"; from every screen when the run is shorter). The families run",
    "side by side, each a separate interpreter in real time. Peaks (process.memory().peak, counted every 4th allocation by the",
    "test interpreter's hook, tools/espruino/peak.py): while the upload's lines are received (the CLI's reset() has stopped the",
    "firmware), and from load() to the all-clear screen.",
    "",
    "Each figure after boot and later is the lowest of " + READINGS + " readings " + READ_GAP_MS + " ms apart (the steady state: one reading can catch",
    "an answer on its way in, ~25 JsVars for a JK read-all); the highest single reading is beside them.",
    "",
    "Growth: the own JsVars after " + MEM_POLLS + " polls less those after " + GROWTH_FROM + "; of it the int step, the integers that took a JsVar of",
    "their own meanwhile (a value past 8,191, the largest an int stored in its property's own JsVar holds, Espruino src/jsutils.h",
    "JSVARREF_MAX: the running counters of requests, answers and frames pass it near 8.2k polls), counted in a trace() dump of",
    "everything the interpreter holds taken at both ends; the budget is for the rest.",
    "",
    "| BMS | upload peak | boot peak | budget | after boot | every screen, history full | after " + GROWTH_FROM + " polls | after " + MEM_POLLS + " polls | budget | highest reading | growth | of it, int step | beside it | budget |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const m of mem) {
    const steady = Math.max(m.afterBoot, m.afterScreens, m.afterPolls, m.atGrowthFrom === null ? 0 : m.atGrowthFrom);
    const g = growthOf(m);
    const rest = growthBesideInts(m);
    const signed = (n: number) => (n >= 0 ? "+" : "") + n;
    out.push("| " + [m.family.toUpperCase(), m.uploadPeak, m.bootPeak, BUDGET.peakJsVars + " " + mark(Math.max(m.uploadPeak, m.bootPeak), BUDGET.peakJsVars),
      m.afterBoot, m.afterScreens, m.atGrowthFrom === null ? "–" : m.atGrowthFrom, m.afterPolls + " (" + m.polls + ")",
      BUDGET.ownJsVars + " " + mark(steady, BUDGET.ownJsVars), m.highest, signed(g), m.intSteps, signed(rest), "0 " + mark(rest, 0)].join(" | ") + " |");
  }
  out.push("");
  return out;
}

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const QUICK = process.argv.indexOf("--quick") >= 0;
const TRIALS = Number(arg("--trials", QUICK ? "30" : "200"));
const HOURS = Number(arg("--hours", QUICK ? "1" : "24"));
/**
 * Answered requests after every screen in the real-interpreter memory run (real time: JBD ~9 a second, JK and Daly ~5:
 * 10k take ~40 minutes, side by side with the rest of the bench).
 */
const MEM_POLLS = Number(arg("--mem-polls", QUICK ? "20" : "10000"));
/** Interpreter speed assumed for the latency with interpreter time counted, µs per LIE (default: 10 LIE/ms). */
const US_PER_LIE = Number(arg("--us-per-lie", String(DEFAULT_US_PER_LIE)));
/** Across the ESP32 band (10, 20, 30 LIE per ms): the same latency at the band's middle and fast end. */
const BAND_US_PER_LIE = [100, 50, 33];

interface LatencyJob {
  family: Family;
  periodMs: number;
  trials: Trial[];
  hostMs: number;
}

function runJob(name: string): unknown {
  const p = name.split(":");
  if (p[0] === "latcpu") {
    // The firmware as built, each callback charged its interpreter time (tools/bench/cpu-charge.ts).
    const family = p[1] as Family;
    const t0 = Date.now();
    const cpuMs = cpuChargeFor(family, Number(p[2]));
    const detection = detectionChargeFor(family, Number(p[2]));
    if (!cpuMs || !detection) throw new Error(TIME_FILE + " has no figures for " + family);
    const trials = runLatency({ board: BENCH_BOARD, family, trials: TRIALS, seed: 20261125, cpuMs, detection });
    return { family, periodMs: 0, trials, hostMs: Date.now() - t0 } as LatencyJob;
  }
  if (p[0] === "lat") {
    const family = p[1] as Family;
    const periodMs = Number(p[2]);
    const t0 = Date.now();
    const code = periodMs ? buildPeriodVariant(BENCH_BOARD, periodMs) : undefined;
    const trials = runLatency({ board: BENCH_BOARD, family, trials: TRIALS, seed: 20261125, code });
    return { family, periodMs, trials, hostMs: Date.now() - t0 } as LatencyJob;
  }
  if (p[0] === "mem") return measureMemory(p[1], p[2] as Family, p[3] === "min", [1000, 8000, 8400, 10000, 20000]);
  if (p[0] === "tput") return FAMS.map((f) => measureThroughput(f, QUICK ? 0.3 : 1.5));
  if (p[0] === "speed") return measureSimSpeed(BENCH_BOARD, p[1] as Family, Number(p[2]));
  throw new Error("unknown job " + name);
}

const ms = (x: number | undefined | null): string => (x === undefined || x === null ? "–" : String(Math.round(x)));

function statCells(s: Stats | null): string {
  return s ? ms(s.min) + " / " + ms(s.p50) + " / " + ms(s.p99) : "none";
}

function machine(): string {
  let cpu = "unknown CPU";
  try {
    const m = /model name\s*:\s*(.*)/.exec(fs.readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1].trim();
  } catch (e) {
    cpu = os.cpus()[0] ? os.cpus()[0].model : cpu;
  }
  return os.cpus().length + " cores (nproc), " + cpu + ", Node " + process.version + ", " + os.platform() + " " + os.release();
}

async function main(): Promise<void> {
  const started = Date.now();
  const out: string[] = [];
  const say = (s: string) => { out.push(s); console.log(s); };
  for (const b of BOARDS) {
    if (!fs.existsSync(firmwarePath(b))) throw new Error(firmwarePath(b) + " is missing: run `npm run build` (make bench does)");
  }
  // The real interpreter first, one family at a time with nothing else running (it runs in real time); its figures
  // (build/espruino/time.json) also give the simulator the interpreter time to charge in the latency jobs below.
  const fitSeconds = QUICK ? 8 : 20;
  let fit: FamilyTime[] | null = null;
  if (fs.existsSync(INTERPRETER)) {
    console.log("bench: interpreter time on the real interpreter, " + fitSeconds + " s per family");
    fit = await measureFit(fitSeconds, QUICK ? 2 : DETECTIONS);
    fs.writeFileSync(TIME_FILE, JSON.stringify(fit, null, 2) + "\n");
  }
  // The memory run takes real time (10k polls: ~40 min) but little CPU: it runs beside the simulator's jobs.
  let memRun: Promise<FamilyMemory[]> | null = null;
  if (fs.existsSync(INTERPRETER)) {
    console.log("bench: memory on the real interpreter, " + MEM_POLLS + " polls per family after every screen, beside the jobs below");
    memRun = measureRealMemory(MEM_POLLS);
  }
  const jobs: string[] = [];
  if (fit) for (const f of FAMS) for (const us of [US_PER_LIE].concat(BAND_US_PER_LIE.filter((u) => u !== US_PER_LIE))) jobs.push("latcpu:" + f + ":" + us);
  jobs.push("speed:jbd:" + HOURS * 3600000);
  for (const f of FAMS) for (const p of PERIODS) jobs.push("lat:" + f + ":" + p);
  jobs.push("mem:" + BENCH_BOARD + ":jbd:readable", "mem:" + BENCH_BOARD + ":jbd:min", "mem:" + BENCH_BOARD + ":jk:min", "mem:" + BENCH_BOARD + ":daly:min");
  jobs.push("tput");
  const parallel = defaultParallel();
  console.log("bench: " + jobs.length + " jobs on " + (process.argv.indexOf("--serial") >= 0 ? 1 : parallel) + " process(es), " + TRIALS + " trials per latency configuration, " + HOURS + " h simulator run");
  const r = await runJobs(__filename, jobs, parallel, process.argv.indexOf("--serial") >= 0 ? runJob : null, (s) => console.log(s));
  const mem = memRun ? await memRun : null;

  say("# Benchmarks");
  say("");
  say("Written by `make bench` (tools/bench.ts) on " + new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC; machine: " + machine() + ".");
  say("Firmware: build/" + BENCH_BOARD + "/firmware.js as built (git " + gitRev() + "). All times are virtual ms of the simulator (sim/runtime):");
  say("UART bytes take 10 bit times, the BMS model answers after its turnaround, the ESP32 RX task delivers bytes on a 5 ms grid, JavaScript takes no time.");
  say("");

  for (const line of fitSection(fit, fitSeconds)) say(line);
  for (const line of memoryBudgetSection(mem)) say(line);

  say("## Detection latency");
  say("");
  say("From the moment the BMS model's pack logic sets the protection flag (OCD: a 160 A load switched on at a random moment, the");
  say("BMS trips exactly 1 s later) to (a) the LED pin changing to the code's pattern and (b) the first OLED frame whose pixels");
  say("read \"OCD\" (OCR of the SSD1306 model). " + TRIALS + " trials per row, each a fresh box and BMS, seeded. min / p50 / p99 in ms.");
  say("\"1 s\" / \"2 s\": the same firmware with a fixed status period as the anchors poll (dbus-serialbattery ~1 s, esphome JBD 2 s),");
  say("patched in at build time (tools/bench/variant.ts): the firmware itself has no poll-period setting.");
  say("");
  say("| family | poll | LED min / p50 / p99 | OLED min / p50 / p99 | wire limit min / p50 / p99 | target p99 | met |");
  say("|---|---|---|---|---|---|---|");
  const chain: string[] = [];
  for (const f of FAMS) {
    for (const p of PERIODS) {
      const j = r["lat:" + f + ":" + p] as LatencyJob;
      const led = stats(j.trials.filter((t) => t.ledMs !== null).map((t) => t.ledMs as number));
      const oled = stats(j.trials.filter((t) => t.oledMs !== null).map((t) => t.oledMs as number));
      const w = wireLimit(f, p);
      const worst = Math.max(led ? led.p99 : Infinity, oled ? oled.p99 : Infinity);
      const missing = j.trials.filter((t) => t.ledMs === null || t.oledMs === null).length;
      const noTrip = j.trials.filter((t) => isNaN(t.tripMs)).length;
      const met = p === 0 ? (worst <= TARGET_P99[f] && missing === 0 ? "yes" : "**no**") : worst <= TARGET_P99[f] ? "yes" : "no";
      say("| " + f.toUpperCase() + " | " + (p ? p / 1000 + " s" : "as built") + " | " + statCells(led) + " | " + statCells(oled) +
        " | " + ms(w.minMs) + " / " + ms(w.p50Ms) + " / " + ms(w.p99Ms) + " | " + TARGET_P99[f] + " | " + met + (missing ? " (" + missing + " trials never showed it" + (noTrip ? ", " + noTrip + " never tripped" : "") + ")" : "") + " |");
      if (p === 0) {
        const mean = (k: "waitMs" | "wireMs" | "boxMs") => stats(j.trials.filter((t) => t[k] !== null).map((t) => t[k] as number));
        const wt = mean("waitMs");
        const wr = mean("wireMs");
        const bx = mean("boxMs");
        chain.push("| " + f.toUpperCase() + " | " + ms(w.cycleMs) + " | " + w.detail + " | " + ms(wt && wt.mean) + " (p99 " + ms(wt && wt.p99) + ") | " +
          ms(wr && wr.mean) + " | " + ms(bx && bx.mean) + " (max " + ms(bx && bx.max) + ") |");
      }
    }
  }
  say("");
  say("**With the interpreter's time counted** (issue 11): the same trials, the firmware as built, each callback in the simulator");
  say("charged the mean time its kind took on the real interpreter in the run above (tools/bench/cpu-charge.ts); draw() at least the");
  say("draw measured for a code's screen, plus the I2C bus time at 400 kHz (the ESP32 waits it out in writeTo); a render that found a");
  say("changed screen at least the render measured then (the once-a-second render that rebuilt the all-clear screen: its cost with");
  say("values moving). The detection's own chain is charged as the run above measured it, not a steady pack's means: the read that");
  say("takes the first reply built after the trip (a first code's LED and first look come in it, from the reply's protection bits");
  say("before its decode: firmware/main.ts onCodes) up to its LED write, then up to its first display write (the first look drawn),");
  say("then the rest (the decode in full); the engine's callback after it (the new episode) whole (cpu-charge.ts");
  say("detectionChargeFrom). At " + US_PER_LIE + " µs per LIE");
  say("(`--us-per-lie`; " + DEFAULT_US_PER_LIE + " = 10 LIE/ms, the slow end of the ESP32 estimate): a callback due while an earlier one runs waits for it.");
  say("An LED change a charged callback makes counts at the end of its own charge (the charge says how long it runs, not where in it");
  say("the write comes; sim/runtime/device.ts outputTime; the detection's read: where the run measured its LED write), and so does a");
  say("request to the BMS; a callback is charged what its runs that sent no request cost, one that sends the difference on top at");
  say("its write (the host's poll loop sent most requests in the read of the answer before, a slow ESP32's in a run of their own),");
  say("a frame after the drawing and the bus time too; a timer it sets after reading the time counts from its end, as Espruino counts");
  say("from the setTimeout call. UART data that came during a callback reaches its listener before any timer due then (jsiIdle).");
  if (US_PER_LIE < 100) {
    say("Below 100 µs per LIE these are optimistic: on a faster interpreter the firmware also keeps its polling under 5,000 LIE a second");
    say("(firmware/main.ts LIE_PER_S, from a timing loop that takes no time in the simulator), which polls more slowly than here.");
  }
  say("");
  if (fit) {
    say("| family | LED min / p50 / p99 | OLED min / p50 / p99 | target p99 | met |");
    say("|---|---|---|---|---|");
    for (const f of FAMS) {
      const j = r["latcpu:" + f + ":" + US_PER_LIE] as LatencyJob;
      const led = stats(j.trials.filter((t) => t.ledMs !== null).map((t) => t.ledMs as number));
      const oled = stats(j.trials.filter((t) => t.oledMs !== null).map((t) => t.oledMs as number));
      const missing = j.trials.filter((t) => t.ledMs === null || t.oledMs === null).length;
      const worst = Math.max(led ? led.p99 : Infinity, oled ? oled.p99 : Infinity);
      say("| " + f.toUpperCase() + " | " + statCells(led) + " | " + statCells(oled) + " | " + TARGET_P99_CPU[f] + " | " +
        (worst <= TARGET_P99_CPU[f] && missing === 0 ? "yes" : "**no**") + (missing ? " (" + missing + " trials never showed it)" : "") + " |");
    }
    say("");
    const chainText = fit.map((t) => t.family.toUpperCase() + " " + (t.chainInRead
      ? "read " + t.chainReadLie + " (LED at " + t.chainLedLie + ", display at " + t.chainFrameLie + "), engine " + t.chainEngineLie
      : "read " + t.chainReadLie + ", engine " + t.chainEngineLie + " (LED at " + t.chainLedLie + ", display at " + t.chainFrameLie + ")"));
    say("Across the ESP32 band (the same charge at each speed; p99 LED / OLED ms, target in brackets):");
    say("");
    say("| family | " + BAND_US_PER_LIE.map((u) => Math.round(1000 / u) + " LIE/ms").join(" | ") + " |");
    say("|---|" + BAND_US_PER_LIE.map(() => "---|").join(""));
    for (const f of FAMS) {
      const cells = BAND_US_PER_LIE.map((u) => {
        const j = r["latcpu:" + f + ":" + u] as LatencyJob | undefined;
        if (!j) return "-";
        const led = stats(j.trials.filter((t) => t.ledMs !== null).map((t) => t.ledMs as number));
        const oled = stats(j.trials.filter((t) => t.oledMs !== null).map((t) => t.oledMs as number));
        return ms(led && led.p99) + " / " + ms(oled && oled.p99);
      });
      say("| " + f.toUpperCase() + " (" + TARGET_P99_CPU[f] + ") | " + cells.join(" | ") + " |");
    }
    say("");
    say("The detection's chain as measured (LIE: the read of the reply with the new flags, the engine's callback after it, and where in the one that");
    say("changed the LED its first LED and display writes came): " + chainText.join("; ") + ".");
    say("A steady pack's read costs " + fit.map((t) => t.family.toUpperCase() + " " + t.perRequestLie).join(", ") + " LIE per answer (median): the reply that carries a new code is");
    say("decoded in full; a first code's pattern and first look come in that read before its decode (firmware/main.ts onCodes), the engine's new");
    say("episode after it.");
  } else {
    say("Not measured in this run: the interpreter is not built (`make espruino`).");
  }
  say("");
  say("Where the time goes (firmware as built, means over the trials): waiting for the next request after the trip, that");
  say("request's round trip on the wire (request bytes + turnaround + reply bytes), then the box (ESP32 RX poll grid + the");
  say("render coalescing timer; a first code's LED changes in the read that takes the status carrying it, from its protection bits");
  say("before its decode, and its first look (code, class, meaning, first action) is drawn right after: firmware/main.ts onCodes;");
  say("the engine's new episode follows in its own callback, the full screen with the render that builds it and the draw after it).");
  say("");
  say("| family | status cycle ms | cycle from | wait for request | request → reply end | reply end → LED |");
  say("|---|---|---|---|---|---|");
  for (const c of chain) say(c);
  say("");

  say("## Size and memory");
  say("");
  say("| board | firmware.js bytes (flashed, minified) | firmware.readable.js bytes |");
  say("|---|---|---|");
  for (const b of BOARDS) say("| " + b + " | " + fs.statSync(firmwarePath(b)).size + " | " + fs.statSync(firmwarePath(b, "readable")).size + " |");
  say("");
  for (const line of realMemorySection()) say(line);
  say("JsVars in use (ESP32: 14 bytes each, 16383 in all) estimated by the simulator's walk (sim/runtime/memory.ts), whose costs follow");
  say("espruino.md §3.1–3.2 ESP32 column: 1 per object/array/function, 1 per property (+1 for a name over 4 chars, +1 for a value");
  say("that is not an int within −8192..8191), strings 9 + 10 per block, buffers over 19 bytes flat (⌈n/14⌉ + 1), +2 per class");
  say("instance, 3 + 1 per parameter for every reachable function (its body stays in flash: the box runs from .bootcde; measured");
  say("on the interpreter), the closures' scopes, plus 220 for the interpreter. Calibrated against the real interpreter above");
  say("(within 10 %, a test in npm run test:espruino). Taken 5 s after boot and after N polls of a steady BMS (requests the");
  say("model received). Uncapped: process.memory() would report at most 16383.");
  say("");
  say("| board | build | BMS | boot | 1k polls | 8k polls | 8.4k polls | 10k polls | 20k polls | growth boot → 10k | growth 1k → 10k | fits 16383 |");
  say("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const k of Object.keys(r).filter((x) => x.indexOf("mem:") === 0)) {
    const m = r[k] as MemoryResult;
    const v = m.points.map((x) => x.jsVars);
    const peak = Math.max.apply(null, v);
    const g = (a: number, b: number) => (v[b] - v[a] >= 0 ? "+" : "") + (v[b] - v[a]);
    say("| " + m.board + " | " + (m.minified ? "min" : "readable") + " | " + m.family.toUpperCase() + " | " + v.join(" | ") + " | " + g(0, 4) + " | " + g(1, 4) +
      " | " + (peak <= m.total ? "yes (" + Math.round((100 * peak) / m.total) + " %)" : "**no** (" + Math.round((100 * peak) / m.total) + " %)") + " |");
  }
  say("");
  say("Reading the growth: the first few hundred polls fill in what boot leaves empty (cells, temperatures, the first");
  say("history and diagnosis caches); after that it moves by a few JsVars (strings whose length changes with the values");
  say("shown; Daly's rotating extra answers) plus, on JBD and JK, one step between 8k and 8.4k polls, where the request counter has just passed ~8,190: the");
  say("firmware's running counters (requests, answers, frames) outgrow the inline ints of −8192..8191 and take one JsVar each");
  say("(espruino.md §3.1). They stay there until 2^31; nothing accumulates, so this is not a leak — but it is not literally zero.");
  say("");

  say("## Throughput");
  say("");
  say("| family | frame bytes | framer + decoder + snapshot, frames/s (host, one core) | MB/s |");
  say("|---|---|---|---|");
  for (const t of r["tput"] as ThroughputResult[]) say("| " + t.family.toUpperCase() + " | " + t.frameBytes + " | " + Math.round(t.framesPerS).toLocaleString("en") + " | " + t.mbPerS.toFixed(1) + " |");
  say("");
  const s = r["speed:jbd:" + HOURS * 3600000] as SimSpeedResult;
  say("Simulator speed: " + HOURS + " h of virtual time with a JBD BMS (the busiest line: a status request every ~" + ms(wireLimit("jbd", 0).cycleMs) + " ms) in " +
    (s.hostMs / 1000).toFixed(1) + " s of host time = **" + Math.round(s.ratio) + "× real time**; " + s.requests.toLocaleString("en") + " requests, " +
    s.oledFrames.toLocaleString("en") + " OLED frames, " + s.errors + " firmware errors.");
  say("");
  say("Bench run time: " + ((Date.now() - started) / 1000).toFixed(0) + " s.");
  if (process.argv.indexOf("--no-write") < 0) {
    fs.writeFileSync(path.join(ROOT, "docs", "benchmarks.md"), out.join("\n") + "\n");
    console.log("\nwritten: docs/benchmarks.md");
  }
}

function gitRev(): string {
  try {
    return require("child_process").execSync("git rev-parse --short HEAD", { cwd: ROOT, encoding: "utf8" }).trim();
  } catch (e) {
    return "unknown";
  }
}

if (require.main === module) runAsParentOrJob(main, runJob);
