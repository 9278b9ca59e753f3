/**
 * The poller on the bench: frame builders that recompute checksums independently of the firmware code, and a
 * virtual-time harness that runs the Poller against a scripted fake BMS. Used by the protocol tests and
 * tools/bench-protocol.ts (here in sim/ because tools may not import test/: docs/architecture.md).
 */
import { Family, Snapshot } from "../../firmware/src/types";
import { LinkState } from "../../firmware/src/ports";
import { Poller, PollerOptions } from "../../firmware/src/protocol/poller";
import { hexBytes } from "../fixtures/fixture";
import { JBD_SP04_BASIC, JBD_SP04_CELLS } from "../fixtures/jbd-frames";
import { JK_MPP_14S } from "../fixtures/jk-frames";

/** JBD frame for register `reg` with `payload` (checksum computed here, not by firmware code). */
export function jbdFrame(reg: number, payload: number[]): Uint8Array {
  const b = [0xdd, reg, 0x00, payload.length].concat(payload);
  let s = 0;
  for (let i = 2; i < b.length; i++) s += b[i];
  const c = (0x10000 - s) & 0xffff;
  return Uint8Array.from(b.concat([c >> 8, c & 0xff, 0x77]));
}

/** The SP04S034 basic-info payload with a given status word, FET byte and optional temperatures (0.1 K). */
export function jbdBasic(status: number, fet?: number, tempsK?: number[]): Uint8Array {
  const f = hexBytes(JBD_SP04_BASIC.hex);
  const p = Array.from(f.subarray(4, f.length - 3));
  p[16] = (status >> 8) & 0xff;
  p[17] = status & 0xff;
  if (fet !== undefined) p[20] = fet;
  if (tempsK) {
    p.splice(22);
    p.push(tempsK.length);
    for (const t of tempsK) p.push((t >> 8) & 0xff, t & 0xff);
  }
  return jbdFrame(0x03, p);
}

export function jbdCells(mv: number[]): Uint8Array {
  const p: number[] = [];
  for (const v of mv) p.push((v >> 8) & 0xff, v & 0xff);
  return jbdFrame(0x04, p);
}

export const JBD_CELLS_FRAME = hexBytes(JBD_SP04_CELLS.hex);

/** The JK capture with its alarm word (and optionally bytes at offsets) changed; checksum recomputed. */
export function jkFrame(alarms: number, changes?: { [off: number]: number }): Uint8Array {
  const b = hexBytes(JK_MPP_14S.hex);
  b[86] = (alarms >> 8) & 0xff;
  b[87] = alarms & 0xff;
  if (changes) for (const k of Object.keys(changes)) b[Number(k)] = changes[Number(k)];
  let s = 0;
  for (let i = 0; i < b.length - 4; i++) s += b[i];
  b[b.length - 2] = (s >> 8) & 0xff;
  b[b.length - 1] = s & 0xff;
  return b;
}

/** A Daly reply frame (address 0x01) with 8 data bytes; checksum computed here. */
export function dalyFrame(cmd: number, data: number[]): Uint8Array {
  const b = [0xa5, 0x01, cmd, 0x08].concat(data);
  let s = 0;
  for (const v of b) s += v;
  return Uint8Array.from(b.concat([s & 0xff]));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function clamp(d: number): number {
  return d < 2 ? 2 : d > 1000 ? 1000 : d;
}

/** A fake BMS: given a request, the reply frames (each delivered after turnaround + wire time). */
export type FakeBms = (req: Uint8Array, tMs: number, baud: number) => Uint8Array[];

/**
 * Virtual-time harness: the poller's io delivers requests to the fake BMS; replies arrive after
 * `turnaroundMs` plus their wire time at the current baud (10 bits per byte). Time only moves through
 * the harness's event loop; nothing waits for real.
 */
export class Harness {
  t = 0;
  baud = 0;
  bauds: number[] = [];
  sent: { t: number; bytes: Uint8Array }[] = [];
  snaps: Snapshot[] = [];
  links: LinkState[] = [];
  queue: { t: number; bytes: Uint8Array }[] = [];
  poller: Poller;
  turnaroundMs: number;
  bms: FakeBms;
  /** Re-arm the tick timer with onBytes()'s answer too, bringing it forward (firmware/main.ts also puts it off; the poller copes either way). */
  rearmOnData = false;
  /**
   * Bytes wait in a buffer until the next tick, which hands them over with step(), as firmware/main.ts does (the
   * poller's `reads` option); `lateMs`: for each hand-over, how long its newest byte had waited.
   */
  readOnTick = false;
  rxBuf: number[] = [];
  lateMs: number[] = [];
  private rxAt: number[] = [];
  /** tick() calls so far. */
  ticks = 0;
  /** Echo every request back on the line first (RS485 transceiver without echo suppression). */
  echo = false;
  nextTick = 0;

  constructor(family: Family | "auto", bms: FakeBms, turnaroundMs: number, options?: PollerOptions) {
    this.bms = bms;
    this.turnaroundMs = turnaroundMs;
    const self = this;
    this.poller = new Poller(
      family,
      {
        send(bytes: Uint8Array): void {
          const copy = Uint8Array.from(bytes);
          self.sent.push({ t: self.t, bytes: copy });
          let at = self.t + self.wireMs(copy.length);
          if (self.echo) self.queue.push({ t: at, bytes: copy });
          const replies = self.bms(copy, self.t, self.baud);
          at += self.turnaroundMs;
          for (const r of replies) {
            if (self.readOnTick) {
              // Byte by byte, each when its stop bit ends: a host that reads when asked may find part of an answer.
              for (let i = 0; i < r.length; i++) self.queue.push({ t: at + self.wireMs(i + 1), bytes: r.subarray(i, i + 1) });
            }
            at += self.wireMs(r.length);
            if (!self.readOnTick) self.queue.push({ t: at, bytes: r });
          }
        },
        setBaud(b: number): void {
          self.baud = b;
          self.bauds.push(b);
        },
      },
      {
        onSnapshot(s: Snapshot): void {
          self.snaps.push(s);
        },
        onLink(l: LinkState): void {
          self.links.push(l);
        },
      },
      options,
    );
  }

  wireMs(n: number): number {
    return this.baud > 0 ? Math.ceil((n * 10 * 1000) / this.baud) : 0;
  }

  start(): void {
    this.poller.start(this.t);
    this.nextTick = this.t + clamp(this.poller.tick(this.t));
  }

  /** Runs the event loop up to virtual time `until`. */
  run(until: number): void {
    for (let guard = 0; guard < 1000000; guard++) {
      this.queue.sort((a, b) => a.t - b.t);
      const ev = this.queue.length ? this.queue[0].t : Infinity;
      const next = Math.min(ev, this.nextTick);
      if (next > until) {
        this.t = until;
        return;
      }
      this.t = next;
      if (ev <= this.nextTick) {
        const e = this.queue.shift() as { t: number; bytes: Uint8Array };
        if (this.readOnTick) {
          for (let i = 0; i < e.bytes.length; i++) {
            this.rxBuf.push(e.bytes[i]);
            this.rxAt.push(this.t);
          }
          continue;
        }
        const d = this.poller.onBytes(e.bytes, this.t);
        if (this.rearmOnData) this.nextTick = Math.min(this.nextTick, this.t + clamp(d));
      } else {
        // The poll timer is re-armed from tick()'s answer, 2…1000 ms.
        this.ticks++;
        if (this.readOnTick) {
          const got = this.rxBuf.length ? Uint8Array.from(this.rxBuf) : null;
          if (this.rxAt.length) this.lateMs.push(this.t - this.rxAt[this.rxAt.length - 1]);
          this.rxBuf = [];
          this.rxAt = [];
          this.nextTick = this.t + clamp(this.poller.step(got, this.t));
        } else {
          this.nextTick = this.t + clamp(this.poller.tick(this.t));
        }
      }
    }
    throw new Error("harness did not settle");
  }
}
