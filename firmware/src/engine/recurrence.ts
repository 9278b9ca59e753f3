/**
 * Counts a code's episodes in the history ring: in the time window and per charge/discharge cycle, with the
 * offending cell that comes back most, the largest current at a trip and the temperature extremes. The
 * engine keeps open episodes in the ring too, so what it counts after a reboot (from the stored ring) is what
 * it counted before: recurrence is rebuilt from history, never kept apart from it.
 */
import { diagRule, KIND_CHARGE, KIND_NONE, RECUR_LOOKBACK, Recurrence } from "../../codes/diagnosis";
import { History, HIST_KIND_EPISODE, H_CELL, H_CODE, H_CYCLE, H_KIND, H_MA, H_T, H_TMAX, H_TMIN, T_NONE } from "./history";

function popcount(m: number): number {
  let c = 0;
  while (m) {
    c += m & 1;
    m >>>= 1;
  }
  return c;
}

/**
 * ci: code index; nowS: box seconds now; windowS: window length (s);
 * chargeCycle / dischargeCycle: the current cycle numbers (0 = none seen yet).
 */
export function countRecurrence(h: History, ci: number, nowS: number, windowS: number, chargeCycle: number, dischargeCycle: number): Recurrence {
  const kind = diagRule(ci).kind;
  const cur = kind === KIND_NONE ? 0 : kind === KIND_CHARGE ? chargeCycle : dischargeCycle;
  const look = cur < RECUR_LOOKBACK ? cur : RECUR_LOOKBACK;
  let win = 0;
  let all = 0;
  // Bit k of cycMask: cycle (cur − k) had the code.
  let cycMask = 0;
  for (let i = 0; i < h.len; i++) {
    if (h.get(i, H_KIND) !== HIST_KIND_EPISODE || h.get(i, H_CODE) !== ci) continue;
    all++;
    if (h.get(i, H_T) > nowS - windowS) win++;
    const cy = h.get(i, H_CYCLE);
    if (look > 0 && cy > 0 && cy <= cur && cur - cy < look) cycMask |= 1 << (cur - cy);
  }
  const cyc = popcount(cycMask);
  const byCycles = look > 0 && cyc >= win && cyc > 0 && cyc >= 2;
  // Second pass over the evidence the text will cite: cells, current, temperatures.
  // Cell votes: per cell a mask of cycles (byCycles) or a count of episodes.
  const votes: number[] = [];
  let n = 0;
  let peakMa = 0;
  let tMax = T_NONE;
  let tMin = T_NONE;
  for (let i = 0; i < h.len; i++) {
    if (h.get(i, H_KIND) !== HIST_KIND_EPISODE || h.get(i, H_CODE) !== ci) continue;
    const cy = h.get(i, H_CYCLE);
    const inCycles = cy > 0 && cy <= cur && cur - cy < look;
    if (byCycles ? !inCycles : h.get(i, H_T) <= nowS - windowS) continue;
    n++;
    const cell = h.get(i, H_CELL);
    if (cell > 0) {
      while (votes.length <= cell) votes.push(0);
      if (byCycles) votes[cell] |= 1 << (cur - cy);
      else votes[cell]++;
    }
    const ma = h.get(i, H_MA);
    if ((ma < 0 ? -ma : ma) > (peakMa < 0 ? -peakMa : peakMa)) peakMa = ma;
    const tx = h.get(i, H_TMAX);
    const tn = h.get(i, H_TMIN);
    if (tx !== T_NONE && (tMax === T_NONE || tx > tMax)) tMax = tx;
    if (tn !== T_NONE && (tMin === T_NONE || tn < tMin)) tMin = tn;
  }
  let cell = 0;
  let cellHits = 0;
  for (let c = 1; c < votes.length; c++) {
    const hits = byCycles ? popcount(votes[c]) : votes[c];
    if (hits > cellHits) {
      cellHits = hits;
      cell = c;
    }
  }
  return {
    ci: ci,
    win: win,
    all: all,
    look: look,
    cyc: cyc,
    byCycles: byCycles,
    n: n,
    cell: cell,
    cellHits: cellHits,
    peakMa: peakMa,
    tMax: tMax,
    tMin: tMin,
  };
}
