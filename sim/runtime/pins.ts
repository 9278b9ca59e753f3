/**
 * ESP32 pins D0..D39 for the simulator: the Pin objects the firmware sees, the electrical level of each pin
 * (what the firmware drives, what the outside world drives, resistors on the board, the chip's own pulls),
 * `setWatch`, and a timeline of every output change (LED levels, buzzer PWM duty and frequency, DAC levels) for
 * scenarios to check.
 *
 * Espruino semantics kept: digitalWrite puts an "auto" pin into output; digitalRead puts an "auto" pin into
 * input; pinMode(pin, mode) makes the mode sticky until pinMode(pin, "auto"); analogWrite(pin, duty 0..1,
 * {freq}) starts PWM (digitalWrite stops it); setWatch(fn, pin, {repeat, edge, debounce}) calls
 * fn({state, time, lastTime}) with times in seconds, after the level has been stable for `debounce` ms;
 * clearWatch() with no argument clears all.
 *
 * The ESP32 port's own rules (the data and its sources: esp32-port.ts):
 * - negated pins (D0, BTN1): digitalRead, a watch's state, digitalWrite and analogWrite are inverted, and
 *   "input_pullup" enables the pull-down ("input_pulldown" the pull-up). The level in the timeline and in
 *   level() is always the electrical one; what the firmware reads is Espruino's.
 * - DAC pins (D25, D26): analogWrite writes a DC level (a "dac" event, no frequency): no PWM, no tone;
 *   {soft}/{forceSoft} there prints "ERROR: pin does not support software PWM".
 * - LEDC: 5 channels at 5 kHz and 3 timers with their own frequency, each kept by the pin that took it.
 * - setWatch enables the pin's pull-up (jshPinWatch), and only warns on D6–D12 (returns undefined).
 * - at boot/reset Espruino puts its default pins into "input_pullup" (jshPinDefaultPullup).
 * - D34–D39 have no output driver and no pulls; D6–D11 are the SPI flash: touching them throws here (on the
 *   chip the flash goes away and it crashes).
 * Electrically, an outside drive beats everything; a resistor on the board beats the chip's weak (~45 kΩ) pulls.
 */
import { VirtualClock } from "./clock";
import { ESP32_PORT, ESP32_PORT_MESSAGES } from "./esp32-port";

export const PIN_COUNT = ESP32_PORT.count;

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

/** Pins may arrive as Pin objects, numbers or "D5" strings (src/jspin.c jshGetPinFromVar takes both). */
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
  /**
   * digital: a driven level; pwm: analogWrite as PWM; dac: analogWrite on a DAC pin (a DC level, no frequency);
   * mode: pinMode change; external: the world drove the pin.
   */
  type: "digital" | "pwm" | "dac" | "mode" | "external";
  /** Electrical level (digital/external: 0, 1 or null when released), duty 0..1 (pwm), DC level 0..1 or null (dac), or the mode name. */
  value: number | string | null;
  freqHz?: number;
}

/**
 * Whether a pin event starts an audible tone on a passive piezo: PWM with a duty strictly between 0 and 1 at
 * 20 Hz..20 kHz. A steady level, a DAC level (D25/D26) or PWM stopping is silence.
 */
export function isTone(e: PinEvent): boolean {
  if (e.type !== "pwm" || typeof e.value !== "number") return false;
  const f = e.freqHz ?? 0;
  return e.value > 0 && e.value < 1 && f >= 20 && f <= 20000;
}

interface PinState {
  mode: string;
  auto: boolean;
  /** What the firmware last wrote, as Espruino sees it (before a negated pin's inversion). */
  out: number;
  /** PWM as it leaves the pin (duty after inversion). */
  pwm: { duty: number; freqHz: number } | null;
  /** DAC output level 0..1 (D25/D26), or null. */
  dac: number | null;
  external: number | null;
  /** A resistor on the board itself (BOOT/PRG buttons have a pull-up): 1 up, 0 down, null none. */
  boardPull: number | null;
  /** The chip's own weak pull as enabled now: 1 up, 0 down, null none. */
  pull: number | null;
}

interface Watch {
  id: number;
  fn: Function;
  pin: number;
  repeat: boolean;
  edge: number; // 1 rising, -1 falling, 0 both
  debounceMs: number;
  /** Last state reported, as Espruino reads it (after a negated pin's inversion). */
  reported: number;
  lastTimeS: number;
  pending: { cancel(): void } | null;
}

const NEGATED = ESP32_PORT.negated;
const DAC = ESP32_PORT.dac;
const FLASH = ESP32_PORT.flash;
const INPUT_ONLY = ESP32_PORT.inputOnly;
const MODES = ["analog", "input", "input_pullup", "input_pulldown", "output", "opendrain", "af_output", "af_opendrain", "opendrain_pullup", "auto"];

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
  private print: (line: string) => void;
  /** The time an output change is recorded at (see the constructor). */
  private stamp: () => number;
  /** LEDC: pins holding one of the 5 kHz channels, and pins holding a timer of their own (never given back). */
  private ledcDefault: number[] = [];
  private ledcOwn: number[] = [];

  /**
   * boardPullUps: pins with a pull-up resistor on the board (default: the BOOT/PRG button's on D0).
   * print: where the port's "ERROR:"/"WARNING:" console lines go.
   * stamp: the time an output change is recorded at (default: now; a device that charges interpreter time records it
   * when the callback that made it has run, SimDevice.outputTime).
   */
  constructor(clock: VirtualClock, invoke: (fn: Function, self: unknown, args: unknown[]) => void, boardPullUps: number[] = [0], print: (line: string) => void = () => {}, stamp?: () => number) {
    this.clock = clock;
    this.stamp = stamp || (() => clock.now());
    this.invoke = invoke;
    this.print = print;
    for (let i = 0; i < PIN_COUNT; i++) {
      this.pins.push(new SimPin(i, this));
      this.state.push({ mode: "input", auto: true, out: 0, pwm: null, dac: null, external: null, boardPull: boardPullUps.indexOf(i) >= 0 ? 1 : null, pull: null });
      this.defaultState(i);
    }
  }

  /** jshPinDefaultPullup: Espruino's default pins are "input_pullup" after boot and reset(); the rest plain inputs. */
  private defaultState(n: number): void {
    const s = this.state[n];
    s.auto = true;
    if (ESP32_PORT.defaultPullUp.indexOf(n) >= 0) {
      s.mode = "input_pullup";
      s.pull = this.pullFor(n, "input_pullup");
    } else {
      s.mode = "input";
      s.pull = null;
    }
  }

  private num(p: unknown): number {
    const n = pinNumberOf(p);
    if (n === null) throw new Error("Invalid pin: " + String(p));
    return n;
  }

  /** A pin the firmware is about to touch; the SPI flash pins are refused. */
  private usable(p: unknown): number {
    const n = this.num(p);
    if (FLASH.indexOf(n) >= 0) throw new Error("D" + n + " is wired to the ESP32's SPI flash (D6-D11): using it crashes the chip");
    return n;
  }

  private negated(n: number): boolean {
    return NEGATED.indexOf(n) >= 0;
  }

  /** The chip's pull for a mode (jshPinSetState): swapped on a negated pin, none on D34–D39. */
  private pullFor(n: number, mode: string): number | null {
    if (INPUT_ONLY.indexOf(n) >= 0) return null;
    const neg = this.negated(n);
    if (mode === "input_pullup") return neg ? 0 : 1;
    if (mode === "input_pulldown") return neg ? 1 : 0;
    if (mode === "opendrain_pullup") return 1;
    return null;
  }

  private record(e: Omit<PinEvent, "tMs">): void {
    const ev = Object.assign({ tMs: this.stamp() }, e) as PinEvent;
    this.timeline.push(ev);
    if (this.onEvent) this.onEvent(ev);
  }

  /** The electrical level of a pin: 1, 0, or null when nothing drives or pulls it (reads 0). */
  level(n: number): number | null {
    const s = this.state[n];
    if (s.external !== null) return s.external;
    if (INPUT_ONLY.indexOf(n) < 0) {
      if (s.pwm) return s.pwm.duty >= 0.5 ? 1 : 0;
      if (s.dac !== null) return s.dac >= 0.5 ? 1 : 0;
      const phys = this.negated(n) ? 1 - s.out : s.out;
      if (s.mode === "output" || s.mode === "af_output") return phys;
      if ((s.mode === "opendrain" || s.mode === "af_opendrain" || s.mode === "opendrain_pullup") && phys === 0) return 0;
    }
    if (s.boardPull !== null) return s.boardPull;
    return s.pull;
  }

  /** What Espruino reads on a pin: the level, inverted on a negated pin (floating reads 0 before that). */
  private logical(n: number): number {
    const l = this.level(n) ?? 0;
    return this.negated(n) ? 1 - l : l;
  }

  /** What the firmware last wrote (0/1), as Espruino sees it. */
  outputValue(n: number): number {
    return this.state[n].out;
  }

  pwmOf(n: number): { duty: number; freqHz: number } | null {
    const p = this.state[n].pwm;
    return p ? { duty: p.duty, freqHz: p.freqHz } : null;
  }

  /** The DC level a DAC pin outputs (0..1), or null. */
  dacOf(n: number): number | null {
    return this.state[n].dac;
  }

  modeOf(n: number): string {
    return this.state[n].mode;
  }

  /** Whether the firmware drives the pin as an output right now. */
  isDriven(n: number): boolean {
    if (INPUT_ONLY.indexOf(n) >= 0) return false;
    const s = this.state[n];
    return s.mode === "output" || s.mode === "af_output" || s.pwm !== null || s.dac !== null;
  }

  // ---------------- firmware API ----------------
  digitalWrite(pin: unknown, value: unknown): void {
    if (Array.isArray(pin)) {
      // digitalWrite([A,B,C], v): the last pin gets bit 0.
      const v = Number(value);
      for (let i = 0; i < pin.length; i++) this.digitalWrite(pin[i], (v >> (pin.length - 1 - i)) & 1);
      return;
    }
    const n = this.usable(pin);
    const s = this.state[n];
    const before = this.level(n);
    const v = value ? 1 : 0;
    this.stopAnalog(n);
    if (s.auto && s.mode !== "output") this.setMode(n, "output", true);
    const changed = s.out !== v;
    s.out = v;
    const after = this.level(n);
    if (INPUT_ONLY.indexOf(n) < 0 && (changed || before !== after)) this.record({ pin: n, type: "digital", value: after });
    this.levelMaybeChanged(n, before);
  }

  /** PWM or DAC output stops (digitalWrite, digitalRead on an auto pin). */
  private stopAnalog(n: number): void {
    const s = this.state[n];
    if (s.pwm) {
      s.pwm = null;
      this.record({ pin: n, type: "pwm", value: 0, freqHz: 0 });
    }
    if (s.dac !== null) {
      s.dac = null;
      this.record({ pin: n, type: "dac", value: null });
    }
  }

  digitalRead(pin: unknown): number {
    if (Array.isArray(pin)) {
      let v = 0;
      for (const p of pin) v = (v << 1) | this.digitalRead(p);
      return v;
    }
    const n = this.usable(pin);
    const s = this.state[n];
    if (s.auto) {
      // jshPinInput: an auto pin becomes a plain input, without pull (GPIO_IN, floating).
      const before = this.level(n);
      this.stopAnalog(n);
      this.setMode(n, "input", true);
      s.pull = null;
      this.levelMaybeChanged(n, before);
    }
    return this.logical(n);
  }

  analogWrite(pin: unknown, value: unknown, options?: unknown): void {
    const n = this.usable(pin);
    const s = this.state[n];
    const before = this.level(n);
    let duty = Math.max(0, Math.min(1, Number(value) || 0));
    if (this.negated(n)) duty = 1 - duty;
    const o = (options && typeof options === "object" ? options : {}) as { freq?: unknown; soft?: unknown; forceSoft?: unknown };
    const freq = Number(o.freq) > 0 ? Number(o.freq) : 0;
    if (DAC.indexOf(n) >= 0) {
      // jshPinAnalogOutput: the DAC, whatever freq says; software PWM is refused with a printed error only.
      if (o.soft || o.forceSoft) this.print("ERROR: " + ESP32_PORT_MESSAGES.softPwmOnDac);
      const level = (Math.floor(duty * 256) & 0xff) / 255; // (uint8_t)(value * 256): 1.0 wraps to 0
      if (s.pwm) {
        s.pwm = null;
        this.record({ pin: n, type: "pwm", value: 0, freqHz: 0 });
      }
      if (s.dac !== level) {
        s.dac = level;
        this.record({ pin: n, type: "dac", value: level });
      }
      this.levelMaybeChanged(n, before);
      return;
    }
    let freqHz: number;
    if (o.soft && !o.forceSoft) freqHz = freq > 0 ? freq : 50; // software PWM (jstPinPWM), 50 Hz by default
    else {
      // LEDC (jshardwarePWM.c writePWM): freq 0 or 5000 on a shared 5 kHz channel, others on a timer of their own.
      const shared = freq === 0 || freq === ESP32_PORT.pwm.defaultHz;
      const pool = shared ? this.ledcDefault : this.ledcOwn;
      const size = shared ? ESP32_PORT.pwm.defaultChannels : ESP32_PORT.pwm.ownFreqTimers;
      if (pool.indexOf(n) < 0) {
        if (pool.length >= size) {
          this.print("ERROR: " + ESP32_PORT_MESSAGES.noPwmChannel);
          return;
        }
        pool.push(n);
      }
      freqHz = shared ? ESP32_PORT.pwm.defaultHz : freq;
    }
    if (s.dac !== null) s.dac = null;
    if (s.auto && s.mode !== "output") this.setMode(n, "output", true);
    if (!s.pwm || s.pwm.duty !== duty || s.pwm.freqHz !== freqHz) {
      s.pwm = { duty, freqHz };
      this.record({ pin: n, type: "pwm", value: duty, freqHz });
    }
    this.levelMaybeChanged(n, before);
  }

  pinMode(pin: unknown, mode: unknown): void {
    const n = this.usable(pin);
    const before = this.level(n);
    const m = mode === undefined ? "auto" : String(mode);
    if (MODES.indexOf(m) < 0) throw new Error("Unknown pin mode " + JSON.stringify(m));
    if (m === "auto") this.state[n].auto = true;
    else {
      if (this.negated(n) && (m === "opendrain" || m === "opendrain_pullup")) this.print("ERROR: " + ESP32_PORT_MESSAGES.openDrainNegated);
      this.setMode(n, m, false);
      this.state[n].pull = this.pullFor(n, m);
    }
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

  setWatch(fn: unknown, pin: unknown, options?: unknown): number | undefined {
    const n = this.num(pin);
    // jshCanWatch is false for D6–D12 (flash pins and D12); src/jswrap_io.c warns and returns undefined.
    if (ESP32_PORT.noWatch.indexOf(n) >= 0 && !this.watches.some((w) => w.pin === n)) {
      this.print("WARNING: " + ESP32_PORT_MESSAGES.cannotWatch);
      return undefined;
    }
    if (typeof fn !== "function") throw new Error("Function or String not supplied!");
    const o = (typeof options === "object" && options ? options : {}) as { repeat?: unknown; edge?: unknown; debounce?: unknown };
    let edge = 0;
    if (o.edge === "rising" || o.edge === 1) edge = 1;
    else if (o.edge === "falling" || o.edge === -1) edge = -1;
    const s = this.state[n];
    const before = this.level(n);
    // jshPinInput: an auto pin becomes a plain input; then jshPinWatch (first watch on the pin) turns its pull-up on.
    if (s.auto) {
      this.stopAnalog(n);
      this.setMode(n, "input", true);
      s.pull = null;
    }
    if (!this.watches.some((w) => w.pin === n) && INPUT_ONLY.indexOf(n) < 0) s.pull = 1;
    const w: Watch = {
      id: this.nextWatchId++,
      fn,
      pin: n,
      repeat: !!o.repeat,
      edge,
      debounceMs: Math.max(0, Number(o.debounce) || 0),
      reported: this.logical(n),
      lastTimeS: this.clock.now() / 1000,
      pending: null,
    };
    this.levelMaybeChanged(n, before);
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
          const v = this.logical(n);
          if (v !== w.reported) this.fire(w, v, edgeS);
        });
      } else this.fire(w, this.logical(n), this.clock.now() / 1000);
    }
  }

  /** Calls a watch with Espruino's view of the pin (`state` after a negated pin's inversion). */
  private fire(w: Watch, state: number, timeS: number): void {
    const prev = w.reported;
    w.reported = state;
    if (prev === state) return;
    if (w.edge === 1 && state !== 1) return;
    if (w.edge === -1 && state !== 0) return;
    if (this.watches.indexOf(w) < 0) return;
    const lastTime = w.lastTimeS;
    w.lastTimeS = timeS;
    if (!w.repeat) this.watches.splice(this.watches.indexOf(w), 1);
    this.invoke(w.fn, undefined, [{ state: !!state, time: timeS, lastTime, pin: this.pins[w.pin] }]);
  }

  watchCount(): number {
    return this.watches.length;
  }

  /** Device reset: every pin back to Espruino's default state, watches and PWM channels gone; the outside world keeps driving. */
  resetHardware(): void {
    for (const w of this.watches) if (w.pending) w.pending.cancel();
    this.watches = [];
    this.ledcDefault = [];
    this.ledcOwn = [];
    for (let n = 0; n < PIN_COUNT; n++) {
      const s = this.state[n];
      const before = this.level(n);
      this.stopAnalog(n);
      s.out = 0;
      const mode = s.mode;
      this.defaultState(n);
      if (s.mode !== mode) this.record({ pin: n, type: "mode", value: s.mode });
      const after = this.level(n);
      if (before !== after) this.record({ pin: n, type: "digital", value: after });
    }
  }
}
