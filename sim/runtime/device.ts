/**
 * `createDevice(options)`: a simulated ESP32 running Espruino, for the very firmware file that gets flashed.
 *
 * The file runs in a `node:vm` context whose globals are Espruino's (Serial1..3, I2C1/2, Graphics, D0..D39,
 * timers, getTime, E, require("Storage"), save/onInit, console, process, global) and from which what Espruino
 * lacks has been deleted (Map, Set, Symbol, Array.from, Number.isFinite, …: espruino-missing.ts), so the firmware
 * fails here as it would on the device. After the file has run, `E.on('init')` handlers and `onInit()` fire:
 * that is the power-up of saved code.
 *
 * Time is the virtual clock's: callbacks run when the clock reaches them; running JavaScript takes no virtual
 * time. A callback that runs longer than `busyLimitMs` of host time is taken for a hung device (a busy loop):
 * with the watchdog enabled the device resets, as the ESP32's task watchdog would make it.
 * A reset (watchdog, `E.reboot()`, `device.reset()`) re-runs the file with a fresh context; Storage and the
 * outside world (wires, display RAM) are kept. `powerCycle()` also power-cycles attached I2C devices.
 */
import * as fs from "fs";
import * as vm from "vm";
import { EventEmitter } from "events";
import { BmsModel } from "../contracts";
import { VirtualClock } from "./clock";
import { makeGraphicsClass, SimGraphics } from "./graphics";
import { I2cWiring, SimI2C } from "./i2c";
import { BOOT_JSVARS, collectReachable, ESP32_JSVARS, estimateJsVars, JSVAR_BYTES } from "./memory";
import { ESP32_PORT } from "./esp32-port";
import { PIN_COUNT, PinEvent, pinNumberOf, PinWorld } from "./pins";
import { bytesToBinaryString, flattenBytes, IO_EVENT_MAX_LEN, SimSerial } from "./serial";
import { Ssd1306 } from "./ssd1306";
import { makeStorageModule, SimStorageBackend } from "./storage";
import { UartWire, WireFaults } from "./wire";
import { MISSING } from "./espruino-missing";

/** What Espruino 2v29 lacks (espruino-missing.ts, the table the gate checks too): deleted from the context. */
export { MISSING };

/**
 * Interpreter time a firmware callback takes, virtual ms ("uart": a serial data listener; "read": the timer callback that
 * takes what the UART received (reads(fn)), when something came since it last ran; DeviceOptions.cpuMs).
 * drawMs: what a callback that pushes a frame to the display (an I2C write) takes at least: drawing a screen costs
 * far more than a render that finds the screen unchanged, so the kind's usual cost does not say it. framedMs(fn): what
 * a callback fn that sets a timer for a function isDraw accepts (a render that found a changed screen) takes at least.
 */
/**
 * drawMs: what a callback that writes to the display is charged for its drawing (draw(): at least that from its start;
 * any other: that on top); afterMs: charged after the callback's outputs, at its end (work that follows its writes).
 * sentMs(kind, fn): what a callback that writes to a UART other than the console (a request to the BMS) costs beyond
 * its charge, added at its first such write, which then goes out at the callback's end so far (bytes leave when the
 * work before them is done, as a pin level does: outputTime).
 */
export type CpuCharge = ((kind: "uart" | "read" | "other", fn: Function) => number) & {
  drawMs?: number;
  afterMs?: number;
  framedMs?: (fn: Function) => number;
  /** What draw() (isDraw) is charged at least when its timer was set by a callback running `framer`; else drawMs. */
  drawnMs?: (framer: Function) => number;
  isDraw?: (fn: Function) => boolean;
  reads?: (fn: Function) => boolean;
  sentMs?: (kind: "uart" | "read" | "other", fn: Function) => number;
};

export interface DeviceOptions {
  /** Path of the built firmware file (build/<board>/firmware.js). */
  firmwarePath?: string;
  /** Or the script itself (tests). */
  code?: string;
  /** A shared clock (the scenario's); a new one otherwise. */
  clock?: VirtualClock;
  /** Storage: a shared backend, or a JSON file path, or in memory (default). */
  storage?: SimStorageBackend;
  storagePath?: string;
  /** Pins with a pull-up resistor on the board (default [0]: the BOOT/PRG button). */
  boardPullUps?: number[];
  /** Echo console output to the host's stdout (default false). */
  echoConsole?: boolean;
  /**
   * Host ms one callback may run before it counts as a hung device (a busy loop). 0 (default) disables the
   * check for callbacks: node:vm's timeout costs ~80 µs per call, far more than the call itself. The boot script
   * and eval() always run with a limit (bootLimitMs).
   */
  busyLimitMs?: number;
  /**
   * Charge interpreter time: the virtual ms a firmware callback takes ("uart" for a serial data listener, else
   * "other"), as measured on the real interpreter. The device is busy for that long after the callback started:
   * callbacks due meanwhile wait, in order, as in Espruino's one-thread event loop. Absent: JavaScript takes no time.
   */
  cpuMs?: CpuCharge;
  /** Host ms the firmware file's top level may run (default 10000). */
  bootLimitMs?: number;
  /** Fire E.on('init') / onInit after the file ran (default true). */
  fireInit?: boolean;
  /** Do not boot in createDevice; call device.boot() (default false). */
  deferBoot?: boolean;
  /** JsVars the device has (default 16383, the ESP32 cap). */
  jsVars?: number;
  /** Walk closures through the V8 inspector for process.memory() (default true). */
  memoryClosures?: boolean;
  /** Minimum virtual ms between two full memory walks; calls in between reuse the last figure (default 60000). */
  memoryCacheMs?: number;
}

export interface LogLine {
  tMs: number;
  text: string;
}

/** The watchdog as armed by E.enableWatchdog. */
interface Watchdog {
  timeoutMs: number;
  auto: boolean;
  lastKickMs: number;
}

export interface Device extends EventEmitter {
  readonly clock: VirtualClock;
  readonly pins: PinWorld;
  readonly serial: { [name: string]: SimSerial };
  readonly i2c: { [name: string]: SimI2C };
  readonly wiring: I2cWiring;
  readonly storage: SimStorageBackend;
  readonly log: LogLine[];
  readonly errors: LogLine[];
  /** Number of boots so far (1 after the first). */
  readonly boots: number;
  /** Why the last reset happened ("power-on", "watchdog", "reboot", "reset", "power-cycle"). */
  readonly lastResetReason: string;
  /** True after a callback hung with no watchdog to rescue it. */
  readonly hung: boolean;
  /** The vm context (tests may inspect globals). */
  readonly context: vm.Context;
  boot(): void;
  reset(reason?: string): void;
  powerCycle(): void;
  /** Run code inside the device (like typing at the REPL); returns its value. */
  eval(code: string): unknown;
  /** Attach a BMS model on the UART whose RX/TX pins are given (box side). */
  attachUart(model: BmsModel, pins: { rx: number; tx: number }, options?: { faults?: Partial<WireFaults>; seed?: number }): UartWire;
  /** Attach an SSD1306 on I2C pins; `resetPin` when its RST is wired to the MCU. */
  attachSsd1306(options: { sda: number; scl: number; address?: number; resetPin?: number | null }): Ssd1306;
  /** Press (level 0 by default) and release a pin at virtual times, with optional contact bounce. */
  press(pin: number, options?: { atMs?: number; holdMs?: number; bounceMs?: number; bounces?: number; pressedLevel?: number }): void;
  /** Drive a pin from outside (0/1) or release it (null), now or at a later virtual time. */
  drive(pin: number, level: number | null, atMs?: number): void;
  /** Digital and PWM changes of one pin from the timeline. */
  pinTimeline(pin: number): PinEvent[];
  /** The JsVar estimate process.memory() reports (fresh walk). */
  memory(): { usage: number; total: number; free: number };
  /** Timers pending inside the firmware. */
  timerCount(): number;
}

interface Timer {
  id: number;
  fn: Function;
  args: unknown[];
  intervalMs: number | null;
  handle: { cancel(): void };
  dueMs: number;
  arm: (dueMs: number) => void;
  /** Its time has come; it runs when nothing waits, in list order (SimDevice.runTimers). */
  ready: boolean;
}

class SimDevice extends EventEmitter implements Device {
  readonly clock: VirtualClock;
  readonly pins: PinWorld;
  readonly serial: { [name: string]: SimSerial } = {};
  readonly i2c: { [name: string]: SimI2C } = {};
  readonly wiring = new I2cWiring();
  readonly storage: SimStorageBackend;
  readonly log: LogLine[] = [];
  readonly errors: LogLine[] = [];
  boots = 0;
  lastResetReason = "power-on";
  hung = false;
  /** With cpuMs: the virtual time the current callback's interpreter time ends. */
  busyUntil = 0;
  /** With cpuMs: UART data that came while a callback ran, waiting for its listener (queueData), and its flush. */
  private dataQueue: { fn: Function; port: SimSerial; data: string }[] = [];
  private dataFlush = false;
  /** With cpuMs: the due timers' run is armed for the end of the running callback (runTimers). */
  private timerKick = false;
  /** With cpuMs: the current callback has been charged its frame's drawing (chargeDrawing). */
  cbDrew = false;
  /** getTime() calls in the current charged callback. */
  cbReads = 0;
  /** With cpuMs: when the current callback started, and the I2C writes before it (CpuCharge.drawMs). */
  cbStartMs = 0;
  cbWrites = Infinity;
  /** With cpuMs: the I2C bus time counted so far (I2cPort stats.busyMs), charged to the callback that spent it. */
  cbBusMs = 0;
  /** With cpuMs: the current callback set draw()'s timer (CpuCharge.isDraw). */
  cbFramed = false;
  /** With cpuMs: the function of the callback that last set draw()'s timer (CpuCharge.drawnMs). */
  drawFramer: Function | null = null;
  /** With cpuMs: a UART other than the console received bytes since the callback that reads them last ran. */
  private rxSince = false;
  /** With cpuMs: the function the current callback runs (CpuCharge.framedMs), its kind, and whether it sent (sentMs). */
  cbFn: Function | null = null;
  cbKind: "uart" | "read" | "other" = "other";
  cbSent = false;
  context!: vm.Context;

  private opts: DeviceOptions;
  private code: string;
  private generation = 0;
  /**
   * Virtual time of the last power-up: getTime() counts from it, as the ESP32's system time starts again at a
   * power cycle. Software resets (watchdog, E.reboot, reset()) keep it: the ESP32's RTC timer keeps running
   * through a CPU reset.
   */
  private timeOriginMs = 0;
  private timers: Timer[] = [];
  private nextTimerId = 1;
  private eHandlers: { [event: string]: Function[] } = {};
  private watchdog: Watchdog | null = null;
  private watchdogCheck: { cancel(): void } | null = null;
  // The slot is a script-scope `let` of the context (not a global property): reading it skips the vm global
  // interceptors, which cost more than the call itself.
  private invokeScript = new vm.Script("__simSlot.fn.apply(__simSlot.self, __simSlot.args)", { filename: "sim-invoke" });
  private slot: { fn: Function | null; self: unknown; args: unknown[] | null } = { fn: null, self: undefined, args: null };
  private builtins = new WeakSet<object>();
  private plainProtos = new Set<object | null>();
  private memCache: { tMs: number; usage: number } | null = null;
  private ssd1306s: Ssd1306[] = [];
  private wires: UartWire[] = [];
  private ctxGlobal: any = null;
  private ctxObjectProto: object = Object.prototype;
  private ctxU8: Uint8ArrayConstructor = Uint8Array;

  constructor(opts: DeviceOptions) {
    super();
    this.opts = opts;
    if (opts.code !== undefined) this.code = opts.code;
    else if (opts.firmwarePath) this.code = fs.readFileSync(opts.firmwarePath, "utf8");
    else throw new Error("createDevice needs firmwarePath or code");
    this.clock = opts.clock ?? new VirtualClock();
    this.storage = opts.storage ?? new SimStorageBackend(opts.storagePath ?? null);
    const invoke = (fn: Function, self: unknown, args: unknown[]) => this.invoke(fn, self, args);
    const outputTime = () => this.outputTime();
    this.pins = new PinWorld(this.clock, invoke, opts.boardPullUps ?? [0], (line) => this.print([line]), outputTime);
    const alive = () => !this.hung;
    // The console prints at once; a BMS UART's bytes leave when the callback's work before them is done (txTime).
    const txTime = () => this.txTime();
    for (const n of ["Serial1", "Serial2", "Serial3"]) this.serial[n] = new SimSerial(n, this.clock, invoke, alive, n === "Serial1" ? undefined : txTime);
    // With charged time: the callback that takes what a UART received is charged its reading cost once bytes came.
    for (const n of ["Serial2", "Serial3"]) this.serial[n].sim.on("deliver", () => { this.rxSince = true; });
    const makeU8 = (n: number) => this.makeU8(n);
    // An I2C write in a charged callback lands once the callback's drawing and the bus time so far are spent: a frame is
    // not on the glass before it is drawn and sent (chargeDrawing), whatever the callback did before.
    const i2cTime = () => {
      if (this.opts.cpuMs && this.cbWrites !== Infinity) this.chargeDrawing();
      return this.outputTime();
    };
    for (const n of ["I2C1", "I2C2"]) this.i2c[n] = new SimI2C(n, this.wiring, i2cTime, makeU8);
    this.pins.onEvent = (e) => this.emit("pin", e);
  }

  // ---------------- context ----------------
  private makeU8(n: number): Uint8Array {
    return new this.ctxU8(n);
  }

  private print(args: unknown[]): void {
    const text = args.map((a) => (typeof a === "string" ? a : formatValue(a))).join(" ");
    this.log.push({ tMs: this.clock.now(), text });
    this.emit("log", text);
    if (this.opts.echoConsole) process.stdout.write("[" + (this.clock.now() / 1000).toFixed(3) + "] " + text + "\n");
  }

  private reportError(e: unknown): void {
    const msg = e instanceof Error || (e && typeof e === "object" && "message" in (e as object))
      ? (e as Error).message : String(e);
    const ctor = e && typeof e === "object" ? (e as { constructor?: { name?: string } }).constructor : undefined;
    const kind = ctor && ctor.name ? ctor.name : "Error";
    this.errors.push({ tMs: this.clock.now(), text: kind + ": " + msg });
    this.print(["Uncaught " + kind + ": " + msg]);
    this.emit("error-uncaught", e);
  }

  private buildContext(): vm.Context {
    const ctx = vm.createContext({}, { name: "espruino", microtaskMode: "afterEvaluate", codeGeneration: { strings: true, wasm: false } });
    this.context = ctx;
    const dev = this;
    const g = ctx as any;
    const gen = this.generation;
    const live = () => gen === dev.generation && !dev.hung;

    // --- timers (jswrap_interactive.c semantics) ---
    const addTimer = (fn: unknown, ms: unknown, args: unknown[], interval: boolean): number => {
      if (typeof fn !== "function") throw new Error("Function or String not supplied!");
      const period = Math.max(0, Number(ms) || 0);
      const t: Timer = { id: dev.nextTimerId++, fn, args, intervalMs: interval ? period : null, handle: { cancel() {} }, dueMs: 0, arm: () => undefined, ready: false };
      const cpu = dev.opts.cpuMs;
      // A render that found a changed screen ends by setting draw()'s timer (firmware/main.ts offer): its charge as
      // such a render (framedMs) has run by then, so the timer counts from there, not from its usual charge's end; a
      // poll due meanwhile runs before the draw, as on Espruino.
      if (cpu && cpu.framedMs && cpu.isDraw && cpu.isDraw(fn)) {
        dev.cbFramed = true;
        dev.chargeDrawing();
        dev.drawFramer = dev.cbFn;
      }
      const arm = (due: number): void => {
        t.dueMs = due;
        t.ready = false;
        t.handle = dev.clock.schedule(due, () => {
          if (!live()) return;
          t.ready = true;
          dev.runTimers();
        });
      };
      t.arm = arm;
      // With charged interpreter time, a timer set after the callback has read the time counts from where getTime()
      // then reads, its end: Espruino counts a timeout from the moment setTimeout runs (jshGetSystemTime() at the call,
      // src/jswrap_interactive.c), and a poll loop that spaced its next run from its own start would otherwise run
      // early here by the callback's charge.
      arm(dev.readNow() + period);
      dev.timers.push(t);
      return t.id;
    };
    const clearTimer = (kind: string, argc: number, id: unknown): void => {
      if (argc === 0) {
        for (const t of dev.timers) t.handle.cancel();
        dev.timers = [];
        return;
      }
      if (id === undefined) throw new Error(kind + "(undefined) not allowed. Use " + kind + "() instead.");
      // Unknown or expired ids are ignored since 2v01 (espruino/Espruino#1592).
      const t = dev.timers.find((x) => x.id === Number(id));
      if (!t) return;
      t.handle.cancel();
      dev.timers = dev.timers.filter((x) => x !== t);
    };
    g.setTimeout = function (fn: unknown, ms: unknown) { return addTimer(fn, ms, [].slice.call(arguments, 2), false); };
    g.setInterval = function (fn: unknown, ms: unknown) { return addTimer(fn, ms, [].slice.call(arguments, 2), true); };
    g.clearTimeout = function (id: unknown) { clearTimer("clearTimeout", arguments.length, id); };
    g.clearInterval = function (id: unknown) { clearTimer("clearInterval", arguments.length, id); };
    g.changeInterval = function (id: unknown, ms: unknown) {
      const t = dev.timers.find((x) => x.id === Number(id));
      if (!t || t.intervalMs === null) throw new Error("Unknown Interval");
      t.handle.cancel();
      t.intervalMs = Math.max(0, Number(ms) || 0);
      t.arm(dev.clock.now() + t.intervalMs);
    };
    g.getTime = function () {
      // With charged interpreter time, a callback's first getTime() reads its start and any later one its end, so
      // the firmware's own measure of what a callback cost (the poll governor in firmware/main.ts) sees the charge.
      if (dev.opts.cpuMs && dev.cbReads > 0) dev.chargeDrawing();
      const t = dev.readNow();
      if (dev.opts.cpuMs && dev.clock.now() < dev.busyUntil) dev.cbReads++;
      return (t - dev.timeOriginMs) / 1000;
    };

    // --- pins ---
    const pins = this.pins;
    for (let i = 0; i < PIN_COUNT; i++) g["D" + i] = pins.pins[i];
    g.LED1 = pins.pins[ESP32_PORT.led1];
    g.BTN1 = pins.pins[ESP32_PORT.btn1];
    g.digitalWrite = function (p: unknown, v: unknown) { pins.digitalWrite(p, v); };
    g.digitalRead = function (p: unknown) { return pins.digitalRead(p); };
    g.digitalPulse = function (p: unknown, v: unknown, ms: unknown) {
      pins.digitalWrite(p, v);
      const n = pinNumberOf(p);
      const total = Array.isArray(ms) ? ms.reduce((a: number, b: number) => a + Number(b), 0) : Number(ms);
      dev.clock.after(total, () => { if (live() && n !== null) pins.digitalWrite(n, v ? 0 : 1); });
    };
    g.analogWrite = function (p: unknown, v: unknown, o: unknown) { pins.analogWrite(p, v, o); };
    g.analogRead = function (p: unknown) { pinNumberOf(p); return 0; };
    g.pinMode = function (p: unknown, m: unknown) { pins.pinMode(p, m); };
    g.getPinMode = function (p: unknown) { return pins.getPinMode(p); };
    g.setWatch = function (fn: unknown, p: unknown, o: unknown) { return pins.setWatch(fn, p, o); };
    g.clearWatch = function () { return pins.clearWatch.apply(pins, arguments as unknown as [unknown]); };

    // --- buses ---
    g.Serial1 = this.serial.Serial1;
    g.Serial2 = this.serial.Serial2;
    g.Serial3 = this.serial.Serial3;
    g.I2C1 = this.i2c.I2C1;
    g.I2C2 = this.i2c.I2C2;
    g.Graphics = makeGraphicsClass((n) => new (vm.runInContext("ArrayBuffer", ctx) as ArrayBufferConstructor)(n));

    // --- E ---
    const U8 = vm.runInContext("Uint8Array", ctx) as Uint8ArrayConstructor;
    g.E = {
      on(event: unknown, fn: unknown) {
        if (typeof fn !== "function") return;
        const k = String(event);
        (dev.eHandlers[k] = dev.eHandlers[k] || []).push(fn);
      },
      removeListener(event: unknown, fn: unknown) {
        const k = String(event);
        dev.eHandlers[k] = (dev.eHandlers[k] || []).filter((f) => f !== fn);
      },
      removeAllListeners(event: unknown) {
        if (event === undefined) dev.eHandlers = {};
        else delete dev.eHandlers[String(event)];
      },
      emit(event: unknown) {
        const args = [].slice.call(arguments, 1);
        for (const f of (dev.eHandlers[String(event)] || []).slice()) dev.invoke(f, g.E, args);
      },
      enableWatchdog(timeout: unknown, isAuto?: unknown) {
        // ESP32 rounds the timeout to whole seconds (jshEnableWatchDog → esp_task_wdt_init).
        const s = Math.max(1, Math.round(Number(timeout) || 1));
        dev.watchdog = { timeoutMs: s * 1000, auto: isAuto === undefined ? true : !!isAuto, lastKickMs: dev.clock.now() };
        dev.armWatchdog();
      },
      kickWatchdog() {
        if (dev.watchdog) dev.watchdog.lastKickMs = dev.clock.now();
      },
      toUint8Array(a: unknown) {
        if (arguments.length === 1 && typeof a === "string") {
          const u = new U8(a.length);
          for (let i = 0; i < a.length; i++) u[i] = a.charCodeAt(i);
          return u;
        }
        const bytes = flattenBytes([].slice.call(arguments));
        const u = new U8(bytes.length);
        for (let i = 0; i < bytes.length; i++) u[i] = bytes[i];
        return u;
      },
      toString() {
        return bytesToBinaryString(flattenBytes([].slice.call(arguments)));
      },
      toArrayBuffer(str: unknown) {
        const s = String(str);
        const u = new U8(s.length);
        for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i) & 0xff;
        return u.buffer;
      },
      getSizeOf(v: unknown) {
        return estimateJsVars([v], dev.walkOptions(false));
      },
      /** E.sum: the sum of every element of an array or typed array (src/jswrap_espruino.c jswrap_espruino_sum). */
      sum(arr: unknown) {
        const a = arr as ArrayLike<number>;
        let s = 0;
        for (let i = 0; i < a.length; i++) s += Number(a[i]);
        return s;
      },
      CRC32(data: unknown) {
        if (data instanceof ArrayBuffer || Object.prototype.toString.call(data) === "[object ArrayBuffer]") return crc32(new Uint8Array(data as ArrayBuffer));
        if (ArrayBuffer.isView(data) && (data as Uint8Array).BYTES_PER_ELEMENT === 1) return crc32(new Uint8Array((data as Uint8Array).buffer, (data as Uint8Array).byteOffset, (data as Uint8Array).byteLength));
        return crc32(flattenBytes([data]));
      },
      clip(x: unknown, lo: unknown, hi: unknown) {
        return Math.min(Math.max(Number(x), Number(lo)), Number(hi));
      },
      reboot() {
        dev.clock.after(0, () => dev.reset("reboot"));
      },
      getErrorFlags() { return []; },
      setClock() { dev.print([">> jshSetSystemClock Not implemented"]); return 0; },
      hwRand() { return (Math.random() * 0x100000000) | 0; },
    };

    // --- Storage, require, save ---
    const storageModule = makeStorageModule(this.storage, (n) => new U8(n));
    g.require = function (name: unknown) {
      if (name === "Storage") return storageModule;
      throw new Error("Module " + String(name) + " not found");
    };
    g.save = function () { dev.print(["save(): simulated (the firmware file is the saved code; init fires at each boot)"]); };
    g.reset = function () { dev.print(["reset() ignored in the simulator"]); };
    g.load = function () { dev.clock.after(0, () => dev.reset("load")); };

    // --- console, process, global ---
    g.console = { log() { dev.print([].slice.call(arguments)); } };
    g.print = function () { dev.print([].slice.call(arguments)); };
    g.process = {
      memory(_gc?: unknown) { return dev.memoryReport(false); },
      env: { VERSION: "2v29.277", BOARD: "ESP32", CONSOLE: "Serial1", GIT_COMMIT: "c5ff787", RAM: 520 * 1024, FLASH: 0, SPIFLASH: 4 * 1024 * 1024, STORAGE: 896 * 1024, SERIAL: "sim", MODULES: "Storage" },
      version: "2v29.277",
    };
    vm.runInContext("globalThis.global = globalThis;", ctx);

    // The invoke slot: a script-scope binding shared by every later script in this context.
    this.slot = vm.runInContext("let __simSlot = { fn: null, self: undefined, args: null }; __simSlot", ctx);
    // --- cut the context down to Espruino's built-ins ---
    vm.runInContext(lockdownSource(), ctx);
    // Everything reachable now is the interpreter's own: not counted by process.memory().
    this.builtins = new WeakSet<object>();
    this.ctxGlobal = vm.runInContext("globalThis", ctx);
    this.ctxU8 = vm.runInContext("Uint8Array", ctx);
    this.ctxObjectProto = vm.runInContext("Object.prototype", ctx);
    collectReachable(this.ctxGlobal, this.builtins);
    this.plainProtos = new Set<object | null>([
      vm.runInContext("Object.prototype", ctx), vm.runInContext("Array.prototype", ctx),
      vm.runInContext("Function.prototype", ctx), null,
    ]);
    return ctx;
  }

  walkOptions(closures: boolean) {
    return { builtins: this.builtins, ctxGlobal: this.ctxGlobal, plainProtos: this.plainProtos, closures, ctxObjectProto: this.ctxObjectProto };
  }

  private memoryReport(force: boolean): { free: number; usage: number; total: number; history: number; gc: number; gctime: number; blocksize: number } {
    const total = this.opts.jsVars ?? ESP32_JSVARS;
    const now = this.clock.now();
    const cacheMs = this.opts.memoryCacheMs ?? 60000;
    if (force || !this.memCache || now - this.memCache.tMs >= cacheMs) {
      this.memCache = { tMs: now, usage: BOOT_JSVARS + this.estimate() };
    }
    const usage = Math.min(total, this.memCache.usage);
    return { free: total - usage, usage, total, history: 0, gc: 0, gctime: 0, blocksize: JSVAR_BYTES };
  }

  private estimate(): number {
    const g = this.ctxGlobal;
    const roots: unknown[] = [];
    for (const n of Object.getOwnPropertyNames(g)) {
      if (n.indexOf("__sim") === 0) continue;
      const d = Object.getOwnPropertyDescriptor(g, n);
      if (d && "value" in d && !this.builtins.has(d.value as object)) roots.push(d.value);
      else if (d && "value" in d && (typeof d.value !== "object" && typeof d.value !== "function")) roots.push(d.value);
    }
    let extra = 0;
    for (const t of this.timers) { roots.push(t.fn); roots.push(t.args); extra += 4; }
    for (const k of Object.keys(this.eHandlers)) for (const f of this.eHandlers[k]) { roots.push(f); extra += 1; }
    const handlerLists = [this.serial.Serial1, this.serial.Serial2, this.serial.Serial3].map((s) => (s as unknown as { handlers: Function[] }).handlers);
    for (const hs of handlerLists) for (const f of hs) { roots.push(f); extra += 1; }
    return extra + estimateJsVars(roots, this.walkOptions(this.opts.memoryClosures ?? true));
  }

  memory(): { usage: number; total: number; free: number } {
    const r = this.memoryReport(true);
    return { usage: r.usage, total: r.total, free: r.free };
  }

  // ---------------- running code ----------------
  /** Call a firmware function as the event loop would: errors are printed and the loop goes on. */
  invoke(fn: Function, self: unknown, args: unknown[]): void {
    if (this.hung) return;
    const cpu = this.opts.cpuMs;
    const io = self instanceof SimSerial;
    if (io && cpu && this.clock.now() < this.busyUntil) {
      this.queueData(fn, self as SimSerial, args);
      return;
    }
    if (!io && this.waits()) {
      this.clock.schedule(this.busyUntil, () => this.invoke(fn, self, args));
      return;
    }
    if (cpu) {
      let kind: "uart" | "read" | "other" = self instanceof SimSerial ? "uart" : "other";
      if (kind === "other" && this.rxSince && cpu.reads && cpu.reads(fn)) {
        kind = "read";
        this.rxSince = false;
      }
      this.busyUntil = this.clock.now() + cpu(kind, fn);
      this.cbReads = 0;
      this.cbStartMs = this.clock.now();
      this.cbWrites = this.i2cWrites();
      this.cbBusMs = this.i2cBusMs();
      this.cbFramed = false;
      this.cbDrew = false;
      this.cbFn = fn;
      this.cbKind = kind;
      this.cbSent = false;
    }
    // The idle loop ran up to now: an automatic watchdog was kicked just before this callback.
    if (this.watchdog && this.watchdog.auto) this.watchdog.lastKickMs = this.clock.now();
    const slot = this.slot;
    const limit = this.opts.busyLimitMs ?? 0;
    slot.fn = fn;
    slot.self = self;
    slot.args = args;
    try {
      // Through a script (not fn.apply from here) so that promise jobs run right after the callback.
      if (limit > 0) this.invokeScript.runInContext(this.context, { timeout: limit });
      else this.invokeScript.runInContext(this.context);
    } catch (e) {
      if (isTimeout(e)) this.onHang();
      else this.reportError(e);
    } finally {
      slot.fn = null;
      slot.args = null;
    }
    if (cpu) {
      this.chargeDrawing();
      if (cpu.afterMs) this.busyUntil += cpu.afterMs;
      // Writes outside a callback (the boot's, an eval's) are not a callback's frame.
      this.cbWrites = Infinity;
    }
    if (this.watchdog && this.watchdog.auto && !this.hung) this.watchdog.lastKickMs = this.clock.now();
  }

  /**
   * With charged time, a callback other than a UART's data listener waits: while one runs, and while data that came
   * meanwhile waits for its listener. Espruino's idle loop hands every queued IO event to its listener before it
   * runs any due timer (src/jsinteractive.c jsiIdle), so a read that was due during a long callback finds the bytes
   * that came during it.
   */
  waits(): boolean {
    return !!this.opts.cpuMs && (this.clock.now() < this.busyUntil || this.dataQueue.length > 0);
  }

  /**
   * Data that came while a charged callback ran, queued for its listener as Espruino queues it: bytes of one UART go
   * into the last queued event while it has room (src/jsdevices.c jshPushIOCharEvents: fewer than IOEVENT_MAX_LEN,
   * 64), so they reach the listener as one string rather than one call for each 5 ms of the RX task.
   */
  private queueData(fn: Function, port: SimSerial, args: unknown[]): void {
    const q = this.dataQueue;
    const last = q[q.length - 1];
    const chunk = String(args[0]);
    if (last && last.fn === fn && last.port === port && last.data.length + chunk.length < IO_EVENT_MAX_LEN) last.data += chunk;
    else q.push({ fn, port, data: chunk });
    this.armFlush();
  }

  /** The queue's flush at the end of the running callback, once. */
  private armFlush(): void {
    if (this.dataFlush) return;
    this.dataFlush = true;
    this.clock.schedule(this.busyUntil, this.flushData);
  }

  /**
   * Runs the timers whose time has come, one callback at a time, first in the list first. A timer due while a charged
   * callback runs waits, and stays a timer until it runs, so that a callback run before it can still clear it. Espruino's
   * idle loop runs the due timers from its list in the order they were added (src/jsinteractive.c jsiIdle, jsiTimerAdd
   * adds at the end), not by when each fell due: a poll due during a long render runs before the draw that render set
   * at its end.
   */
  runTimers(): void {
    if (this.waits()) {
      if (!this.timerKick) {
        this.timerKick = true;
        this.clock.schedule(this.busyUntil, () => {
          this.timerKick = false;
          this.runTimers();
        });
      }
      return;
    }
    const t = this.timers.find((x) => x.ready);
    if (!t) return;
    if (t.intervalMs === null) this.timers = this.timers.filter((x) => x !== t);
    else t.arm(t.dueMs + Math.max(t.intervalMs, 0.001));
    t.ready = false;
    this.invoke(t.fn, undefined, t.args);
    if (this.timers.some((x) => x.ready)) this.runTimers();
  }

  /** The queued data to its listeners, one event a call, before any waiting timer (waits()). */
  private readonly flushData = (): void => {
    this.dataFlush = false;
    if (this.clock.now() < this.busyUntil) {
      this.armFlush();
      return;
    }
    const e = this.dataQueue.shift();
    if (e) this.invoke(e.fn, e.port, [e.data]);
    if (this.dataQueue.length) this.armFlush();
  };

  /**
   * The time the firmware reads now (getTime, and where a timer it sets counts from): with charged interpreter time, a
   * callback's first read gives its start and any later one its end; else the clock.
   */
  readNow(): number {
    return this.opts.cpuMs && this.cbReads > 0 && this.clock.now() < this.busyUntil ? this.busyUntil : this.clock.now();
  }

  /**
   * When an output (a pin level, an I2C write) made now takes effect: now, or with charged interpreter time, at the end
   * of the callback that made it. The charge says how long a callback runs, not where in it the write comes, and an
   * LED set after the decode and the engine's work cannot change before them: the end is the side that never
   * flatters a latency.
   */
  outputTime(): number {
    return this.opts.cpuMs && this.clock.now() < this.busyUntil ? this.busyUntil : this.clock.now();
  }

  /**
   * When bytes written to a BMS UART now start to leave: with charged interpreter time, at the end of the callback so
   * far, its first such write first adding what sending costs beyond the callback's charge (CpuCharge.sentMs); else now.
   */
  private txTime(): number {
    const cpu = this.opts.cpuMs;
    if (cpu && this.cbWrites !== Infinity && this.cbFn && !this.cbSent) {
      this.cbSent = true;
      if (cpu.sentMs) this.busyUntil += cpu.sentMs(this.cbKind, this.cbFn);
    }
    return this.outputTime();
  }

  private i2cBusMs(): number {
    let ms = 0;
    for (const k of Object.keys(this.i2c)) ms += this.i2c[k].stats.busyMs;
    return ms;
  }

  private i2cWrites(): number {
    let n = 0;
    for (const k of Object.keys(this.i2c)) n += this.i2c[k].stats.writes;
    return n;
  }

  /**
   * The current charged callback pushed a frame: draw() is busy at least CpuCharge.drawMs from its start (drawnMs of the
   * callback that set its timer, when the charge tells them apart), any other callback that draws drawMs after its own
   * charge; it set the
   * timer that draws a changed screen: at least CpuCharge.framedMs for it. Then the bus time of its I2C writes on
   * top: the ESP32's writeTo waits for the transfer to end (i2c_master_cmd_begin), and that is not interpreter time.
   */
  chargeDrawing(): void {
    const cpu = this.opts.cpuMs;
    const d = cpu && cpu.drawMs;
    if (d && !this.cbDrew && this.i2cWrites() > this.cbWrites) {
      // draw() is charged at least the draw (its mean at rest may be less); any other callback that pushes a frame (the
      // engine's, drawing a code's first look after its own work: firmware/main.ts firstLook) the draw on top of its work.
      this.cbDrew = true;
      const draws = !!(cpu.isDraw && this.cbFn && cpu.isDraw(this.cbFn));
      const until = draws ? this.cbStartMs + (cpu.drawnMs && this.drawFramer ? cpu.drawnMs(this.drawFramer) : d) : this.busyUntil + d;
      if (until > this.busyUntil) this.busyUntil = until;
    }
    const framed = this.opts.cpuMs && this.opts.cpuMs.framedMs;
    const f = framed && this.cbFramed && this.cbFn ? framed(this.cbFn) : 0;
    if (f && this.cbStartMs + f > this.busyUntil) this.busyUntil = this.cbStartMs + f;
    this.cbFramed = false;
    const bus = this.i2cBusMs();
    this.busyUntil += bus - this.cbBusMs;
    this.cbBusMs = bus;
  }

  eval(code: string): unknown {
    try {
      return vm.runInContext(code, this.context, { timeout: this.opts.bootLimitMs ?? 10000, filename: "eval" });
    } catch (e) {
      if (isTimeout(e)) { this.onHang(); return undefined; }
      throw e;
    }
  }

  private onHang(): void {
    this.print(["Device hung (JavaScript ran past its host-time limit: a busy loop)"]);
    this.hung = true;
    this.emit("hang");
    // The idle loop no longer runs: an auto watchdog is not kicked either, so both kinds will fire.
    if (this.watchdog) this.armWatchdog();
  }

  private armWatchdog(): void {
    if (this.watchdogCheck) this.watchdogCheck.cancel();
    const w = this.watchdog;
    if (!w) return;
    const gen = this.generation;
    const check = () => {
      if (gen !== this.generation || !this.watchdog) return;
      const idleKicks = this.watchdog.auto && !this.hung;
      if (idleKicks) this.watchdog.lastKickMs = this.clock.now();
      const due = this.watchdog.lastKickMs + this.watchdog.timeoutMs;
      if (this.clock.now() >= due) {
        this.print(["WATCHDOG: task watchdog expired, resetting"]);
        this.reset("watchdog");
        return;
      }
      this.watchdogCheck = this.clock.schedule(due, check);
    };
    this.watchdogCheck = this.clock.schedule(w.lastKickMs + w.timeoutMs, check);
  }

  boot(): void {
    this.boots++;
    this.hung = false;
    this.memCache = null;
    this.buildContext();
    this.emit("boot", { boots: this.boots, reason: this.lastResetReason });
    try {
      vm.runInContext(this.code, this.context, { filename: this.opts.firmwarePath ?? "firmware.js", timeout: this.opts.bootLimitMs ?? 10000 });
    } catch (e) {
      // An uncaught error at the top level stops the upload; what it registered so far keeps running.
      if (isTimeout(e)) this.onHang();
      else this.reportError(e);
    }
    if (this.opts.fireInit !== false && !this.hung) {
      for (const f of (this.eHandlers.init || []).slice()) this.invoke(f, (this.context as any).E, []);
      const onInit = (this.context as any).onInit;
      if (typeof onInit === "function") this.invoke(onInit, undefined, []);
    }
  }

  reset(reason = "reset"): void {
    this.generation++;
    for (const t of this.timers) t.handle.cancel();
    this.timers = [];
    // Queued data died with the interpreter's state (a pending flush finds the queue empty).
    this.dataQueue = [];
    this.eHandlers = {};
    this.watchdog = null;
    if (this.watchdogCheck) this.watchdogCheck.cancel();
    this.watchdogCheck = null;
    this.pins.resetHardware();
    for (const k of Object.keys(this.serial)) this.serial[k].resetHardware();
    for (const k of Object.keys(this.i2c)) this.i2c[k].resetHardware();
    this.lastResetReason = reason;
    this.emit("reset", reason);
    this.boot();
  }

  powerCycle(): void {
    for (const d of this.ssd1306s) d.powerCycle();
    this.timeOriginMs = this.clock.now();
    this.reset("power-cycle");
  }

  // ---------------- the outside world ----------------
  attachUart(model: BmsModel, pins: { rx: number; tx: number }, options: { faults?: Partial<WireFaults>; seed?: number } = {}): UartWire {
    const w = new UartWire(this.clock, [this.serial.Serial1, this.serial.Serial2, this.serial.Serial3], model, {
      rxPin: pins.rx, txPin: pins.tx, faults: options.faults, seed: options.seed,
    });
    this.wires.push(w);
    return w;
  }

  attachSsd1306(options: { sda: number; scl: number; address?: number; resetPin?: number | null }): Ssd1306 {
    const rp = options.resetPin ?? null;
    const d = new Ssd1306({
      address: options.address ?? 0x3c,
      resetLevel: rp === null ? undefined : () => (this.pins.isDriven(rp) ? this.pins.level(rp) : null),
    });
    this.wiring.attach(d, { sda: options.sda, scl: options.scl });
    this.ssd1306s.push(d);
    return d;
  }

  press(pin: number, options: { atMs?: number; holdMs?: number; bounceMs?: number; bounces?: number; pressedLevel?: number } = {}): void {
    const at = options.atMs ?? this.clock.now();
    const hold = options.holdMs ?? 100;
    const pressed = options.pressedLevel ?? 0;
    const bounceMs = options.bounceMs ?? 0;
    const bounces = bounceMs > 0 ? options.bounces ?? 3 : 0;
    const edge = (t0: number, level: number | null, other: number | null) => {
      // Contact bounce: the level flips back and forth a few times within bounceMs, then settles.
      for (let i = 0; i < bounces; i++) {
        const t = t0 + (i * bounceMs) / bounces;
        this.clock.schedule(t, () => this.pins.setExternal(pin, level));
        this.clock.schedule(t + bounceMs / (2 * bounces), () => this.pins.setExternal(pin, other));
      }
      this.clock.schedule(t0 + bounceMs, () => this.pins.setExternal(pin, level));
    };
    edge(at, pressed, null);
    edge(at + hold, null, pressed);
  }

  drive(pin: number, level: number | null, atMs?: number): void {
    if (atMs === undefined || atMs <= this.clock.now()) this.pins.setExternal(pin, level);
    else this.clock.schedule(atMs, () => this.pins.setExternal(pin, level));
  }

  pinTimeline(pin: number): PinEvent[] {
    return this.pins.timeline.filter((e) => e.pin === pin);
  }

  timerCount(): number {
    return this.timers.length;
  }
}

function isTimeout(e: unknown): boolean {
  return !!e && typeof e === "object" && (e as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
}

/** Espruino-like printing of non-strings for console.log. */
function formatValue(v: unknown): string {
  if (v === undefined) return "undefined";
  if (typeof v === "function") return "function () { ... }";
  if (v && typeof v === "object" && ArrayBuffer.isView(v)) return "new Uint8Array([" + Array.prototype.join.call(v, ", ") + "])";
  if (v && typeof v === "object" && (v as { message?: unknown }).message !== undefined && Object.prototype.toString.call(v) === "[object Error]") return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    return String(v);
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, reflected 0xEDB88320), unsigned, as E.CRC32. */
export function crc32(bytes: ArrayLike<number>): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function lockdownSource(): string {
  const m = MISSING;
  return `(function (g) {
  function del(o, names) { if (!o) return; for (var i = 0; i < names.length; i++) { try { delete o[names[i]]; } catch (e) {} } }
  del(g, ${JSON.stringify(m.globals)});
  var statics = ${JSON.stringify(m.statics)};
  for (var k in statics) del(g[k], statics[k]);
  var protos = ${JSON.stringify(m.prototypes)};
  for (var p in protos) del(g[p] && g[p].prototype, protos[p]);
  // The typed arrays' statics sit on their shared parent (%TypedArray%) in V8.
  del(Object.getPrototypeOf(Uint8Array), ${JSON.stringify(m.typedArrayStatics)});
  // Espruino 2v29's String indexOf also matches a key that runs past the end of the string when the part inside
  // matches: "abcd".indexOf("de") is 3, not -1 (src/jswrap_string.c jswrap_string_indexOf: its loop runs to the
  // string's last character, not to the last position where the whole key fits, and compares with
  // equalAtEndOfString). includes() and replace() with a string pattern use it, so they do the same. The
  // simulator behaves the same, so that code relying on -1 there fails here as it would on the box.
  var SP = String.prototype, nativeReplace = SP.replace;
  function espIndexOf(s, sub, from) {
    s = String(s); sub = String(sub);
    if (sub.length > s.length) return -1;
    var last = s.length - sub.length + 1, i = 0;
    if (from !== undefined && from !== null && from !== "" && !isNaN(Number(from))) {
      i = Math.floor(Number(from));
      if (i < 0) i = 0;
      if (i > last) i = last;
    }
    for (; i < s.length; i++) {
      var k = 0;
      while (k < sub.length && i + k < s.length && s.charCodeAt(i + k) === sub.charCodeAt(k)) k++;
      if (k === sub.length || i + k === s.length) return i;
    }
    return -1;
  }
  function def(name, fn) { Object.defineProperty(SP, name, { value: fn, writable: true, configurable: true, enumerable: false }); }
  def("indexOf", function indexOf(sub, from) { return espIndexOf(this, sub, from); });
  def("includes", function includes(sub, from) { return espIndexOf(this, sub, from) >= 0; });
  def("replace", function replace(pat, rep) {
    if (typeof pat !== "string" || typeof rep !== "string") return nativeReplace.apply(this, arguments);
    var s = String(this), i = espIndexOf(s, pat);
    return i < 0 ? s : s.slice(0, i) + rep + s.slice(i + pat.length);
  });
})(globalThis);`;
}

/** Loads the firmware (file or code) into a new simulated device and boots it (unless deferBoot). */
export function createDevice(options: DeviceOptions): Device {
  const d = new SimDevice(options);
  if (!options.deferBoot) d.boot();
  return d;
}

export { SimGraphics };
