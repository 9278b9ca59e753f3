/**
 * Shared types of the pure core. Everything here compiles for Espruino and for Node alike.
 *
 * Codes travel as a bit mask (CODE_BIT below) rather than arrays of strings: on the ESP32 every array
 * element and every string costs 14-byte variables, a mask costs one.
 */

/** The eight codes the box speaks, in bit order of a code mask. */
export type CodeName = "OVP" | "UVP" | "OCC" | "OCD" | "OTP" | "UTP" | "SC" | "NTC";

/** Bit order of code masks: CODE_NAMES[i] is active when mask & (1 << i) (CODE_BIT below names each bit). */
export const CODE_NAMES: CodeName[] = ["OVP", "UVP", "OCC", "OCD", "OTP", "UTP", "SC", "NTC"];

/** Code indices (bit positions in code masks, the order of CODE_NAMES): the one set every module names codes by. */
export const CI_OVP = 0;
export const CI_UVP = 1;
export const CI_OCC = 2;
export const CI_OCD = 3;
export const CI_OTP = 4;
export const CI_UTP = 5;
export const CI_SC = 6;
export const CI_NTC = 7;

/** The names of a code mask's codes, in bit order (the cleared codes, a history entry's, the "why" line's). */
export function maskNames(mask: number): CodeName[] {
  const out: CodeName[] = [];
  for (let ci = 0; ci < 8; ci++) if (mask & (1 << ci)) out.push(CODE_NAMES[ci]);
  return out;
}

/** "No temperature" in the integer temperature fields (history entries, recurrence evidence). */
export const T_NONE = -999;

/** Each code's bit in a code mask (1 << its index): how the vendor bit tables (codes/*-bits.ts) name codes. */
export const CODE_BIT = {
  OVP: 1 << CI_OVP,
  UVP: 1 << CI_UVP,
  OCC: 1 << CI_OCC,
  OCD: 1 << CI_OCD,
  OTP: 1 << CI_OTP,
  UTP: 1 << CI_UTP,
  SC: 1 << CI_SC,
  NTC: 1 << CI_NTC,
};

/** BMS families the box reads. */
export type Family = "jbd" | "jk" | "daly";

/**
 * One decoded view of the BMS at one moment: what the engine consumes.
 * Numbers use integer units (mV, mA, 0.1 °C avoided: whole °C are enough for alarms).
 * Fields the family did not report in this cycle are null, never a stale or made-up value.
 */
export interface Snapshot {
  family: Family;
  /** Virtual/real time in ms at which the protection-bearing frame was complete. */
  tMs: number;
  packMv: number | null;
  /** + = charging, − = discharging. */
  currentMa: number | null;
  socPct: number | null;
  /** Cell voltages in mV; 0 = unconnected cell (never UVP). null when not read yet. */
  cellsMv: number[] | null;
  /** Temperatures of the sensors the BMS says exist, in °C. */
  tempsC: number[];
  /** MOSFET / board temperature in °C when the family reports one, else null. */
  mosC: number | null;
  /** FET states, null when unknown. */
  chargeFet: boolean | null;
  dischargeFet: boolean | null;
  /** Raw protection / alarm field(s) as numbers, as the BMS sent them (family specific). */
  bits: number[];
  /** Mapped protection codes (mask of CODE_BIT). */
  codes: number;
  /** Of `codes`, those the BMS says block charging / discharging (masks of CODE_BIT). */
  chargeBlocked: number;
  dischargeBlocked: number;
  /** Level-1 warnings (Daly) as a code mask, kept apart from codes. */
  warnings: number;
  /** Fault bits with no code, as short stable labels like "JBD b11 AFE" (visible, never dropped). */
  faults: string[];
  /** JBD only: software MOSFET lock (status bit 12) is set. */
  mosLock: boolean;
  /**
   * The line showed corruption (framer drops, undecodable frames) in the last minute when this status came
   * (poller.ts NOISY_MS). The sum checksums let some corrupted frames through, so on such a line the engine
   * shows a new code only once a second status confirms it. Absent = false (a clean line).
   */
  noisy?: boolean;
}
