/**
 * Daly failure status (command 0x98, data bytes 0–6): one entry per bit, index = byte × 8 + bit.
 * Byte 7 is a fault-code number, not bits (reported as a fault label when non-zero).
 * Sources: Daly UART/485 protocol V1.2 (Chinese originals), maland16/daly-bms-uart alarm struct,
 * dreadnought/python-daly-bms error_codes.py, antonkostryukov/daly-bms-protocol §5 (hardware-checked
 * on R24 boards); mapping per shared/reference/bms-protocols.md §0 and §3.4: level 2 → code, level 1 →
 * warning, MOS over-temperature → OTP, MOS/temperature sensor faults → NTC, byte 6 bit 2 → SC.
 */
import { CODE_BIT } from "../src/types";
import { BitDef, BIT_CHG, BIT_DSG, BIT_WARN, BIT_STATE } from "../src/protocol/bits";

export const DALY_BITS: BitDef[] = [
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
  "DALY b20 SOC hi L1", //              b20 SOC high L1
  "DALY b21 SOC hi L2", //              b21 SOC high L2
  "DALY b22 SOC lo L1", //              b22 SOC low L1
  "DALY b23 SOC lo L2", //              b23 SOC low L2 (advisory: never opened the FETs, [AK])
  "DALY b24 cell diff L1", //           b24 cell voltage difference L1
  "DALY b25 cell diff L2", //           b25 cell voltage difference L2
  "DALY b26 temp diff L1", //           b26 temperature difference L1
  "DALY b27 temp diff L2", //           b27 temperature difference L2
  "DALY b28", //                        b28 reserved
  "DALY b29", //                        b29 reserved
  "DALY b30", //                        b30 reserved
  "DALY b31", //                        b31 reserved
  CODE_BIT.OTP | BIT_CHG, //            b32 charge MOS over-temperature
  CODE_BIT.OTP | BIT_DSG, //            b33 discharge MOS over-temperature
  CODE_BIT.NTC, //                      b34 charge MOS temperature-sensor fault
  CODE_BIT.NTC, //                      b35 discharge MOS temperature-sensor fault
  "DALY b36 chg MOS stuck", //          b36 charge MOS stuck closed ("adhesion")
  "DALY b37 dsg MOS stuck", //          b37 discharge MOS stuck closed
  "DALY b38 chg MOS open", //           b38 charge MOS open fault ("breaker")
  "DALY b39 dsg MOS open", //           b39 discharge MOS open fault
  "DALY b40 AFE", //                    b40 AFE chip fault
  "DALY b41 cell sense", //             b41 cell-voltage acquisition lost
  CODE_BIT.NTC, //                      b42 temperature-sensor fault
  "DALY b43 EEPROM", //                 b43 EEPROM fault
  "DALY b44 RTC", //                    b44 real-time clock fault
  "DALY b45 precharge", //              b45 precharge fault
  "DALY b46 ext comm", //               b46 vehicle/external communication fault
  "DALY b47 int comm", //               b47 internal communication fault
  "DALY b48 current mod", //            b48 current-module fault
  "DALY b49 volt mod", //               b49 total-voltage module fault
  CODE_BIT.SC | BIT_DSG, //             b50 short-circuit protection
  CODE_BIT.UVP | BIT_CHG | BIT_WARN, // b51 charge forbidden, voltage too low (a warning, §0)
  BIT_STATE, //                         b52 a switch opened by command (a state, not an alarm: [AK] §5)
  "DALY b53", //                        b53 reserved
  "DALY b54", //                        b54 reserved
  "DALY b55", //                        b55 reserved
];
