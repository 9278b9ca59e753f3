/**
 * History: a bounded ring of episodes, clears and refusals, held in one Int32Array (no per-entry objects:
 * on the ESP32 every object property costs 14-byte variables) and persisted as plain text through the
 * StoragePort, so it survives a power cycle and a person can read the file.
 *
 * Entry layout: HIST_FIELDS ints per entry, field offsets H_* below. Times are "box seconds": seconds of
 * powered-on time since the history began (engine.ts explains the box clock).
 *
 * Stored text (one file, rewritten whole; Espruino Storage files are written in one go):
 *   line 1:  "BH1,<boxS>,<chargeCycle>,<dischargeCycle>"
 *   then one line per entry, oldest first: the HIST_FIELDS integers joined by ","
 * Anything that does not parse is dropped line by line; a wrong first line means an empty history.
 */
import { T_NONE } from "../types";

export const HIST_KIND_EPISODE = 1;
export const HIST_KIND_CLEAR = 2;
export const HIST_KIND_REFUSAL = 3;

/** Field offsets inside one entry. */
export const H_KIND = 0;
/** Code index (episode, refusal) or code mask (clear). */
export const H_CODE = 1;
/** Start (box s). */
export const H_T = 2;
/** Duration (s) of an episode; for a refusal: box s of the last repeat. */
export const H_DUR = 3;
/** Rises merged into the episode (flapping), or repeats of a refusal. */
export const H_N = 4;
/** Offending cell, 1-based (0 = none) and its mV. */
export const H_CELL = 5;
export const H_MV = 6;
/** Current at the trip, mA (+ charge, − discharge). */
export const H_MA = 7;
/** Hottest / coldest temperature in the episode, °C (T_NONE when unknown). */
export const H_TMAX = 8;
export const H_TMIN = 9;
/** Charge or discharge cycle number the episode belongs to (by the code's kind; 0 unknown). */
export const H_CYCLE = 10;
/** Flags: F_LATCHED, F_LOCK, F_RECURRING, F_OPEN, F_NODATA, F_CUT. */
export const H_FLAGS = 11;
export const HIST_FIELDS = 12;

export const F_LATCHED = 1;
export const F_LOCK = 2;
export const F_RECURRING = 4;
/** Episode still open (stored while open: it was cut by a reboot when read back). */
export const F_OPEN = 8;
/** Refusal because there was no data to check the cause with. */
export const F_NODATA = 16;
/** Episode a reboot cut: read back still open, so its end and duration are unknown. */
export const F_CUT = 32;
export { T_NONE };

/** 32 entries: with flapping merged and repeated refusals merged, that is days of a bad pack's life. */
export const HIST_SIZE = 32;

const MAGIC = "BH1";

export class History {
  size: number;
  buf: Int32Array;
  /** Slot of the oldest entry, and how many entries are held. */
  first: number;
  len: number;
  /** Entries ever added since load: entry ids are stable (id = seq at add), indexes shift as the ring wraps. */
  seq: number;

  constructor(size: number) {
    this.size = size;
    this.buf = new Int32Array(size * HIST_FIELDS);
    this.first = 0;
    this.len = 0;
    this.seq = 0;
  }

  /** Index (0 = oldest) of the entry with this id, or −1 when it left the ring. */
  indexOf(id: number): number {
    const i = id - (this.seq - this.len);
    return id >= 0 && i >= 0 && i < this.len ? i : -1;
  }

  /** Appends an entry (all fields 0 except kind, code, time, temps = T_NONE); returns its index (newest). */
  add(kind: number, code: number, tS: number): number {
    if (this.len === this.size) {
      this.first = (this.first + 1) % this.size;
      this.len--;
    }
    const slot = (this.first + this.len) % this.size;
    const o = slot * HIST_FIELDS;
    for (let f = 0; f < HIST_FIELDS; f++) this.buf[o + f] = 0;
    this.buf[o + H_KIND] = kind;
    this.buf[o + H_CODE] = code;
    this.buf[o + H_T] = tS;
    this.buf[o + H_TMAX] = T_NONE;
    this.buf[o + H_TMIN] = T_NONE;
    this.len++;
    this.seq++;
    return this.len - 1;
  }

  /** Id of the newest entry (after add). */
  lastId(): number {
    return this.seq - 1;
  }

  /** Field f of entry i (0 = oldest, len − 1 = newest). */
  get(i: number, f: number): number {
    return this.buf[((this.first + i) % this.size) * HIST_FIELDS + f];
  }

  set(i: number, f: number, v: number): void {
    this.buf[((this.first + i) % this.size) * HIST_FIELDS + f] = v;
  }

  /** The text stored by serialize(); header = [boxS, chargeCycle, dischargeCycle]. */
  serialize(boxS: number, chargeCycle: number, dischargeCycle: number): string {
    let s = MAGIC + "," + boxS + "," + chargeCycle + "," + dischargeCycle + "\n";
    for (let i = 0; i < this.len; i++) {
      let line = "";
      for (let f = 0; f < HIST_FIELDS; f++) line += (f ? "," : "") + this.get(i, f);
      s += line + "\n";
    }
    return s;
  }

  /**
   * Loads stored text (replacing what is held); returns the header [boxS, chargeCycle, dischargeCycle],
   * or null when the text is missing or not a history (then the ring is empty).
   */
  parse(text: string | undefined): number[] | null {
    this.first = 0;
    this.len = 0;
    this.seq = 0;
    if (!text) return null;
    const lines = text.split("\n");
    const head = lines[0].split(",");
    if (head.length !== 4 || head[0] !== MAGIC) return null;
    const header = [toInt(head[1]), toInt(head[2]), toInt(head[3])];
    if (header[0] < 0 || header[1] < 0 || header[2] < 0) return null;
    for (let l = 1; l < lines.length; l++) {
      const parts = lines[l].split(",");
      if (parts.length !== HIST_FIELDS) continue;
      const kind = toInt(parts[0]);
      if (kind < HIST_KIND_EPISODE || kind > HIST_KIND_REFUSAL) continue;
      let bad = false;
      for (let f = 0; f < HIST_FIELDS; f++) if (toInt(parts[f]) === BAD_INT) bad = true;
      if (bad) continue;
      const i = this.add(kind, toInt(parts[1]), toInt(parts[2]));
      for (let f = 3; f < HIST_FIELDS; f++) this.set(i, f, toInt(parts[f]));
    }
    return header;
  }
}

const BAD_INT = -2147483648;

/** Decimal integer (optional leading "-"), hand-parsed: no regexes on Espruino. BAD_INT when not one. */
export function toInt(s: string): number {
  if (!s) return BAD_INT;
  let i = 0;
  let neg = false;
  if (s.charAt(0) === "-") {
    neg = true;
    i = 1;
  }
  if (i >= s.length || s.length - i > 10) return BAD_INT;
  let v = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return BAD_INT;
    v = v * 10 + c;
  }
  return neg ? -v : v;
}
