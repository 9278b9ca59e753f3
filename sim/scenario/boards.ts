/**
 * The boards' pins as the simulator needs them, read from boards/<id>.ts itself (the one place that knows a pin
 * number) so the simulated wiring cannot drift from the firmware's. The board files are Espruino code and cannot
 * be imported on the host; their BoardConfig literal is plain enough to read field by field.
 */
import * as fs from "fs";
import * as path from "path";

export interface BoardPins {
  id: string;
  uart: { rx: number; tx: number };
  oled: { sda: number; scl: number; rst: number | null; address: number };
  led: { pin: number; activeHigh: boolean };
  buzzer: { pin: number };
  button: { pin: number; pressedLow: boolean };
}

export const BOARD_IDS = ["esp32-devkitc", "heltec-wifi-kit-32"];

function section(src: string, key: string, file: string): string {
  const m = new RegExp("\\b" + key + ":\\s*\\{").exec(src);
  const i = m ? m.index : -1;
  if (i < 0) throw new Error(file + ": no \"" + key + ": {\" in the board config");
  return src.slice(i, src.indexOf("}", i));
}

function pinIn(sec: string, field: string, file: string): number | null {
  const m = new RegExp("\\b" + field + ":\\s*(D(\\d+)|null)").exec(sec);
  if (!m) throw new Error(file + ": cannot read pin \"" + field + "\" in: " + sec);
  return m[1] === "null" ? null : Number(m[2]);
}

function boolIn(sec: string, field: string, file: string): boolean {
  const m = new RegExp("\\b" + field + ":\\s*(true|false)").exec(sec);
  if (!m) throw new Error(file + ": cannot read \"" + field + "\"");
  return m[1] === "true";
}

export function boardPins(id: string): BoardPins {
  const file = path.join(__dirname, "..", "..", "boards", id + ".ts");
  if (!fs.existsSync(file)) throw new Error("unknown board '" + id + "' (" + BOARD_IDS.join(", ") + ")");
  const src = fs.readFileSync(file, "utf8");
  const uart = section(src, "uart", file);
  const oled = section(src, "oled", file);
  const led = section(src, "led", file);
  const buz = section(src, "buzzer", file);
  const btn = section(src, "button", file);
  const addr = /address:\s*(0x[0-9a-fA-F]+|\d+)/.exec(oled);
  return {
    id,
    uart: { rx: pinIn(uart, "rx", file) as number, tx: pinIn(uart, "tx", file) as number },
    oled: { sda: pinIn(oled, "sda", file) as number, scl: pinIn(oled, "scl", file) as number, rst: pinIn(oled, "rst", file), address: addr ? Number(addr[1]) : 0x3c },
    led: { pin: pinIn(led, "pin", file) as number, activeHigh: boolIn(led, "activeHigh", file) },
    buzzer: { pin: pinIn(buz, "pin", file) as number },
    button: { pin: pinIn(btn, "pin", file) as number, pressedLow: boolIn(btn, "pressedLow", file) },
  };
}
