/**
 * LED and buzzer patterns per state, as data; the indicator driver (firmware/drivers/indicator.ts) only plays
 * them. A track is a list of durations in ms, alternately on and off, starting with on, repeated by the driver;
 * [] is off. A pattern with `onceMs` > 0 is a one-shot: the engine hands its buzzer track to the driver only for
 * onceMs after the alert and [] afterwards ("short beeps then quiet"); the track ends in a long pause so that
 * the driver's looping cannot repeat the beeps while the next view is on its way.
 *
 * Why these: users.md items 12 and 20 (alarm fatigue): info silent, warning short beeps then quiet,
 * critical repeating until acknowledged, and a steady sign of life so a dead box is told from a quiet one.
 */

import { SEV_ACT, SEV_SAFETY, SEV_WAIT } from "./severity";

export interface IndicatorPattern {
  name: string;
  led: number[];
  buzz: number[];
  /** > 0: the buzzer track is handed over for this many ms per alert, then the buzzer stays quiet. */
  onceMs: number;
}

/** Which pattern: the severity classes (severity.ts: 0 safety, 1 act, 2 wait), then the states without a code. */
export const PAT_CLEAR = 3;
export const PAT_NODATA = 4;
export const PAT_BOOT = 5;

/**
 * The pattern of `which`, built on each call (the engine asks when it makes a view): kept as six objects with
 * their tracks, the patterns cost the ESP32 ~110 JsVars; the words and numbers of a function stay in flash.
 */
export function patternOf(which: number): IndicatorPattern {
  // Safety: fast LED flash, buzzer 300 ms on / 200 ms off until silenced; reminds while the cause persists.
  if (which === SEV_SAFETY) return { name: "safety", led: [100, 100], buzz: [300, 200], onceMs: 0 };
  // Act now: LED blinks 1 Hz; three 100 ms beeps when the code appears, then quiet.
  if (which === SEV_ACT) return { name: "act", led: [500, 500], buzz: [100, 150, 100, 150, 100, 4400], onceMs: 2000 };
  // Wait: a slow LED blink, no sound (the pack is already recovering).
  if (which === SEV_WAIT) return { name: "wait", led: [150, 1850], buzz: [], onceMs: 0 };
  // No data: a double blip every 3 s, silent. A sleeping Daly or a BMS rebooting after a trip is no data too
  // (users.md 17, 18): beeping for it would train people to ignore the buzzer.
  if (which === PAT_NODATA) return { name: "nodata", led: [60, 200, 60, 2680], buzz: [], onceMs: 0 };
  // Boot: LED steady on until the first answer or the boot timeout.
  if (which === PAT_BOOT) return { name: "boot", led: [1, 0], buzz: [], onceMs: 0 };
  // All clear: a 30 ms heartbeat blip every 5 s, so the box shows it is alive.
  return { name: "clear", led: [30, 4970], buzz: [], onceMs: 0 };
}

// Each pattern by name, for the host's tests and tools (unused by the firmware, so esbuild drops them: pure).
export const PATTERN_SAFETY = /* @__PURE__ */ patternOf(SEV_SAFETY);
export const PATTERN_ACT = /* @__PURE__ */ patternOf(SEV_ACT);
export const PATTERN_WAIT = /* @__PURE__ */ patternOf(SEV_WAIT);
export const PATTERN_CLEAR = /* @__PURE__ */ patternOf(PAT_CLEAR);
export const PATTERN_NODATA = /* @__PURE__ */ patternOf(PAT_NODATA);
export const PATTERN_BOOT = /* @__PURE__ */ patternOf(PAT_BOOT);
/** By severity class. */
export const PATTERN_BY_SEV: IndicatorPattern[] = [PATTERN_SAFETY, PATTERN_ACT, PATTERN_WAIT];
