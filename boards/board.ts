/**
 * What a board is: data only. Pins, buses and which BMS; one composition root per board file wires the
 * drivers to the core with it. Nothing outside boards/ knows a pin number.
 */
import { Family } from "../firmware/src/types";

export interface BoardConfig {
  /** Stable id, also the build folder name. */
  id: string;
  /** Shown on the boot screen. */
  name: string;
  /** Which BMS family is wired, or "auto" to detect it. */
  bms: Family | "auto";
  /** UART to the BMS: the Espruino Serial object and explicit pins (ESP32 needs them, espruino.md §4). */
  uart: { port: Serial; rx: Pin; tx: Pin };
  /** SSD1306 128×64 on I2C; rst only where the board wires it (Heltec). */
  oled: { i2c: I2C; sda: Pin; scl: Pin; address: number; rst: Pin | null; width: number; height: number };
  /**
   * Optional switched supply of the display, driven to `level` at start. Heltec's V2 boards power the OLED
   * through the "Vext" MOSFET on GPIO21, on when low (Heltec-Aaron-Lee/WiFi_Kit_series#61;
   * icssw-org/MeshCom-Firmware#684); on boards without it the pin is simply unused.
   */
  oledPower?: { pin: Pin; level: number };
  led: { pin: Pin; activeHigh: boolean };
  buzzer: { pin: Pin; freqHz: number };
  /** The button reads low when pressed (BOOT/PRG buttons pull to ground). */
  button: { pin: Pin; pressedLow: boolean };
}
