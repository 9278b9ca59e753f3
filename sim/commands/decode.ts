/**
 * `bmsbox decode [--family jbd|jk|daly|auto] [HEX …]`: decodes BMS frames given as hex with exactly the
 * firmware's framers and decoders (firmware/src/protocol), one JSON object per frame, per line.
 *
 * Each argument is one frame as hex (spaces/colons allowed when quoted); unquoted single bytes
 * (`DD 03 00 …`) are joined into one frame. With no HEX argument every non-empty stdin line is one frame
 * (lines starting with # are skipped). A line holding several frames (a Daly multi-frame reply) prints
 * one object per frame. Exit status: 0 when every frame was valid, 1 otherwise, 2 on usage errors.
 */
import * as fs from "fs";
import { Family, CODE_NAMES } from "../../firmware/src/types";
import { Decoded } from "../../firmware/src/protocol/decoded";
import { checkOf, decodeFrame, familyAt, makeFramer, FAMILIES } from "../../firmware/src/protocol/families";
import { mapWithNtc, jbdMosLock } from "../../firmware/src/protocol/protect";
import { REJ_END, REJ_LEN, REJ_NOISE, REJ_SUM } from "../../firmware/src/protocol/framer";
import { jbdChecksum } from "../../firmware/src/protocol/jbd";
import { jkChecksum } from "../../firmware/src/protocol/jk";
import { dalyChecksum } from "../../firmware/src/protocol/daly";

const USAGE = "usage: bmsbox decode [--family jbd|jk|daly|auto] [HEX …]   (no HEX: one frame per stdin line)";

/** What one frame decodes to, as printed. */
export interface DecodeResult {
  ok: boolean;
  family: Family | null;
  direction: "request" | "response" | null;
  command: string | null;
  error: string | null;
  codes: string[] | null;
  warnings: string[] | null;
  faults: string[] | null;
  bits: number[] | null;
  packMv: number | null;
  currentMa: number | null;
  socPct: number | null;
  cellsMv: number[] | null;
  tempsC: number[] | null;
  mosC: number | null;
  fets: { charge: boolean; discharge: boolean } | null;
  mosLock: boolean | null;
  /** Daly 0x95/0x96 frame number. */
  index: number | null;
  /** Bytes of input that were not part of a frame (noise around it). */
  skipped: number;
}

function names(mask: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < CODE_NAMES.length; i++) if (mask & (1 << i)) out.push(CODE_NAMES[i]);
  return out;
}

function hex(v: number, digits: number): string {
  let s = v.toString(16).toUpperCase();
  while (s.length < digits) s = "0" + s;
  return "0x" + s;
}

function blank(family: Family | null): DecodeResult {
  return {
    ok: false, family, direction: null, command: null, error: null, codes: null, warnings: null, faults: null,
    bits: null, packMv: null, currentMa: null, socPct: null, cellsMv: null, tempsC: null, mosC: null, fets: null,
    mosLock: null, index: null, skipped: 0,
  };
}

function fromDecoded(d: Decoded): DecodeResult {
  const r = blank(d.family);
  r.ok = true;
  r.direction = d.request ? "request" : "response";
  r.command = hex(d.cmd, 2);
  r.error = d.err;
  if (d.bits) {
    const m = mapWithNtc(d.family, d.bits, d.tempsC);
    r.codes = names(m.codes);
    r.warnings = names(m.warnings);
    r.faults = m.faults;
    r.bits = d.bits;
    r.mosLock = d.family === "jbd" ? jbdMosLock(d.bits) : null;
  }
  r.packMv = d.packMv;
  r.currentMa = d.currentMa;
  r.socPct = d.socPct;
  r.cellsMv = d.cellsMv;
  r.tempsC = d.tempsC;
  r.mosC = d.mosC;
  r.fets = d.chargeFet === null || d.dischargeFet === null ? null : { charge: d.chargeFet, discharge: d.dischargeFet };
  r.index = d.index;
  return r;
}

/** Why the bytes from `s` are not a valid frame of `family` (the framer's reason, with the numbers). */
function explain(family: Family, b: Uint8Array, s: number): string {
  const n = b.length - s;
  const r = checkOf(family)(b, s, n);
  if (r === REJ_NOISE) return "no " + family + " start bytes";
  if (r === 0) {
    let want = 0;
    if (family === "jbd" && n >= 4) want = b[s + 3] + 7;
    if (family === "jk" && n >= 4) want = ((b[s + 2] << 8) | b[s + 3]) + 2;
    if (family === "daly") want = 13;
    return "truncated: " + n + " bytes" + (want ? ", header says " + want : "");
  }
  if (r === REJ_LEN) return "impossible header or length";
  if (family === "jbd") {
    const len = b[s + 3];
    if (r === REJ_END) return "bad end marker " + hex(b[s + len + 6], 2) + " (want 0x77)";
    const got = (b[s + 4 + len] << 8) | b[s + 5 + len];
    return "checksum mismatch: frame says " + hex(got, 4) + ", bytes give " + hex(jbdChecksum(b, s + 2, s + 4 + len), 4);
  }
  if (family === "jk") {
    const total = ((b[s + 2] << 8) | b[s + 3]) + 2;
    if (r === REJ_END) return "bad end marker " + hex(b[s + total - 5], 2) + " (want 0x68)";
    const got = (b[s + total - 2] << 8) | b[s + total - 1];
    return "checksum mismatch: frame says " + hex(got, 4) + ", bytes sum to " + hex(jkChecksum(b, s, s + total - 4), 4);
  }
  if (r === REJ_SUM) return "checksum mismatch: frame says " + hex(b[s + 12], 2) + ", bytes sum to " + hex(dalyChecksum(b, s, s + 12), 2);
  return "rejected";
}

/** Frames found by `family`'s framer in `b` (the whole input at once, then flushed). */
function frameAll(family: Family, b: Uint8Array): { frames: Uint8Array[]; dropped: number } {
  const fr = makeFramer(family);
  const frames: Uint8Array[] = [];
  const take = (f: Uint8Array): void => {
    frames.push(Uint8Array.from(f));
  };
  fr.push(b, 0, take);
  fr.expire(1e9, take);
  return { frames, dropped: fr.st.dropped };
}

/** Decodes the bytes of one input frame (which may hold several frames, e.g. a Daly burst). */
export function decodeBytes(b: Uint8Array, family: Family | "auto"): DecodeResult[] {
  let fam: Family | null = family === "auto" ? null : family;
  if (fam === null) {
    let best = 0;
    for (const f of FAMILIES) {
      const n = frameAll(f, b).frames.length;
      if (n > best) {
        best = n;
        fam = f;
      }
    }
  }
  if (fam === null) {
    for (let i = 0; i < b.length && fam === null; i++) fam = familyAt(b, i);
  }
  if (fam === null) {
    const r = blank(null);
    r.error = b.length === 0 ? "no bytes" : "no start bytes of any family (DD, 4E 57, A5)";
    r.skipped = b.length;
    return [r];
  }
  const got = frameAll(fam, b);
  if (got.frames.length === 0) {
    let s = 0;
    while (s < b.length && familyAt(b, s) !== fam) s++;
    const r = blank(fam);
    r.error = s < b.length ? explain(fam, b, s) : "no " + fam + " start bytes";
    r.skipped = b.length;
    return [r];
  }
  const out: DecodeResult[] = [];
  for (const f of got.frames) out.push(fromDecoded(decodeFrame(fam, f)));
  out[0].skipped = got.dropped;
  return out;
}

/** Hex text → bytes; null when it holds anything but hex digits and separators. */
export function parseHex(text: string): Uint8Array | null {
  const clean = text.replace(/0x/gi, "").replace(/[\s:,.\-]/g, "");
  if (!/^[0-9a-fA-F]*$/.test(clean) || clean.length % 2 !== 0) return null;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function run(args: string[]): number {
  let family: Family | "auto" = "auto";
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--family" || a === "-f") {
      const v = args[++i];
      if (v !== "jbd" && v !== "jk" && v !== "daly" && v !== "auto") {
        console.error(USAGE);
        return 2;
      }
      family = v;
    } else if (a.startsWith("--family=")) {
      const v = a.substring(9);
      if (v !== "jbd" && v !== "jk" && v !== "daly" && v !== "auto") {
        console.error(USAGE);
        return 2;
      }
      family = v;
    } else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      return 0;
    } else {
      inputs.push(a);
    }
  }
  let frames: string[];
  if (inputs.length === 0) {
    frames = fs
      .readFileSync(0, "utf8")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith("#"));
  } else if (inputs.every((a) => /^(0x)?[0-9a-fA-F]{1,2},?$/i.test(a))) {
    frames = [inputs.join(" ")];
  } else {
    frames = inputs;
  }
  let allOk = true;
  for (const text of frames) {
    const b = parseHex(text);
    let results: DecodeResult[];
    if (b === null) {
      const r = blank(null);
      r.error = "not hex: " + text.substring(0, 40);
      results = [r];
    } else {
      results = decodeBytes(b, family);
    }
    for (const r of results) {
      if (!r.ok) allOk = false;
      console.log(JSON.stringify(r));
    }
  }
  return allOk ? 0 : 1;
}
