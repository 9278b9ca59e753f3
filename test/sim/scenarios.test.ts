/**
 * The scenario suite: every shipped scenario, for each BMS family it names, on both boards, headless against the
 * built firmware files (build/<board>/firmware.js, made by `npm run build` in pretest). The runs are spread over
 * two worker processes (two cores); each expectation failure is reported with its detail.
 * BMSBOX_BUILD_DIR=<dir> tests <dir>/<board>/firmware.js instead; BMSBOX_SCENARIOS=a,b runs only those.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { spawn } from "child_process";
import { loadScenario, shippedScenarioFiles } from "../../sim/scenario/format";
import { BOARD_IDS } from "../../sim/scenario/boards";
import { Job, JobResult } from "../../sim/scenario/worker";
import { firmwarePath } from "../../sim/firmware-file";

const ROOT = path.join(__dirname, "..", "..");
const WORKERS = 2;

const jobs: { job: Job; cost: number }[] = [];
/** BMSBOX_SCENARIOS=ocd,sc runs only those (while working on them); npm test runs all. */
const only = process.env.BMSBOX_SCENARIOS ? process.env.BMSBOX_SCENARIOS.split(",") : null;
for (const file of shippedScenarioFiles()) {
  if (only && only.indexOf(path.basename(file, ".json")) < 0) continue;
  const s = loadScenario(file);
  for (const board of BOARD_IDS) for (const family of s.families) {
    // JBD polls most often (9600 baud, two registers), so its runs cost the most host time.
    jobs.push({ job: { file, board, family }, cost: s.durationMs * (family === "jbd" ? 2 : 1) });
  }
}

function keyOf(j: Job): string {
  return path.basename(j.file, ".json") + " / " + j.board + " / " + j.family;
}

/** Longest first onto the least loaded worker. */
function split(n: number): Job[][] {
  const groups: Job[][] = [];
  const load: number[] = [];
  for (let i = 0; i < n; i++) { groups.push([]); load.push(0); }
  for (const j of jobs.slice().sort((a, b) => b.cost - a.cost)) {
    const k = load.indexOf(Math.min.apply(null, load));
    groups[k].push(j.job);
    load[k] += j.cost;
  }
  return groups;
}

function runWorker(group: Job[]): Promise<JobResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "sim", "scenario", "worker.ts"), JSON.stringify(group)], {
      cwd: ROOT, env: Object.assign({}, process.env, { TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") }),
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("error", reject);
    child.on("close", (code) => {
      const lines = out.split("\n").filter((l) => l.trim().length);
      if (code !== 0 && lines.length < group.length) return reject(new Error("scenario worker exited " + code + ": " + err.slice(0, 2000)));
      resolve(lines.map((l) => JSON.parse(l) as JobResult));
    });
  });
}

describe("sim scenarios (every shipped scenario, both boards, headless)", function () {
  this.timeout(20 * 60 * 1000);
  const results: { [key: string]: JobResult } = {};

  before(async function () {
    const dir = process.env.BMSBOX_BUILD_DIR;
    for (const b of BOARD_IDS) {
      const f = dir ? path.join(dir, b, "firmware.js") : firmwarePath(b);
      assert.ok(fs.existsSync(f), f + " is missing: `npm run build` first (npm test does it in pretest)");
    }
    const all = await Promise.all(split(WORKERS).map(runWorker));
    for (const group of all) for (const r of group) results[keyOf(r.job)] = r;
  });

  after(() => {
    // Host time per scenario (all its runs), slowest first: where the suite's minutes go.
    const per: { [name: string]: number } = {};
    for (const k of Object.keys(results)) {
      const name = k.split(" / ")[0];
      per[name] = (per[name] || 0) + results[k].hostMs;
    }
    const line = Object.keys(per).sort((a, b) => per[b] - per[a]).map((n) => n + " " + (per[n] / 1000).toFixed(1) + " s").join(", ");
    console.log("      scenario host time: " + line);
  });

  for (const j of jobs) {
    it(keyOf(j.job), () => {
      const r = results[keyOf(j.job)];
      assert.ok(r, "no result from the worker");
      assert.strictEqual(r.error, null, r.error || "");
      assert.ok(r.ok, r.failures.join("\n"));
    });
  }
});
