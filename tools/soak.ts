/**
 * `make soak`: the long reliability runs of issue 7 (the short forms run in `npm test`, test/reliability).
 *
 *   ts-node --transpile-only tools/soak.ts [--fuzz 1000000] [--hours 24] [--ber 1e-3] [--quick] [--serial]
 *
 * - Fuzzing: `--fuzz` mutated and random inputs per family through framer → decoder → snapshot builder
 *   (tools/soak/fuzz.ts): no exception, no frame failing its checksum emitted, framer bounded.
 * - Noisy line: `--hours` simulated hours per family at bit-error rate `--ber`, real faults injected every
 *   30 min (tools/soak/noise.ts): zero false codes, every fault detected within twice its noise-free p99
 *   (measured first: 100 random-phase trials, tools/bench/latency.ts).
 * - Write safety: every shipped scenario on every family it runs on, full length (tools/soak/scenarios.ts).
 * Prints a report and exits 1 when a guard failed. Jobs run in child processes, one per core.
 */
import { Family } from "../firmware/src/types";
import { firmwarePath } from "../sim/firmware-file";
import { runJobs, defaultParallel, runAsParentOrJob } from "./bench/jobs";
import { runFuzz, FuzzReport } from "./soak/fuzz";
import { runNoiseSoak, NoiseReport } from "./soak/noise";
import { scenarioWriteSafety, WriteSafetyResult } from "./soak/scenarios";
import { runLatency, stats } from "./bench/latency";
import { loadScenario, shippedScenarioFiles } from "../sim/scenario/format";
import * as fs from "fs";

const BOARD = "esp32-devkitc";
const FAMS: Family[] = ["jbd", "jk", "daly"];

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const QUICK = process.argv.indexOf("--quick") >= 0;
const FUZZ_N = Number(arg("--fuzz", QUICK ? "20000" : "1000000"));
const HOURS = Number(arg("--hours", QUICK ? "1" : "24"));
const BER = Number(arg("--ber", "1e-3"));
const EVERY_MS = 30 * 60000;

function runJob(name: string): unknown {
  const p = name.split("|");
  if (p[0] === "fuzz") {
    // in slices, so a failure report stays small and progress shows
    const fam = p[1] as Family;
    const total: FuzzReport = runFuzz(fam, Math.min(FUZZ_N, 100000), 1);
    for (let done = total.inputs, k = 2; done < FUZZ_N; k++) {
      const r = runFuzz(fam, Math.min(100000, FUZZ_N - done), k);
      total.inputs += r.inputs; total.bytes += r.bytes; total.emitted += r.emitted; total.invalidEmitted += r.invalidEmitted;
      total.snapshots += r.snapshots; total.withCodes += r.withCodes; total.exceptions += r.exceptions;
      total.maxPending = Math.max(total.maxPending, r.maxPending); total.hostMs += r.hostMs;
      for (const f of r.failures) if (total.failures.length < 5) total.failures.push(f);
      done += r.inputs;
    }
    return total;
  }
  if (p[0] === "ref") {
    const trials = runLatency({ board: BOARD, family: p[1] as Family, trials: QUICK ? 30 : 100, seed: 777 });
    const led = stats(trials.filter((t) => t.ledMs !== null).map((t) => t.ledMs as number));
    const oled = stats(trials.filter((t) => t.oledMs !== null).map((t) => t.oledMs as number));
    return { led, oled };
  }
  if (p[0] === "noise") return runNoiseSoak(BOARD, p[1] as Family, HOURS, BER, EVERY_MS, 24);
  // The same schedule on a clean line: proves the judge (no false codes, in time) before blaming the noise.
  if (p[0] === "clean") return runNoiseSoak(BOARD, p[1] as Family, Math.min(HOURS, 3), 0, EVERY_MS, 24);
  if (p[0] === "ws") return scenarioWriteSafety(BOARD, p[1], p[2] as Family);
  throw new Error("unknown job " + name);
}

async function main(): Promise<void> {
  if (!fs.existsSync(firmwarePath(BOARD))) throw new Error(firmwarePath(BOARD) + " is missing: run `npm run build` (make soak does)");
  const t0 = Date.now();
  const jobs: string[] = [];
  for (const f of FAMS) jobs.push("noise|" + f);
  for (const f of FAMS) jobs.push("ref|" + f, "fuzz|" + f, "clean|" + f);
  // --quick: two short scenarios only (a smoke test of the soak itself).
  const files = shippedScenarioFiles().filter((f) => !QUICK || /[\\/](ocd|sc)\.json$/.test(f));
  for (const file of files) for (const f of loadScenario(file).families) jobs.push("ws|" + file + "|" + f);
  const serial = process.argv.indexOf("--serial") >= 0;
  console.log("soak: " + jobs.length + " jobs on " + (serial ? 1 : defaultParallel()) + " process(es): fuzz " + FUZZ_N.toLocaleString("en") + " per family, noisy line " + HOURS + " h per family at BER " + BER + ", write safety on every scenario");
  const r = await runJobs(__filename, jobs, defaultParallel(), serial ? runJob : null, (s) => console.log(s));
  let failed = 0;
  const check = (ok: boolean, line: string) => { if (!ok) failed++; console.log((ok ? "  ok    " : "  FAIL  ") + line); };

  console.log("\n## Fuzzing (framer → decoder → snapshot builder)");
  for (const f of FAMS) {
    const x = r["fuzz|" + f] as FuzzReport;
    check(x.exceptions === 0 && x.invalidEmitted === 0 && x.maxPending <= x.bound && x.failures.length === 0,
      f.toUpperCase() + ": " + x.inputs.toLocaleString("en") + " inputs (" + (x.bytes / 1e6).toFixed(1) + " MB) in " + (x.hostMs / 1000).toFixed(1) + " s: " +
      x.exceptions + " exceptions, " + x.emitted.toLocaleString("en") + " frames emitted of which " + x.invalidEmitted + " invalid, " +
      x.withCodes.toLocaleString("en") + " snapshots with codes (all from valid frames), framer max " + x.maxPending + " / " + x.bound + " bytes pending" +
      (x.failures.length ? "\n        " + x.failures.join("\n        ") : ""));
  }

  console.log("\n## Noisy line: " + HOURS + " h per family at bit-error rate " + BER + ", a real fault every 30 min (after a clean-line control of the same schedule)");
  for (const key of ["clean", "noise"]) for (const f of FAMS) {
    const x = r[key + "|" + f] as NoiseReport;
    const ref = r["ref|" + f] as { led: { p99: number } | null; oled: { p99: number } | null };
    const limitLed = ref.led ? 2 * ref.led.p99 : 0;
    const limitOled = ref.oled ? 2 * ref.oled.p99 : 0;
    const tripped = x.injections.filter((i) => i.tripMs !== null);
    const led = x.injections.filter((i) => i.ledMs !== null).map((i) => i.ledMs as number);
    const oled = x.injections.filter((i) => i.oledMs !== null).map((i) => i.oledMs as number);
    const lateLed = tripped.filter((i) => i.ledMs === null || i.ledMs > limitLed).length;
    const lateOled = tripped.filter((i) => i.oledMs === null || i.oledMs > limitOled).length;
    const ls = stats(led);
    const os = stats(oled);
    console.log("  " + f.toUpperCase() + (key === "clean" ? " (control, clean line, " + x.hours + " h)" : " (BER " + x.ber + ", " + x.hours + " h)") + ": " + x.requests.toLocaleString("en") + " requests, " + x.replies.toLocaleString("en") + " replies, " + x.flippedBits.toLocaleString("en") +
      " bits flipped, " + x.noDataScreens + " NO DATA screens, " + x.firmwareErrors + " firmware errors; " + (x.hostMs / 1000).toFixed(0) + " s host");
    check(x.falseCodes.length === 0, f.toUpperCase() + ": false codes: " + x.falseCodes.length + (x.falseCodes.length ? " (first: " + x.falseCodes.slice(0, 3).map((c) => Math.round(c.tMs / 1000) + " s " + c.codes.join("+")).join(", ") + ")" : ""));
    check(tripped.length === x.injections.length && lateLed === 0 && lateOled === 0,
      f.toUpperCase() + ": " + tripped.length + " of " + x.injections.length + " faults tripped; detection LED p50/p99/max " + (ls ? Math.round(ls.p50) + "/" + Math.round(ls.p99) + "/" + Math.round(ls.max) : "–") +
      " ms, OLED " + (os ? Math.round(os.p50) + "/" + Math.round(os.p99) + "/" + Math.round(os.max) : "–") + " ms; limit (2 × noise-free p99) LED " + Math.round(limitLed) + " / OLED " + Math.round(limitOled) +
      " ms; late: LED " + lateLed + ", OLED " + lateOled);
  }

  console.log("\n## Write safety: every shipped scenario, every family, full length");
  for (const k of Object.keys(r).filter((x) => x.indexOf("ws|") === 0)) {
    const x = r[k] as WriteSafetyResult;
    check(x.ok, x.scenario + " (" + x.family + ", " + x.virtualMs / 60000 + " min): " + x.requests.toLocaleString("en") + " requests, " + x.writes + " release write(s), " + x.forbidden + " forbidden" +
      (x.error ? ": " + x.error : "") + (x.expectationsOk ? "" : " (the scenario's own expectations failed: not a write-safety matter)"));
  }
  console.log("\nsoak: " + (failed ? failed + " guard(s) FAILED" : "all guards held") + " in " + ((Date.now() - t0) / 1000).toFixed(0) + " s");
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) runAsParentOrJob(main, runJob);
