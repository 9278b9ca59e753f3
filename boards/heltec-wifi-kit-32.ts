/**
 * Heltec WiFi Kit 32: on-board SSD1306 on SDA D4 / SCL D15 with reset on D16 (and, on V2, its supply switched
 * by Vext on D21, low = on), white LED on D25,
 * PRG button on D0. The BMS UART uses D13 (RX) and D17 (TX): free on this board and not strapping pins
 * (D12 would be: a high level at boot selects 1.8 V flash).
 */
import { BoardConfig } from "./board";
import { startBox } from "../firmware/drivers/box";

const BOARD: BoardConfig = {
  id: "heltec-wifi-kit-32",
  name: "Heltec WiFi Kit 32",
  bms: "auto",
  uart: { port: Serial2, rx: D13, tx: D17 },
  oled: { i2c: I2C1, sda: D4, scl: D15, address: 0x3c, rst: D16, width: 128, height: 64 },
  oledPower: { pin: D21, level: 0 },
  led: { pin: D25, activeHigh: true },
  buzzer: { pin: D26, freqHz: 2700 },
  button: { pin: D0, pressedLow: true },
};

startBox(BOARD);
