/**
 * JK "4E 57" UART protocol warning/alarm bitmask (tag 0x8B, u16): one entry per bit.
 * Sources: JK "Communication protocol between monitoring platform and BMS" V2.5 ([JK-DOC]);
 * syssi/esphome-jk-bms components/jk_bms/jk_bms.cpp ERRORS[] (bit order checked there);
 * mapping per shared/reference/bms-protocols.md §0 and §2.4. The JK BLE tables differ: not used here.
 * UTP is not split by side in this protocol; it is recorded as blocking charge ("too cold to charge").
 * Encoding of entries: firmware/src/protocol/bits.ts.
 */
import { CODE_BIT } from "../src/types";
import { BIT_CHG, BIT_DSG, BIT_FAULT } from "../src/protocol/bits";

export const JK_BITS = new Uint16Array([
  BIT_FAULT, //                        b0  low capacity (warning only)
  CODE_BIT.OTP | BIT_CHG | BIT_DSG, // b1  power tube (MOSFET) over-temperature
  CODE_BIT.OVP | BIT_CHG, //           b2  charging over-voltage
  CODE_BIT.UVP | BIT_DSG, //           b3  discharging under-voltage
  CODE_BIT.OTP | BIT_CHG | BIT_DSG, // b4  battery over-temperature
  CODE_BIT.OCC | BIT_CHG, //           b5  charging over-current
  CODE_BIT.OCD | BIT_DSG, //           b6  discharging over-current
  BIT_FAULT, //                        b7  cell voltage ("pressure") difference
  CODE_BIT.OTP | BIT_CHG | BIT_DSG, // b8  over-temperature in the battery box
  CODE_BIT.UTP | BIT_CHG, //           b9  battery low temperature
  CODE_BIT.OVP | BIT_CHG, //           b10 cell over-voltage
  CODE_BIT.UVP | BIT_DSG, //           b11 cell under-voltage
  BIT_FAULT, //                        b12 "309_A" protection
  BIT_FAULT, //                        b13 "309_B" protection
  BIT_FAULT, //                        b14 reserved
  BIT_FAULT, //                        b15 reserved
]);

/** Labels of the BIT_FAULT bits above that have one ("JK b0 low cap"); the others read "JK b14". As jbdLabels. */
export function jkLabels(): string {
  return "|0:low cap" +
    "|7:cell diff" +
    "|12:309A" +
    "|13:309B";
}
