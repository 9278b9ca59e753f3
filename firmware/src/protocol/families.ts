/**
 * The three families' framers and decoders, read from their tables (profiles.ts), and a guess of the family
 * from a frame's first bytes (for `--family auto` in `bmsbox decode`).
 */
import { Family } from "../types";
import { Decoded } from "./decoded";
import { FrameCheck, Framer } from "./framer";
import { profileOf } from "./profiles";
import { JBD_START } from "./jbd";
import { JK_START0, JK_START1 } from "./jk";
import { DALY_START } from "./daly";

export const FAMILIES: Family[] = ["jbd", "jk", "daly"];

export function checkOf(family: Family): FrameCheck {
  return profileOf(family).check;
}

/** Largest frame the family's check accepts = the framer's buffer size. */
export function maxFrameOf(family: Family): number {
  return profileOf(family).maxFrame;
}

export function makeFramer(family: Family): Framer {
  const p = profileOf(family);
  return new Framer(p.maxFrame, p.interByteMs, p.check, p.start);
}

/**
 * Decodes one verified frame of the family. jbdRegHint: the JBD register of the request in flight, for
 * replies that do not name their register (see jbdGuessRegister).
 */
export function decodeFrame(family: Family, f: Uint8Array, jbdRegHint?: number): Decoded {
  return profileOf(family).decode(f, jbdRegHint);
}

/** The family whose start bytes begin at b[i], or null. */
export function familyAt(b: Uint8Array, i: number): Family | null {
  if (b[i] === JBD_START) return "jbd";
  if (b[i] === JK_START0 && b[i + 1] === JK_START1) return "jk";
  if (b[i] === DALY_START) return "daly";
  return null;
}
