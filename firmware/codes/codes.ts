/**
 * The code table: the eight codes the box speaks, with their texts in two lengths, the side each blocks and
 * its base severity class. One place, kept in code (codeInfo) so the texts stay in flash; the engine, the screens and
 * the console read it from here.
 *
 * Source of meaning, first action and side: shared/reference/codes.md (table) and bms-protocols.md §0.
 *
 * Text lengths (checked by test/engine/codes.test.ts; ASCII only, the built-in font has no "°" or "→"). The
 * screens draw every word in Espruino's 6x8 font: 21 characters a line on 128 px (128 / 6).
 *   label   ≤ 21 chars: one 6x8 line (the console names codes by it; the code screen shows the meaning)
 *   meaning ≤ 32 chars that word-wrap into at most two 6x8 lines
 *   action  ≤ 32 chars, at most two 6x8 lines word-wrapped
 *   wait    the same: the action shown instead while the code is in the "wait" class ("" = never waits)
 *   sideText≤ 21 chars: one 6x8 line
 *   long* : console / README, no limit
 */
import { CodeName, CODE_NAMES, CI_OVP, CI_UVP, CI_OCC, CI_OCD, CI_OTP, CI_UTP, CI_SC } from "../src/types";
import { SEV_ACT, SEV_SAFETY } from "./severity";

/** Which side a code blocks: charging, discharging (the load), both, or none (protection is blind). */
export type Side = "charge" | "discharge" | "both" | "none";

export interface CodeInfo {
  code: CodeName;
  label: string;
  meaning: string;
  action: string;
  wait: string;
  longMeaning: string;
  longAction: string;
  /** Side blocked when the BMS does not say (JBD/Daly split OTP/UTP per side and the snapshot says so). */
  side: Side;
  /** Base severity class (severity.ts); OTP rises to safety when it persists, falls to wait when cooling. */
  sev: number;
}

/**
 * codeInfo(ci).sev without building the code's texts: the engine asks for it for every shown code on every LED
 * decision and render (sevOf), where building the table entry cost a slow interpreter ~50 LIE a time.
 */
export function baseSev(ci: number): number {
  return ci === CI_SC ? SEV_SAFETY : SEV_ACT;
}

/**
 * The code with index ci (bit order of code masks, as CODE_NAMES). A function rather than a table of objects: its
 * string literals are part of the firmware's code, which stays in flash (.bootcde), and are RAM strings only while
 * a caller holds them. As a table, all 56 texts sat in RAM for good: about 320 of the ESP32's JsVars, measured on
 * the real interpreter (docs/benchmarks.md).
 */
export function codeInfo(ci: number): CodeInfo {
  switch (ci) {
    case CI_OVP:
      return {
        code: "OVP",
        label: "Over-voltage",
        meaning: "Cell voltage above its maximum",
        action: "Stop charging; let balancer work",
        wait: "",
        longMeaning: "A cell (or the pack) went above its maximum voltage.",
        longAction: "Stop charging; let the balancer bring the high cell down.",
        side: "charge",
        sev: SEV_ACT,
      };
    case CI_UVP:
      return {
        code: "UVP",
        label: "Under-voltage",
        meaning: "The pack ran too low",
        action: "Recharge gently, avoid deep runs",
        wait: "",
        longMeaning: "The pack ran too low: a cell fell below its minimum voltage.",
        longAction: "Recharge gently; don't run it this low again.",
        side: "discharge",
        sev: SEV_ACT,
      };
    case CI_OCC:
      return {
        code: "OCC",
        label: "Charge over-current",
        meaning: "Charge current over the limit",
        action: "Lower charger; check contactor",
        wait: "",
        longMeaning: "Charge current went over the limit.",
        longAction: "Lower the charge source; check for a stuck contactor.",
        side: "charge",
        sev: SEV_ACT,
      };
    case CI_OCD:
      return {
        code: "OCD",
        label: "Discharge overcurrent",
        meaning: "Too much current drawn too fast",
        action: "Cut load; size pack to inverter",
        wait: "",
        longMeaning: "Too much current was drawn, too fast.",
        longAction: "Reduce the load; size the pack to the inverter.",
        side: "discharge",
        sev: SEV_ACT,
      };
    case CI_OTP:
      return {
        code: "OTP",
        label: "Over-temperature",
        meaning: "Pack or BMS too hot",
        action: "Let it cool, find heat source",
        wait: "Cooling already: wait",
        longMeaning: "Over-temperature: the pack, the MOSFETs or the box is too hot.",
        longAction: "Let the pack cool; find the heat source (terminal, ventilation).",
        side: "both",
        sev: SEV_ACT,
      };
    case CI_UTP:
      return {
        code: "UTP",
        label: "Under-temperature",
        meaning: "Too cold to charge",
        action: "Warm the pack before charging",
        wait: "Warming already: wait",
        longMeaning: "Under-temperature: the pack is too cold to charge (some BMSes also stop discharge).",
        longAction: "Warm the pack before charging.",
        side: "charge",
        sev: SEV_ACT,
      };
    case CI_SC:
      return {
        code: "SC",
        label: "Short circuit",
        meaning: "BMS tripped on a short circuit",
        action: "Disconnect, inspect wiring first",
        wait: "",
        longMeaning: "The BMS tripped on a short circuit.",
        longAction: "Disconnect and inspect the wiring before reconnecting.",
        side: "discharge",
        sev: SEV_SAFETY,
      };
    default:
      return {
        code: "NTC",
        label: "Temp sensor fault",
        meaning: "Sensor fault: protection blind",
        action: "Check sensor plug; replace it",
        wait: "",
        longMeaning: "Temperature-sensor fault: temperature protection is blind.",
        longAction: "Check the sensor connector; replace the sensor if damaged.",
        side: "none",
        sev: SEV_ACT,
      };
  }
}

function wholeTable(): CodeInfo[] {
  const t: CodeInfo[] = [];
  for (let i = 0; i < CODE_NAMES.length; i++) t.push(codeInfo(i));
  return t;
}

/** All eight, for the host (tests, docs, tools). The firmware never reads it, so the bundle leaves it out. */
export const CODE_TABLE: CodeInfo[] = /* @__PURE__ */ wholeTable();

/** Short texts for the blocked side, one 6x8 line each. */
export const SIDE_TEXT = {
  charge: "Charging blocked",
  discharge: "Load cut off",
  both: "Charge + load blocked",
  none: "Protection blind",
};

/** Index of a code (codeInfo, CODE_NAMES) = its bit position in a code mask, or -1. */
export function codeIndex(code: string): number {
  return CODE_NAMES.indexOf(code as CodeName);
}
