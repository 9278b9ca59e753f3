/**
 * One box, two worlds, one interface: the same scenario script drives the flashed firmware in the simulator
 * (sim/rigs/box-bench.ts: node:vm runtime, virtual clock, headless: waiting runs the clock) and on the real
 * Espruino interpreter (sim/espruino/real-box.ts: real time, waiting sleeps). Used by agreement.test.ts.
 *
 * Both read what the box emitted: console lines with the box's time stamp, the SSD1306 model's pixels (decoded
 * from the I2C bytes), the LED pin's levels with the box's time.
 */
import { Family } from "../../firmware/src/types";
import { Pack, PackOptions } from "../../sim/bms/pack";
import { RealBox } from "../../sim/espruino/real-box";
import { makeBench, Bench, BOARD_PINS } from "../../sim/rigs/box-bench";
import { sleep } from "./support";

/** A level change of the LED pin, in the box's ms. */
export interface Edge {
  tMs: number;
  level: number;
}

export interface World {
  readonly name: string;
  /** The box's clock, ms (the clock of its console stamps and pin events). */
  boxNow(): number;
  /** Waits until pred() holds (checked every few ms of the world's time) or timeoutMs passed; returns whether it held. */
  until(pred: () => boolean, timeoutMs: number): Promise<boolean>;
  /** Changes the simulated pack now. */
  change(fn: (p: Pack) => void): void;
  /** Console lines as printed, "[t] text". */
  lines(): string[];
  /** The glass, 128×64, 0/1 row-major (the SSD1306 model's pixels()). */
  pixels(): Uint8Array;
  screen(): string;
  /** Level changes of the LED pin (repeats of the same level dropped). */
  led(): Edge[];
  stop(): Promise<void>;
}

/** Only the level changes of a list of (time, level) samples. */
function changes(samples: Edge[]): Edge[] {
  const out: Edge[] = [];
  for (const s of samples) if (!out.length || out[out.length - 1].level !== s.level) out.push(s);
  return out;
}

/** The simulator, headless, in virtual time: the built firmware.js on the board's wiring (sim/rigs/box-bench.ts). */
export function simWorld(board: string, family: Family, pack: PackOptions): World {
  const b: Bench = makeBench(board, family, pack);
  const led = BOARD_PINS[board].led;
  return {
    name: "simulator",
    boxNow: () => b.now(),
    async until(pred, timeoutMs) {
      const end = b.now() + timeoutMs;
      for (;;) {
        if (pred()) return true;
        if (b.now() >= end) return false;
        b.run(10);
      }
    },
    change: (fn) => b.change(fn),
    lines: () => b.log(),
    pixels: () => b.oled.pixels(),
    screen: () => b.screen(),
    led: () => changes(b.dev.pinTimeline(led).filter((e) => e.type === "digital").map((e) => ({ tMs: e.tMs, level: e.value === 1 ? 1 : 0 }))),
    stop: async () => { /* nothing runs between calls */ },
  };
}

/** The real interpreter, in real time: the board's upload flashed and load()ed, the BMS model on a pty. */
export async function realWorld(board: string, family: Family, pack: PackOptions): Promise<World> {
  const box = await RealBox.flash({ board, family, bms: { pack } });
  const led = BOARD_PINS[board].led;
  // The box's clock seen from the host: a stamped line reaches us after it was stamped, so the largest
  // (stamp - arrival) over the lines seen so far is the closest estimate of the offset (never ahead of the box).
  let offset = -Infinity;
  let seen = 0;
  function boxNow(): number {
    const h = Date.now();
    for (; seen < box.lines.length; seen++) {
      const m = /^\[(\d+)\] /.exec(box.lines[seen]);
      if (m && Number(m[1]) - h > offset) offset = Number(m[1]) - h;
    }
    return offset === -Infinity ? 0 : h + offset;
  }
  return {
    name: "real interpreter",
    boxNow,
    async until(pred, timeoutMs) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        boxNow();
        if (pred()) return true;
        if (Date.now() >= end) return false;
        await sleep(20);
      }
    },
    change: (fn) => box.bms.change(box.now(), fn),
    lines: () => box.lines.slice(),
    pixels: () => box.oled.pixels(),
    screen: () => box.screen(),
    led: () => changes(box.pins.filter((e) => e.pin === led && e.kind === "d").map((e) => ({ tMs: e.tMs, level: Number(e.value) ? 1 : 0 }))),
    stop: () => box.stop(),
  };
}
