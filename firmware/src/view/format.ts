/**
 * Number and time formatting for the screens, from integers (Espruino's toFixed does not carry, espruino.md
 * §0: (3.999).toFixed(2) is "3.99"), ASCII only.
 */
import { fixed } from "../fixed";

export { fixed };

/** A duration, two units at most: "45s", "2m05s", "3h12m", "2d03h". Negative counts as 0. */
export function age(ms: number): string {
  let s = Math.floor((ms > 0 ? ms : 0) / 1000);
  if (s < 60) return s + "s";
  let m = Math.floor(s / 60);
  s -= m * 60;
  if (m < 60) return m + "m" + (s < 10 ? "0" : "") + s + "s";
  let h = Math.floor(m / 60);
  m -= h * 60;
  if (h < 24) return h + "h" + (m < 10 ? "0" : "") + m + "m";
  const d = Math.floor(h / 24);
  h -= d * 24;
  return d + "d" + (h < 10 ? "0" : "") + h + "h";
}

/** A current in mA as amps: one decimal below 100 A, whole amps above ("-12.5A", "180A"). */
export function amps(ma: number): string {
  return Math.abs(ma) < 99950 ? fixed(ma, 1000, 1) + "A" : fixed(ma, 1000, 0) + "A";
}

/** A pack voltage in mV: "52.31V". */
export function volts(mv: number): string {
  return fixed(mv, 1000, 2) + "V";
}

/** A cell voltage in mV: "3.271V". */
export function cellVolts(mv: number): string {
  return fixed(mv, 1000, 3) + "V";
}
