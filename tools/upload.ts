/**
 * The flash upload: what `make flash` sends to a board after the CLI's own reset().
 *
 *   ts-node tools/upload.ts [--board esp32-devkitc] [--all]   -> build/<board>/upload.js
 *
 * The firmware is stored in Storage as `.bootcde` and started with `load()`: Espruino then evaluates it from flash
 * at every power-up (jsfLoadBootCodeFromFlash, src/jsflash.c), and each function's body stays a string pointing
 * into the ESP32's memory-mapped flash instead of being copied into RAM (jspeFunctionDefinition, src/jsparse.c).
 * A RAM upload followed by save() instead holds the whole program text in JsVars while it is parsed: on the
 * ESP32's 16,383-variable store the 60 KB firmware runs out of memory before it starts (measured with the
 * interpreter built by `make espruino`). And save() is refused while `.bootcde` exists (2v29,
 * src/jswrap_interactive.c), so the upload never calls it.
 *
 * The lines are the same shape as the Espruino CLI's own save-on-send form (EspruinoTools plugins/saveOnSend.js:
 * `require("Storage").write(".bootcde", chunk, offset[, total])` in 1,024-character chunks, then `load()`), written
 * here rather than by the CLI because its `-o` output forces save-on-send off (bin/espruino-cli.js), so it could
 * not produce the file we check, and without a firmware version it falls back to one `E.setBootCode(whole file)`
 * line that needs the whole file in RAM. First the upload erases what an older flash procedure left behind: a RAM
 * image saved by save() (`.varimg`, which `load()` would restore beside the new code: two boxes) and `.bootrst`
 * (which would run instead of `.bootcde`). Other Storage files (the history `bmsbox.hist`) are kept: a re-flash
 * keeps the box's history.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
/** EspruinoTools' chunk size: one REPL line per chunk stays small on the device. */
export const UPLOAD_CHUNK = 1024;

/** The upload for one built firmware file. */
export function uploadScript(firmware: string): string {
  const lines = ['require("Storage").erase(".varimg");require("Storage").erase(".bootrst");'];
  for (let i = 0; i < firmware.length; i += UPLOAD_CHUNK) {
    const chunk = JSON.stringify(firmware.substr(i, UPLOAD_CHUNK));
    lines.push('require("Storage").write(".bootcde",' + chunk + "," + i + (i === 0 ? "," + firmware.length : "") + ");");
  }
  lines.push("load();");
  return lines.join("\n") + "\n";
}

export function uploadPath(board: string): string {
  return path.join(ROOT, "build", board, "upload.js");
}

/** Writes build/<board>/upload.js from build/<board>/firmware.js; returns its path. */
export function writeUpload(board: string): string {
  const fw = path.join(ROOT, "build", board, "firmware.js");
  if (!fs.existsSync(fw)) throw new Error(fw + " is missing: run make build BOARD=" + board);
  const code = fs.readFileSync(fw, "latin1");
  for (let i = 0; i < code.length; i++) {
    if (code.charCodeAt(i) > 126) throw new Error(fw + ": non-ASCII character at " + i + " (the build emits ASCII only)");
  }
  const out = uploadPath(board);
  fs.writeFileSync(out, uploadScript(code), "latin1");
  return out;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--board");
  const boards = args.includes("--all")
    ? fs.readdirSync(path.join(ROOT, "build")).filter((d) => fs.existsSync(path.join(ROOT, "build", d, "firmware.js")))
    : [i >= 0 ? args[i + 1] : "esp32-devkitc"];
  for (const b of boards) {
    const out = writeUpload(b);
    console.log(path.relative(process.cwd(), out) + ": " + fs.statSync(out).size + " bytes (stores .bootcde, then load())");
  }
}
