/**
 * Generic ESP32 DevKitC: BMS on Serial2 (RX D16, TX D17), SSD1306 on I2C1 (SDA D21, SCL D22), LED on D2 (the
 * on-board LED1), buzzer on D27, button D0 (BOOT).
 *
 * Buzzer D27: free on this board, not a strapping pin (0, 2, 5, 12, 15), able to drive (D34–D39 cannot), and
 * not D25/D26, which Espruino's ESP32 port drives as a DAC: analogWrite there ignores the frequency and a
 * passive piezo stays silent (targets/esp32/jshardware.c jshPinAnalogOutput). Any other output pin gets LEDC PWM.
 * Button D0: the BOOT button pulls GPIO0 to GND against the board's own pull-up. Espruino marks D0 NEGATED (it is
 * BTN1, boards/ESP32.py), so it reads 1 while pressed; "input" because the board's resistor holds the pin
 * (on a negated pin "input_pullup" would enable the pull-down).
 */
import { BoardConfig, BoardCircuit } from "./board";

export const BOARD: BoardConfig = {
  id: "esp32-devkitc",
  name: "ESP32 DevKitC",
  bms: "auto",
  uart: { port: "Serial2", rx: "D16", tx: "D17" },
  oled: { i2c: "I2C1", sda: "D21", scl: "D22", address: 0x3c, rst: null, width: 128, height: 64 },
  led: { pin: "D2", activeHigh: true },
  buzzer: { pin: "D27", freqHz: 2700 },
  button: { pin: "D0", pressedReads: 1, mode: "input" },
};

/** The BOOT button: GPIO0 to GND, with the board's pull-up on GPIO0 (it must read high at reset to boot from flash). */
export const CIRCUIT: BoardCircuit = { pullUps: ["D0"], buttonTo: "GND" };
