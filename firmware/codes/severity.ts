/**
 * Severity: three classes that drive ordering, the LED and the buzzer (patterns.ts), and latching.
 *
 *   safety (0)  SC always; OTP that has persisted OTP_SAFETY_MS. Latched until a person acknowledges it;
 *               the buzzer repeats until silenced and reminds again while the cause persists.
 *   act    (1)  OVP UVP OCC OCD UTP NTC, and a fresh OTP: the user has to do something now.
 *   wait   (2)  an OTP whose temperature is already falling (or a UTP already warming): patience, no sound.
 *
 * Lower number = more severe, so several codes sort ascending by class, then by age (codes.md).
 * Pure data and pure functions; the thresholds are documented here and in docs/engine.md.
 */
import { CI_OTP, CI_UTP } from "../src/types";

export const SEV_SAFETY = 0;
export const SEV_ACT = 1;
export const SEV_WAIT = 2;
export const SEVERITY_NAMES = ["safety", "act", "wait"];

/**
 * OTP becomes a safety code after 5 minutes. BMS over-temperature recovery is typically a few °C of
 * hysteresis plus a delay of seconds; a pack that is still over temperature after minutes is heated by
 * something that does not stop by itself (a loose terminal, a fire risk), which is what codes.md asks to latch.
 */
export const OTP_SAFETY_MS = 5 * 60 * 1000;

/** A temperature counts as falling (OTP) or rising (UTP) once it has moved this many °C from its extreme. */
export const TREND_C = 2;

/**
 * The class of one active code right now.
 *   ci        code index (bit position, CODE_NAMES order)
 *   baseSev   the code table's class
 *   openMs    how long the episode has been open (present or within its hold)
 *   latched   the episode already reached safety (stays safety)
 *   extremeC  hottest (OTP) / coldest (UTP) temperature seen in the episode, or null
 *   nowC      the matching temperature now (max for OTP, min for UTP), or null
 *   otpSafetyMs  the OTP persistence limit in use
 */
export function classify(
  ci: number,
  baseSev: number,
  openMs: number,
  latched: boolean,
  extremeC: number | null,
  nowC: number | null,
  otpSafetyMs: number,
): number {
  if (latched || baseSev === SEV_SAFETY) return SEV_SAFETY;
  if (ci === CI_OTP) {
    if (openMs >= otpSafetyMs) return SEV_SAFETY;
    if (extremeC !== null && nowC !== null && nowC <= extremeC - TREND_C) return SEV_WAIT;
  }
  if (ci === CI_UTP && extremeC !== null && nowC !== null && nowC >= extremeC + TREND_C) return SEV_WAIT;
  return baseSev;
}
