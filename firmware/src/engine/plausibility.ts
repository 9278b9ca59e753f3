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
 * already flagged is never counted twice.
 * On a noisy line (Snapshot.noisy) one corrupted frame that passed a sum checksum can carry any temperature:
 * an out-of-range reading then counts only when the next reading is out of range too, and a jump only
 * when the next reading still stands NTC_JUMP_C or more away from the reading before the jump (the new
 * level held). A reading not yet confirmed is not kept as the base for the next comparison, so one bad
 * frame cannot make the good one after it look like a jump back. Only sensors the BMS reports (tempsC, mosC) are looked at; unused
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
  /** Noisy line: the last reading was out of range / the sensors (bit i = tempsC[i]) that jumped in it. */
  badPrev: boolean;
  pendJump: number;

  constructor() {
    this.prev = new Int16Array(MAX_SENSORS);
    this.prevN = -1;
    this.prevMs = 0;
    this.suspectUntilMs = -1;
    this.badPrev = false;
    this.pendJump = 0;
  }

  /** Feeds one fresh reading; returns true when a present sensor is implausible now. */
  feed(tempsC: number[], mosC: number | null, nowMs: number, noisy?: boolean): boolean {
    let bad = mosC !== null && (mosC < NTC_MIN_C || mosC > NTC_MAX_C);
    const n = tempsC.length < MAX_SENSORS ? tempsC.length : MAX_SENSORS;
    const comparable = n === this.prevN && nowMs - this.prevMs <= NTC_JUMP_MS;
    let jumped = 0;
    for (let i = 0; i < n; i++) {
      const t = tempsC[i];
      if (t < NTC_MIN_C || t > NTC_MAX_C) bad = true;
      else if (comparable) {
        const d = t - this.prev[i];
        if (d >= NTC_JUMP_C || d <= -NTC_JUMP_C) jumped |= 1 << i;
      }
    }
    const wasBad = this.badPrev;
    const pend = this.pendJump;
    this.badPrev = bad;
    this.pendJump = 0;
    if (noisy) {
      if (bad && !wasBad) bad = false;
      if (jumped !== 0 && (jumped & pend) === 0) {
        this.pendJump = jumped;
        return bad || nowMs < this.suspectUntilMs;
      }
      if (this.badPrev && !bad) return nowMs < this.suspectUntilMs;
    }
    if (jumped !== 0) this.suspectUntilMs = nowMs + NTC_SUSPECT_MS;
    for (let i = 0; i < n; i++) this.prev[i] = Math.round(tempsC[i]);
    this.prevN = n;
    this.prevMs = nowMs;
    return bad || nowMs < this.suspectUntilMs;
  }
}
