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

/** Bit of the MOSFET sensor in the out-of-range masks (bits 0…7: tempsC[i]). */
const MOS_BIT = 1 << MAX_SENSORS;

export class TempPlausibility {
  prev: Int16Array;
  prevN: number;
  prevMs: number;
  suspectUntilMs: number;
  /** Noisy line: sensors out of range in the last reading (bit i = tempsC[i], MOS_BIT = mosC). */
  badPrev: number;
  /** Noisy line: sensors whose jump waits for confirmation, and the readings they jumped to. */
  pendJump: number;
  pendC: Int16Array;

  constructor() {
    this.prev = new Int16Array(MAX_SENSORS);
    this.prevN = -1;
    this.prevMs = 0;
    this.suspectUntilMs = -1;
    this.badPrev = 0;
    this.pendJump = 0;
    this.pendC = new Int16Array(MAX_SENSORS);
  }

  /** The same reading as last time came again at nowMs (a repeated status): it stays comparable to the next. */
  again(nowMs: number): void {
    this.prevMs = nowMs;
  }

  /**
   * Feeds one fresh reading; returns true when a present sensor is implausible now. `noisy`: confirm
   * first (the same sensor out of range twice; a jump whose new level the next reading holds within
   * NTC_JUMP_C: on a very noisy JK line about one accepted frame in eight is corrupted, so two corrupted
   * frames in a row that both "jump" the same sensor, to different values, do happen).
   */
  feed(tempsC: number[], mosC: number | null, nowMs: number, noisy?: boolean): boolean {
    let badM = mosC !== null && (mosC < NTC_MIN_C || mosC > NTC_MAX_C) ? MOS_BIT : 0;
    const n = tempsC.length < MAX_SENSORS ? tempsC.length : MAX_SENSORS;
    const comparable = n === this.prevN && nowMs - this.prevMs <= NTC_JUMP_MS;
    let jumped = 0;
    let held = 0;
    for (let i = 0; i < n; i++) {
      const t = tempsC[i];
      if (t < NTC_MIN_C || t > NTC_MAX_C) badM |= 1 << i;
      else if (comparable) {
        const d = t - this.prev[i];
        if (d >= NTC_JUMP_C || d <= -NTC_JUMP_C) {
          jumped |= 1 << i;
          const e = t - this.pendC[i];
          if (e < NTC_JUMP_C && e > -NTC_JUMP_C) held |= 1 << i;
        }
      }
    }
    const wasBad = this.badPrev;
    const pend = this.pendJump;
    this.badPrev = badM;
    this.pendJump = 0;
    let bad = badM !== 0;
    if (noisy) {
      bad = (badM & wasBad) !== 0;
      if (jumped !== 0 && (jumped & pend & held) === 0) {
        this.pendJump = jumped;
        for (let i = 0; i < n; i++) this.pendC[i] = Math.round(tempsC[i]);
        return bad || nowMs < this.suspectUntilMs;
      }
      if (badM !== 0 && !bad) return nowMs < this.suspectUntilMs;
    }
    if (jumped !== 0) this.suspectUntilMs = nowMs + NTC_SUSPECT_MS;
    for (let i = 0; i < n; i++) this.prev[i] = Math.round(tempsC[i]);
    this.prevN = n;
    this.prevMs = nowMs;
    return bad || nowMs < this.suspectUntilMs;
  }
}
