/**
 * Encoding of the family bit tables (firmware/codes/*-bits.ts) and the one function that maps raw
 * protection bits through them.
 *
 * A family has two parts, both compact on the device (an array of numbers and strings costs one JsVar per
 * entry and 2+ per string; a typed array costs its bytes, one string about one JsVar per 10 chars):
 *   - a Uint16Array with one entry per bit: a code mask (CODE_BIT) plus flags below (which side the BMS
 *     blocks; level-1 warning), or BIT_FAULT (0): no code, reported in `faults` as "<PREFIX> b<n>";
 *   - one string of labels, an entry "|<n>:<label>" for each BIT_FAULT bit that has one (reserved bits
 *     have none): the fault then reads "<PREFIX> b<n> <label>" ("JBD b11 AFE"). Looked up only when
 *     such a bit is set, which is rare, so a function returns it: a string literal is copied into RAM when
 *     it is evaluated, and a kept constant would hold it there for good (Daly's: 29 JsVars). The string must not end with "|" (nor hold an empty label):
 *     Espruino's String.indexOf (2v29, jswrap_string_indexOf) also "finds" a key whose first characters
 *     are the string's last ones, so "|11:AFE|".indexOf("|13:") is 7 there, not -1.
 * An entry with no code and no flag but BIT_STATE is a state bit that is neither code nor fault
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
/** No code: the bit is reported in `faults`, with its label if the family's label string has one. */
export const BIT_FAULT = 0;

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
export function mapBits(table: Uint16Array, labelsOf: () => string, value: number, base: number, width: number, prefix: string, out: Mapped): void {
  // A healthy pack reports no bits: on the interpreter the loop over them was most of a Daly status's decode
  // (7 bytes of 8 bits, ~1,800 LIE).
  if (value === 0) return;
  for (let i = 0; i < width; i++) {
    if (!((value >> i) & 1)) continue;
    const n = base + i;
    const e = table[n];
    if (!e) {
      // The label, if any, runs from "|<n>:" to the next "|" or the end ("|" so that "0:" cannot match
      // inside "20:").
      let f = prefix + " b" + n;
      const key = "|" + n + ":";
      const labels = labelsOf();
      const p = labels.indexOf(key);
      if (p >= 0) {
        const q = labels.indexOf("|", p + 1);
        f += " " + labels.substring(p + key.length, q < 0 ? labels.length : q);
      }
      out.faults.push(f);
    } else {
      const code = e & 0xff;
      if (e & BIT_WARN) {
        out.warnings |= code;
      } else {
        out.codes |= code;
        if (e & BIT_CHG) out.chg |= code;
        if (e & BIT_DSG) out.dsg |= code;
      }
    }
  }
}
