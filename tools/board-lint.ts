/**
 * Board lint: a board's data (boards/<id>.ts) checked against the ESP32 port's pin rules (the facts and their
 * sources: sim/runtime/esp32-port.ts) and against the board's own circuit. The build refuses a board with a
 * problem; test/build/boards.test.ts runs it over every board and over the mistakes it must catch.
 *
 *   lintBoard(board, circuit) -> [] when fine, else one sentence per problem
 */
import { BoardConfig, BoardCircuit, PinName } from "../boards/board";
import { ESP32_PORT } from "../sim/runtime/esp32-port";

/** The pin number of a name, or -1 when it is not one of D0..D39. */
export function pinNumber(p: string): number {
  if (!/^D\d+$/.test(p)) return -1;
  const n = Number(p.slice(1));
  return n < ESP32_PORT.count ? n : -1;
}

function has(list: number[], n: number): boolean {
  return list.indexOf(n) >= 0;
}

export function lintBoard(b: BoardConfig, c: BoardCircuit): string[] {
  const out: string[] = [];
  const uses: { what: string; pin: PinName; drives: boolean }[] = [
    { what: "uart.rx", pin: b.uart.rx, drives: false },
    { what: "uart.tx", pin: b.uart.tx, drives: true },
    { what: "oled.sda", pin: b.oled.sda, drives: true },
    { what: "oled.scl", pin: b.oled.scl, drives: true },
    { what: "led", pin: b.led.pin, drives: true },
    { what: "buzzer", pin: b.buzzer.pin, drives: true },
    { what: "button", pin: b.button.pin, drives: false },
  ];
  if (b.oled.rst) uses.push({ what: "oled.rst", pin: b.oled.rst, drives: true });
  if (b.oledPower) uses.push({ what: "oledPower", pin: b.oledPower.pin, drives: true });
  const seen: { [n: number]: string } = {};
  for (const u of uses) {
    const n = pinNumber(u.pin);
    if (n < 0) {
      out.push(u.what + ": \"" + u.pin + "\" is not an ESP32 pin (D0..D" + (ESP32_PORT.count - 1) + ")");
      continue;
    }
    if (has(ESP32_PORT.flash, n)) out.push(u.what + ": " + u.pin + " is wired to the SPI flash (D6-D11)");
    if (u.drives && has(ESP32_PORT.inputOnly, n)) out.push(u.what + ": " + u.pin + " is input only (D34-D39 cannot drive)");
    if (seen[n] !== undefined) out.push(u.what + ": " + u.pin + " is already used by " + seen[n]);
    else seen[n] = u.what;
  }
  for (const p of c.pullUps) if (pinNumber(p) < 0) out.push("circuit.pullUps: \"" + p + "\" is not an ESP32 pin");

  // The buzzer needs LEDC PWM: not a DAC pin (analogWrite writes a DC level there, freq ignored: silence), and not
  // a strapping pin (a piezo driver there can change how the chip boots).
  const z = pinNumber(b.buzzer.pin);
  if (z >= 0 && has(ESP32_PORT.dac, z)) out.push("buzzer: " + b.buzzer.pin + " is a DAC pin on Espruino's ESP32 port: analogWrite there ignores freq, a passive piezo stays silent; use an LEDC pin");
  if (z >= 0 && has(ESP32_PORT.strapping, z)) out.push("buzzer: " + b.buzzer.pin + " is a strapping pin (" + ESP32_PORT.strapping.map((n) => "D" + n).join(", ") + ")");
  if (!(b.buzzer.freqHz > 0)) out.push("buzzer: freqHz must be a positive frequency");

  // The button, electrically: the level it forces while pressed, the level that holds it at rest, and what
  // Espruino then reads (inverted on a NEGATED pin).
  const k = pinNumber(b.button.pin);
  if (k >= 0) {
    if (has(ESP32_PORT.noWatch, k)) out.push("button: setWatch does not work on " + b.button.pin + " (D6-D12)");
    const neg = has(ESP32_PORT.negated, k);
    const pressed = c.buttonTo === "GND" ? 0 : 1;
    const reads = neg ? 1 - pressed : pressed;
    if (b.button.pressedReads !== reads) {
      out.push("button: pressing pulls " + b.button.pin + " to " + c.buttonTo + ", which Espruino reads as " + reads +
        (neg ? " (" + b.button.pin + " is NEGATED on the ESP32 port)" : "") + ", not " + b.button.pressedReads + ": gestures would come out inverted");
    }
    // The chip pull the requested mode enables (swapped on a negated pin; none on D34-D39).
    let pull: number | null = null;
    if (!has(ESP32_PORT.inputOnly, k)) {
      if (b.button.mode === "input_pullup") pull = neg ? 0 : 1;
      if (b.button.mode === "input_pulldown") pull = neg ? 1 : 0;
    }
    const boardPull = c.pullUps.indexOf(b.button.pin) >= 0 ? 1 : null;
    if (pull === pressed) {
      out.push("button: pinMode(" + b.button.pin + ", \"" + b.button.mode + "\") enables the pull-" + (pull ? "up" : "down") +
        (neg ? " (the pin is NEGATED)" : "") + ", toward the pressed level" + (boardPull !== null ? ", against the board's pull-up" : ""));
    }
    const rest = boardPull !== null ? boardPull : pull;
    if (rest === null) out.push("button: nothing holds " + b.button.pin + " at rest (no resistor on the board, mode \"" + b.button.mode + "\")");
    else if (rest === pressed) out.push("button: " + b.button.pin + " rests at the level a press gives: it would always read pressed");
  }
  return out;
}
