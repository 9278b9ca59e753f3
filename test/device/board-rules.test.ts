/**
 * The ESP32 port's pin rules, on the built firmware of every board (sim/runtime/pins.ts applies them, from
 * sim/runtime/esp32-port.ts): the buzzer must really make a tone at the board's frequency, and the button must
 * give the gestures that were made. Each check is also run on firmware built from the boards' old data (buzzer
 * on the DAC pins D25/D26; D0 read as active-low with "input_pullup") and must fail there: that is what guards
 * the boards against those mistakes.
 */
import * as assert from "assert";
import { BOARD_LIST } from "../../boards";
import { BoardConfig } from "../../boards/board";
import { bundle } from "../../tools/build";
import { isTone, pinNumberOf, PinEvent } from "../../sim/runtime";
import { makeBench, headline, INDUCE, PACK_FOR, Bench } from "../../sim/rigs/box-bench";

/** Firmware built from a board's data with top-level fields replaced (cached: a bundle takes a moment). */
const built: { [key: string]: string } = {};
function patched(id: string, patch: Partial<BoardConfig>): string {
  const key = id + JSON.stringify(patch);
  if (built[key] === undefined) built[key] = bundle(id, true, patch);
  return built[key];
}

function booted(id: string, code?: string): Bench {
  const b = makeBench(id, "jbd", PACK_FOR, { code });
  assert.ok(b.until((s) => headline(s) === "OK", 15000) >= 0, "all-clear within 15 s; screen:\n" + b.screen());
  return b;
}

/** Sounds the buzzer (an SC: safety pattern, 300 ms on / 200 ms off) and returns the pin's PWM/DAC events. */
function buzzerEvents(id: string, buzzerPin: string, code?: string): PinEvent[] {
  const b = booted(id, code);
  const t0 = b.now();
  b.change(INDUCE.SC.set);
  b.run(4000);
  const pin = pinNumberOf(buzzerPin) as number;
  return b.dev.pinTimeline(pin).filter((e) => e.tMs >= t0 && (e.type === "pwm" || e.type === "dac"));
}

/** Makes a short, a long and a double press and returns the gestures the firmware logged. */
function gestures(id: string, code?: string): string[] {
  const b = booted(id, code);
  b.press(120);
  b.run(1500);
  b.press(2000);
  b.run(3500);
  b.press(100);
  b.run(150);
  b.press(100);
  b.run(1500);
  return b.log().filter((l) => l.indexOf("] button ") > 0).map((l) => l.slice(l.indexOf("] button ") + 9));
}

describe("board rules: the buzzer sounds and the button reads right on the ESP32 port", function () {
  this.timeout(120000);

  for (const e of BOARD_LIST) {
    const board = e.board;
    it(board.id + ": the buzzer (" + board.buzzer.pin + ") makes a tone at " + board.buzzer.freqHz + " Hz", () => {
      const ev = buzzerEvents(board.id, board.buzzer.pin);
      const tones = ev.filter(isTone);
      assert.ok(tones.length >= 4, "safety bursts as PWM tones: " + JSON.stringify(ev.slice(0, 4)));
      for (const t of tones) assert.strictEqual(t.freqHz, board.buzzer.freqHz);
      assert.ok(!ev.some((x) => x.type === "dac"), "no DAC level");
    });

    it(board.id + ": short, long and double presses of the button (" + board.button.pin + ") come out as such", () => {
      assert.deepStrictEqual(gestures(board.id), ["short", "long", "double"]);
    });
  }

  it("the buzzer check fails on the old buzzer pins (devkitc D25, heltec D26): the DAC gives a DC level, no tone", () => {
    const old: [string, string][] = [["esp32-devkitc", "D25"], ["heltec-wifi-kit-32", "D26"]];
    for (const [id, pin] of old) {
      const ev = buzzerEvents(id, pin, patched(id, { buzzer: { pin: pin as "D25", freqHz: 2700 } }));
      assert.strictEqual(ev.filter(isTone).length, 0, id + " " + pin + ": " + JSON.stringify(ev.slice(0, 3)));
      assert.ok(ev.some((x) => x.type === "dac" && x.value !== null && (x.value as number) > 0), id + ": the firmware did write the pin (a DAC level)");
    }
  });

  it("the gesture check fails with the old button data (D0 read as active-low, input_pullup): gestures come out inverted", () => {
    for (const e of BOARD_LIST) {
      const code = patched(e.board.id, { button: { pin: "D0", pressedReads: 0, mode: "input_pullup" } });
      const got = gestures(e.board.id, code);
      assert.notDeepStrictEqual(got, ["short", "long", "double"], e.board.id + ": " + JSON.stringify(got));
    }
  });
});
