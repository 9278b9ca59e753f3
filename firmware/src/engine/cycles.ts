/**
 * Charge / discharge cycle counter: recurrence "per charge" and "per heavy load" (codes.md) needs to know
 * which charge or discharge an episode happened in.
 *
 * A phase is the direction of the current. The phase switches only when the opposite direction has been
 * seen, past CYCLE_MIN_MA, for CYCLE_CONFIRM_MS: an OVP that opens the charge FET (current 0) or a charger
 * that pauses does not start a new charge; a night of discharge between two days of solar charge does.
 * Each switch into charge increments the charge cycle number, each switch into discharge the discharge one.
 */

/** 1 A: below this the current is noise, balancing or standby draw. */
export const CYCLE_MIN_MA = 1000;
/** The new direction must hold 60 s: a motor start or a cloud does not make a cycle. */
export const CYCLE_CONFIRM_MS = 60 * 1000;

export const PHASE_NONE = 0;
export const PHASE_CHARGE = 1;
export const PHASE_DISCHARGE = 2;

export class CycleCounter {
  phase: number;
  chg: number;
  dsg: number;
  /** Direction being confirmed and since when (ms). */
  cand: number;
  candMs: number;

  constructor(chg: number, dsg: number) {
    this.phase = PHASE_NONE;
    this.chg = chg;
    this.dsg = dsg;
    this.cand = PHASE_NONE;
    this.candMs = 0;
  }

  /** Feeds one current reading; returns true when a new cycle began. */
  feed(currentMa: number | null, nowMs: number): boolean {
    if (currentMa === null) return false;
    const dir = currentMa >= CYCLE_MIN_MA ? PHASE_CHARGE : currentMa <= -CYCLE_MIN_MA ? PHASE_DISCHARGE : PHASE_NONE;
    if (dir === PHASE_NONE || dir === this.phase) {
      this.cand = PHASE_NONE;
      return false;
    }
    if (dir !== this.cand) {
      this.cand = dir;
      this.candMs = nowMs;
    }
    if (nowMs - this.candMs < CYCLE_CONFIRM_MS) return false;
    this.phase = dir;
    this.cand = PHASE_NONE;
    if (dir === PHASE_CHARGE) this.chg++;
    else this.dsg++;
    return true;
  }

  /**
   * The cycle number an episode starting now belongs to, for a code of the given kind: a direction still
   * being confirmed counts as the new cycle (an OVP can trip within the first minute of a charge).
   */
  cycleFor(kind: number): number {
    if (kind === PHASE_CHARGE) return this.chg + (this.cand === PHASE_CHARGE ? 1 : 0);
    if (kind === PHASE_DISCHARGE) return this.dsg + (this.cand === PHASE_DISCHARGE ? 1 : 0);
    return 0;
  }
}
