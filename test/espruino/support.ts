/**
 * What the real-interpreter tests share: building the interpreter (or failing with what is missing: never a
 * silent skip), the measured figures they leave for `make bench` and the docs, and small pattern helpers.
 */
import { spawnSync } from "child_process";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { firmwareBuildOptions } from "../../tools/build";
import { RealPinEvent } from "../../sim/espruino/real-box";
import { interpreterCommand } from "../../sim/espruino/interpreter";

const ROOT = path.resolve(__dirname, "..", "..");
export const REPORT = path.join(ROOT, "build", "espruino", "report.json");

/** Builds the interpreter if needed (tools/espruino/build.sh is cached) and checks it runs; throws its message. */
export function ensureInterpreter(): string[] {
  const r = spawnSync("bash", [path.join(ROOT, "tools", "espruino", "build.sh")], { encoding: "utf8", timeout: 900000 });
  if (r.status !== 0) throw new Error("make espruino failed:\n" + (r.stderr || "") + (r.stdout || ""));
  return interpreterCommand();
}

/**
 * Runs TypeScript that imports firmware modules on the interpreter: bundled with the firmware's own build options
 * (tools/build.ts), then `quit()`. Returns what it printed.
 */
export function runOnInterpreter(entry: string, sourcefile: string): string {
  const cmd = ensureInterpreter();
  const options = firmwareBuildOptions(true);
  options.stdin = { contents: entry, resolveDir: ROOT, loader: "ts", sourcefile };
  const code = esbuild.buildSync(options).outputFiles[0].text;
  const r = spawnSync(cmd[0], cmd.slice(1).concat(["-e", code + "\nquit();"]), { encoding: "utf8", timeout: 120000, stdio: ["ignore", "pipe", "pipe"] });
  return (r.stdout || "") + (r.stderr || "");
}

/** Checks the flash uploads exist (npm run test:espruino writes them with the build). */
export function ensureUpload(board: string): void {
  const f = path.join(ROOT, "build", board, "upload.js");
  if (!fs.existsSync(f)) throw new Error(f + " is missing: run `npm run build` (it writes build/<board>/upload.js)");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Adds figures to build/espruino/report.json (read by make bench and tools that write the docs). */
export function report(key: string, value: unknown): void {
  let all: { [k: string]: unknown } = {};
  try { all = JSON.parse(fs.readFileSync(REPORT, "utf8")); } catch (e) { all = {}; }
  all[key] = value;
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, JSON.stringify(all, null, 2) + "\n");
}

/** Times at which a digital output pin's level changed between fromMs and toMs (the first level seen included). */
function changeTimes(events: RealPinEvent[], pin: number, fromMs: number, toMs: number): number[] {
  const ts: number[] = [];
  let last: number | string | null = null;
  for (const e of events) {
    if (e.pin !== pin || e.kind !== "d" || e.tMs < fromMs || e.tMs > toMs || e.value === last) continue;
    last = e.value;
    ts.push(e.tMs);
  }
  return ts;
}

/** Level changes of a digital output pin between fromMs and toMs. */
export function toggles(events: RealPinEvent[], pin: number, fromMs: number, toMs: number): number {
  const n = changeTimes(events, pin, fromMs, toMs).length;
  return n > 0 ? n - 1 : 0;
}

/** Median of the gaps between successive level changes of a digital output pin between fromMs and toMs. */
export function medianToggleMs(events: RealPinEvent[], pin: number, fromMs: number, toMs: number): number {
  const ts = changeTimes(events, pin, fromMs, toMs);
  const gaps: number[] = [];
  for (let i = 1; i < ts.length; i++) gaps.push(ts[i] - ts[i - 1]);
  gaps.sort((a, b) => a - b);
  return gaps.length ? gaps[Math.floor(gaps.length / 2)] : NaN;
}

