/**
 * What every simulated BMS shares: the pack physics, the receive buffer with an inter-byte gap reset, the log
 * of every received byte, the list of forbidden writes, and the life-cycle quirks (sleeping, rebooting after
 * a trip) that make a BMS go silent. The family classes add only framing, encoding and their bit maps.
 */
import { BmsModel } from "../contracts";
import { Family } from "../../firmware/src/types";
import { Pack, PackOptions, ProtId } from "./pack";

export interface BmsOptions {
  pack?: PackOptions;
  /** ms between the end of a request and the first reply byte. */
  turnaroundMs?: number;
  /** Receive buffer is dropped after this many ms without a byte (a real BMS's UART timeout). */
  rxGapMs?: number;
  /** Quirk: the BMS reboots for rebootMs after any protection trip and answers nothing meanwhile
   * (JK dropping off the bus after a high-voltage protection: Louisvdw/dbus-serialbattery#279). */
  rebootAfterTripMs?: number;
  /** Quirk: the BMS falls asleep after this many ms with no load and no charger (Daly), and wakes on current. */
  sleepAfterIdleMs?: number;
}

/** Every byte the box sent, with its arrival time. */
export interface RxRecord {
  tMs: number;
  bytes: Uint8Array;
}

export abstract class SimBms implements BmsModel {
  abstract readonly family: Family;
  abstract readonly baud: number;
  readonly turnaroundMs: number;
  readonly rxLog: RxRecord[] = [];
  readonly forbiddenWrites: Uint8Array[] = [];
  /** Every write frame recognised, allowed or not, with its time (the scenario runner counts them). */
  readonly writes: { tMs: number; bytes: Uint8Array; allowed: boolean }[] = [];
  readonly pack: Pack;
  /** Frames answered, by request kind (for tests and the timeline). */
  readonly answered: { [kind: string]: number } = {};
  /** Silent until this time (rebooting), ms. */
  silentUntilMs = -1;
  asleep = false;
  /** Powered off (BMS disconnected from its cells, or a scenario's "bms off"). */
  powered = true;
  protected buf: number[] = [];
  private lastRxMs = -Infinity;
  private readonly rxGapMs: number;
  private readonly rebootMs: number;
  private readonly sleepAfterMs: number;
  private idleSince: number;

  constructor(opts: BmsOptions, defaultTurnaroundMs: number, defaultGapMs: number) {
    this.pack = new Pack(opts.pack || {});
    this.turnaroundMs = opts.turnaroundMs ?? defaultTurnaroundMs;
    this.rxGapMs = opts.rxGapMs ?? defaultGapMs;
    this.rebootMs = opts.rebootAfterTripMs ?? 0;
    this.sleepAfterMs = opts.sleepAfterIdleMs ?? 0;
    this.idleSince = 0;
    if (this.rebootMs > 0) {
      this.pack.tripListeners.push((_id: ProtId, t: number) => {
        this.silentUntilMs = t + this.rebootMs;
      });
    }
  }

  advance(nowMs: number): void {
    this.pack.advance(nowMs);
    if (this.sleepAfterMs > 0) {
      const busy = this.pack.demandA() > 0.05 || this.pack.chargerA > 0.05;
      if (busy) {
        this.idleSince = nowMs;
        this.asleep = false;
      } else if (nowMs - this.idleSince >= this.sleepAfterMs) this.asleep = true;
    }
  }

  /** Is the BMS able to answer now? */
  awake(nowMs: number): boolean {
    return this.powered && !this.asleep && nowMs >= this.silentUntilMs;
  }

  receive(bytes: Uint8Array, nowMs: number): Uint8Array[] {
    this.advance(nowMs);
    this.rxLog.push({ tMs: nowMs, bytes: Uint8Array.from(bytes) });
    if (!this.awake(nowMs)) {
      // A sleeping or rebooting MCU does not see the bytes at all.
      this.buf = [];
      return [];
    }
    if (nowMs - this.lastRxMs > this.rxGapMs) this.buf = [];
    this.lastRxMs = nowMs;
    for (let i = 0; i < bytes.length; i++) this.buf.push(bytes[i]);
    const out: Uint8Array[] = [];
    for (;;) {
      const r = this.takeFrame(nowMs);
      if (r === null) break;
      for (const f of r) out.push(f);
    }
    if (this.buf.length > 1024) this.buf.splice(0, this.buf.length - 1024);
    return out;
  }

  /**
   * Looks for one request at the start of the buffer: drops garbage, consumes a whole frame and returns its
   * replies ([] for an ignored frame), or null when more bytes are needed.
   */
  protected abstract takeFrame(nowMs: number): Uint8Array[] | null;

  /** Records a write frame; the forbidden ones also go to forbiddenWrites. Returns whether it is allowed. */
  protected noteWrite(frame: Uint8Array, nowMs: number, allowed: boolean): boolean {
    this.writes.push({ tMs: nowMs, bytes: frame, allowed });
    if (!allowed) this.forbiddenWrites.push(frame);
    return allowed;
  }

  protected count(kind: string): void {
    this.answered[kind] = (this.answered[kind] || 0) + 1;
  }

  /** Scenario control: change the pack at nowMs (physics brought up to date first). */
  change(nowMs: number, fn: (p: Pack) => void): void {
    this.advance(nowMs);
    this.pack.change(nowMs, fn);
    this.advance(nowMs);
  }
}

/** Big-endian helpers for frame builders. */
export function pushU16(out: number[], v: number): void {
  const x = Math.round(v) & 0xffff;
  out.push(x >> 8, x & 0xff);
}

export function pushU32(out: number[], v: number): void {
  const x = Math.round(v) >>> 0;
  out.push((x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff);
}

export function hex(bytes: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i++) parts.push((bytes[i] < 16 ? "0" : "") + bytes[i].toString(16).toUpperCase());
  return parts.join(" ");
}

export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/[^0-9a-fA-F]/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}
