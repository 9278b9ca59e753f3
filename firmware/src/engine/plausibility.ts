/**
 * NTC from plausibility across time (codes.md "NTC without a bit").
 *
 * The protocol layer already maps a sentinel reading on a present sensor (exactly −40 °C and the like,
 * bms-protocols.md §1.5/§2.4) into the NTC bit of a snapshot. What one frame cannot show, this adds:
 *   - a reading outside NTC_MIN_C…NTC_MAX_C on a present sensor (an open or shorted probe), and
 *   - a present sensor that jumps by NTC_JUMP_C or more between two readings at most NTC_JUMP_MS apart:
 *     a pack's thermal mass cannot do that, a loose connector can. The sensor stays suspect for
 *     NTC_SUSPECT_MS after the jump, then NTC clears through the engine's normal hold.
 * The engine ORs the result into the snapshot's code mask: one NTC bit, so a sentinel the protocol layer
 * already flagged is never counted twice. Only sensors the BMS reports (tempsC, mosC) are looked at; unused
 * slots never reach the engine.
 */

export const NTC_MIN_C = -40;
export const NTC_MAX_C = 120;
/** 20 °C between two readings ≤ 10 s apart: a pack (thermal time constant of many minutes) cannot. */
export const NTC_JUMP_C = 20;
export const NTC_JUMP_MS = 10 * 1000;
export const NTC_SUSPECT_MS = 60 * 1000;
const MAX_SENSORS = 8;

export class TempPlausibility {
  prev: Int16Array;
  prevN: number;
  prevMs: number;
  suspectUntilMs: number;

  constructor() {
    this.prev = new Int16Array(MAX_SENSORS);
    this.prevN = -1;
    this.prevMs = 0;
    this.suspectUntilMs = -1;
  }

  /** Feeds one fresh reading; returns true when a present sensor is implausible now. */
  feed(tempsC: number[], mosC: number | null, nowMs: number): boolean {
    let bad = mosC !== null && (mosC < NTC_MIN_C || mosC > NTC_MAX_C);
    const n = tempsC.length < MAX_SENSORS ? tempsC.length : MAX_SENSORS;
    const comparable = n === this.prevN && nowMs - this.prevMs <= NTC_JUMP_MS;
    for (let i = 0; i < n; i++) {
      const t = tempsC[i];
      if (t < NTC_MIN_C || t > NTC_MAX_C) bad = true;
      else if (comparable) {
        const d = t - this.prev[i];
        if (d >= NTC_JUMP_C || d <= -NTC_JUMP_C) this.suspectUntilMs = nowMs + NTC_SUSPECT_MS;
      }
    }
    for (let i = 0; i < n; i++) this.prev[i] = Math.round(tempsC[i]);
    this.prevN = n;
    this.prevMs = nowMs;
    return bad || nowMs < this.suspectUntilMs;
  }
}
