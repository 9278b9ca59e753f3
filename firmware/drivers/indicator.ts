/**
 * LED and buzzer: plays the patterns the engine chooses (firmware/codes/patterns.ts: data per severity
 * class); this driver only turns time into on/off. A pattern track is a list of durations in ms,
 * alternately on and off, starting with on, repeated; [] is off, and a track whose off time is 0 is steady.
 *
 * The buzzer is driven by PWM at the board's frequency (`analogWrite(pin, 0.5, {freq})`: a passive piezo
 * needs a square wave), the LED by digitalWrite; the composition root supplies both as `IndicatorIo`.
 * Silence is the engine's business: it hands over a pattern whose buzzer track is empty while the LED
 * track keeps blinking ("silence stops the buzzer only").
 */

export interface IndicatorIo {
  led(on: boolean): void;
  buzz(on: boolean): void;
}

/** Where in a repeating on/off track time `t` (ms since the track started) falls: on?, ms to next change. */
export function trackAt(track: number[], t: number): { on: boolean; nextMs: number } {
  let total = 0;
  for (let i = 0; i < track.length; i++) total += track[i];
  if (!track.length || total <= 0) return { on: false, nextMs: -1 };
  if (track.length === 1 || total === track[0]) return { on: true, nextMs: -1 };
  let r = t % total;
  for (let i = 0; i < track.length; i++) {
    if (r < track[i]) return { on: i % 2 === 0, nextMs: track[i] - r };
    r -= track[i];
  }
  return { on: false, nextMs: 1 };
}

export class Indicator {
  io: IndicatorIo;
  led: number[] = [];
  buzz: number[] = [];
  /** When each track started: a changed track restarts at its beginning, an unchanged one keeps its phase. */
  ledT0 = 0;
  buzzT0 = 0;
  ledOn = false;
  buzzOn = false;

  constructor(io: IndicatorIo) {
    this.io = io;
    io.led(false);
    io.buzz(false);
  }

  same(a: number[], b: number[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** New tracks; an unchanged track keeps its phase, so re-setting the same pattern does not stutter. */
  play(led: number[], buzz: number[], nowMs: number): void {
    if (!this.same(led, this.led)) {
      this.led = led;
      this.ledT0 = nowMs;
    }
    if (!this.same(buzz, this.buzz)) {
      this.buzz = buzz;
      this.buzzT0 = nowMs;
    }
  }

  /** Applies the state for nowMs; returns ms until the next change, or -1 when nothing will change. */
  update(nowMs: number): number {
    const l = trackAt(this.led, nowMs - this.ledT0);
    const b = trackAt(this.buzz, nowMs - this.buzzT0);
    if (l.on !== this.ledOn) {
      this.ledOn = l.on;
      this.io.led(l.on);
    }
    if (b.on !== this.buzzOn) {
      this.buzzOn = b.on;
      this.io.buzz(b.on);
    }
    if (l.nextMs < 0) return b.nextMs;
    if (b.nextMs < 0) return l.nextMs;
    return l.nextMs < b.nextMs ? l.nextMs : b.nextMs;
  }
}
