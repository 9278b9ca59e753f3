/**
 * Runs a scenario: the built firmware file in the simulated ESP32 (sim/runtime), wired to a simulated BMS
 * (sim/bms) and an SSD1306, with the scenario's timeline applied on the virtual clock. It records a timeline of
 * what happened (bytes, what the screen said, LED and buzzer edges, button presses, notes) and then judges the
 * expectations against what was observable: the screen is read from the OLED's pixels (screen-reader.ts), the
 * LED and buzzer from the pins, writes from what the BMS received.
 *
 * Headless runs go as fast as the host allows; `realtime` paces the same events to the wall clock.
 */
import * as fs from "fs";
import * as path from "path";
import { Family, CODE_NAMES } from "../../firmware/src/types";
import { createDevice, Device, VirtualClock, UartWire, Ssd1306, PinEvent, renderPng, isTone } from "../runtime";
import { createBms, SimBms } from "../bms";
import { Pack } from "../bms/pack";
import { hex } from "../bms/base";
import { builtFirmware } from "../firmware-file";
import { SETTINGS_FILE } from "../../firmware/src/settings";
import { Action, Expectation, Scenario, bmsOptionsFor } from "./format";
import { boardPins, BoardPins } from "./boards";
import { readText, codesOnScreen, snapshotPixels } from "./screen-reader";
import { formatMs } from "./time";

export type EventType = "tx" | "rx" | "code" | "led" | "buzzer" | "screen" | "button" | "note";

/** One entry of the run's timeline (the --json file is a list of these). */
export interface TimelineEvent {
  tMs: number;
  type: EventType;
  /** tx/rx: bytes as hex. */
  hex?: string;
  /** code: the codes on screen after the change; added/removed. */
  codes?: string[];
  added?: string[];
  removed?: string[];
  /** led/buzzer: on or off (buzzer with its frequency). */
  on?: boolean;
  freqHz?: number;
  /** screen: the text read off the glass, one line per run. */
  text?: string;
  /** button: the gesture. note: what happened. */
  press?: string;
  note?: string;
}

export interface ExpectationResult {
  label: string;
  ok: boolean;
  /** Why it failed, or what satisfied it. */
  detail: string;
}

export interface RunResult {
  scenario: string;
  board: string;
  family: Family;
  ok: boolean;
  results: ExpectationResult[];
  timeline: TimelineEvent[];
  virtualMs: number;
  hostMs: number;
  forbiddenWrites: string[];
  firmwareErrors: string[];
}

export interface RunOptions {
  board: string;
  family: Family;
  /** Defaults to build/<board>/firmware.js. */
  firmware?: string;
  /** Record every UART frame as tx/rx events (big for long runs; the CLI turns it on for --json). */
  recordBytes?: boolean;
  /** Called for each timeline event as it happens (the CLI prints them). */
  onEvent?: (e: TimelineEvent) => void;
  /** Write a PNG of the glass on every screen change into this folder. */
  pngDir?: string;
  /**
   * The board's wiring to simulate, instead of the data of `board` (tests of a firmware built from patched board
   * data: the world stays the board's real one).
   */
  pins?: BoardPins;
  /** Storage file for the box (history across runs); in memory when absent. */
  storagePath?: string;
  seed?: number;
  echoConsole?: boolean;
}

/** How long the button is held for each gesture (the firmware's button driver: long ≥ 1500 ms, double gap ≤ 400 ms). */
const PRESS_SHORT_MS = 120;
const PRESS_LONG_MS = 2000;
const DOUBLE_GAP_MS = 150;

/** A scenario wired up and ready to run; the CLI drives it interactively, runScenario headless. */
export class ScenarioRun {
  readonly scenario: Scenario;
  readonly opts: RunOptions;
  readonly clock = new VirtualClock();
  readonly bms: SimBms;
  readonly device: Device;
  readonly wire: UartWire;
  readonly oled: Ssd1306;
  readonly pins: BoardPins;
  readonly timeline: TimelineEvent[] = [];
  /** The screen over time: text and codes from tMs until the next sample. */
  readonly screens: { tMs: number; text: string; codes: string[] }[] = [];
  private lastFrames = -1;
  private lastCodes: string[] = [];
  private lastText = "";
  private pngCount = 0;

  constructor(scenario: Scenario, opts: RunOptions) {
    this.scenario = scenario;
    this.opts = opts;
    if (scenario.families.indexOf(opts.family) < 0) {
      throw new Error("scenario " + scenario.name + " does not run on " + opts.family + " (only " + scenario.families.join(", ") + ")");
    }
    this.pins = opts.pins || boardPins(opts.board);
    this.bms = createBms(opts.family, bmsOptionsFor(scenario, opts.family));
    const file = opts.firmware || builtFirmware(opts.board);
    if (!fs.existsSync(file)) throw new Error(file + " is missing: run `npm run build` first");
    this.device = createDevice({
      firmwarePath: file, clock: this.clock, deferBoot: true, storagePath: opts.storagePath, echoConsole: !!opts.echoConsole,
      boardPullUps: this.pins.pullUps,
    });
    // The owner's settings file, in flash before the first boot as `box.set` or `bmsbox settings` would leave it.
    if (scenario.settings !== null) this.device.storage.set(SETTINGS_FILE, scenario.settings);
    this.oled = this.device.attachSsd1306({
      sda: this.pins.oled.sda, scl: this.pins.oled.scl, address: this.pins.oled.address, resetPin: this.pins.oled.rst,
    });
    this.wire = this.device.attachUart(this.bms, this.pins.uart, { seed: opts.seed ?? 1 });
    if (opts.recordBytes) {
      this.wire.on("tx", (e: { tMs: number; bytes: Uint8Array }) => this.emit({ tMs: e.tMs, type: "tx", hex: hex(e.bytes) }));
      this.wire.on("rx", (e: { tMs: number; bytes: Uint8Array }) => this.emit({ tMs: e.tMs, type: "rx", hex: hex(e.bytes) }));
    }
    this.device.on("pin", (e: PinEvent) => this.onPin(e));
    this.device.on("error-uncaught", (e: unknown) => this.note("firmware error: " + String(e)));
    for (const a of scenario.timeline) {
      if (a.families && a.families.indexOf(opts.family) < 0) continue;
      this.clock.at(a.atMs, () => this.apply(a));
    }
    // The screen is read whenever the glass changed, at most once per screenSampleMs.
    const sample = (): void => {
      this.sampleScreen();
      if (this.clock.now() + scenario.screenSampleMs <= scenario.durationMs) this.clock.at(this.clock.now() + scenario.screenSampleMs, sample);
    };
    this.clock.at(0, sample);
  }

  /** Boots the box (power-up of saved code). */
  start(): void {
    this.note("scenario " + this.scenario.name + " on " + this.opts.board + " with a simulated " + this.opts.family.toUpperCase() + " BMS");
    this.device.boot();
  }

  /** Headless: run to the end as fast as the host allows. */
  runToEnd(): void {
    this.clock.runUntil(this.scenario.durationMs);
    this.sampleScreen();
  }

  emit(e: TimelineEvent): void {
    this.timeline.push(e);
    if (this.opts.onEvent) this.opts.onEvent(e);
  }

  note(text: string): void {
    this.emit({ tMs: this.clock.now(), type: "note", note: text });
  }

  private ledOn: boolean | null = null;
  private buzzOn: boolean | null = null;

  private onPin(e: PinEvent): void {
    if (e.pin === this.pins.led.pin && (e.type === "digital" || e.type === "pwm")) {
      const level = e.type === "pwm" ? ((e.value as number) > 0 ? 1 : 0) : (e.value as number);
      const on = this.pins.led.activeHigh ? level === 1 : level === 0;
      if (on !== this.ledOn) {
        this.ledOn = on;
        this.emit({ tMs: e.tMs, type: "led", on });
      }
    }
    // The buzzer sounds only while PWM makes a tone: a DAC level (D25/D26) or a steady level is silence.
    if (e.pin === this.pins.buzzer.pin && (e.type === "digital" || e.type === "pwm" || e.type === "dac")) {
      const on = isTone(e);
      if (on !== this.buzzOn) {
        this.buzzOn = on;
        this.emit({ tMs: e.tMs, type: "buzzer", on, freqHz: on ? e.freqHz : undefined });
      }
    }
  }

  /** Reads the glass if it changed; records screen and code events. */
  sampleScreen(): void {
    if (this.oled.frames === this.lastFrames && this.screens.length) return;
    this.lastFrames = this.oled.frames;
    const text = readText(snapshotPixels(this.oled)).map((r) => r.text).join("\n");
    const t = this.clock.now();
    const codes = codesOnScreen(text, CODE_NAMES);
    if (text !== this.lastText || !this.screens.length) {
      this.screens.push({ tMs: t, text, codes });
      this.emit({ tMs: t, type: "screen", text });
      if (this.opts.pngDir) {
        fs.mkdirSync(this.opts.pngDir, { recursive: true });
        const name = String(this.pngCount++).padStart(4, "0") + "-" + Math.round(t) + "ms.png";
        fs.writeFileSync(path.join(this.opts.pngDir, name), renderPng(this.oled, { scale: 4 } as never));
      }
    }
    this.lastText = text;
    if (codes.join(",") !== this.lastCodes.join(",")) {
      const added = codes.filter((c) => this.lastCodes.indexOf(c) < 0);
      const removed = this.lastCodes.filter((c) => codes.indexOf(c) < 0);
      this.emit({ tMs: t, type: "code", codes, added, removed });
      this.lastCodes = codes;
    }
  }

  /** Applies one timeline action now. */
  apply(a: Action): void {
    const now = this.clock.now();
    const d = describeAction(a);
    if (a.do === "button") {
      this.press(a.press as "short" | "long" | "double");
      return;
    }
    this.note(d);
    if (applyToBms(this.bms, a, now)) return;
    switch (a.do) {
      case "disconnect": this.wire.setFaults({ silent: true }); break;
      case "reconnect": this.wire.setFaults({ silent: false }); break;
      case "noise": this.wire.setFaults({ bitErrorRate: a.ber as number, dropRate: a.dropRate ?? 0 }); break;
      case "clean": this.wire.setFaults({ bitErrorRate: 0, dropRate: 0 }); break;
      case "bmsReboot": this.wire.rebootPeer(a.ms as number); break;
      case "power": this.device.powerCycle(); break;
      default: break;
    }
  }

  /**
   * Presses the board's button with the gesture's timing: physically, the button forces its pin to the level of
   * the board's wiring (GND on both boards); what the firmware reads is up to the port (D0 is NEGATED).
   */
  press(gesture: "short" | "long" | "double"): void {
    const now = this.clock.now();
    const pin = this.pins.button.pin;
    const level = this.pins.button.pressedLevel;
    this.emit({ tMs: now, type: "button", press: gesture });
    if (gesture === "long") this.device.press(pin, { atMs: now, holdMs: PRESS_LONG_MS, pressedLevel: level });
    else this.device.press(pin, { atMs: now, holdMs: PRESS_SHORT_MS, pressedLevel: level });
    if (gesture === "double") this.device.press(pin, { atMs: now + PRESS_SHORT_MS + DOUBLE_GAP_MS, holdMs: PRESS_SHORT_MS, pressedLevel: level });
  }

  /** Judges every expectation (and the always-on checks) on what was recorded. */
  evaluate(): ExpectationResult[] {
    // A run stopped early (interactive quit) is judged up to where it got; later windows are not reached.
    const end = Math.min(this.scenario.durationMs, this.clock.now());
    const out: ExpectationResult[] = [];
    for (const e of this.scenario.expect) {
      if (e.families && e.families.indexOf(this.opts.family) < 0) continue;
      const w = windowOf(e, this.scenario.durationMs);
      if (w[1] > end) out.push({ label: e.label, ok: true, detail: "not reached (the run stopped at " + formatMs(end) + ")" });
      else out.push(judge(e, this, end));
    }
    const fw = this.bms.forbiddenWrites.map((b) => hex(b));
    out.push({ label: "no write off the allowlist", ok: fw.length === 0, detail: fw.length ? "forbidden: " + fw.join(" | ") : this.bms.writes.length + " allowed write(s)" });
    const errs = this.device.errors.map((l) => formatMs(l.tMs) + " " + l.text);
    out.push({ label: "no firmware errors", ok: errs.length === 0, detail: errs.length ? errs.slice(0, 3).join(" | ") : "none" });
    return out;
  }
}

function windowOf(e: Expectation, end: number): [number, number] {
  return [e.fromMs, e.toMs === null ? end : Math.min(e.toMs, end)];
}

/** Screen segments [t, next t) overlapping [a, b]. */
function segments(run: ScenarioRun, a: number, b: number, end: number): { from: number; to: number; text: string; codes: string[] }[] {
  const s = run.screens;
  const out: { from: number; to: number; text: string; codes: string[] }[] = [];
  for (let i = 0; i < s.length; i++) {
    const from = s[i].tMs;
    const to = i + 1 < s.length ? s[i + 1].tMs : end;
    if (to >= a && from <= b) out.push({ from, to, text: s[i].text, codes: s[i].codes });
  }
  return out;
}

/** Letters and digits that the 4x6 font draws alike ('O'/'0') compare equal. */
function canon(s: string): string {
  return s.toUpperCase().replace(/O/g, "0").replace(/\s+/g, " ");
}

function pinState(run: ScenarioRun, type: "led" | "buzzer", t: number): boolean {
  let on = false;
  for (const e of run.timeline) {
    if (e.tMs > t) break;
    if (e.type === type) on = !!e.on;
  }
  return on;
}

function edges(run: ScenarioRun, type: "led" | "buzzer", a: number, b: number): number {
  let n = 0;
  for (const e of run.timeline) if (e.type === type && e.tMs >= a && e.tMs <= b) n++;
  return n;
}

function judge(e: Expectation, run: ScenarioRun, end: number): ExpectationResult {
  const w = windowOf(e, end);
  const r = (ok: boolean, detail: string): ExpectationResult => ({ label: e.label, ok, detail });
  const segs = segments(run, w[0], w[1], end);
  const shown = (c: string) => segs.filter((s) => s.codes.indexOf(c) >= 0);
  if (e.expect === "code") {
    const hit = shown(e.code as string);
    if (hit.length) return r(true, "on screen at " + formatMs(Math.max(hit[0].from, w[0])));
    const seen = segs.map((s) => s.codes.join("+") || "-").filter((x, i, a) => a.indexOf(x) === i);
    return r(false, "never on screen in the window (codes seen: " + seen.join(", ") + ")");
  }
  if (e.expect === "noCode") {
    const bad = segs.filter((s) => (e.code ? s.codes.indexOf(e.code) >= 0 : s.codes.length > 0));
    return bad.length ? r(false, bad[0].codes.join("+") + " on screen at " + formatMs(Math.max(bad[0].from, w[0]))) : r(true, "not shown");
  }
  if (e.expect === "gone") {
    const hit = shown(e.code as string);
    if (!hit.length) return r(true, "not on screen in the window");
    const last = hit[hit.length - 1];
    return last.to < w[1] ? r(true, "gone at " + formatMs(last.to)) : r(false, "still on screen at " + formatMs(w[1]));
  }
  if (e.expect === "screen") {
    const want = canon(e.contains as string);
    const hit = segs.filter((s) => canon(s.text).indexOf(want) >= 0);
    return hit.length ? r(true, "shown at " + formatMs(Math.max(hit[0].from, w[0])))
      : r(false, "not shown; screens in the window: " + segs.slice(0, 3).map((s) => JSON.stringify(s.text.replace(/\n/g, " | "))).join(" … "));
  }
  if (e.expect === "console") {
    const hit = run.device.log.find((l) => l.tMs >= w[0] && l.tMs <= w[1] && l.text.indexOf(e.contains as string) >= 0);
    return hit ? r(true, "printed at " + formatMs(hit.tMs) + ": " + hit.text)
      : r(false, "not printed; console in the window: " + run.device.log.filter((l) => l.tMs >= w[0] && l.tMs <= w[1]).slice(0, 4).map((l) => JSON.stringify(l.text)).join(" "));
  }
  if (e.expect === "led") {
    if (e.state === "blinking") {
      const n = edges(run, "led", w[0], w[1]);
      return r(n >= 2, n + " LED edges in the window");
    }
    const on = pinState(run, "led", w[1]);
    return r(on === (e.state === "on"), "LED " + (on ? "on" : "off") + " at " + formatMs(w[1]));
  }
  if (e.expect === "buzzer") {
    const sounding = pinState(run, "buzzer", w[0]) || run.timeline.some((x) => x.type === "buzzer" && x.on && x.tMs >= w[0] && x.tMs <= w[1]);
    return e.state === "sounding" ? r(sounding, sounding ? "sounded" : "silent throughout") : r(!sounding, sounding ? "sounded in the window" : "silent");
  }
  const n = run.bms.writes.filter((x) => x.allowed && x.tMs >= w[0] && x.tMs <= w[1]).length;
  const ok = (e.min === undefined || n >= e.min) && (e.max === undefined || n <= e.max);
  return r(ok, n + " allowed write(s) in the window");
}

/**
 * Applies an action that concerns only the BMS and its pack (not the wire, the box or the button) at nowMs.
 * Returns false for actions it does not handle. Shared with `bmsbox serve`, which has no simulated box.
 */
export function applyToBms(bms: SimBms, a: Action, nowMs: number): boolean {
  const pack = (fn: (p: Pack) => void): boolean => {
    bms.change(nowMs, fn);
    return true;
  };
  switch (a.do) {
    case "charger": return pack((p) => { p.chargerA = a.amps as number; if (a.cvMv !== undefined) p.chargerCvMv = a.cvMv as number | null; });
    case "load": return pack((p) => { p.loadA = a.amps as number; });
    case "short": return pack((p) => { p.shortA = a.on ? 2000 : 0; });
    case "heat": return pack((p) => { p.heatC = a.c as number; });
    case "ambient": return pack((p) => { p.ambientC = a.c as number; });
    case "mosHeat": return pack((p) => { p.mosHeatC = a.c as number; });
    case "drift": return pack((p) => { p.socPct[(a.cell as number) - 1] += a.socPct as number; });
    case "capacity": return pack((p) => { p.capScale[(a.cell as number) - 1] = a.scale as number; });
    case "sensor": return pack((p) => { p.sensors[a.index as number] = a.state as "ok"; });
    case "balancer": return pack((p) => { p.balancerBroken = !!a.broken; });
    case "lock": return pack((p) => { p.lockCharge = !!a.charge; p.lockDischarge = !!a.discharge; });
    case "bmsPower": bms.powered = !!a.on; return true;
    case "note": return true;
    default: return false;
  }
}

export function describeAction(a: Action): string {
  switch (a.do) {
    case "charger": return a.amps ? "charger on, " + a.amps + " A" + (a.cvMv ? " to " + a.cvMv / 1000 + " V" : a.cvMv === null ? " (no CV stage)" : "") : "charger off";
    case "load": return a.amps ? "load " + a.amps + " A" : "load off";
    case "short": return a.on ? "short circuit across the output" : "short removed";
    case "heat": return "heat source: +" + a.c + " C";
    case "ambient": return "ambient " + a.c + " C";
    case "mosHeat": return "MOSFET heat +" + a.c + " C";
    case "drift": return "cell " + a.cell + " SOC " + ((a.socPct as number) >= 0 ? "+" : "") + a.socPct + " %";
    case "capacity": return "cell " + a.cell + " capacity x" + a.scale;
    case "sensor": return "temperature probe " + ((a.index as number) + 1) + " " + a.state;
    case "balancer": return a.broken ? "balancer broken" : "balancer working";
    case "lock": return "app switched FETs: charge " + (a.charge ? "off" : "on") + ", discharge " + (a.discharge ? "off" : "on");
    case "disconnect": return "UART disconnected";
    case "reconnect": return "UART reconnected";
    case "noise": return "line noise: bit error rate " + a.ber + (a.dropRate ? ", drop " + a.dropRate : "");
    case "clean": return "line clean";
    case "bmsReboot": return "BMS reboots for " + a.ms + " ms";
    case "bmsPower": return a.on ? "BMS powered" : "BMS unpowered";
    case "button": return "button " + a.press;
    case "power": return "box power " + a.state;
    default: return a.text || "";
  }
}

/** Runs one scenario headless for one board and family. */
export function runScenario(scenario: Scenario, opts: RunOptions): RunResult {
  const t0 = Date.now();
  const run = new ScenarioRun(scenario, opts);
  run.start();
  run.runToEnd();
  const results = run.evaluate();
  return {
    scenario: scenario.name,
    board: opts.board,
    family: opts.family,
    ok: results.every((x) => x.ok),
    results,
    timeline: run.timeline,
    virtualMs: scenario.durationMs,
    hostMs: Date.now() - t0,
    forbiddenWrites: run.bms.forbiddenWrites.map((b) => hex(b)),
    firmwareErrors: run.device.errors.map((l) => l.text),
  };
}

/** The timeline as text lines for a terminal ("  12.3s  code   OVP"). */
export function formatEvent(e: TimelineEvent): string {
  const t = formatMs(e.tMs).padStart(12);
  switch (e.type) {
    case "tx": case "rx": return t + "  " + e.type + "     " + e.hex;
    case "code": return t + "  code   " + (e.codes && e.codes.length ? e.codes.join(" ") : "(none)") +
      (e.added && e.added.length ? "   +" + e.added.join(" +") : "") + (e.removed && e.removed.length ? "   -" + e.removed.join(" -") : "");
    case "led": return t + "  led    " + (e.on ? "on" : "off");
    case "buzzer": return t + "  buzzer " + (e.on ? "on " + (e.freqHz || "") + " Hz" : "off");
    case "screen": return t + "  screen " + (e.text || "").replace(/\n/g, " | ");
    case "button": return t + "  button " + e.press;
    default: return t + "  note   " + e.note;
  }
}
