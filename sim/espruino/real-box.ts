/**
 * The flashed firmware on the real Espruino interpreter (built by `make espruino`: Linux, the ESP32's 16,383
 * JsVars of 14 bytes), in real time, against a simulated BMS:
 *
 *   - Storage starts empty (a fresh `espruino.flash` in a temporary folder); `.boot0` gets the peripheral shims
 *     (sim/espruino/shims.ts), then build/<board>/upload.js is typed into the console exactly as `make flash`
 *     sends it (after the CLI's `reset()`): it stores `.bootcde` and ends with `load()`, which boots the box.
 *   - The BMS UART is the interpreter's own Linux Serial, opened on one end of a pseudo-terminal pair (socat);
 *     on the other end one of the simulator's byte-accurate BMS models answers in real time. Bytes sent at a baud
 *     the model does not use arrive garbled, both ways, as on a real line (so autodetect is exercised).
 *   - I2C writes are decoded by the simulator's SSD1306 model; pin writes and PWM are recorded with the box's
 *     time; the button is driven electrically through its pin and read through the port's rules.
 *   - `restart()` is a power cycle: a new interpreter process on the same flash file.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tty from "tty";
import { Family } from "../../firmware/src/types";
import { buildRequest, REQ_KINDS } from "../../firmware/src/protocol/allowlist";
import { boardEntry } from "../../boards";
import { createBms, SimBms, AnyBmsOptions } from "../bms";
import { serveBms } from "../commands/serve";
import { Ssd1306 } from "../runtime/ssd1306";
import { screenText } from "../scenario/screen-reader";
import { interpreterCommand } from "./interpreter";
import { shimSource } from "./shims";

const ROOT = path.resolve(__dirname, "..", "..");

/** The code a short circuit raises: SC, or OCD on JK (which has no short-circuit bit). */
export function shortCircuitCode(family: Family): string {
  return family === "jk" ? "OCD" : "SC";
}

/**
 * Integer values in an Espruino trace() dump, by the property that holds them (its name's JsVar number and its text):
 * `inline`, an int that sits in its name's own JsVar (−8192..8191, JSVARREF_MIN/MAX: "#45[r1,l2] Name String [1 blocks]
 * "a" = int 5"), and `standalone`, an int with a JsVar of its own (a value outside that range: "#46[r1,l2] Name String
 * [1 blocks] "b"   #47[r1,l0] Integer 9000"). A counter that passes 8,191 keeps its name's JsVar and moves from the
 * first to the second: +1 JsVar, the step the fit budget's growth row excepts.
 */
export interface IntSlots {
  inline: Set<string>;
  standalone: Set<string>;
}

export function intSlots(trace: string): IntSlots {
  const out: IntSlots = { inline: new Set(), standalone: new Set() };
  const inline = /#(\d+)\[r\d+,l\d+\] Name (.*?) = int -?\d+/g;
  const standalone = /#(\d+)\[r\d+,l\d+\] Name (.*?)\s+#\d+\[r\d+,l\d+\] Integer -?\d+/g;
  for (const line of trace.split("\n")) {
    for (let m = inline.exec(line); m; m = inline.exec(line)) out.inline.add(m[1] + " " + m[2]);
    for (let m = standalone.exec(line); m; m = standalone.exec(line)) out.standalone.add(m[1] + " " + m[2]);
  }
  return out;
}

/**
 * JsVars the int step explains between two dumps: properties whose int was inline in the first and has a JsVar of its
 * own in the second (the same name JsVar and text). A property added meanwhile is never one of them.
 */
export function intSteps(before: IntSlots, after: IntSlots): number {
  let n = 0;
  before.inline.forEach((k) => { if (after.standalone.has(k)) n++; });
  return n;
}

export interface RealPinEvent {
  /** The box's own time (getTime() in ms). */
  tMs: number;
  pin: number;
  kind: "d" | "pwm" | "dac" | "mode" | "i2c";
  value: number | string;
  freqHz?: number;
}

export interface RealMemory {
  usage: number;
  total: number;
  free: number;
  blocksize: number;
  /** Watchdog kicks so far and the longest gap between two (ms). */
  kicks: number;
  kmax: number;
  /** Watchdog timeout the firmware set (s). */
  wd: number;
  i2c: number;
  t: number;
  /** The most JsVars in use since the previous reading (only with RealBoxOptions.peak; history excluded). */
  peak?: number;
}

export interface RealBoxOptions {
  board: string;
  family: Family;
  bms?: AnyBmsOptions;
  /** Keep the temporary folder (for debugging). */
  keep?: boolean;
  /** Echo the interpreter's console to stderr. */
  verbose?: boolean;
  /** More `.boot0` code after the shims (profiling wrappers in benchmarks). */
  extraShims?: string;
  /** Count process.memory().peak (BMSBOX_PEAK, tools/espruino/peak.py): for make bench only, it slows allocation. */
  peak?: boolean;
  /** Called after the upload's Storage writes, before its load() (to read what the upload itself took). */
  beforeLoad?: (box: RealBox) => Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Every byte sequence the firmware's allowlist can ever build (both Daly addresses, the lock release allowed). */
export function allowedSequences(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const addr of [0x40, 0x80]) {
    for (let k = 0; k < REQ_KINDS; k++) {
      const r = buildRequest(k, { dalyAddress: addr, jbdStatus: 0xffff, userAsked: true });
      if (r) out.push(r);
    }
  }
  return out;
}

/**
 * Splits what the box sent into allowed sequences; returns the offsets where no allowed sequence starts (empty
 * when everything sent was an allowed request).
 */
export function offAllowlist(bytes: ArrayLike<number>): number[] {
  const seqs = allowedSequences();
  const bad: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const hit = seqs.find((s) => s.length <= bytes.length - i && s.every((b, j) => bytes[i + j] === b));
    if (hit) i += hit.length;
    else bad.push(i++);
  }
  return bad;
}

/** What a wrong baud does to a byte: a deterministic garbling, never the byte itself. */
function garble(b: number): number {
  return (b * 7 + 0x35) & 0xff;
}

export class RealBox {
  readonly dir: string;
  readonly board: string;
  readonly bms: SimBms;
  readonly oled = new Ssd1306({ address: 0x3c });
  /** Console lines from the firmware (and the interpreter), without the shims' reports. */
  readonly lines: string[] = [];
  readonly pins: RealPinEvent[] = [];
  /** Every byte the box sent on the BMS UART. */
  readonly sentToBms: number[] = [];
  /** UART (re)opens: the baud each time. */
  readonly bauds: number[] = [];
  private proc: ChildProcess | null = null;
  private socat: ChildProcess | null = null;
  private fd = -1;
  private rs: tty.ReadStream | null = null;
  private pending = "";
  private bmsListeners: ((b: Buffer) => void)[] = [];
  private memWaiters: ((m: RealMemory) => void)[] = [];
  private boxBaud = 0;
  private t0 = Date.now();
  private opts: RealBoxOptions;
  private buttonPin: number;
  private buttonPressedLevel: number;

  private constructor(opts: RealBoxOptions, dir: string) {
    this.opts = opts;
    this.board = opts.board;
    this.dir = dir;
    this.bms = createBms(opts.family, opts.bms || {});
    const e = boardEntry(opts.board);
    this.buttonPin = Number(e.board.button.pin.slice(1));
    this.buttonPressedLevel = e.circuit.buttonTo === "GND" ? 0 : 1;
  }

  /** Host time since start, ms: the BMS model's clock. */
  now(): number {
    return Date.now() - this.t0;
  }

  /** A box with empty flash, the shims stored, the board's upload sent: it boots as after `make flash`. */
  static async flash(opts: RealBoxOptions): Promise<RealBox> {
    const upload = path.join(ROOT, "build", opts.board, "upload.js");
    if (!fs.existsSync(upload)) throw new Error(upload + " is missing: run make flash-file BOARD=" + opts.board);
    const box = new RealBox(opts, fs.mkdtempSync(path.join(os.tmpdir(), "bmsbox-espruino-")));
    await box.openBridge();
    await box.spawnInterpreter();
    await box.storeShims();
    // What the CLI sends: reset(), then every line of the upload with echo off (EspruinoTools core/codeWriter.js),
    // pausing 250 ms after reset(), load() and each Storage.write line as it does (core/serial.js, findSplitIdx).
    const lines = ["reset();"].concat(fs.readFileSync(upload, "latin1").split("\n").filter((l) => l.length > 0));
    for (const line of lines) {
      if (/^load\(\);?$/.test(line) && opts.beforeLoad) await opts.beforeLoad(box);
      box.type(line);
      if (/^reset\(\);?$|^load\(\);?$|^require\("Storage"\)\.write\(/.test(line)) await sleep(250);
    }
    return box;
  }

  /** The shims alone, no firmware: what they cost, to subtract from a box's figures. */
  static async shimsOnly(opts: { peak?: boolean } = {}): Promise<RealMemory> {
    const box = new RealBox({ board: "esp32-devkitc", family: "jbd", peak: opts.peak }, fs.mkdtempSync(path.join(os.tmpdir(), "bmsbox-espruino-")));
    try {
      await box.openBridge();
      await box.spawnInterpreter();
      await box.storeShims();
      box.type("load();");
      await sleep(1500);
      return await box.memory();
    } finally {
      await box.stop();
    }
  }

  /** Sends one console line with echo off (0x10), as the Espruino CLI does. */
  type(line: string): void {
    if (!this.proc || !this.proc.stdin) throw new Error("interpreter not running");
    this.proc.stdin.write("\x10" + line + "\n");
  }

  /** Power cycle: the interpreter stops and starts again on the same flash (boot code, then the box). */
  async restart(): Promise<void> {
    this.killInterpreter();
    await this.spawnInterpreter();
  }

  async waitFor<T>(what: string, fn: () => T | null | undefined | false, timeoutMs: number): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > end) throw new Error("timed out after " + timeoutMs + " ms waiting for " + what + "\n--- console:\n" + this.lines.slice(-30).join("\n"));
      if (this.proc === null) throw new Error("the interpreter exited while waiting for " + what + "\n" + this.lines.slice(-30).join("\n"));
      await sleep(20);
    }
  }

  /** Waits for a console line matching re (searching from line `from`); returns it. */
  waitLine(re: RegExp, timeoutMs: number, from = 0): Promise<string> {
    return this.waitFor(String(re), () => this.lines.slice(from).find((l) => re.test(l)), timeoutMs);
  }

  /** process.memory() on the box (it runs a garbage collection first) and the shims' counters. */
  memory(): Promise<RealMemory> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no answer to __m()\n" + this.lines.slice(-20).join("\n"))), 20000);
      this.memWaiters.push((m) => { clearTimeout(timer); resolve(m); });
      this.type("__m()");
    });
  }

  /**
   * The integer slots of everything the interpreter holds (trace() of the root, in the shims' and the firmware's
   * scopes alike): see intSlots. The dump's console lines are blanked once counted.
   */
  async intSlots(): Promise<IntSlots> {
    const from = this.lines.length;
    this.type("trace();print('@@traced')");
    await this.waitLine(/^@@traced/, 60000, from);
    const to = this.lines.findIndex((l, i) => i >= from && /^@@traced/.test(l));
    const slots = intSlots(this.lines.slice(from, to).join("\n"));
    // The dump quotes the firmware's source ("start failed" and all): not console lines to read for errors later. Blanked,
    // so that line numbers kept elsewhere still hold.
    for (let i = from; i <= to; i++) this.lines[i] = "";
    return slots;
  }

  /** Holds the button for ms, electrically (the port's rules decide what the firmware reads). */
  async press(ms: number): Promise<void> {
    this.type("__lvl(" + this.buttonPin + "," + this.buttonPressedLevel + ")");
    await sleep(ms);
    this.type("__lvl(" + this.buttonPin + "," + (1 - this.buttonPressedLevel) + ")");
  }

  /**
   * After a short circuit (shortCircuitCode): the short and the load removed, then for a latched SC a confirmed
   * long-press clear (the cause must have been gone a moment first), until the console says the code cleared and the
   * all-clear screen shows.
   */
  async clearShortCircuit(code: string): Promise<void> {
    const from = this.lines.length;
    this.bms.change(this.now(), (p) => { p.shortA = 0; p.loadA = 0; });
    if (code === "SC") {
      await sleep(3000);
      await this.press(2000);
      await this.waitFor("the SC confirmation", () => /CLEAR SC\?/.test(this.screen()), 5000);
      await this.press(2000);
    }
    await this.waitLine(new RegExp("code " + code + " cleared"), 30000, from);
    await this.waitFor("the all-clear screen", () => /^OK/.test(this.screen()), 10000);
  }

  /** Requests the simulated BMS answered so far, all kinds together. */
  answered(): number {
    let n = 0;
    for (const k of Object.keys(this.bms.answered)) n += this.bms.answered[k];
    return n;
  }

  screen(): string {
    return screenText(this.oled);
  }

  /** Console lines that report an exception: Espruino's own, and the firmware's guarded callbacks. */
  errors(): string[] {
    return this.lines.filter((l) => /Uncaught|OUT OF MEMORY|Out of Memory|ASSERT|start failed|^\[\d+\] (render|poll|uart|engine|button|indicator): /.test(l));
  }

  async stop(): Promise<void> {
    this.killInterpreter();
    if (this.rs) this.rs.destroy();
    this.rs = null;
    if (this.fd >= 0) try { fs.closeSync(this.fd); } catch (e) { /* already closed */ }
    this.fd = -1;
    if (this.socat) this.socat.kill("SIGKILL");
    this.socat = null;
    if (!this.opts.keep) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private killInterpreter(): void {
    const p = this.proc;
    this.proc = null;
    // Espruino for Linux catches SIGTERM; a power cut is SIGKILL.
    if (p) p.kill("SIGKILL");
  }

  private async openBridge(): Promise<void> {
    const boxEnd = path.join(this.dir, "uart-box");
    const bmsEnd = path.join(this.dir, "uart-bms");
    const s = spawn("socat", ["pty,raw,echo=0,link=" + boxEnd, "pty,raw,echo=0,link=" + bmsEnd], { stdio: "ignore" });
    let failed: Error | null = null;
    s.on("error", (e) => { failed = new Error("socat is needed for the BMS bridge (Debian package socat): " + e.message); });
    this.socat = s;
    const end = Date.now() + 10000;
    while (!(fs.existsSync(boxEnd) && fs.existsSync(bmsEnd))) {
      if (failed) throw failed;
      if (Date.now() > end) throw new Error("socat made no pseudo-terminal pair in " + this.dir);
      await sleep(20);
    }
    this.fd = fs.openSync(bmsEnd, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
    const rs = new tty.ReadStream(this.fd);
    rs.setRawMode(true);
    rs.on("data", (b: Buffer) => this.fromBox(b));
    rs.on("error", () => { /* the pty closes when socat stops */ });
    this.rs = rs;
    const port = {
      on: (_ev: "data", fn: (b: Buffer) => void) => { this.bmsListeners.push(fn); },
      write: (b: Buffer) => this.toBox(b),
    };
    serveBms(this.bms, port, () => this.now(), (fn, ms) => { setTimeout(fn, ms); });
  }

  private fromBox(b: Buffer): void {
    for (const x of b) this.sentToBms.push(x);
    const heard = this.boxBaud === this.bms.baud ? b : Buffer.from(Array.from(b, garble));
    for (const fn of this.bmsListeners) fn(heard);
  }

  private toBox(b: Buffer): void {
    if (this.fd < 0) return;
    const out = this.boxBaud === this.bms.baud ? b : Buffer.from(Array.from(b, garble));
    try { fs.writeSync(this.fd, out); } catch (e) { /* bridge closed */ }
  }

  private async spawnInterpreter(): Promise<void> {
    const cmd = interpreterCommand();
    const env = this.opts.peak ? { ...process.env, BMSBOX_PEAK: "1" } : process.env;
    const p = spawn(cmd[0], cmd.slice(1), { cwd: this.dir, stdio: ["pipe", "pipe", "pipe"], env });
    this.proc = p;
    this.pending = "";
    const from = this.lines.length;
    p.stdout!.on("data", (d: Buffer) => this.onOutput(d.toString("latin1")));
    p.stderr!.on("data", (d: Buffer) => this.onOutput(d.toString("latin1")));
    p.on("exit", () => { if (this.proc === p) this.proc = null; });
    // The Linux build says so on stderr at every start (targets/linux/main.c); the banner only comes without boot code.
    await this.waitFor("the interpreter to start", () => this.lines.slice(from).some((l) => /Interactive mode/.test(l)), 30000);
  }

  private async storeShims(): Promise<void> {
    const relPath = path.join(this.dir, "uart-box");
    this.type('require("Storage").write(".boot0",' + JSON.stringify(shimSource({ uartPath: relPath }) + (this.opts.extraShims || "")) + ');print("@@stored")');
    await this.waitLine(/@@stored/, 20000);
  }

  private onOutput(s: string): void {
    this.pending += s;
    let i: number;
    while ((i = this.pending.indexOf("\n")) >= 0) {
      // Strip the REPL's prompt and carriage returns around printed lines.
      const raw = this.pending.slice(0, i).replace(/\r/g, "");
      this.pending = this.pending.slice(i + 1);
      // eslint-disable-next-line no-control-regex
      const line = raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/^>+/, "");
      if (this.opts.verbose) process.stderr.write("espruino| " + line.slice(0, 160) + "\n");
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    if (!line.startsWith("@@")) {
      this.lines.push(line);
      return;
    }
    const f = line.split(" ");
    switch (f[0]) {
      case "@@i":
        this.oled.write(new Uint8Array(Buffer.from(f[2] || "", "base64")), this.now());
        break;
      case "@@p": {
        const kind = f[3] as RealPinEvent["kind"];
        const e: RealPinEvent = { tMs: Number(f[1]), pin: Number(f[2]), kind, value: kind === "mode" || kind === "i2c" ? f.slice(4).join(" ") : Number(f[4]) };
        if (kind === "pwm") e.freqHz = Number(f[5]);
        this.pins.push(e);
        break;
      }
      case "@@u":
        this.boxBaud = Number(f[2]);
        this.bauds.push(this.boxBaud);
        break;
      case "@@m": {
        const m = JSON.parse(f.slice(1).join(" ")) as RealMemory;
        const w = this.memWaiters.shift();
        if (w) w(m);
        break;
      }
      default:
        this.lines.push(line);
    }
  }
}
