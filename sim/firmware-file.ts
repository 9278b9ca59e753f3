/**
 * Where the build puts each board's firmware: build/<board>/firmware.js (the flashed form) and
 * firmware.readable.js. tools/build.ts writes these files; the simulator, the benches and the tests read them.
 * The path lives here, not in tools/, so that sim/ needs nothing from tools/ (tools and tests build on sim).
 */
import * as fs from "fs";
import * as path from "path";

/** The two built forms: "flashed" (minified; uploaded and simulated) and "readable" (the same code, for people). */
export type FirmwareForm = "flashed" | "readable";
export const FIRMWARE_FORMS: FirmwareForm[] = ["flashed", "readable"];

const BUILD_DIR = path.resolve(__dirname, "..", "build");

export function firmwarePath(board: string, form: FirmwareForm = "flashed"): string {
  return path.join(BUILD_DIR, board, form === "readable" ? "firmware.readable.js" : "firmware.js");
}

/**
 * The built file, or an error saying how to make it. Whatever runs the built firmware asks through this, so a
 * missing build fails (and names the fix) instead of being skipped.
 */
export function builtFirmware(board: string, form: FirmwareForm = "flashed"): string {
  const file = firmwarePath(board, form);
  if (!fs.existsSync(file)) {
    throw new Error(path.relative(process.cwd(), file) + " is missing: run `npm run build` (npm test builds first)");
  }
  return file;
}
