/**
 * Heltec WiFi Kit 32: on-board SSD1306 on SDA D4 / SCL D15 with reset on D16 (and, on V2, its supply switched
 * by Vext on D21, low = on), white LED on D25, buzzer on D27, PRG button on D0. The BMS UART uses D13 (RX) and
 * D17 (TX): free on this board and not strapping pins (D12 would be: a high level at boot selects 1.8 V flash).
 *
 * Buzzer D27: free on this board, not a strapping pin, able to drive, and not D25/D26 (D26 was the first
 * choice): Espruino's ESP32 port drives those two as a DAC, analogWrite there ignores the frequency and a
 * passive piezo stays silent (targets/esp32/jshardware.c jshPinAnalogOutput). The LED on D25 is only switched
 * with digitalWrite, which works there as on any pin.
 * Button D0: the PRG button pulls GPIO0 to GND against the board's pull-up; Espruino marks D0 NEGATED (BTN1),
 * so it reads 1 while pressed, and "input" leaves the pin to that resistor.
 */
import { BoardConfig, BoardCircuit } from "./board";

export const BOARD: BoardConfig = {
  id: "heltec-wifi-kit-32",
  name: "Heltec WiFi Kit 32",
  bms: "auto",
  uart: { port: "Serial2", rx: "D13", tx: "D17" },
  oled: { i2c: "I2C1", sda: "D4", scl: "D15", address: 0x3c, rst: "D16", width: 128, height: 64 },
  oledPower: { pin: "D21", level: 0 },
  led: { pin: "D25", activeHigh: true },
  buzzer: { pin: "D27", freqHz: 2700 },
  button: { pin: "D0", pressedReads: 1, mode: "input" },
};

/** The PRG button: GPIO0 to GND, with the board's pull-up on GPIO0 (needed to boot from flash). */
export const CIRCUIT: BoardCircuit = { pullUps: ["D0"], buttonTo: "GND" };
