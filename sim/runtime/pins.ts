/**
 * ESP32 pins D0..D39 for the simulator: the Pin objects the firmware sees, the electrical level of each pin
 * (what the firmware drives, what the outside world drives, pull-ups on the board), `setWatch`, and a timeline
 * of every output change (LED levels, buzzer PWM duty and frequency) for scenarios to check.
 *
 * Espruino semantics kept: digitalWrite puts an "auto" pin into output; digitalRead puts an "auto" pin into
 * input; pinMode(pin, mode) makes the mode sticky until pinMode(pin, "auto"); analogWrite(pin, duty 0..1,
 * {freq}) starts PWM (digitalWrite stops it); setWatch(fn, pin, {repeat, edge, debounce}) calls
 * fn({state, time, lastTime}) with times in seconds, after the level has been stable for `debounce` ms;
 * clearWatch() with no argument clears all.
 */
import { VirtualClock } from "./clock";

export const PIN_COUNT = 40;

/** The object the firmware gets as D0..D39. */
export class SimPin {
  readonly num: number;
  private world: PinWorld;
  constructor(num: number, world: PinWorld) {
    this.num = num;
    this.world = world;
  }
  read(): number { return this.world.digitalRead(this); }
  write(v: unknown): void { this.world.digitalWrite(this, v); }
  set(): void { this.world.digitalWrite(this, 1); }
  reset(): void { this.world.digitalWrite(this, 0); }
  toggle(): boolean {
    const v = this.world.outputValue(this.num) ? 0 : 1;
    this.world.digitalWrite(this, v);
    return !!v;
  }
  mode(m: unknown): void { this.world.pinMode(this, m); }
  getMode(): string { return this.world.getPinMode(this); }
  getInfo(): { port: string; num: number } { return { port: "D", num: this.num }; }
  toString(): string { return "D" + this.num; }
}

/** Pins may arrive as Pin objects, numbers or "D5" strings. */
export function pinNumberOf(p: unknown): number | null {
  if (p instanceof SimPin) return p.num;
  if (typeof p === "number" && p >= 0 && p < PIN_COUNT) return Math.floor(p);
  if (typeof p === "string" && p.length > 1 && (p[0] === "D" || p[0] === "d")) {
    const n = Number(p.slice(1));
    if (n >= 0 && n < PIN_COUNT) return n;
  }
  if (p && typeof p === "object" && typeof (p as { num?: unknown }).num === "number") return (p as { num: number }).num;
  return null;
}

export interface PinEvent {
  tMs: number;
  pin: number;
  /** digital: a driven level; pwm: analogWrite; dac: a DC level (not produced yet); mode: pinMode change; external: the world drove the pin. */
  type: "digital" | "pwm" | "dac" | "mode" | "external";
  /** Level (digital/external: 0, 1 or null when released), duty 0..1 (pwm) or the mode name. */
  value: number | string | null;
  freqHz?: number;
}

/**
 * Whether a pin event starts an audible tone on a passive piezo: PWM with a duty strictly between 0 and 1 at
 * 20 Hz..20 kHz. A steady level or PWM stopping is silence.
 */
export function isTone(e: PinEvent): boolean {
  if (e.type !== "pwm" || typeof e.value !== "number") return false;
  const f = e.freqHz ?? 0;
  return e.value > 0 && e.value < 1 && f >= 20 && f <= 20000;
}

interface PinState {
  mode: string;
  auto: boolean;
  out: number;
  pwm: { duty: number; freqHz: number } | null;
  external: number | null;
  /** A pull-up resistor on the board itself (BOOT/PRG buttons have one). */
  boardPullUp: boolean;
}

interface Watch {
  id: number;
  fn: Function;
  pin: number;
  repeat: boolean;
  edge: number; // 1 rising, -1 falling, 0 both
  debounceMs: number;
  reported: number;
  lastTimeS: number;
  pending: { cancel(): void } | null;
}

export class PinWorld {
  readonly pins: SimPin[] = [];
  readonly timeline: PinEvent[] = [];
  /** Called for every timeline event as it happens. */
  onEvent: ((e: PinEvent) => void) | null = null;
  private state: PinState[] = [];
  private watches: Watch[] = [];
  private nextWatchId = 1;
  private clock: VirtualClock;
  private invoke: (fn: Function, self: unknown, args: unknown[]) => void;

  constructor(clock: VirtualClock, invoke: (fn: Function, self: unknown, args: unknown[]) => void, boardPullUps: number[] = [0]) {
    this.clock = clock;
    this.invoke = invoke;
    for (let i = 0; i < PIN_COUNT; i++) {
      this.pins.push(new SimPin(i, this));
      this.state.push({ mode: "input", auto: true, out: 0, pwm: null, external: null, boardPullUp: boardPullUps.indexOf(i) >= 0 });
    }
  }

  private num(p: unknown): number {
    const n = pinNumberOf(p);
    if (n === null) throw new Error("Invalid pin: " + String(p));
    return n;
  }

  private record(e: Omit<PinEvent, "tMs">): void {
    const ev = Object.assign({ tMs: this.clock.now() }, e) as PinEvent;
    this.timeline.push(ev);
    if (this.onEvent) this.onEvent(ev);
  }

  /** The electrical level of a pin: 1, 0, or null when nothing drives or pulls it (reads 0). */
  level(n: number): number | null {
    const s = this.state[n];
    if (s.external !== null) return s.external;
    if (s.pwm) return s.pwm.duty >= 0.5 ? 1 : 0;
    if (s.mode === "output" || s.mode === "af_output") return s.out;
    if ((s.mode === "opendrain" || s.mode === "af_opendrain" || s.mode === "opendrain_pullup") && s.out === 0) return 0;
    if (s.mode === "input_pullup" || s.mode === "opendrain_pullup" || s.boardPullUp) return 1;
    if (s.mode === "input_pulldown") return 0;
    return null;
  }

  /** What the firmware last wrote (0/1). */
  outputValue(n: number): number {
    return this.state[n].out;
  }

  pwmOf(n: number): { duty: number; freqHz: number } | null {
    const p = this.state[n].pwm;
    return p ? { duty: p.duty, freqHz: p.freqHz } : null;
  }

  modeOf(n: number): string {
    return this.state[n].mode;
  }

  /** Whether the firmware drives the pin as an output right now. */
  isDriven(n: number): boolean {
    const m = this.state[n].mode;
    return m === "output" || m === "af_output" || this.state[n].pwm !== null;
  }

  // ---------------- firmware API ----------------
  digitalWrite(pin: unknown, value: unknown): void {
    if (Array.isArray(pin)) {
      // digitalWrite([A,B,C], v): the last pin gets bit 0.
      const v = Number(value);
      for (let i = 0; i < pin.length; i++) this.digitalWrite(pin[i], (v >> (pin.length - 1 - i)) & 1);
      return;
    }
    const n = this.num(pin);
    const s = this.state[n];
    const before = this.level(n);
    const v = value ? 1 : 0;
    if (s.pwm) {
      s.pwm = null;
      this.record({ pin: n, type: "pwm", value: 0, freqHz: 0 });
    }
    if (s.auto && s.mode !== "output") this.setMode(n, "output", true);
    if (s.out !== v || before !== v) {
      s.out = v;
      this.record({ pin: n, type: "digital", value: v });
    }
    this.levelMaybeChanged(n, before);
  }

  digitalRead(pin: unknown): number {
    if (Array.isArray(pin)) {
      let v = 0;
      for (const p of pin) v = (v << 1) | this.digitalRead(p);
      return v;
    }
    const n = this.num(pin);
    const s = this.state[n];
    if (s.auto && (s.mode === "output" || s.pwm)) {
      const before = this.level(n);
      s.pwm = null;
      this.setMode(n, "input", true);
      this.levelMaybeChanged(n, before);
    }
    return this.level(n) ?? 0;
  }

  analogWrite(pin: unknown, value: unknown, options?: unknown): void {
    const n = this.num(pin);
    const s = this.state[n];
    const before = this.level(n);
    const duty = Math.max(0, Math.min(1, Number(value) || 0));
    const o = (options && typeof options === "object" ? options : {}) as { freq?: unknown };
    const freqHz = o.freq !== undefined ? Number(o.freq) : s.pwm ? s.pwm.freqHz : 5000;
    if (s.auto && s.mode !== "output") this.setMode(n, "output", true);
    if (!s.pwm || s.pwm.duty !== duty || s.pwm.freqHz !== freqHz) {
      s.pwm = { duty, freqHz };
      this.record({ pin: n, type: "pwm", value: duty, freqHz });
    }
    this.levelMaybeChanged(n, before);
  }

  pinMode(pin: unknown, mode: unknown): void {
    const n = this.num(pin);
    const before = this.level(n);
    const m = mode === undefined ? "auto" : String(mode);
    const valid = ["analog", "input", "input_pullup", "input_pulldown", "output", "opendrain", "af_output", "af_opendrain", "opendrain_pullup", "auto"];
    if (valid.indexOf(m) < 0) throw new Error("Unknown pin mode " + JSON.stringify(m));
    if (m === "auto") this.state[n].auto = true;
    else this.setMode(n, m, false);
    this.levelMaybeChanged(n, before);
  }

  getPinMode(pin: unknown): string {
    return this.state[this.num(pin)].mode;
  }

  private setMode(n: number, mode: string, auto: boolean): void {
    const s = this.state[n];
    s.auto = auto;
    if (s.mode !== mode) {
      s.mode = mode;
      this.record({ pin: n, type: "mode", value: mode });
    }
  }

  setWatch(fn: unknown, pin: unknown, options?: unknown): number {
    if (typeof fn !== "function") throw new Error("Function or String not supplied!");
    const n = this.num(pin);
    // ESP32: jshCanWatch is false for D6–D12 (flash pins and the strapping pin D12), espruino.md §4.
    if (n >= 6 && n <= 12) throw new Error("Unable to set watch. You may already have a watch on a pin with the same number (eg. A0 and B0),\nor this pin cannot be used with watch");
    const o = (typeof options === "object" && options ? options : {}) as { repeat?: unknown; edge?: unknown; debounce?: unknown };
    let edge = 0;
    if (o.edge === "rising" || o.edge === 1) edge = 1;
    else if (o.edge === "falling" || o.edge === -1) edge = -1;
    const w: Watch = {
      id: this.nextWatchId++,
      fn,
      pin: n,
      repeat: !!o.repeat,
      edge,
      debounceMs: Math.max(0, Number(o.debounce) || 0),
      reported: this.level(n) ?? 0,
      lastTimeS: this.clock.now() / 1000,
      pending: null,
    };
    this.watches.push(w);
    return w.id;
  }

  clearWatch(id?: unknown): void {
    if (arguments.length === 0 || id === undefined) {
      if (arguments.length > 0) throw new Error("clearWatch(undefined) not allowed. Use clearWatch() instead.");
      for (const w of this.watches) if (w.pending) w.pending.cancel();
      this.watches = [];
      return;
    }
    const k = this.watches.findIndex((w) => w.id === Number(id));
    if (k < 0) return; // like timers since 2v01 (espruino/Espruino#1592): stale ids are ignored
    const w = this.watches[k];
    if (w.pending) w.pending.cancel();
    this.watches.splice(k, 1);
  }

  // ---------------- the outside world ----------------
  /** Drive a pin from outside (a button to GND: 0; released: null). */
  setExternal(n: number, level: number | null): void {
    const s = this.state[n];
    const before = this.level(n);
    if (s.external === level) return;
    s.external = level;
    this.record({ pin: n, type: "external", value: level });
    this.levelMaybeChanged(n, before);
  }

  private levelMaybeChanged(n: number, before: number | null): void {
    const now = this.level(n) ?? 0;
    if ((before ?? 0) === now) return;
    for (const w of this.watches.slice()) {
      if (w.pin !== n) continue;
      if (w.debounceMs > 0) {
        if (w.pending) w.pending.cancel();
        const edgeS = this.clock.now() / 1000;
        w.pending = this.clock.after(w.debounceMs, () => {
          w.pending = null;
          const lvl = this.level(n) ?? 0;
          if (lvl !== w.reported) this.fire(w, lvl, edgeS);
        });
      } else this.fire(w, now, this.clock.now() / 1000);
    }
  }

  private fire(w: Watch, level: number, timeS: number): void {
    const prev = w.reported;
    w.reported = level;
    if (prev === level) return;
    if (w.edge === 1 && level !== 1) return;
    if (w.edge === -1 && level !== 0) return;
    if (this.watches.indexOf(w) < 0) return;
    const lastTime = w.lastTimeS;
    w.lastTimeS = timeS;
    if (!w.repeat) this.watches.splice(this.watches.indexOf(w), 1);
    this.invoke(w.fn, undefined, [{ state: !!level, time: timeS, lastTime, pin: this.pins[w.pin] }]);
  }

  watchCount(): number {
    return this.watches.length;
  }

  /** Device reset: every pin back to an input, watches gone; the outside world keeps driving. */
  resetHardware(): void {
    for (const w of this.watches) if (w.pending) w.pending.cancel();
    this.watches = [];
    for (let n = 0; n < PIN_COUNT; n++) {
      const s = this.state[n];
      const before = this.level(n);
      if (s.pwm) this.record({ pin: n, type: "pwm", value: 0, freqHz: 0 });
      s.pwm = null;
      s.out = 0;
      s.auto = true;
      if (s.mode !== "input") this.setMode(n, "input", true);
      const after = this.level(n);
      if (before !== after && before !== null && (s.mode === "input")) this.record({ pin: n, type: "digital", value: after });
    }
  }
}
