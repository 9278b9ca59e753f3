/**
 * Heltec WiFi Kit 32: on-board SSD1306 on SDA D4 / SCL D15 with reset on D16 (and, on V2, its supply switched
 * by Vext on D21, low = on), white LED on D25, buzzer on D26 (LEDC PWM),
 * PRG button on D0. The BMS UART uses D13 (RX) and D17 (TX): free on this board and not strapping pins
 * (D12 would be: a high level at boot selects 1.8 V flash).
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
  buzzer: { pin: "D26", freqHz: 2700 },
  // The PRG button pulls to ground: reads low when pressed.
  button: { pin: "D0", pressedReads: 0, mode: "input_pullup" },
};

/** The PRG button: GPIO0 to GND, with the board's pull-up on GPIO0 (needed to boot from flash). */
export const CIRCUIT: BoardCircuit = { pullUps: ["D0"], buttonTo: "GND" };
