/**
 * Build: one board's firmware → one plain script for Espruino, then the Espruino gate on it.
 *
 *   ts-node tools/build.ts [--board esp32-devkitc] [--all]
 *
 * Writes build/<board>/firmware.js, the flashed form: constants folded and minified (whitespace, syntax, local
 * names, long property names: tools/shrink.ts), because every name the running code keeps costs the ESP32 JsVars.
 * It is the file `make flash` uploads and the file every simulator test runs. Beside it
 * build/<board>/firmware.readable.js: the same code unminified, for reading, and for the gate to name the
 * TypeScript module behind a problem. Both must pass the gate.
 *
 * The board files are data (boards/board.ts); the bundle's entry is generated: it hands the board's BOARD,
 * written out as a literal, to startBox (firmware/main.ts). Which boards exist: boards/index.ts. Before bundling,
 * the board is checked against the ESP32 port's pin rules (tools/board-lint.ts). Where the built files go:
 * sim/firmware-file.ts.
 */
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { checkSource, formatProblem } from "./gate";
import { lintBoard } from "./board-lint";
import { shrink } from "./shrink";
import { BOARD_IDS, DEFAULT_BOARD as FIRST_BOARD, boardEntry } from "../boards";
import { BoardConfig } from "../boards/board";
import { FIRMWARE_FORMS, firmwarePath } from "../sim/firmware-file";

const ROOT = path.resolve(__dirname, "..");
/** The board ids, from boards/index.ts (the one list). */
export const BOARDS = BOARD_IDS;
export const DEFAULT_BOARD = FIRST_BOARD;

/**
 * The esbuild settings that turn firmware TypeScript into one script for Espruino. Shared with everything that
 * bundles firmware code outside `make build` (benchmark variants, tests of a module bundled alone), so the
 * settings cannot drift apart. `root` is where tsconfig.firmware.json lives.
 */
export function firmwareBuildOptions(minify: boolean, root = ROOT, statusPeriodMs = 0): esbuild.BuildOptions & { write: false } {
  return {
    // Build-time settings (firmware/src/protocol/poller.ts): only the benchmark's comparison builds change them.
    define: { BMSBOX_STATUS_PERIOD_MS: String(statusPeriodMs) },
    bundle: true,
    write: false,
    // An IIFE keeps our names off Espruino's global scope (a top-level `const E` would shadow a built-in).
    // It is written as banner/footer around CommonJS output because esbuild's own "iife" format turns the
    // external `require("Storage")` into a `__require` shim (with Proxy), while "cjs" keeps the call as is.
    format: "cjs",
    banner: { js: "(function () {" },
    footer: { js: "})();" },
    // ES2015 is the highest target at which esbuild still lowers **, ?., ??= (espruino.md §0).
    target: "es2015",
    // ESP32 Espruino strings are bytes: escape non-ASCII so "°" arrives as the one byte 0xB0.
    charset: "ascii",
    legalComments: "none",
    minifyWhitespace: minify,
    minifySyntax: minify,
    minifyIdentifiers: minify,
    tsconfig: path.join(root, "tsconfig.firmware.json"),
    // Espruino's built-in modules stay plain `require("Storage")` calls in the output (the gate checks them).
    external: ["Storage"],
    logLevel: "silent",
  };
}

/**
 * The generated entry of a board's bundle: startBox with the board's data (boards/<id>.ts) written out as a
 * literal, nothing else. A literal is made for the start and dropped once the box has taken what it keeps; an
 * imported BOARD constant would stay in the firmware's scope for good (~50 JsVars on the ESP32). `patch` (tests
 * only) replaces top-level fields of the board's data, e.g. { buzzer: { pin: "D25", freqHz: 2700 } }.
 */
export function entrySource(board: string, patch?: Partial<BoardConfig>): string {
  const data = Object.assign({}, boardEntry(board).board, patch || {});
  return 'import { startBox } from "./firmware/main";\n' + "startBox(" + sourceOf(data) + ");\n";
}

/** Data as a JavaScript literal with unquoted keys, so that the build may shorten them like any other name. */
function sourceOf(v: unknown): string {
  if (Array.isArray(v)) return "[" + v.map(sourceOf).join(", ") + "]";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  const o = v as { [k: string]: unknown };
  return "{ " + Object.keys(o).map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)) + ": " + sourceOf(o[k])).join(", ") + " }";
}

/**
 * One board's firmware as a single script, not written anywhere. The flashed form (minify) is the readable bundle
 * through tools/shrink.ts: constants folded, then minified with the long property names shortened.
 */
export function bundle(board: string, minify: boolean, patch?: Partial<BoardConfig>, statusPeriodMs = 0): string {
  boardEntry(board);
  const options = firmwareBuildOptions(false, ROOT, statusPeriodMs);
  options.stdin = { contents: entrySource(board, patch), resolveDir: ROOT, sourcefile: "boards/" + board + ".entry.ts", loader: "ts" };
  const readable = esbuild.buildSync(options).outputFiles[0].text;
  return minify ? shrink(readable) : readable;
}

/** Builds one board; returns false (after printing every problem) when the board lint or the gate rejects it. */
export function buildBoard(board: string): boolean {
  const entry = boardEntry(board);
  const lint = lintBoard(entry.board, entry.circuit);
  for (const p of lint) console.error("boards/" + board + ".ts: " + p);
  if (lint.length) return false;
  let ok = true;
  for (const form of FIRMWARE_FORMS) {
    const file = firmwarePath(board, form);
    const code = bundle(board, form === "flashed");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, code);
    const problems = checkSource(code, path.relative(process.cwd(), file));
    for (const p of problems) console.error(formatProblem(p));
    ok = ok && problems.length === 0;
    console.log(
      path.relative(process.cwd(), file) + ": " + Buffer.byteLength(code) + " bytes" +
        (problems.length ? ", " + problems.length + " gate problem(s)" : ", gate ok"),
    );
  }
  return ok;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--board");
  const boards = args.includes("--all") ? BOARDS : [i >= 0 ? args[i + 1] : DEFAULT_BOARD];
  let ok = true;
  for (const b of boards) ok = buildBoard(b) && ok;
  process.exit(ok ? 0 : 1);
}
