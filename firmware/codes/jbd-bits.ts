/**
 * JBD protection status (basic info 0x03, payload offset 16, u16): one entry per bit.
 * Sources: JBD "General Protocol V4" note 1 ([JBD-PDF]), syssi/esphome-jbd-bms ERRORS[]; mapping per
 * shared/reference/bms-protocols.md §0 and §1.4. Encoding of entries: firmware/src/protocol/bits.ts.
 */
import { CODE_BIT } from "../src/types";
import { BIT_CHG, BIT_DSG, BIT_STATE, BIT_FAULT } from "../src/protocol/bits";

export const JBD_BITS = new Uint16Array([
  CODE_BIT.OVP | BIT_CHG, // b0  cell over-voltage
  CODE_BIT.UVP | BIT_DSG, // b1  cell under-voltage
  CODE_BIT.OVP | BIT_CHG, // b2  pack over-voltage
  CODE_BIT.UVP | BIT_DSG, // b3  pack under-voltage
  CODE_BIT.OTP | BIT_CHG, // b4  charge over-temperature
  CODE_BIT.UTP | BIT_CHG, // b5  charge under-temperature
  CODE_BIT.OTP | BIT_DSG, // b6  discharge over-temperature
  CODE_BIT.UTP | BIT_DSG, // b7  discharge under-temperature
  CODE_BIT.OCC | BIT_CHG, // b8  charge over-current
  CODE_BIT.OCD | BIT_DSG, // b9  discharge over-current
  CODE_BIT.SC | BIT_DSG, //  b10 short circuit
  BIT_FAULT, //              b11 front-end IC error
  BIT_STATE, //              b12 software MOS lock (Snapshot.mosLock; released by 0xE1 = 0)
  BIT_FAULT, //              b13 reserved in the PDF; esphome: "Charge timeout Close"
  BIT_FAULT, //              b14 reserved
  BIT_FAULT, //              b15 reserved
]);

/**
 * Labels of the BIT_FAULT bits above that have one ("JBD b11 AFE"); the others read "JBD b13". A function, not a
 * constant: the text is made in RAM only while a fault bit is being labelled (see bits.ts).
 */
export function jbdLabels(): string {
  return "|11:AFE";
}

/** Bit 12: the software MOSFET lock, the one state the box may release (register 0xE1 = 0x0000). */
export const JBD_MOS_LOCK_BIT = 0x1000;
