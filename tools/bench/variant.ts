/**
 * Firmware variants for comparisons, built in memory: the same board and sources as `npm run build`, with one
 * change applied while esbuild loads firmware/src/protocol/poller.ts — a fixed status period, as the anchors
 * poll (esphome JBD every 2 s, dbus-serialbattery every ~1 s; bms-protocols.md §1.1, §6.3).
 *
 * The firmware has no such knob (its loop is paced by the wire and each family's minimum spacing), so the
 * variant adds one: a status request starts at least `statusPeriodMs` after the previous status request; the
 * request that follows a status answer (JBD cells, a Daly extra) still goes at once, as the anchors read a
 * whole round per poll. Each text patch must match exactly once, or the build fails loudly: a changed poller
 * then needs this file updated rather than a silently unpatched benchmark.
 */
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { firmwareBuildOptions } from "../build";

const ROOT = path.resolve(__dirname, "..", "..");

interface Patch {
  find: string;
  replace: string;
}

function patches(periodMs: number): Patch[] {
  return [
    {
      // Remember when the last status request went out.
      find: "    this.kind = kind;\n    this.sentMs = nowMs;",
      replace: "    this.kind = kind;\n    this.sentMs = nowMs;\n    if (kind === this.statusKind()) this.benchStatusMs = nowMs;",
    },
    {
      // After an answer: unless an extra request follows the status at once, wait for the status period.
      find: "    if (byPeriod > next) next = byPeriod;",
      replace:
        "    if (byPeriod > next) next = byPeriod;\n" +
        "    const extraNext = this.afterStatus && this.fam !== \"jk\" && (this.fam === \"daly\" || this.cellsWanted(nowMs) || this.relPending);\n" +
        "    if (!extraNext && this.benchStatusMs !== undefined && this.benchStatusMs + " + periodMs + " > next) next = this.benchStatusMs + " + periodMs + ";",
    },
  ];
}

function applyPatches(src: string, ps: Patch[], file: string): string {
  let out = src;
  for (const p of ps) {
    const n = out.split(p.find).length - 1;
    if (n !== 1) throw new Error("bench variant: patch target found " + n + " times in " + file + ": " + JSON.stringify(p.find));
    out = out.replace(p.find, p.replace);
  }
  return out;
}

/**
 * The board's firmware with a fixed status period (ms), as one script (not gated: never flashed). esbuild's
 * synchronous API takes no plugins, so the sources are copied to a temporary folder and patched there.
 */
export function buildPeriodVariant(board: string, statusPeriodMs: number): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bmsbox-variant-"));
  try {
    for (const dir of ["firmware", "boards"]) fs.cpSync(path.join(ROOT, dir), path.join(tmp, dir), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "tsconfig.firmware.json"), path.join(tmp, "tsconfig.firmware.json"));
    const poller = path.join(tmp, "firmware", "src", "protocol", "poller.ts");
    fs.writeFileSync(poller, applyPatches(fs.readFileSync(poller, "utf8"), patches(statusPeriodMs), poller));
    // The same settings as the flashed firmware.js (minified), only the poller differs.
    const options = firmwareBuildOptions(true, tmp);
    options.entryPoints = [path.join(tmp, "boards", board + ".ts")];
    return esbuild.buildSync(options).outputFiles[0].text;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
