/**
 * Speed of the simulator: runs a scenario (default: the 24-hour default day) headless and prints how many times
 * faster than real time it went, with the share spent reading the screen. A benchmark, not a test: the figure
 * depends on the host and its load.
 *
 *   ts-node --transpile-only tools/bench-sim.ts [--scenario FILE] [--board B] [--bms jbd|jk|daly] [--hours H]
 *                                               [--firmware build/<board>/firmware.js]
 *
 * --hours replaces the scenario's duration (e.g. a quiet 24 h: --scenario sim/scenarios/ocd.json --hours 24 runs
 * the OCD timeline and then 24 h of idling).
 */
import * as path from "path";
import { loadScenario } from "../sim/scenario/format";
import { ScenarioRun } from "../sim/scenario/runner";
import { Family } from "../firmware/src/types";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf("--" + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

const file = arg("scenario", path.join(__dirname, "..", "sim", "scenarios", "default.json"));
const s = loadScenario(file);
const hours = Number(arg("hours", "0"));
if (hours > 0) s.durationMs = hours * 3600000;
const family = arg("bms", s.families[0]) as Family;
if (s.families.indexOf(family) < 0) s.families.push(family);
const board = arg("board", "esp32-devkitc");

const run = new ScenarioRun(s, { board, family, firmware: arg("firmware", "") || undefined });
let screenMs = 0;
const sample = run.sampleScreen.bind(run);
run.sampleScreen = (): void => {
  const t = process.hrtime.bigint();
  sample();
  screenMs += Number(process.hrtime.bigint() - t) / 1e6;
};
const t0 = process.hrtime.bigint();
run.start();
run.runToEnd();
const hostMs = Number(process.hrtime.bigint() - t0) / 1e6;
const ok = run.evaluate().every((r) => r.ok);
const ratio = s.durationMs / hostMs;
console.log(
  s.name + " (" + (s.durationMs / 3600000).toFixed(2) + " h simulated) on " + board + " / " + family.toUpperCase() + ": " +
    (hostMs / 1000).toFixed(1) + " s host, " + Math.round(ratio) + "x real time" + (ratio >= 1000 ? " (>= 1000x: ok)" : " (< 1000x)"),
);
console.log(
  "  " + run.wire.stats.requests + " requests, " + run.clock.eventsRun + " clock events, " + run.oled.frames + " OLED frames, " +
    "screen reading " + Math.round(screenMs) + " ms (" + Math.round((100 * screenMs) / hostMs) + " %), expectations " + (ok ? "met" : "FAILED"),
);
