/**
 * The boards' pins as the simulator wires them, from the board data itself (boards/index.ts: the same objects
 * the firmware is built with), so the simulated wiring cannot drift from the firmware's. Pin names become
 * numbers; the board's circuit says what the outside world is: the button pulls its pin to GND (or 3V3) when
 * pressed, and the board's own pull-ups. What the firmware then reads is the port's business (sim/runtime/pins.ts).
 */
import { BOARD_IDS, boardEntry } from "../../boards";
import { BoardCircuit, BoardConfig } from "../../boards/board";
import { pinNumberOf } from "../runtime/pins";

export { BOARD_IDS };

export interface BoardPins {
  id: string;
  name: string;
  uart: { rx: number; tx: number };
  oled: { sda: number; scl: number; rst: number | null; address: number };
  /** The display's switched supply (Heltec Vext), or null. */
  oledPower: number | null;
  led: { pin: number; activeHigh: boolean };
  buzzer: { pin: number; freqHz: number };
  /** The button's pin and the electrical level a press forces on it (the board's wiring, not Espruino's reading). */
  button: { pin: number; pressedLevel: number };
  /** Pins with a pull-up resistor on the board (DeviceOptions.boardPullUps). */
  pullUps: number[];
}

function num(p: string, what: string, id: string): number {
  const n = pinNumberOf(p);
  if (n === null) throw new Error("board " + id + ": " + what + " \"" + p + "\" is not a pin");
  return n;
}

/** The wiring of a board's data and circuit as pin numbers. */
export function pinsOf(b: BoardConfig, c: BoardCircuit): BoardPins {
  const id = b.id;
  return {
    id,
    name: b.name,
    uart: { rx: num(b.uart.rx, "uart.rx", id), tx: num(b.uart.tx, "uart.tx", id) },
    oled: { sda: num(b.oled.sda, "oled.sda", id), scl: num(b.oled.scl, "oled.scl", id), rst: b.oled.rst ? num(b.oled.rst, "oled.rst", id) : null, address: b.oled.address },
    oledPower: b.oledPower ? num(b.oledPower.pin, "oledPower", id) : null,
    led: { pin: num(b.led.pin, "led", id), activeHigh: b.led.activeHigh },
    buzzer: { pin: num(b.buzzer.pin, "buzzer", id), freqHz: b.buzzer.freqHz },
    button: { pin: num(b.button.pin, "button", id), pressedLevel: c.buttonTo === "GND" ? 0 : 1 },
    pullUps: c.pullUps.map((p) => num(p, "pull-up", id)),
  };
}

export function boardPins(id: string): BoardPins {
  const e = boardEntry(id);
  return pinsOf(e.board, e.circuit);
}
