/**
 * Daly failure status (command 0x98, data bytes 0–6): one entry per bit, index = byte × 8 + bit.
 * Byte 7 is a fault-code number, not bits (reported as a fault label when non-zero).
 * Sources: Daly UART/485 protocol V1.2 (Chinese originals), maland16/daly-bms-uart alarm struct,
 * dreadnought/python-daly-bms error_codes.py, antonkostryukov/daly-bms-protocol §5 (hardware-checked
 * on R24 boards); mapping per shared/reference/bms-protocols.md §0 and §3.4: level 2 → code, level 1 →
 * warning, MOS over-temperature → OTP, MOS/temperature sensor faults → NTC, byte 6 bit 2 → SC.
 * Encoding of entries: firmware/src/protocol/bits.ts.
 */
import { CODE_BIT } from "../src/types";
import { BIT_CHG, BIT_DSG, BIT_WARN, BIT_STATE, BIT_FAULT } from "../src/protocol/bits";

export const DALY_BITS = new Uint16Array([
  CODE_BIT.OVP | BIT_CHG | BIT_WARN, // b0  cell over-voltage L1
  CODE_BIT.OVP | BIT_CHG, //            b1  cell over-voltage L2
  CODE_BIT.UVP | BIT_DSG | BIT_WARN, // b2  cell under-voltage L1
  CODE_BIT.UVP | BIT_DSG, //            b3  cell under-voltage L2
  CODE_BIT.OVP | BIT_CHG | BIT_WARN, // b4  pack over-voltage L1
  CODE_BIT.OVP | BIT_CHG, //            b5  pack over-voltage L2
  CODE_BIT.UVP | BIT_DSG | BIT_WARN, // b6  pack under-voltage L1
  CODE_BIT.UVP | BIT_DSG, //            b7  pack under-voltage L2
  CODE_BIT.OTP | BIT_CHG | BIT_WARN, // b8  charge over-temperature L1
  CODE_BIT.OTP | BIT_CHG, //            b9  charge over-temperature L2
  CODE_BIT.UTP | BIT_CHG | BIT_WARN, // b10 charge under-temperature L1
  CODE_BIT.UTP | BIT_CHG, //            b11 charge under-temperature L2
  CODE_BIT.OTP | BIT_DSG | BIT_WARN, // b12 discharge over-temperature L1
  CODE_BIT.OTP | BIT_DSG, //            b13 discharge over-temperature L2
  CODE_BIT.UTP | BIT_DSG | BIT_WARN, // b14 discharge under-temperature L1
  CODE_BIT.UTP | BIT_DSG, //            b15 discharge under-temperature L2
  CODE_BIT.OCC | BIT_CHG | BIT_WARN, // b16 charge over-current L1
  CODE_BIT.OCC | BIT_CHG, //            b17 charge over-current L2
  CODE_BIT.OCD | BIT_DSG | BIT_WARN, // b18 discharge over-current L1
  CODE_BIT.OCD | BIT_DSG, //            b19 discharge over-current L2
  BIT_FAULT, //                         b20 SOC high L1
  BIT_FAULT, //                         b21 SOC high L2
  BIT_FAULT, //                         b22 SOC low L1
  BIT_FAULT, //                         b23 SOC low L2 (advisory: never opened the FETs, [AK])
  BIT_FAULT, //                         b24 cell voltage difference L1
  BIT_FAULT, //                         b25 cell voltage difference L2
  BIT_FAULT, //                         b26 temperature difference L1
  BIT_FAULT, //                         b27 temperature difference L2
  BIT_FAULT, //                         b28 reserved
  BIT_FAULT, //                         b29 reserved
  BIT_FAULT, //                         b30 reserved
  BIT_FAULT, //                         b31 reserved
  CODE_BIT.OTP | BIT_CHG, //            b32 charge MOS over-temperature
  CODE_BIT.OTP | BIT_DSG, //            b33 discharge MOS over-temperature
  CODE_BIT.NTC, //                      b34 charge MOS temperature-sensor fault
  CODE_BIT.NTC, //                      b35 discharge MOS temperature-sensor fault
  BIT_FAULT, //                         b36 charge MOS stuck closed ("adhesion")
  BIT_FAULT, //                         b37 discharge MOS stuck closed
  BIT_FAULT, //                         b38 charge MOS open fault ("breaker")
  BIT_FAULT, //                         b39 discharge MOS open fault
  BIT_FAULT, //                         b40 AFE chip fault
  BIT_FAULT, //                         b41 cell-voltage acquisition lost
  CODE_BIT.NTC, //                      b42 temperature-sensor fault
  BIT_FAULT, //                         b43 EEPROM fault
  BIT_FAULT, //                         b44 real-time clock fault
  BIT_FAULT, //                         b45 precharge fault
  BIT_FAULT, //                         b46 vehicle/external communication fault
  BIT_FAULT, //                         b47 internal communication fault
  BIT_FAULT, //                         b48 current-module fault
  BIT_FAULT, //                         b49 total-voltage module fault
  CODE_BIT.SC | BIT_DSG, //             b50 short-circuit protection
  CODE_BIT.UVP | BIT_CHG | BIT_WARN, // b51 charge forbidden, voltage too low (a warning, §0)
  BIT_STATE, //                         b52 a switch opened by command (a state, not an alarm: [AK] §5)
  BIT_FAULT, //                         b53 reserved
  BIT_FAULT, //                         b54 reserved
  BIT_FAULT, //                         b55 reserved
]);

/**
 * Labels of the BIT_FAULT bits above that have one ("DALY b20 SOC hi L1"); the others read "DALY b28". As
 * jbdLabels: kept as a constant, this text cost the box 29 JsVars all the time.
 */
export function dalyLabels(): string {
  return "|20:SOC hi L1" +
    "|21:SOC hi L2" +
    "|22:SOC lo L1" +
    "|23:SOC lo L2" +
    "|24:cell diff L1" +
    "|25:cell diff L2" +
    "|26:temp diff L1" +
    "|27:temp diff L2" +
    "|36:chg MOS stuck" +
    "|37:dsg MOS stuck" +
    "|38:chg MOS open" +
    "|39:dsg MOS open" +
    "|40:AFE" +
    "|41:cell sense" +
    "|43:EEPROM" +
    "|44:RTC" +
    "|45:precharge" +
    "|46:ext comm" +
    "|47:int comm" +
    "|48:current mod" +
    "|49:volt mod";
}
