/**
 * Encoding of the family bit tables (firmware/codes/*-bits.ts) and the one function that maps raw
 * protection bits through them.
 *
 * A table has one entry per bit. An entry is either
 *   - a number: a code mask (CODE_BIT) plus flags below (which side the BMS blocks; level-1 warning), or
 *   - a string: a short label for a bit with no code ("JBD b11 AFE"); it is reported in `faults`.
 * A number entry with no code and no flag (BIT_STATE) is a state bit that is neither code nor fault
 * (JBD software MOS lock, which has its own Snapshot field; Daly "switch opened by command").
 */

/** The BMS says this condition blocks charging. */
export const BIT_CHG = 0x100;
/** The BMS says this condition blocks discharging. */
export const BIT_DSG = 0x200;
/** Level-1 warning (Daly): goes to `warnings`, never to `codes`. */
export const BIT_WARN = 0x400;
/** A state bit: no code, not a fault. */
export const BIT_STATE = 0x800;

export type BitDef = number | string;

/** Result of mapping protection bits: masks of CODE_BIT plus labels. */
export interface Mapped {
  codes: number;
  chg: number;
  dsg: number;
  warnings: number;
  faults: string[];
}

export function emptyMapped(): Mapped {
  return { codes: 0, chg: 0, dsg: 0, warnings: 0, faults: [] };
}

/**
 * Adds the bits set in `value` (bit i ↔ table[base + i], i < width) to `out`. A set bit with no table
 * entry (cannot happen for complete tables; the shape tests prove completeness) is still reported.
 */
export function mapBits(table: BitDef[], value: number, base: number, width: number, prefix: string, out: Mapped): void {
  for (let i = 0; i < width; i++) {
    if (!((value >> i) & 1)) continue;
    const e = table[base + i];
    if (typeof e === "string") {
      out.faults.push(e);
    } else if (typeof e === "number") {
      const code = e & 0xff;
      if (e & BIT_WARN) {
        out.warnings |= code;
      } else {
        out.codes |= code;
        if (e & BIT_CHG) out.chg |= code;
        if (e & BIT_DSG) out.dsg |= code;
      }
    } else {
      out.faults.push(prefix + " b" + (base + i));
    }
  }
}
