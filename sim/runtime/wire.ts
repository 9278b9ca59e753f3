/**
 * The UART wire between the simulated box and a simulated BMS (a BmsModel from sim/contracts.ts).
 *
 * Physics: each byte takes 10 bit times (8N1) at the sender's baud; the box's bytes reach the model when the last
 * byte of a write has arrived; the model's reply frames start `turnaroundMs` later (after any frame still on the
 * line) and arrive byte by byte at the model's baud. A byte sent at one baud and read at another arrives as
 * garbage (about `n × rxBaud / txBaud` random bytes instead of n).
 * The wire is attached to pins: it carries what the box's UART on those pins sends, and delivers to whichever
 * UART is set up on the RX pin at that moment (so wrong pins in `Serial.setup` mean no data, as on the bench).
 *
 * Faults on demand (setFaults): noise at a bit-error rate, dropped bytes, truncated frames, RS485 echo of the box's
 * own bytes, silence (line cut), a sleeping peer (records requests, never answers), extra slowness, and
 * `rebootPeer(ms)` (deaf and mute while rebooting). A seeded PRNG keeps every run reproducible.
 */
import { EventEmitter } from "events";
import { BmsModel } from "../contracts";
import { VirtualClock } from "./clock";
import { SerialTxEvent, SimSerial } from "./serial";

export interface WireFaults {
  /** Probability that each data bit is flipped on the BMS→box direction. */
  bitErrorRate: number;
  /** Probability that each byte of a reply is lost. */
  dropRate: number;
  /** Keep only the first n bytes of every reply frame (null: whole frames). */
  truncateTo: number | null;
  /** RS485 half duplex: the box hears its own bytes. */
  echo: boolean;
  /** Line cut: nothing passes in either direction. */
  silent: boolean;
  /** The peer receives (and records) requests but never answers. */
  sleeping: boolean;
  /** Added to the model's turnaround (a slow BMS). */
  extraTurnaroundMs: number;
  /** Apply bit errors and drops to the box→BMS direction too. */
  bothWays: boolean;
}

export const NO_FAULTS: WireFaults = {
  bitErrorRate: 0,
  dropRate: 0,
  truncateTo: null,
  echo: false,
  silent: false,
  sleeping: false,
  extraTurnaroundMs: 0,
  bothWays: false,
};

export interface WireEvent {
  /** Virtual time (ms) the last byte arrived. */
  tMs: number;
  bytes: Uint8Array;
}

/** Small deterministic PRNG (mulberry32). */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WireOptions {
  /** The box's RX pin (BMS TX goes there) and TX pin, as pin numbers. */
  rxPin: number;
  txPin: number;
  faults?: Partial<WireFaults>;
  seed?: number;
}

/**
 * Events: "tx" (WireEvent: what the model received from the box), "rx" (WireEvent: a reply frame as the box
 * receives it, after faults), "lost" ({tMs, reason}) when a reply or request went nowhere.
 */
export class UartWire extends EventEmitter {
  faults: WireFaults;
  readonly model: BmsModel;
  private clock: VirtualClock;
  private serials: SimSerial[];
  private rxPin: number;
  private txPin: number;
  private rng: () => number;
  private lineFreeAt = 0;
  private peerDownUntil = -Infinity;
  private onTx: (ev: SerialTxEvent) => void;
  readonly stats = { requests: 0, replies: 0, bytesToBox: 0, bytesToBms: 0, flippedBits: 0, droppedBytes: 0 };

  constructor(clock: VirtualClock, serials: SimSerial[], model: BmsModel, options: WireOptions) {
    super();
    this.clock = clock;
    this.serials = serials;
    this.model = model;
    this.rxPin = options.rxPin;
    this.txPin = options.txPin;
    this.faults = Object.assign({}, NO_FAULTS, options.faults || {});
    this.rng = makeRng(options.seed ?? 1);
    this.onTx = (ev) => this.fromBox(ev);
    for (const s of serials) s.sim.on("tx", this.onTx);
  }

  setFaults(f: Partial<WireFaults>): void {
    this.faults = Object.assign({}, this.faults, f);
  }

  clearFaults(): void {
    this.faults = Object.assign({}, NO_FAULTS);
  }

  /** The peer reboots: it neither hears nor answers for durationMs; a model with `reboot(nowMs)` is told. */
  rebootPeer(durationMs: number): void {
    this.peerDownUntil = this.clock.now() + durationMs;
    const m = this.model as unknown as { reboot?: (nowMs: number) => void };
    if (typeof m.reboot === "function") m.reboot(this.clock.now());
  }

  detach(): void {
    for (const s of this.serials) s.sim.removeListener("tx", this.onTx);
  }

  private boxRx(): SimSerial | undefined {
    return this.serials.find((s) => s.baud !== null && s.rxPin === this.rxPin);
  }

  private fromBox(ev: SerialTxEvent): void {
    const port = this.serials.find((s) => s.name === ev.port);
    if (!port || port.txPin !== this.txPin) return;
    if (this.faults.silent) {
      this.emit("lost", { tMs: ev.times[ev.times.length - 1], reason: "silent" });
      return;
    }
    if (this.faults.echo) {
      const rx = this.boxRx();
      if (rx) rx.rxBytes(this.across(Array.from(ev.bytes), ev.baud, rx.baud as number, false), ev.times);
    }
    const tEnd = ev.times[ev.times.length - 1];
    let bytes = Array.from(ev.bytes);
    bytes = this.across(bytes, ev.baud, this.model.baud, this.faults.bothWays);
    this.clock.schedule(tEnd, () => this.deliverToModel(Uint8Array.from(bytes), tEnd));
  }

  private deliverToModel(bytes: Uint8Array, t: number): void {
    if (t < this.peerDownUntil) {
      this.emit("lost", { tMs: t, reason: "peer rebooting" });
      return;
    }
    this.stats.requests++;
    this.stats.bytesToBms += bytes.length;
    this.emit("tx", { tMs: t, bytes } as WireEvent);
    this.model.advance(t);
    const replies = this.model.receive(bytes, t);
    if (this.faults.sleeping || this.faults.silent) return;
    for (const frame of replies) this.sendReply(frame, t);
  }

  private sendReply(frame: Uint8Array, requestEnd: number): void {
    const byteMs = 10000 / this.model.baud;
    const start = Math.max(requestEnd + this.model.turnaroundMs + this.faults.extraTurnaroundMs, this.lineFreeAt);
    let bytes = Array.from(frame);
    if (this.faults.truncateTo !== null) bytes = bytes.slice(0, Math.max(0, this.faults.truncateTo));
    this.lineFreeAt = start + bytes.length * byteMs;
    this.clock.schedule(start, () => {
      if (this.faults.silent || this.clock.now() < this.peerDownUntil) {
        this.emit("lost", { tMs: this.clock.now(), reason: this.faults.silent ? "silent" : "peer rebooting" });
        return;
      }
      const rx = this.boxRx();
      const rxBaud = rx ? (rx.baud as number) : this.model.baud;
      const out = this.across(bytes, this.model.baud, rxBaud, true);
      // Bytes (possibly garbage of another count) spread over the frame's time on the line.
      const span = bytes.length * byteMs;
      const times = out.map((_, i) => start + ((i + 1) * span) / Math.max(1, out.length));
      this.stats.replies++;
      this.stats.bytesToBox += out.length;
      this.emit("rx", { tMs: start + span, bytes: Uint8Array.from(out) } as WireEvent);
      if (rx) rx.rxBytes(out, times);
      else this.emit("lost", { tMs: start + span, reason: "no UART on the RX pin" });
    });
  }

  /** Bytes crossing the line from a sender at txBaud to a receiver at rxBaud, with noise when asked. */
  private across(bytes: number[], txBaud: number, rxBaud: number, noisy: boolean): number[] {
    let out: number[];
    if (Math.abs(txBaud - rxBaud) / txBaud > 0.03) {
      // Outside a UART's ~3 % tolerance every byte is misframed: garbage of a different count.
      const n = Math.max(1, Math.round((bytes.length * rxBaud) / txBaud));
      out = [];
      for (let i = 0; i < n; i++) out.push(Math.floor(this.rng() * 256));
    } else out = bytes.slice();
    if (!noisy) return out;
    const f = this.faults;
    const kept: number[] = [];
    for (let b of out) {
      if (f.dropRate > 0 && this.rng() < f.dropRate) {
        this.stats.droppedBytes++;
        continue;
      }
      if (f.bitErrorRate > 0) {
        for (let bit = 0; bit < 8; bit++) {
          if (this.rng() < f.bitErrorRate) {
            b ^= 1 << bit;
            this.stats.flippedBits++;
          }
        }
      }
      kept.push(b);
    }
    return kept;
  }
}
