/**
 * Integer-only text formatting for screens and the console (Espruino's toFixed does not carry, so values
 * are built from integers; espruino.md §0). ASCII only.
 */
import { fixed } from "../fixed";

function pad(n: number, width: number): string {
  let s = String(n);
  while (s.length < width) s = "0" + s;
  return s;
}

/** 3652 → "3.652 V"; −52 → "-0.052 V". */
export function fmtMv(mv: number): string {
  return fixed(mv, 1000, 3) + " V";
}

/** Milliamps to amps with one decimal, rounded half up on the magnitude: −12450 → "-12.5 A". */
export function fmtMa(ma: number): string {
  return fixed(ma, 1000, 1) + " A";
}

/** A duration, coarse and short: "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function fmtAge(ms: number): string {
  const s = Math.floor((ms < 0 ? 0 : ms) / 1000);
  if (s < 60) return s + " s";
  const m = Math.floor(s / 60);
  if (m < 60) return m + " min";
  const h = Math.floor(m / 60);
  if (h < 48) return h + " h " + pad(m % 60, 2) + " min";
  return Math.floor(h / 24) + " d " + (h % 24) + " h";
}
