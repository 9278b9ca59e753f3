/**
 * The three families side by side: which framer and which decoder, and a guess of the family from a
 * frame's first bytes (for `--family auto` in `bmsbox decode`).
 */
import { Family } from "../types";
import { Decoded } from "./decoded";
import { FrameCheck, Framer } from "./framer";
import { jbdCheck, jbdDecode, JBD_GAP_MS, JBD_MAX_FRAME, JBD_START } from "./jbd";
import { jkCheck, jkDecode, JK_GAP_MS, JK_MAX_FRAME, JK_START0, JK_START1 } from "./jk";
import { dalyCheck, dalyDecode, DALY_FRAME, DALY_GAP_MS, DALY_START } from "./daly";

export const FAMILIES: Family[] = ["jbd", "jk", "daly"];

export function checkOf(family: Family): FrameCheck {
  return family === "jbd" ? jbdCheck : family === "jk" ? jkCheck : dalyCheck;
}

/** Largest frame the family's check accepts = the framer's buffer size. */
export function maxFrameOf(family: Family): number {
  return family === "jbd" ? JBD_MAX_FRAME : family === "jk" ? JK_MAX_FRAME : DALY_FRAME;
}

export function makeFramer(family: Family): Framer {
  const gap = family === "jbd" ? JBD_GAP_MS : family === "jk" ? JK_GAP_MS : DALY_GAP_MS;
  const start = family === "jbd" ? JBD_START : family === "jk" ? JK_START0 : DALY_START;
  return new Framer(maxFrameOf(family), gap, checkOf(family), start);
}

/**
 * Decodes one verified frame of the family. jbdRegHint: the JBD register of the request in flight, for
 * replies that do not name their register (see jbdGuessRegister).
 */
export function decodeFrame(family: Family, f: Uint8Array, jbdRegHint?: number): Decoded {
  return family === "jbd" ? jbdDecode(f, jbdRegHint) : family === "jk" ? jkDecode(f) : dalyDecode(f);
}

/** The family whose start bytes begin at b[i], or null. */
export function familyAt(b: Uint8Array, i: number): Family | null {
  if (b[i] === JBD_START) return "jbd";
  if (b[i] === JK_START0 && b[i + 1] === JK_START1) return "jk";
  if (b[i] === DALY_START) return "daly";
  return null;
}
