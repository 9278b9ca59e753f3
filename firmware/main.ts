/**
 * The composition root: wires the Espruino world (UART, I2C, pins, timers, flash, the watchdog) to the pure
 * core (poller, engine, views) for the board it is given. Besides the drivers it calls (uart.ts, storage.ts,
 * ssd1306.ts talk to the port they are handed), the only firmware file that touches Espruino globals;
 * every decision lives in the core, this file only moves bytes, time and events. The board arrives as data
 * (boards/board.ts): run() resolves its names, "D16" to the pin number 16 (Espruino takes a number wherever a
 * Pin is expected, src/jspin.c jshGetPinFromVar) and "Serial2"/"I2C1" to the objects.
 *
 * The loop, one timer (no slow fixed period):
 *   poll()      -> reads what the UART holds and hands it to poller.step, which decodes a complete answer, judges
 *                  timeouts and sends the next request once its spacing has passed; armed with setTimeout for when
 *                  the poller next needs it (an answer due, a request due); kicks the watchdog, at least every
 *                  POLL_MAX_MS
 *   snapshots / link / button -> engine  -> render soon (coalesced) -> screen model -> when it changed (its CRC32):
 *                                            draw() in a callback of its own draws and flips it (an all-clear screen
 *                                            after another: only the bands whose values changed); the flip skips an
 *                                            unchanged buffer too
 *                                         -> indicator plays the engine's pattern (own timer, exact edges); a status
 *                                            reaches the engine in a callback after its decode (toEngine), which
 *                                            plays the pattern at once when it changed, before the render's view
 *   a status's protection bits raising a first code (poller's onCodes, before its decode) -> LED, first look, pattern
 *   every RENDER_MS: the engine's timed rules (Engine.tick), then render, so ages and code rotation move on; then
 *   pace() sets the poll period to what the interpreter can afford.
 * Every callback is guarded: an exception is printed and the loop goes on (espruino.md §6).
 *
 * Watchdog: E.enableWatchdog(WATCHDOG_S, false) and E.kickWatchdog() only from poll(): if the poll loop
 * stops (a hang, or an exception chain that kills the timer), the ESP32 resets and the box starts again.
 * Flashing a running box: the CLI sends reset() first, which stops our timers but not the hardware watchdog
 * (its "auto" flag survives a soft reset: JSIS_SOFTINIT_MASK in jsinteractive.h), so the board would reboot
 * mid-upload. E.on("kill") (fired by reset() and load()) therefore switches the watchdog to auto-kick
 * from Espruino's idle loop before the code goes away; the next boot switches it back to manual kicks.
 */
import { BoardConfig, PinName } from "../boards/board";
import { FIRMWARE_VERSION } from "./src/version";
import { Family, CODE_NAMES, CI_SC, Snapshot } from "./src/types";
import { baseSev } from "./codes/codes";
import { patternOf } from "./codes/patterns";
import { LinkState, Gesture } from "./src/ports";
import { Poller } from "./src/protocol/poller";
import { Engine } from "./src/engine/engine";
import { IndicatorPlan } from "./src/engine/view-types";
import { consoleText } from "./src/engine/console";
import { profileOf } from "./src/protocol/profiles";
import { useByteSum } from "./src/protocol/bytes";
import { drawScreen, redrawStatus, statusBands } from "./src/view/screens";
import { toModel, familyName, firstLookModel, statusLineOf } from "./src/view/from-engine";
import { statusView } from "./src/engine/words";
import { blankModel, SCREEN_BOOT, SCREEN_OK, ScreenModel, StatusLine } from "./src/view/model";
import { Gfx } from "./src/view/gfx";
import { Ssd1306 } from "./drivers/ssd1306";
import { Indicator } from "./drivers/indicator";
import { Button, BUTTON_DEBOUNCE_MS } from "./drivers/button";
import { openUart, UartIo } from "./drivers/uart";
import { createStorage } from "./drivers/storage";
import { Settings, SETTINGS_FILE, SETTING_KEYS, readSettings, settingError, showSetting, parseSettingsFile, badLine, dalySignOf } from "./src/settings";
import { StoragePort } from "./src/ports";

const WATCHDOG_S = 8;
/** Re-render period for ages and rotation; a frame only goes out when pixels changed. */
const RENDER_MS = 1000;
/** The boot screen stays at least this long (then as long as the engine is in its boot mode). */
const BOOT_MIN_MS = 2500;
/** Bounds for the poller's requested delay: never a busy loop, never longer than a watchdog kick allows. */
const POLL_MIN_MS = 2;
const POLL_MAX_MS = 1000;
/**
 * Polling (answers and poll ticks) may use at most this much interpreter time a second, in loop-iteration
 * equivalents (LIE; issue 11: all work on a steady JBD line ≤ 6,000 LIE/s, and the renders, ~1,000 LIE/s at rest,
 * the UART listener and the indicator come on top). On the slow end of the ESP32 band (10 LIE/ms) that is half of
 * the CPU.
 */
const LIE_PER_S = 5000;
/**
 * ms per LIE assumed until pace has timed a faster interpreter, and always where its loop reads no time (the
 * simulator, whose charged time make bench gives at this speed by default): the slow end of the ESP32 band.
 */
const SLOW_MS_PER_LIE = 0.1;

function now(): number {
  return Math.floor(getTime() * 1000);
}

function log(s: string): void {
  console.log("[" + now() + "] " + s);
}

let wdOn = false;

/**
 * The running box. One module-level state object and module-level functions rather than closures nested in a
 * start function: a closure keeps the whole scope it was made in, so every local of the start function would stay
 * in the ESP32's JsVars for as long as the box runs (docs/espruino.md §8.2).
 */
interface BoxState {
  /** The board's name (the boot screen shows it). */
  name: string;
  t0: number;
  fam: Family | null;
  ok: boolean;
  g: Gfx;
  oled: Ssd1306;
  ind: Indicator;
  indT: number | undefined;
  /** A status waiting for the engine (see onSnapshot), when it came, and toEngine's timer. */
  sq: Snapshot | null;
  sqAt: number;
  engT: number | undefined;
  eng: Engine;
  renT: number | undefined;
  /** The BMS UART. */
  io: UartIo;
  /** Interpreter time of the answers and poll ticks since the last fold, ms; requests sent at that fold (see pace). */
  busy: number;
  sent: number;
  /** ms per loop-iteration equivalent: the fastest pace has timed, at most SLOW_MS_PER_LIE. */
  lie: number;
  mask: number;
  pat: string;
  /** The engine's revision the screen shows: an event that did not change it needs no frame. */
  rev: number;
  /** CRC32 of the screen model last drawn and on the glass; -1: draw the next one whatever it is. */
  scr: number;
  /**
   * The all-clear screen at rest (see calmShown()): the status it shows (null: the screen is not one), the link state, the
   * minute and the engine's cycle count it was made with.
   */
  calm: Snapshot | null;
  calmLink: LinkState | null;
  calmMin: number;
  calmCyc: number;
  /** A changed screen model waiting for draw() in its own callback, its CRC32, and draw's timer. */
  frame: ScreenModel | null;
  frameH: number;
  drwT: number | undefined;
  /** The status of the all-clear screen on the glass, drawn by draw() (null: another screen, or none known there). */
  shown: StatusLine | null;
  pol: Poller;
  btn: Button;
  /** The settings in force since boot, and what was wrong with the file (console lines; [] when nothing). */
  set: Settings;
  bad: string[];
  st: StoragePort;
}
let S: BoxState;
/** Start generation: timers carry the one they were started by and stop when it is not the current one. */
let GEN = 0;
/**
 * The board's outputs and button, resolved first thing at start: the LED/buzzer/button callbacks need them
 * while S is being built. led/buz are pin numbers; on: the LED's lit level; hz: the buzzer's frequency;
 * prs: what the button reads while pressed; rst: the display's reset pin, null when not wired.
 */
let W: { led: Pin; on: number; buz: Pin; hz: number; prs: number; bz: boolean; rst: Pin | null };

/** "D16" -> 16: the ESP32's pin numbers are its GPIO numbers, and Espruino accepts a number as a Pin. */
function pin(p: PinName): Pin {
  return (+p.slice(1)) as unknown as Pin;
}

function later(fn: () => void, ms: number): void {
  setTimeout(fn, ms);
}

function crc(b: Uint8Array): number {
  return E.CRC32(b);
}

/** The indicator's own timer: it has fired, so its id is forgotten before indicate() clears any pending one. */
function indicateLater(): void {
  S.indT = undefined;
  indicate();
}

/** Plays the indicator's next edge and re-arms itself at the exact time of the following one. */
function indicate(): void {
  if (S.indT !== undefined) clearTimeout(S.indT);
  S.indT = undefined;
  try {
    // In µs, not whole ms: a timer armed from a floored time fires up to 1 ms late and the edge with it. Rounded
    // to the µs so the float dust of getTime()*1000 cannot leave a next edge a few fs away (a timer that never
    // moves the clock in a simulator).
    const d = S.ind.update(Math.round(getTime() * 1e6) / 1000);
    if (d >= 0) S.indT = setTimeout(indicateLater, d);
  } catch (e) {
    log("indicator: " + e);
  }
}

/**
 * Plays the engine's LED and buzzer pattern when it changed (true then; the caller says so on the console, after
 * whatever else is urgent: a console line costs a slow interpreter ~9 ms); the boot pattern while the boot screen stays.
 */
function play(ind: IndicatorPlan, booting: boolean, t: number): boolean {
  const p = booting ? "boot" : ind.name + (ind.buzz.length ? "+" : "");
  if (p === S.pat) return false;
  S.pat = p;
  if (booting) S.ind.play([1, 0], [], t);
  else S.ind.play(ind.led, ind.buzz, t);
  indicate();
  return true;
}

/**
 * A pack at rest: the all-clear screen (no reminder on it) is on the glass, and since it was made the engine has not
 * changed (its rev and cycle count), the link state is the same, and the status is under a second old (the screen's
 * ages are whole seconds, and that screen was made at age 0). Only the status's values can have moved on that screen:
 * when the status is the same object too (the poller hands the same one on for repeated bytes) nothing did, and
 * neither the view nor the model is made again (at rest that was most of the once-a-second render, ~800 LIE); when it
 * is a new one, render() makes the status line alone. Made in full each minute anyway (the diagnoses' window moves by
 * the minute).
 */
function calmShown(t: number): boolean {
  const e = S.eng;
  return S.calm !== null && e.rev === S.rev && e.link === S.calmLink && Math.floor(t / 60000) === S.calmMin &&
    e.cyc.chg + e.cyc.dsg === S.calmCyc && e.box(t) - e.snapMs < 1000 && S.scr !== -1 && S.oled.ok;
}

/** Engine view -> indicator, then screen -> SSD1306 (skipped when no pixel changed); console lines for events. */
function render(): void {
  S.renT = undefined;
  try {
    const t = now();
    let m: ScreenModel | null = null;
    if (calmShown(t)) {
      if (S.calm === S.eng.snap) return;
      // Values moved on the all-clear screen: its status line from the engine's status, without the engine's whole
      // view and model (~550 LIE of the ~900 a render with moved values cost; the line is the same either way, and
      // the mode, indicator, codes and reminders cannot have changed while the engine's rev stayed).
      const st = statusView(S.eng, S.eng.box(t));
      if (st !== null) {
        m = blankModel(SCREEN_OK);
        m.status = statusLineOf(st, 0, "");
        S.calm = S.eng.snap;
      }
    }
    if (m === null) {
      const v = S.eng.view(t);
      S.rev = S.eng.rev;
      const booting = v.mode === "boot" || t - S.t0 < BOOT_MIN_MS;
      if (play(v.indicator, booting, t)) log("indicator " + S.pat);
      if (booting) {
        m = blankModel(SCREEN_BOOT);
        m.board = S.name;
        m.family = familyName(S.fam);
        m.found = S.ok;
        m.version = FIRMWARE_VERSION;
        m.bad = badLine(S.bad);
      } else {
        m = toModel(v, t, S.name, FIRMWARE_VERSION);
      }
      // The model's two ages are in ms but shown in whole seconds (view/format.ts age): kept at that resolution, a
      // model that changed only below it is the same frame.
      if (m.status) m.status.linkAgeMs = Math.floor(m.status.linkAgeMs / 1000) * 1000;
      if (m.noDataAgeMs > 0) m.noDataAgeMs = Math.floor(m.noDataAgeMs / 1000) * 1000;
      const calm = !booting && v.mode === "clear" && m.status !== null && m.status.linkAgeMs === 0 && !v.reminders.length;
      S.calm = calm ? S.eng.snap : null;
      S.calmLink = S.eng.link;
      S.calmMin = Math.floor(t / 60000);
      S.calmCyc = S.eng.cyc.chg + S.eng.cyc.dsg;
      let mask = 0;
      for (let i = 0; i < v.codes.length; i++) mask |= 1 << v.codes[i].ci;
      if (mask !== S.mask) {
        for (let i = 0; i < CODE_NAMES.length; i++) {
          const b = 1 << i;
          if (mask & b && !(S.mask & b)) log("code " + CODE_NAMES[i] + " active");
          if (S.mask & b && !(mask & b)) {
            let r = "";
            for (let k = 0; k < v.reminders.length; k++) if (v.reminders[k].ci === i) r = "; reminder: " + v.reminders[k].text;
            log("code " + CODE_NAMES[i] + " cleared" + r);
          }
        }
        S.mask = mask;
      }
    }
    offer(m);
  } catch (e) {
    log("render: " + e);
  }
}

/**
 * A screen model for the glass: drawn when it differs from the one there (its CRC32) or the display needs a frame. The
 * screen is drawn from the model alone: the same model (by its CRC, native) is the same frame, and drawing it again only
 * to find the pixels unchanged was most of a render at rest. Skipped only while the last frame is known to be on the
 * glass: a display that is down or was resetting gets the frame drawn and offered again. Drawn and pushed in a
 * callback of its own: a code's first render (the engine's view of it, then the screen) was the longest single
 * callback, 3,500-4,300 LIE (docs/benchmarks.md); split, the LED, buzzer, button and poll timers due meanwhile run
 * between the two halves. A newer model replaces one not drawn yet.
 */
function offer(m: ScreenModel): void {
  const h = E.CRC32(JSON.stringify(m));
  if (h === S.scr && S.oled.ok) return;
  S.frame = m;
  S.frameH = h;
  if (S.drwT === undefined) S.drwT = setTimeout(draw, 0);
}

/**
 * Draws the screen model render() left and pushes the frame to the display. An all-clear screen that follows one on
 * the glass redraws and pushes only the bands whose values changed (screens.ts statusBands): on a pack whose current
 * moves, the once-a-second frame cost the slowest ESP32 ~50 ms of drawing and ~26 ms of bus for a screen whose top
 * and foot never change, and a request due meanwhile waited for it.
 */
function draw(): void {
  S.drwT = undefined;
  const m = S.frame;
  S.frame = null;
  if (m === null) return;
  try {
    const was = S.shown;
    const s = m.screen === SCREEN_OK ? m.status : null;
    S.shown = null;
    if (s !== null && was !== null && S.scr !== -1) {
      const p = redrawStatus(S.g, s, statusBands(was, s));
      if (p >> 3 <= (p & 7)) S.oled.flip(now(), p >> 3, p & 7);
    } else {
      drawScreen(S.g, m);
      S.oled.flip(now());
    }
    S.scr = S.oled.ok && !S.oled.resetting ? S.frameH : -1;
    if (S.scr !== -1) S.shown = s;
  } catch (e) {
    log("draw: " + e);
  }
}

/**
 * Coalesced rendering: a burst of events gives one frame, and an event that left the engine as it was (a steady
 * pack's status, most of them) gives none: what only time changes is drawn by everySecond.
 */
function soon(): void {
  if (S.renT === undefined && S.eng.rev !== S.rev) S.renT = setTimeout(render, 5);
}

function everySecond(gen: number): void {
  if (gen !== GEN) return;
  setTimeout(everySecond, RENDER_MS, gen);
  // The engine's timed rules (holds, OTP's escalation, reminders, the history's writes) once a second: a status
  // settles them too, and the view judges its timed states against the time it is made for, so a tick in every
  // poll (a few times a second, ~80 LIE each) bought nothing.
  try {
    S.eng.tick(now());
  } catch (e) {
    log("engine: " + e);
  }
  render();
  pace();
}

/**
 * What the interpreter can afford, folded once a second: the interpreter time of the poll loop (reading and
 * decoding answers, sending requests) and of the engine's callback in the last second, per request sent in it, is
 * what one poll cycle costs; the poller keeps enough time between two requests that polling uses at most LIE_PER_S,
 * which on the slowest interpreter (SLOW_MS_PER_LIE) is twice the cycle's cost, at most half of the CPU. The interpreter's speed
 * comes from a short empty loop timed here, the fastest seen (other work and interrupts can only slow it; 100 LIE
 * a second). On an ESP32 one cycle costs tens of ms of interpreter time (docs/benchmarks.md); a back-to-back poll
 * would leave the LED, buzzer, button and watchdog timers no room. Renders are not in the fold: they follow their
 * own pace (once a second, and coalesced after events), and one that draws a changed screen (hundreds of ms at the
 * slow end) would otherwise hold polling back for the next second, when a change is most likely to matter. The
 * UART's listener (it only appends, a few LIE a chunk) and the indicator are not timed. In the simulator
 * JavaScript takes no time (unless make bench charges it: tools/bench/cpu-charge.ts): the period stays 0 and the
 * spacing is the family's own.
 */
function pace(): void {
  const t = getTime();
  for (var i = 0; i < 100; i++) {}
  const l = (getTime() - t) * 10;
  if (l > 0 && l < S.lie) S.lie = l;
  const n = S.pol.st.sent - S.sent;
  if (n > 0) S.pol.cpuPeriodMs = Math.round((S.busy * 1000) / (S.lie * LIE_PER_S * n));
  S.sent = S.pol.st.sent;
  S.busy = 0;
}

/**
 * A status from the poller goes to the engine in a callback of its own, right after the one that decoded it: a JK
 * answer that raises a code (a 267-byte decode, then the engine's new episode) was the longest callback of all, up
 * to ~4,000 LIE (docs/benchmarks.md). The engine takes it at the time it came; a link change or a press before then
 * hands it over first, so the engine sees events in their order.
 */
function onSnapshot(s: Snapshot): void {
  // The same status again on a quiet engine (the BMS repeated its bytes: most answers of a steady pack) takes the
  // engine's cheap path, a few tens of LIE: here, not in a callback of its own, whose dispatch cost more than the work.
  if (S.sq === null) {
    let same = false;
    try {
      same = S.eng.same(s, now());
    } catch (e) {
      log("engine: " + e);
    }
    if (same) {
      soon();
      return;
    }
  }
  S.sq = s;
  S.sqAt = now();
  if (S.engT === undefined) S.engT = setTimeout(engineLater, 0);
}

/**
 * A status answer whose protection bits raise codes (their CODE_BIT mask), before its decode (the poller's onCodes). The
 * first code on a box that shows none gets its LED, buzzer and first look now, in the read, not after the decode and
 * the engine's bookkeeping (the status's snapshot, then the engine's new episode: on the slowest ESP32 the LED came
 * ~100–150 ms and the first look ~150–200 ms later). What the engine will open is known without it: on a clear box, a
 * status on a quiet line (the poller says nothing on a noisy one) opens every code it carries (engine.ts onSnapshot),
 * each of its class at opening, SC's safety or act (codes.ts baseSev; classify keeps it there at the start), and the
 * first is the most severe, then the lowest index (Engine.topCode, all starting now). The engine's own pattern and first
 * look follow in its callback and find both there (play: the same pattern; toEngine: the code already drawn).
 * True when it drew: the poller then decodes the status at the poll loop's next run, ~2 ms on, so that this read and
 * that decode (a JK read-all's ~1,500 LIE) are not one callback.
 */
function onCodes(c: number): boolean {
  const t = now();
  if (S.mask !== 0 || (S.eng.open | S.eng.latched) !== 0 || t - S.t0 < BOOT_MIN_MS) return false;
  try {
    let ci = c & (1 << CI_SC) ? CI_SC : 0;
    while (!(c & (1 << ci))) ci++;
    const sev = baseSev(ci);
    const p = patternOf(sev);
    // The LED at once (a code's pattern starts lit: its first phase is on), then the first look, then the pattern and
    // the buzzer: the indicator's scheduling and the buzzer's PWM first held the first look back ~20 ms on the slowest
    // ESP32. The pattern then lights what is lit.
    setLed(true);
    firstLook(ci, sev, t);
    if (play({ name: p.name, led: p.led, buzz: p.buzz }, false, t)) log("indicator " + S.pat);
  } catch (e) {
    log("engine: " + e);
  }
  return true;
}

/** toEngine's own timer: it has fired, so its id is forgotten before toEngine clears any pending one. */
function engineLater(): void {
  S.engT = undefined;
  toEngine();
}

/**
 * The waiting status to the engine. One that changed the engine (a code rose or fell) plays its LED and buzzer
 * pattern here: the render that follows builds the view of a new code first, which costs a slow interpreter a few
 * hundred ms (docs/benchmarks.md), and the LED is what a person sees first.
 */
function toEngine(): void {
  if (S.engT !== undefined) clearTimeout(S.engT);
  S.engT = undefined;
  const s = S.sq;
  if (s === null) return;
  S.sq = null;
  const t0 = now();
  try {
    const open = S.eng.open;
    S.eng.onSnapshot(s, S.sqAt);
    const t = now();
    if (S.eng.rev !== S.rev && t - S.t0 >= BOOT_MIN_MS) {
      const changed = play(S.eng.indicator(t), false, t);
      if (open === 0 && S.eng.open !== 0) {
        const b = S.eng.box(t);
        const ci = S.eng.topCode(S.eng.open, b);
        // Not again when onCodes drew it.
        if (!(S.mask & (1 << ci))) firstLook(ci, S.eng.sevOf(ci, b), t);
      }
      // Its console line after the first look: a line costs a slow interpreter ~9 ms.
      if (changed) log("indicator " + S.pat);
    }
  } catch (e) {
    log("engine: " + e);
  }
  soon();
  // Part of what an answer costs: pace() counts it with the answers and the poll ticks.
  S.busy += now() - t0;
}

/**
 * A first code on a box that showed none: its first look (view/from-engine.ts firstLookModel: code ci of class sev) on
 * the glass now, in the callback that lit the LED, rather than after the render that builds its full screen: on the
 * slowest ESP32 that render and its draw take ~200 ms more. The render that follows draws the full screen (scr -1:
 * whatever it is).
 */
function firstLook(ci: number, sev: number, t: number): void {
  drawScreen(S.g, firstLookModel(ci, sev));
  S.oled.flip(t);
  // Its console line too (render() says the others, and this one not again).
  log("code " + CODE_NAMES[ci] + " active");
  S.mask |= 1 << ci;
  S.scr = -1;
  // A frame rendered before the code (the all-clear screen, waiting for draw) must not cover it.
  S.frame = null;
}

function onLink(l: LinkState): void {
  toEngine();
  try {
    if (l.family && l.family !== S.fam) {
      S.fam = l.family;
      log("BMS " + familyName(l.family) + " found");
    }
    if (l.ok !== S.ok) log(l.ok ? "data ok" : "no data (" + l.reason + ")");
    S.ok = l.ok;
    S.eng.onLink(l, now());
  } catch (e) {
    log("engine: " + e);
  }
  soon();
}

/** A gesture goes to the engine; the JBD lock release is sent only when the engine asks and the poller allows. */
function onGesture(gs: Gesture): void {
  toEngine();
  try {
    const t = now();
    log("button " + gs);
    const r = S.eng.onGesture(gs, t);
    if (r && r.releaseLock && S.pol.requestRelease(t)) log("JBD MOSFET lock release sent");
  } catch (e) {
    log("button: " + e);
  }
  soon();
}

/** A debounced edge of the button pin; pressed is what the board says Espruino reads while it is held. */
function onEdge(e: { state: boolean }): void {
  try {
    S.btn.edge((e.state ? 1 : 0) === W.prs, now());
  } catch (err) {
    log("button: " + err);
  }
}

/**
 * The poll loop: what the UART holds goes to the poller, which says when it wants to run next (an answer due, a
 * request due); the watchdog is kicked only here. The next run is d ms after this one began (the poller's times are
 * from then: a read after a request is due its round trip after the send, not after this callback's own time, tens
 * of ms on a slow ESP32), bounded: at least POLL_MIN_MS from now, never a busy loop; at most POLL_MAX_MS, which
 * keeps the watchdog kicked.
 */
function poll(gen: number): void {
  if (gen !== GEN) return;
  E.kickWatchdog();
  const t = now();
  let d = 50;
  try {
    const s = S.io.read();
    d = S.pol.step(s.length ? E.toUint8Array(s) : null, t);
  } catch (e) {
    log("poll: " + e);
  }
  const end = now();
  const wait = t + (d > POLL_MAX_MS ? POLL_MAX_MS : d) - end;
  setTimeout(poll, wait > POLL_MIN_MS ? wait : POLL_MIN_MS, gen);
  S.busy += end - t;
}

function setLed(on: boolean): void {
  digitalWrite(W.led, on ? W.on : 1 - W.on);
}

/** The buzzer is a passive piezo: a 50 % PWM square wave at the board's frequency, or low. */
function setBuzz(on: boolean): void {
  // The "buzzer": false setting: the indicator still plays its pattern, the pin just stays low.
  if (on && W.bz) analogWrite(W.buz, 0.5, { freq: W.hz });
  else digitalWrite(W.buz, 0);
}

/**
 * The console API on the REPL: box.status(), box.codes(), box.history(), box.counts(), box.mem(), box.contrast(0..255)
 * (until the next start), box.settings() (the values in force, one `key=value` a line, as `box.set` and `bmsbox
 * settings` take them), box.set(key, value) (validates, stores the key in the settings file, no value: removes it,
 * back to its default; load() applies it: every setting is read at boot only, so what the box does always matches
 * what the file says after the next start). `box` is a getter on the global object that makes the commands each time
 * it is read: made once and kept, its nine functions held ~65 of the ESP32's JsVars for as long as the box runs, for a
 * console that is almost never used (docs/espruino.md §8.2). Configurable: a second start defines it again. The keys
 * are quoted because people type them: tools/shrink.ts never shortens a quoted name.
 */
function installConsole(): void {
  Object.defineProperty(global, "box", { get: consoleApi, configurable: true });
}

function consoleApi(): { [command: string]: (a?: any, b?: any) => void } {
  return {
    "status": function () { console.log(consoleText(S.eng, now(), "status")); },
    "codes": function () { console.log(consoleText(S.eng, now(), "codes")); },
    "history": function () { console.log(consoleText(S.eng, now(), "history")); },
    "counts": function () { console.log(consoleText(S.eng, now(), "counts")); },
    "mem": function () {
      const m = process.memory();
      const o = S.oled;
      console.log("mem: " + m.usage + "/" + m.total + " vars used, " + m.free + " free; oled pushes " + o.pushes + ", fails " + o.fails + (o.err ? " (" + o.err + ")" : "") + ", button stuck " + S.btn.stuck);
    },
    "contrast": function (c?: number) { S.oled.setContrast(c === undefined ? S.set.contrast : c, now()); },
    "settings": function () {
      let t = "settings (" + SETTINGS_FILE + "; box.set(key, value), then load()):";
      for (let i = 0; i < SETTING_KEYS.length; i++) {
        const k = SETTING_KEYS[i];
        t += "\n" + k + "=" + showSetting(k, (S.set as unknown as { [k: string]: unknown })[k]);
      }
      for (let i = 0; i < S.bad.length; i++) t += "\nat boot: " + S.bad[i];
      console.log(t);
    },
    "set": function (k: string, v?: unknown) {
      const e = v === undefined ? (SETTING_KEYS.indexOf(k) < 0 ? "unknown setting" : "") : settingError(k, v);
      if (e) {
        console.log("setting " + k + ": " + JSON.stringify(v) + " is " + e + ", not stored");
        return;
      }
      const o = parseSettingsFile(S.st.read(SETTINGS_FILE)) || {};
      if (v === undefined) delete o[k];
      else o[k] = v;
      S.st.write(SETTINGS_FILE, JSON.stringify(o));
      console.log("setting " + k + (v === undefined ? " removed (default)" : "=" + showSetting(k, v)) + " stored; load() applies it");
    },
  };
}

/** The display's reset line (boards that wire it: Heltec's D16). */
function oledReset(level: number): void {
  digitalWrite(W.rst as Pin, level);
}

/** Checksums with Espruino's native sum rather than a JavaScript loop over every byte (bytes.ts). */
function nativeSum(b: Uint8Array, from: number, to: number): number {
  return E.sum(new Uint8Array(b.buffer, b.byteOffset + from, to - from));
}

function run(board: BoardConfig): void {
  useByteSum(nativeSum);
  // The settings file, once: a bad value falls back to its default and is reported (console now, boot screen).
  const st = createStorage();
  const rs = readSettings(st.read(SETTINGS_FILE), board.bms);
  const set = rs.s;
  const bms = set.bms as Family | "auto";
  for (let i = 0; i < rs.bad.length; i++) log("setting " + rs.bad[i]);
  W = { led: pin(board.led.pin), on: board.led.activeHigh ? 1 : 0, buz: pin(board.buzzer.pin), hz: board.buzzer.freqHz, prs: board.button.pressedReads, bz: set.buzzer,
    rst: board.oled.rst ? pin(board.oled.rst) : null };
  // save() stores timers, watches and serial listeners with the rest of the state, and 'init' then starts us
  // again: a box saved while running would come back with two loops. Each start has its own generation; the
  // loops of an older one stop at their next tick (the gate rightly refuses a blanket clearTimeout()).
  // A restored button watch only repeats edges, which Button ignores; openUart replaces the data listener.
  GEN++;
  const t0 = now();
  // Display: a Graphics buffer in the SSD1306 page layout; the driver pushes it.
  const oc = board.oled;
  if (board.oledPower) digitalWrite(pin(board.oledPower.pin), board.oledPower.level);
  // Only the buses the board names are read: Espruino makes a built-in such as Serial3 in RAM when its name is
  // first read, so a table of all of them would keep the unused ones too (boards/board.ts UartName, I2cName).
  const i2c: I2C = oc.i2c === "I2C2" ? I2C2 : I2C1;
  i2c.setup({ sda: pin(oc.sda), scl: pin(oc.scl), bitrate: 400000 });
  const gr = Graphics.createArrayBuffer(oc.width, oc.height, 1, { vertical_byte: true, msb: false });
  // The BMS: the poller on the UART, at the configured family's baud (autodetect changes it itself). It is started
  // below, once S exists: its listeners use S.
  const u = board.uart;
  const io = openUart({ port: u.port === "Serial3" ? Serial3 : Serial2, rx: pin(u.rx), tx: pin(u.tx) }, profileOf(bms === "auto" ? "jbd" : bms).baud);
  const poller = new Poller(bms, io, { onSnapshot: onSnapshot, onLink: onLink, onCodes: onCodes }, { hash: crc, dalyAddress: set.dalyAddr, dalyCurrentSign: dalySignOf(set), reads: true });
  const oled = new Ssd1306({
    i2c: i2c,
    address: oc.address,
    buffer: new Uint8Array(gr.buffer),
    reset: W.rst !== null ? oledReset : null,
    after: later,
    crc: crc,
  });
  S = {
    name: board.name, t0: t0, fam: bms === "auto" ? null : bms, ok: false, g: gr, oled: oled,
    ind: new Indicator({ led: setLed, buzz: setBuzz }), indT: undefined, sq: null, sqAt: 0, engT: undefined, eng: new Engine(st, { chirpAfterMs: set.chirpMin * 60000 }),
    renT: undefined, io: io, busy: 0, sent: 0, lie: SLOW_MS_PER_LIE, mask: 0, pat: "", rev: -1, scr: -1, calm: null, calmLink: null, calmMin: -1, calmCyc: -1, frame: null, frameH: -1, drwT: undefined, shown: null, pol: poller, btn: new Button(onGesture, later),
    set: set, bad: rs.bad, st: st,
  };
  // The button: the pin mode the board asks for, then the watch. On the ESP32 port setWatch also turns the pin's
  // pull-up on (targets/esp32/jshardware.c jshPinWatch); harmless where the board has its own pull-up.
  const bp = pin(board.button.pin);
  pinMode(bp, board.button.mode, false);
  setWatch(onEdge, bp, { repeat: true, edge: "both", debounce: BUTTON_DEBOUNCE_MS });

  installConsole();

  log("bmsbox " + FIRMWARE_VERSION + " on " + board.name + ", BMS " + bms);
  E.enableWatchdog(WATCHDOG_S, false);
  wdOn = true;
  S.ind.play([1, 0], [], t0);
  indicate();
  // The contrast setting goes in with the init sequence (and again after any re-init of a failed display).
  oled.con = set.contrast;
  oled.begin(t0, render);
  S.pol.start(now());
  poll(GEN);
  setTimeout(everySecond, RENDER_MS, GEN);
}

/**
 * Starts the box. The firmware is stored as `.bootcde` (make flash), which Espruino evaluates at every power-up
 * and after `load()`: starting right here, rather than from `E.on("init")`, also covers `load(".bootcde")`,
 * which evaluates the file after the init event has already fired (src/jsinteractive.c, JSIS_TODO_FLASH_LOAD).
 */
export function startBox(board: BoardConfig): void {
  try {
    run(board);
  } catch (e) {
    console.log("bmsbox: start failed: " + e);
  }
  E.on("kill", onKill);
}

/**
 * Before reset()/load() drop our code: let Espruino's idle loop kick the watchdog (see header). A top-level
 * function, not one made inside startBox: that one would keep startBox's scope, the whole board object with it,
 * for as long as the box runs.
 */
function onKill(): void {
  if (wdOn) E.enableWatchdog(WATCHDOG_S, true);
}
