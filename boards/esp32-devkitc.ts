/**
 * Generic ESP32 DevKitC: BMS on Serial2 (RX D16, TX D17), SSD1306 on I2C1 (SDA D21, SCL D22),
 * LED on D2 (the on-board LED1), buzzer on D25 (any output can drive LEDC PWM), button D0 (BOOT).
 */
import { BoardConfig, BoardCircuit } from "./board";

export const BOARD: BoardConfig = {
  id: "esp32-devkitc",
  name: "ESP32 DevKitC",
  bms: "auto",
  uart: { port: "Serial2", rx: "D16", tx: "D17" },
  oled: { i2c: "I2C1", sda: "D21", scl: "D22", address: 0x3c, rst: null, width: 128, height: 64 },
  led: { pin: "D2", activeHigh: true },
  buzzer: { pin: "D25", freqHz: 2700 },
  // The BOOT button pulls to ground: reads low when pressed.
  button: { pin: "D0", pressedReads: 0, mode: "input_pullup" },
};

/** The BOOT button: GPIO0 to GND, with the board's pull-up on GPIO0 (it must read high at reset to boot from flash). */
export const CIRCUIT: BoardCircuit = { pullUps: ["D0"], buttonTo: "GND" };
