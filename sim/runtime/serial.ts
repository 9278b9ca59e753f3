/**
 * Espruino `Serial1..3` on the ESP32, simulated at the byte level (espruino.md §4, targets/esp32/jshardwareUart.c).
 *
 * - `setup(baud, {rx, tx})` selects the pins and the rate; Serial1 is UART0, the console at 115200 on fixed pins;
 *   Serial2 defaults to TX D4 / RX D5, Serial3 to TX D17 / RX D16 when the pins are omitted.
 * - TX: `write`/`print`/`println` take numbers, strings, arrays and typed arrays; bytes leave one after another,
 *   each taking 10 bit times (8N1), through a 1024-byte driver buffer (overflow bytes are dropped and counted).
 * - RX: bytes that arrived are held in a 1024-byte driver buffer and handed to the firmware when the ESP32's RX
 *   task polls: every 5 ms while the line is busy, every 100 ms after ~5000 idle polls (25 s). Each poll delivers
 *   what arrived since the last one as one binary string to `on('data')` handlers, or, with none, keeps it for
 *   `read()`/`available()` in the port's stream buffer: Espruino appends to that buffer only up to 512 bytes
 *   (src/jswrap_stream.c jswrap_stream_pushData, STREAM_MAX_BUFFER_SIZE; the first chunk into an empty buffer is
 *   kept whole) and drops the rest, so a reader that falls behind loses the newest bytes, not the oldest. A first
 *   chunk of more than 19 bytes is kept as a flat string, which Espruino cannot append to (jsvStringIteratorAppend
 *   needs a StringExt; JSV_FLAT_STRING_BREAK_EVEN with the ESP32's 14-byte variables): every later chunk is lost until
 *   the buffer is read (the interpreter built with asserts stops at that assert instead).
 */
import { EventEmitter } from "events";
import { VirtualClock } from "./clock";
import { pinNumberOf } from "./pins";

export const UART_BUFFER_BYTES = 1024;
/** Espruino's stream buffer for a port without a 'data' listener (STREAM_MAX_BUFFER_SIZE). */
export const STREAM_BUFFER_BYTES = 512;
/** Longer strings are made flat (jsvNewStringOfLength), and a flat string cannot be appended to. */
export const FLAT_STRING_BREAK_EVEN = 19;
/** Bytes of one UART that one queued IO event holds (src/jsdevices.h IOEVENT_MAX_LEN): a listener call takes at most 63 of them from merged RX rounds. */
export const IO_EVENT_MAX_LEN = 64;
export const RX_POLL_FAST_MS = 5;
export const RX_POLL_SLOW_MS = 100;
/** Idle polls before the RX task falls back to its slow (100 ms) wait. */
export const RX_IDLE_POLLS = 5000;

/** Default pins per port on ESP32 (espruino.md §4). */
const DEFAULT_PINS: { [name: string]: { rx: number; tx: number } } = {
  Serial1: { rx: 3, tx: 1 },
  Serial2: { rx: 5, tx: 4 },
  Serial3: { rx: 16, tx: 17 },
};

/** Flattens anything Espruino accepts as data (numbers, strings, arrays, typed arrays, ArrayBuffers, {data,count}). */
export function flattenBytes(args: unknown[], out: number[] = []): number[] {
  for (const a of args) {
    if (a === undefined || a === null) continue;
    if (typeof a === "number") out.push(a & 0xff);
    else if (typeof a === "boolean") out.push(a ? 1 : 0);
    else if (typeof a === "string") for (let i = 0; i < a.length; i++) out.push(a.charCodeAt(i) & 0xff);
    else if (a instanceof ArrayBuffer || Object.prototype.toString.call(a) === "[object ArrayBuffer]") {
      const u = new Uint8Array(a as ArrayBuffer);
      for (let i = 0; i < u.length; i++) out.push(u[i]);
    } else if (ArrayBuffer.isView(a)) {
      const v = a as unknown as ArrayLike<number>;
      for (let i = 0; i < v.length; i++) out.push(Number(v[i]) & 0xff);
    } else if (Array.isArray(a)) flattenBytes(a, out);
    else if (typeof a === "object" && "data" in (a as object)) {
      const o = a as { data: unknown; count?: number };
      const n = o.count === undefined ? 1 : o.count;
      for (let i = 0; i < n; i++) flattenBytes([o.data], out);
    }
  }
  return out;
}

export function bytesToBinaryString(bytes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] & 0xff);
  return s;
}

/** Host-side view of one UART, used by the wire. */
export interface SerialLine {
  readonly name: string;
  readonly baud: number | null;
  readonly rxPin: number | null;
  readonly txPin: number | null;
  /** A byte finished arriving on this UART's RX pin at virtual time tMs (tMs >= now). */
  rxByte(byte: number, tMs: number): void;
}

export interface SerialTxEvent {
  port: string;
  /** Bytes as they leave, with the time each one's stop bit ends. */
  bytes: Uint8Array;
  times: number[];
  baud: number;
}

/**
 * The object placed in the firmware context as Serial1/2/3. Host-only members start with `sim`.
 * Events on `sim` (an EventEmitter): "tx" (SerialTxEvent) for every write, "deliver" (string) per RX chunk.
 */
export class SimSerial implements SerialLine {
  readonly name: string;
  baud: number | null = null;
  rxPin: number | null = null;
  txPin: number | null = null;
  /** Host-side events: tx, deliver. */
  readonly sim = new EventEmitter();
  /** Stats for tests and the scenario runner. */
  readonly stats = { txBytes: 0, txDropped: 0, rxBytes: 0, rxOverflow: 0, chunks: 0 };

  private clock: VirtualClock;
  private invoke: (fn: Function, self: unknown, args: unknown[]) => void;
  private handlers: Function[] = [];
  private txFreeAt = 0;
  /** Bytes on their way in, with the time each one's stop bit ends; consumed from inHead. */
  private inB: number[] = [];
  private inT: number[] = [];
  private inHead = 0;
  private readBuf = "";
  /** The stream buffer is a flat string (see keep()). */
  private readFlat = false;
  private pollScheduled = false;
  private lastRxPollMs: number;
  private alive: () => boolean;
  /** When bytes written now start to leave (charged interpreter time: SimDevice.txTime); without it, now. */
  private txTime: (() => number) | undefined;

  constructor(name: string, clock: VirtualClock, invoke: (fn: Function, self: unknown, args: unknown[]) => void, alive: () => boolean, txTime?: () => number) {
    this.name = name;
    this.txTime = txTime;
    this.clock = clock;
    this.invoke = invoke;
    this.alive = alive;
    this.lastRxPollMs = clock.now();
    if (name === "Serial1") {
      // The console UART is set up at boot.
      this.baud = 115200;
      this.rxPin = DEFAULT_PINS.Serial1.rx;
      this.txPin = DEFAULT_PINS.Serial1.tx;
    }
  }

  // ---------------- the Espruino API ----------------
  setup(baud?: unknown, options?: unknown): void {
    const b = baud === undefined ? 9600 : Number(baud);
    if (!(b > 0)) throw new Error("Invalid baud rate " + String(baud));
    this.baud = b;
    const o = (options && typeof options === "object" ? options : {}) as { rx?: unknown; tx?: unknown };
    const def = DEFAULT_PINS[this.name];
    if (this.name !== "Serial1") {
      const rx = pinNumberOf(o.rx);
      const tx = pinNumberOf(o.tx);
      this.rxPin = rx === null ? def.rx : rx;
      this.txPin = tx === null ? def.tx : tx;
    }
  }

  unsetup(): void {
    this.baud = null;
    this.rxPin = null;
    this.txPin = null;
  }

  write(...data: unknown[]): void {
    this.send(flattenBytes(data));
  }

  print(str: unknown): void {
    this.send(flattenBytes([String(str)]));
  }

  println(str: unknown): void {
    this.send(flattenBytes([String(str) + "\r\n"]));
  }

  on(event: unknown, fn: unknown): this {
    if (event === "data" && typeof fn === "function") {
      this.handlers.push(fn);
      if (this.readBuf.length) {
        const pending = this.readBuf;
        this.readBuf = "";
        this.dispatch(pending);
      }
    }
    return this;
  }

  removeListener(event: unknown, fn: unknown): this {
    if (event === "data") this.handlers = this.handlers.filter((h) => h !== fn);
    return this;
  }

  removeAllListeners(event?: unknown): this {
    if (event === undefined || event === "data") this.handlers = [];
    return this;
  }

  /** Bytes waiting for `read()` (only accumulates while no 'data' handler is attached). */
  available(): number {
    return this.readBuf.length;
  }

  read(chars?: unknown): string {
    // read(), read(0) or a negative count: all of it (jswrap_stream_read).
    const n = chars === undefined || !(Number(chars) > 0) ? this.readBuf.length : Number(chars);
    const s = this.readBuf.slice(0, n);
    this.readBuf = this.readBuf.slice(n);
    return s;
  }

  // Espruino Serial has no flush/inject beyond these; `inject` is used by tests on the device, keep it.
  inject(...data: unknown[]): void {
    const bytes = flattenBytes(data);
    const t = this.clock.now();
    this.rxBytes(bytes, bytes.map(() => t));
  }

  // ---------------- host side ----------------
  private send(bytes: number[]): void {
    // Espruino sets a UART up with defaults (9600 baud, default pins) when it is written to before setup().
    if (this.baud === null) this.setup(9600, {});
    const baud = this.baud as number;
    const now = this.txTime ? this.txTime() : this.clock.now();
    const byteMs = 10000 / baud;
    // Bytes still in the driver buffer at `now`.
    const backlog = Math.max(0, Math.ceil((this.txFreeAt - now) / byteMs));
    const room = Math.max(0, UART_BUFFER_BYTES - backlog);
    const accepted = bytes.slice(0, room);
    this.stats.txDropped += bytes.length - accepted.length;
    if (!accepted.length) return;
    let t = Math.max(now, this.txFreeAt);
    const times: number[] = [];
    for (let i = 0; i < accepted.length; i++) {
      t += byteMs;
      times.push(t);
    }
    this.txFreeAt = t;
    this.stats.txBytes += accepted.length;
    const ev: SerialTxEvent = { port: this.name, bytes: Uint8Array.from(accepted), times, baud };
    this.sim.emit("tx", ev);
  }

  rxByte(byte: number, tMs: number): void {
    this.rxBytes([byte], [tMs]);
  }

  /**
   * Bytes finishing their arrival at the given times (now or later). They wait in the line until the RX task's
   * next poll after their arrival; one clock event per poll, not per byte.
   */
  rxBytes(bytes: ArrayLike<number>, times: ArrayLike<number>): void {
    if (this.baud === null) return; // UART not set up: nothing is received
    const now = this.clock.now();
    const qb = this.inB, qt = this.inT;
    for (let i = 0; i < bytes.length; i++) {
      const t = times[i] > now ? times[i] : now;
      const b = bytes[i] & 0xff;
      if (qt.length === this.inHead || qt[qt.length - 1] <= t) { qb.push(b); qt.push(t); }
      else {
        // Out of order only when an echo and a reply overlap: insert in time order.
        let j = qt.length - 1;
        while (j > this.inHead && qt[j - 1] > t) j--;
        qb.splice(j, 0, b);
        qt.splice(j, 0, t);
      }
    }
    this.ensurePoll();
  }

  private ensurePoll(): void {
    if (this.pollScheduled || this.inHead >= this.inT.length) return;
    this.pollScheduled = true;
    const first = this.inT[this.inHead];
    // After ~5000 empty 5 ms polls (25 s without data) the RX task waits 100 ms per round instead of 5 ms.
    const idleMs = first - this.lastRxPollMs;
    const period = idleMs > RX_IDLE_POLLS * RX_POLL_FAST_MS ? RX_POLL_SLOW_MS : RX_POLL_FAST_MS;
    const next = (Math.floor(first / period) + 1) * period;
    this.clock.schedule(next, this.pollFn);
  }

  private readonly pollFn = (): void => this.poll();

  private poll(): void {
    this.pollScheduled = false;
    const now = this.clock.now();
    const qt = this.inT;
    const start = this.inHead;
    let end = start;
    while (end < qt.length && qt[end] <= now) end++;
    this.inHead = end;
    let n = end - start;
    if (n > UART_BUFFER_BYTES) {
      this.stats.rxOverflow += n - UART_BUFFER_BYTES;
      n = UART_BUFFER_BYTES;
    }
    if (n > 0) {
      this.lastRxPollMs = now;
      this.stats.rxBytes += n;
      if (this.alive() && this.baud !== null) {
        const chunk = String.fromCharCode.apply(null, this.inB.slice(start, start + n));
        this.stats.chunks++;
        this.sim.emit("deliver", chunk);
        if (this.handlers.length) this.dispatch(chunk);
        else this.keep(chunk);
      }
    }
    // Drop what was consumed once the queue is drained or the dead head grows.
    if (this.inHead === qt.length) { this.inB = []; this.inT = []; this.inHead = 0; }
    else if (this.inHead > 4096) { this.inB = this.inB.slice(this.inHead); this.inT = this.inT.slice(this.inHead); this.inHead = 0; }
    this.ensurePoll();
  }

  /** Into the stream buffer for read(), as Espruino's pushData does it (see the header); what does not fit is lost. */
  private keep(chunk: string): void {
    if (!this.readBuf.length) {
      this.readBuf = chunk;
      this.readFlat = chunk.length > FLAT_STRING_BREAK_EVEN;
      return;
    }
    if (this.readFlat) {
      this.stats.rxOverflow += chunk.length;
      return;
    }
    const room = Math.max(0, STREAM_BUFFER_BYTES - this.readBuf.length);
    if (chunk.length > room) this.stats.rxOverflow += chunk.length - room;
    this.readBuf += chunk.slice(0, room);
  }

  private dispatch(chunk: string): void {
    for (const h of this.handlers.slice()) this.invoke(h, this, [chunk]);
  }

  /** Forget handlers and buffers (device reset). */
  resetHardware(): void {
    this.handlers = [];
    this.inB = [];
    this.inT = [];
    this.inHead = 0;
    this.readBuf = "";
    this.txFreeAt = this.clock.now();
    if (this.name === "Serial1") {
      this.baud = 115200;
    } else this.unsetup();
  }
}
