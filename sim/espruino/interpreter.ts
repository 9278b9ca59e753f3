/**
 * Where the real interpreter is and how to start it. `make espruino` (tools/espruino/build.sh) builds Espruino for
 * Linux with the ESP32's variable store into build/espruino/espruino: a 32-bit binary, because only a 32-bit
 * build has the ESP32's 14-byte JsVars. A kernel without 32-bit support (as on some virtual machines) runs it
 * through qemu-i386 (Debian qemu-user), which the build script installs where it is needed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const INTERPRETER = path.resolve(__dirname, "..", "..", "build", "espruino", "espruino");

export const NOT_BUILT =
  "the Espruino interpreter is not built: run `make espruino` (builds build/espruino/espruino from the Espruino " +
  "source at ../shared/espruino or $ESPRUINO_SRC; needs the Debian packages gcc-multilib g++-multilib make git " +
  "xz-utils python3 socat, and qemu-user where the kernel cannot run 32-bit programs)";

let cached: string[] | null = null;

/** The command line that runs the interpreter: [binary] or ["qemu-i386", binary]. Throws when it is missing. */
export function interpreterCommand(): string[] {
  if (cached) return cached;
  if (!fs.existsSync(INTERPRETER)) throw new Error(NOT_BUILT);
  const direct = spawnSync(INTERPRETER, ["-e", "quit()"], { stdio: ["ignore", "ignore", "ignore"], timeout: 20000 });
  if (!direct.error && direct.status === 0) {
    cached = [INTERPRETER];
    return cached;
  }
  const viaQemu = spawnSync("qemu-i386", [INTERPRETER, "-e", "quit()"], { stdio: ["ignore", "ignore", "ignore"], timeout: 20000 });
  if (!viaQemu.error && viaQemu.status === 0) {
    cached = ["qemu-i386", INTERPRETER];
    return cached;
  }
  throw new Error(
    "cannot run " + INTERPRETER + ": this kernel does not run 32-bit programs and qemu-i386 " +
      (viaQemu.error ? "is missing (Debian package qemu-user)" : "failed (exit " + viaQemu.status + ")"),
  );
}
