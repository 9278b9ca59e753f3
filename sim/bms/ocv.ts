/**
 * Open-circuit voltage of one LiFePO4 cell as a function of its state of charge.
 *
 * The points are the usual rested LFP curve (flat 3.25–3.35 V plateau, knees below ~10 % and above ~98 %,
 * a full cell rests near 3.40 V);
 * beyond 0 % and 100 % the curve keeps falling/rising steeply so that over-discharge and over-charge drive the
 * voltage through the BMS's protection thresholds as a real cell does. Linear interpolation between points.
 */

/** [SOC %, mV] pairs, SOC ascending. */
const LFP_OCV_POINTS: [number, number][] = [
  [-5, 1800],
  [-2, 2200],
  [0, 2500],
  [2, 2850],
  [5, 3050],
  [10, 3200],
  [20, 3250],
  [30, 3275],
  [40, 3290],
  [50, 3300],
  [60, 3310],
  [70, 3325],
  [80, 3335],
  [90, 3345],
  [95, 3360],
  [98, 3375],
  [100, 3400],
  [101, 3500],
  [102, 3650],
  [104, 3950],
  [110, 4300],
];

/** Open-circuit voltage in mV (float) of an LFP cell at socPct (may be slightly outside 0..100). */
export function lfpOcvMv(socPct: number): number {
  const pts = LFP_OCV_POINTS;
  if (socPct <= pts[0][0]) return pts[0][1];
  for (let i = 1; i < pts.length; i++) {
    if (socPct <= pts[i][0]) {
      const a = pts[i - 1];
      const b = pts[i];
      return a[1] + ((b[1] - a[1]) * (socPct - a[0])) / (b[0] - a[0]);
    }
  }
  return pts[pts.length - 1][1];
}

/** Lowest and highest SOC the curve covers; the pack clamps cell SOC to this range. */
export const LFP_SOC_MIN = -5;
export const LFP_SOC_MAX = 110;
