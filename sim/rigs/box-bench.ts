/**
 * A box on the bench, in the simulator: the built firmware file of one board running in the Espruino-like
 * runtime (sim/runtime), its SSD1306 attached on the board's I2C pins, a simulated BMS (sim/bms) on its UART,
 * the button and the LED/buzzer pins. Used by the device system tests, the real tier's simulated world
 * (test/espruino/worlds.ts) and tools/screens.ts.
 * The screen is read back from the display model's pixels (sim/scenario/screen-reader.ts), i.e. from the
 * I2C bytes the firmware really sent.
 */
import { createDevice, Device, Ssd1306, isTone } from "../runtime";
import { createBms, SimBms } from "../bms";
import { Pack, PackOptions } from "../bms/pack";
import { screenText } from "../scenario/screen-reader";
import { boardPins, BOARD_IDS } from "../scenario/boards";
import { builtFirmware } from "../firmware-file";
import { Family } from "../../firmware/src/types";

/** The wiring of a board's data (boards/<id>.ts) as pin numbers, flat. */
export interface BoardPins {
  sda: number; scl: number; rst: number | null; vext: number | null; rx: number; tx: number; led: number; buzzer: number; button: number;
  /** The level a press forces on the button's pin (the board's wiring), and the board's own pull-ups. */
  pressedLevel: number; pullUps: number[]; name: string;
}
function flat(id: string): BoardPins {
  const p = boardPins(id);
  return {
    sda: p.oled.sda, scl: p.oled.scl, rst: p.oled.rst, vext: p.oledPower, rx: p.uart.rx, tx: p.uart.tx, led: p.led.pin,
    buzzer: p.buzzer.pin, button: p.button.pin, pressedLevel: p.button.pressedLevel, pullUps: p.pullUps, name: p.name,
  };
}
export const BOARD_PINS: { [board: string]: BoardPins } = {};
for (const id of BOARD_IDS) BOARD_PINS[id] = flat(id);

export interface Bench {
  dev: Device;
  oled: Ssd1306;
  bms: SimBms;
  pins: BoardPins;
  /** Virtual ms now. */
  now(): number;
  /** Run the virtual clock for ms. */
  run(ms: number): void;
  /** Run until the screen satisfies `pred` (checked every stepMs), at most maxMs; returns ms waited or -1. */
  until(pred: (screen: string) => boolean, maxMs: number, stepMs?: number): number;
  /** The text on the glass, one run per line. */
  screen(): string;
  /** Change the pack now (physics brought up to date first). */
  change(fn: (p: Pack) => void): void;
  /** Press the button now for holdMs (with contact bounce). */
  press(holdMs: number): void;
  /** Is the buzzer sounding (PWM on) / the LED lit at virtual time t (default now)? */
  buzzing(t?: number): boolean;
  ledOn(t?: number): boolean;
  /** Console lines the firmware printed. */
  log(): string[];
  /** Plug the display in (for a bench made with noOled). */
  attachOled(): void;
}

export interface BenchOptions {
  /** Run build/<board>/firmware.readable.js instead of the flashed firmware.js. */
  readable?: boolean;
  /** Boot without the display; attach it later with attachOled(). */
  noOled?: boolean;
  /** Run this firmware source (e.g. built from patched board data) on the board's real wiring. */
  code?: string;
}

export function makeBench(board: string, family: Family, pack: PackOptions = {}, options: BenchOptions = {}): Bench {
  const pins = BOARD_PINS[board];
  const dev = createDevice({
    firmwarePath: options.code === undefined ? builtFirmware(board, options.readable ? "readable" : "flashed") : undefined,
    code: options.code, deferBoot: true, memoryClosures: false, boardPullUps: pins.pullUps,
  });
  let oled: Ssd1306 = options.noOled ? new Ssd1306({}) : dev.attachSsd1306({ sda: pins.sda, scl: pins.scl, resetPin: pins.rst });
  const bms = createBms(family, { pack: Object.assign({ cells: 4, socPct: 60 }, pack) });
  dev.attachUart(bms, { rx: pins.rx, tx: pins.tx });
  dev.boot();
  function levelAt(pin: number, t: number): number {
    let v = 0;
    for (const e of dev.pinTimeline(pin)) {
      if (e.tMs > t) break;
      if (e.type === "pwm") v = typeof e.value === "number" && e.value > 0 ? 1 : 0;
      else if (e.type === "digital") v = e.value === 1 ? 1 : 0;
    }
    return v;
  }
  /** Whether the last PWM/DAC/level change of the pin at or before t started a tone (sim/runtime/pins.ts isTone). */
  function toneAt(pin: number, t: number): boolean {
    let on = false;
    for (const e of dev.pinTimeline(pin)) {
      if (e.tMs > t) break;
      if (e.type === "pwm" || e.type === "dac" || e.type === "digital") on = isTone(e);
    }
    return on;
  }
  const detached = oled;
  // Reading the glass is the slow part: read it again only when the display model saw a new frame.
  let cacheFrames = -1;
  let cacheText = "";
  const b: Bench = {
    dev, oled, bms, pins,
    now: () => dev.clock.now(),
    run: (ms) => dev.clock.runFor(ms),
    until(pred, maxMs, stepMs = 100) {
      const start = dev.clock.now();
      while (dev.clock.now() - start <= maxMs) {
        if (pred(b.screen())) return dev.clock.now() - start;
        dev.clock.runFor(stepMs);
      }
      return -1;
    },
    screen: () => {
      if (options.noOled && b.oled === detached) return "";
      if (oled.frames !== cacheFrames) {
        cacheFrames = oled.frames;
        cacheText = screenText(oled);
      }
      return cacheText;
    },
    change: (fn) => bms.change(dev.clock.now(), fn),
    press: (holdMs) => dev.press(pins.button, { holdMs, bounceMs: 5, pressedLevel: pins.pressedLevel }),
    buzzing: (t) => toneAt(pins.buzzer, t === undefined ? dev.clock.now() : t),
    ledOn: (t) => levelAt(pins.led, t === undefined ? dev.clock.now() : t) === 1,
    log: () => dev.log.map((l) => l.text),
    attachOled: () => {
      oled = dev.attachSsd1306({ sda: pins.sda, scl: pins.scl, resetPin: pins.rst });
      b.oled = oled;
      cacheFrames = -1;
    },
  };
  return b;
}

/** Screen lines, trimmed. */
export function lines(screen: string): string[] {
  return screen.split("\n").map((l) => l.trim());
}
/**
 * `text` is on the screen: line breaks count as spaces, since the screens word-wrap a sentence over two lines
 * ("Stop charging; let" / "balancer work"); "O" and "0" compare equal, as the scenario runner's matching does.
 */
export function has(screen: string, text: string): boolean {
  const norm = (s: string) => s.replace(/0/g, "O").replace(/\s+/g, " ");
  return norm(screen).indexOf(norm(text)) >= 0;
}
/** The first line on the glass is the biggest thing: the code on a code screen. */
export function headline(screen: string): string {
  return lines(screen)[0] || "";
}

/**
 * How to make the simulated pack raise each code by its physics (sim/bms/pack.ts thresholds: cell OV 3.65 V,
 * UV 2.5 V, OCC 60 A, OCD 120 A, SC 400 A, charge OT 55 C, charge UT 0 C), and how to take the cause away.
 * Temperatures move with a short thermal time constant (set in PACK_FOR) so OTP/UTP rise as a real pack warms.
 */
export const INDUCE: { [code: string]: { set: (p: Pack) => void; undo: (p: Pack) => void } } = {
  OVP: { set: (p) => { p.socPct[1] = 106; p.chargerA = 20; p.chargerCvMv = null; }, undo: (p) => { p.chargerA = 0; p.socPct[1] = 95; } },
  UVP: { set: (p) => { p.socPct[1] = -3; p.loadA = 20; }, undo: (p) => { p.loadA = 0; p.socPct[1] = 30; } },
  OCC: { set: (p) => { p.chargerA = 80; }, undo: (p) => { p.chargerA = 0; } },
  OCD: { set: (p) => { p.loadA = 150; }, undo: (p) => { p.loadA = 0; } },
  OTP: { set: (p) => { p.heatC = 45; }, undo: (p) => { p.heatC = 0; } },
  UTP: { set: (p) => { p.ambientC = -15; p.chargerA = 5; }, undo: (p) => { p.ambientC = 22; p.chargerA = 0; } },
  SC: { set: (p) => { p.loadA = 10; p.shortA = 1000; }, undo: (p) => { p.shortA = 0; p.loadA = 0; } },
  NTC: { set: (p) => { p.sensors[0] = "open"; }, undo: (p) => { p.sensors[0] = "ok"; } },
};
export const PACK_FOR: PackOptions = { cells: 4, socPct: 60, thermalTauMs: 60 * 1000 };
