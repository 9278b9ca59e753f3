/**
 * Which writes a simulated BMS accepts without complaint: the box's write allowlist as the models see it.
 * Only the JBD software-lock release (register 0xE1 = 0x0000, bms-protocols.md §1.6 and codes.md "Clearing is
 * used sparingly") is allowed; every other write frame a model recognises lands in its forbiddenWrites.
 *
 * The firmware's own checker (firmware/src/protocol/allowlist.ts, isAllowedWrite) is consulted too,
 * so the models and the firmware cannot silently disagree about what is allowed: a frame is allowed only when
 * both say so.
 */
import { Family } from "../../firmware/src/types";

/** JBD `DD 5A E1 02 00 00 FF 1D 77`: release the software MOSFET lock (both FETs allowed). */
export const JBD_RELEASE_LOCK = [0xdd, 0x5a, 0xe1, 0x02, 0x00, 0x00, 0xff, 0x1d, 0x77];

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type Checker = (family: Family, frame: Uint8Array) => boolean;

let firmwareChecker: Checker | null | undefined;

/** The firmware's own allowlist checker if it is there (loaded lazily; absent → null). */
function loadFirmwareChecker(): Checker | null {
  if (firmwareChecker !== undefined) return firmwareChecker;
  firmwareChecker = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const m = require("../../firmware/src/protocol/allowlist");
    const fn = m.isAllowedWrite;
    // isAllowedWrite(bytes): true when the bytes are one of the sequences the firmware can ever send.
    if (typeof fn === "function") firmwareChecker = (_family: Family, frame: Uint8Array) => fn(frame) === true;
  } catch (e) {
    firmwareChecker = null;
  }
  return firmwareChecker;
}

/** Is this write frame (already recognised as a write by the model) on the allowlist? */
export function isAllowedWrite(family: Family, frame: Uint8Array): boolean {
  const ours = family === "jbd" && sameBytes(frame, JBD_RELEASE_LOCK);
  if (!ours) return false;
  const fw = loadFirmwareChecker();
  return fw === null ? true : fw(family, frame);
}
