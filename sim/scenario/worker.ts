/**
 * Runs scenario jobs in a child process and prints one JSON result per line: the scenario suite in `npm test`
 * starts two of these so both cores work (each run is single-threaded).
 *
 *   node -r ts-node/register/transpile-only sim/scenario/worker.ts '[{"file":…,"board":…,"family":…}]'
 *
 * BMSBOX_BUILD_DIR=<dir> runs <dir>/<board>/firmware.js instead of build/<board>/firmware.js (e.g. a build of
 * another checkout).
 */
import * as path from "path";
import { loadScenario } from "./format";
import { runScenario } from "./runner";
import { Family } from "../../firmware/src/types";

export interface Job {
  file: string;
  board: string;
  family: Family;
}

export interface JobResult {
  job: Job;
  ok: boolean;
  hostMs: number;
  virtualMs: number;
  failures: string[];
  error: string | null;
}

function runJob(job: Job): JobResult {
  try {
    const dir = process.env.BMSBOX_BUILD_DIR;
    const firmware = dir ? path.join(dir, job.board, "firmware.js") : undefined;
    const r = runScenario(loadScenario(job.file), { board: job.board, family: job.family, firmware });
    return {
      job, ok: r.ok, hostMs: r.hostMs, virtualMs: r.virtualMs,
      failures: r.results.filter((x) => !x.ok).map((x) => x.label + ": " + x.detail), error: null,
    };
  } catch (e) {
    return { job, ok: false, hostMs: 0, virtualMs: 0, failures: [], error: String((e as Error).stack || e) };
  }
}

if (require.main === module) {
  const jobs = JSON.parse(process.argv[2]) as Job[];
  for (const j of jobs) process.stdout.write(JSON.stringify(runJob(j)) + "\n");
}
