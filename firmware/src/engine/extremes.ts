/**
 * The extremes of a status's readings that both the engine's rules (the offending cell and the temperatures an
 * episode keeps, the OTP/UTP trend) and its words (the status line, a refusal's detail) use: one copy for both.
 */
import { T_NONE } from "../types";

/** Index of the highest (high = true) or lowest non-zero cell, −1 when none. 0 mV = unconnected. */
export function extremeCell(cells: number[] | null, high: boolean): number {
  if (!cells) return -1;
  let best = -1;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i] <= 0) continue;
    if (best < 0 || (high ? cells[i] > cells[best] : cells[i] < cells[best])) best = i;
  }
  return best;
}

/** The highest of the temperatures a and extra (null: none), °C; T_NONE when there are none. */
export function maxOf(a: number[], extra: number | null): number {
  let m = extra === null ? T_NONE : extra;
  for (let i = 0; i < a.length; i++) if (m === T_NONE || a[i] > m) m = a[i];
  return m;
}

/** The lowest of the temperatures a and extra (null: none), °C; T_NONE when there are none. */
export function minOf(a: number[], extra: number | null): number {
  let m = extra === null ? T_NONE : extra;
  for (let i = 0; i < a.length; i++) if (m === T_NONE || a[i] < m) m = a[i];
  return m;
}
