/**
 * Composition root shared by the boards: wires the Espruino world (UART, I2C, pins, timers, flash, the
 * watchdog) to the pure core (poller, engine, views). The only firmware file besides boards/ that touches
 * Espruino globals; every decision lives in the core, this file only moves bytes, time and events.
 *
 * The loop, event-driven (no slow fixed timer):
 *   UART 'data' -> poller.onBytes          (the poller sends the next request at once on a complete answer)
 *   poll()      -> poller.tick, re-armed with setTimeout at the delay the poller asks for; kicks the watchdog
 *   snapshots / link / button -> engine  -> render soon (coalesced) -> SSD1306 flip (skipped if unchanged)
 *                                         -> indicator plays the engine's pattern (own timer, exact edges)
 *   render also runs every RENDER_MS so ages and code rotation move on.
 * Every callback is guarded: an exception is printed and the loop goes on (espruino.md §6).
 *
 * Watchdog: E.enableWatchdog(WATCHDOG_S, false) and E.kickWatchdog() only from poll(): if the poll loop
 * stops (a hang, or an exception chain that kills the timer), the ESP32 resets and the box starts again.
 * Flashing a running box: the CLI sends reset() first, which stops our timers but not the hardware watchdog
 * (its "auto" flag survives a soft reset: JSIS_SOFTINIT_MASK in jsinteractive.h), so the board would reboot
 * mid-upload. E.on("kill") (fired by reset(), load(), save()) therefore switches the watchdog to auto-kick
 * from Espruino's idle loop before the code goes away; the next boot switches it back to manual kicks.
 */
import { BoardConfig } from "../../boards/board";
import { FIRMWARE_VERSION } from "../src/version";
import { Family, CODE_NAMES, Snapshot } from "../src/types";
import { LinkState, Gesture } from "../src/ports";
import { Poller } from "../src/protocol/poller";
import { Engine } from "../src/engine/engine";
import { consoleStatus, consoleCodes, consoleHistory, consoleCounts } from "../src/engine/console";
import { profileOf } from "../src/protocol/profiles";
import { drawScreen } from "../src/view/screens";
import { toModel, familyName } from "../src/view/from-engine";
import { blankModel, SCREEN_BOOT } from "../src/view/model";
import { Gfx } from "../src/view/gfx";
import { Ssd1306 } from "./ssd1306";
import { Indicator } from "./indicator";
import { Button, BUTTON_DEBOUNCE_MS } from "./button";
import { openUart } from "./uart";
import { createStorage } from "./storage";

const WATCHDOG_S = 8;
/** Re-render period for ages and rotation; a frame only goes out when pixels changed. */
const RENDER_MS = 1000;
/** The boot screen stays at least this long (then as long as the engine is in its boot mode). */
const BOOT_MIN_MS = 2500;
/** Bounds for the poller's requested delay: never a busy loop, never longer than a watchdog kick allows. */
const POLL_MIN_MS = 2;
const POLL_MAX_MS = 1000;

function now(): number {
  return Math.floor(getTime() * 1000);
}

function log(s: string): void {
  console.log("[" + now() + "] " + s);
}

let wdOn = false;

function run(board: BoardConfig): void {
  const t0 = now();
  let family: Family | null = board.bms === "auto" ? null : board.bms;
  let linkOk = false;

  // Display: a Graphics buffer in the SSD1306 page layout; the driver pushes it.
  const oc = board.oled;
  oc.i2c.setup({ sda: oc.sda, scl: oc.scl, bitrate: 400000 });
  const gr = Graphics.createArrayBuffer(oc.width, oc.height, 1, { vertical_byte: true, msb: false });
  const g = gr as any as Gfx;
  const rst = oc.rst;
  const oled = new Ssd1306({
    i2c: oc.i2c as any,
    address: oc.address,
    buffer: new Uint8Array((gr as any).buffer),
    reset: rst ? function (l: number) { digitalWrite(rst, l); } : null,
    after: function (fn: () => void, ms: number) { setTimeout(fn, ms); },
    crc: function (b: Uint8Array) { return E.CRC32(b); },
  });

  // LED and buzzer.
  const led = board.led;
  const bz = board.buzzer;
  const ind = new Indicator({
    led: function (on: boolean) { digitalWrite(led.pin, on === led.activeHigh ? 1 : 0); },
    buzz: function (on: boolean) {
      if (on) analogWrite(bz.pin, 0.5, { freq: bz.freqHz });
      else digitalWrite(bz.pin, 0);
    },
  });
  let indTimer: any = undefined;
  function indicate(): void {
    if (indTimer !== undefined) clearTimeout(indTimer);
    indTimer = undefined;
    try {
      const d = ind.update(now());
      if (d >= 0) indTimer = setTimeout(indicate, d);
    } catch (e) {
      log("indicator: " + e);
    }
  }

  const engine = new Engine(createStorage());

  // Rendering, coalesced: many events in one burst give one frame.
  let renderTimer: any = undefined;
  let lastMask = 0;
  let lastPattern = "";
  function render(): void {
    renderTimer = undefined;
    try {
      const t = now();
      const v = engine.view(t);
      const booting = v.mode === "boot" || t - t0 < BOOT_MIN_MS;
      if (booting) {
        const m = blankModel(SCREEN_BOOT);
        m.board = board.name;
        m.family = familyName(family);
        m.version = FIRMWARE_VERSION;
        drawScreen(g, m);
      } else {
        drawScreen(g, toModel(v, t, board.name, FIRMWARE_VERSION));
      }
      oled.flip(t);
      // Console lines for events: codes appearing and going.
      let mask = 0;
      for (let i = 0; i < v.codes.length; i++) mask |= 1 << v.codes[i].ci;
      if (mask !== lastMask) {
        for (let i = 0; i < CODE_NAMES.length; i++) {
          const b = 1 << i;
          if (mask & b && !(lastMask & b)) log("code " + CODE_NAMES[i] + " active");
          if (lastMask & b && !(mask & b)) log("code " + CODE_NAMES[i] + " cleared");
        }
        lastMask = mask;
      }
      const p = booting ? "boot" : v.indicator.name + (v.indicator.buzz.length ? "+" : "");
      if (p !== lastPattern) {
        lastPattern = p;
        log("indicator " + p);
        if (booting) ind.play([1, 0], [], t);
        else ind.play(v.indicator.led, v.indicator.buzz, t);
        indicate();
      }
    } catch (e) {
      log("render: " + e);
    }
  }
  function soon(): void {
    if (renderTimer === undefined) renderTimer = setTimeout(render, 5);
  }
  function everySecond(): void {
    render();
    setTimeout(everySecond, RENDER_MS);
  }

  // The BMS: the poller on the UART, at the configured family's baud (autodetect changes it itself).
  let poller: Poller;
  const io = openUart(board.uart, profileOf(board.bms === "auto" ? "jbd" : board.bms).baud, function (bytes: Uint8Array) {
    try {
      poller.onBytes(bytes, now());
    } catch (e) {
      log("uart: " + e);
    }
  });
  poller = new Poller(board.bms, io, {
    onSnapshot: function (s: Snapshot) {
      try {
        engine.onSnapshot(s, now());
      } catch (e) {
        log("engine: " + e);
      }
      soon();
    },
    onLink: function (l: LinkState) {
      try {
        if (l.family && l.family !== family) {
          family = l.family;
          log("BMS " + familyName(l.family) + " found");
        }
        if (l.ok !== linkOk) log(l.ok ? "data ok" : "no data (" + l.reason + ")");
        linkOk = l.ok;
        engine.onLink(l, now());
      } catch (e) {
        log("engine: " + e);
      }
      soon();
    },
  });

  // Button: debounced edges -> gestures -> engine (and the JBD lock release it may ask for).
  const bp = board.button;
  const button = new Button(
    function (gs: Gesture) {
      try {
        const t = now();
        log("button " + gs);
        const r = engine.onGesture(gs, t);
        if (r && r.releaseLock && poller.requestRelease(t)) log("JBD MOSFET lock release sent");
      } catch (e) {
        log("button: " + e);
      }
      soon();
    },
    function (fn: () => void, ms: number) { setTimeout(fn, ms); },
  );
  pinMode(bp.pin, bp.pressedLow ? "input_pullup" : "input_pulldown", false);
  setWatch(
    function (e: any) {
      try {
        button.edge(bp.pressedLow ? !e.state : !!e.state, now());
      } catch (err) {
        log("button: " + err);
      }
    },
    bp.pin,
    { repeat: true, edge: "both", debounce: BUTTON_DEBOUNCE_MS },
  );

  // The poll loop: the poller says when it wants to run next; the watchdog is kicked only here.
  function poll(): void {
    let d = 50;
    try {
      E.kickWatchdog();
      const t = now();
      d = poller.tick(t);
      engine.tick(t);
    } catch (e) {
      log("poll: " + e);
    }
    setTimeout(poll, d < POLL_MIN_MS ? POLL_MIN_MS : d > POLL_MAX_MS ? POLL_MAX_MS : d);
  }

  // The console API on the REPL: box.status(), box.codes(), box.history(), box.counts(), box.mem().
  (global as any).box = {
    status: function () { console.log(consoleStatus(engine, now())); },
    codes: function () { console.log(consoleCodes(engine, now())); },
    history: function () { console.log(consoleHistory(engine, now())); },
    counts: function () { console.log(consoleCounts(engine, now())); },
    mem: function () {
      const m = process.memory();
      console.log("mem: " + m.usage + "/" + m.total + " vars used, " + m.free + " free; oled pushes " + oled.pushes + ", fails " + oled.fails + (oled.err ? " (" + oled.err + ")" : "") + ", button stuck " + button.stuck);
    },
  };

  log("bmsbox " + FIRMWARE_VERSION + " on " + board.name + ", BMS " + board.bms);
  E.enableWatchdog(WATCHDOG_S, false);
  wdOn = true;
  ind.play([1, 0], [], t0);
  indicate();
  oled.begin(t0, render);
  poller.start(now());
  poll();
  setTimeout(everySecond, RENDER_MS);
}

export function startBox(board: BoardConfig): void {
  // Runs at power-up from saved code (the flash step appends save()); the simulator emits the same event.
  E.on("init", function () {
    try {
      run(board);
    } catch (e) {
      console.log("bmsbox: start failed: " + e);
    }
  });
  // Before reset()/load()/save() drop our code: let Espruino's idle loop kick the watchdog (see header).
  E.on("kill", function () {
    if (wdOn) E.enableWatchdog(WATCHDOG_S, true);
  });
}
