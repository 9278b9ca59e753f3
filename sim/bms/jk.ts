/**
 * Simulated JK BMS, UART "4E 57" protocol at 115200 8N1 (bms-protocols.md §2).
 *
 * Answers the read-all request (command 0x06) with the full TLV status frame; ignores activation (0x01) and
 * single-register reads (0x03) except that activation wakes it; every write (0x02) and password frame (0x05)
 * lands in forbiddenWrites (a monitor never sends them, §2.5).
 *
 * Reply layout, tag order and value sizes follow the real capture in syssi/esphome-jk-bms
 * docs/protocol-design-uart-ttl-gps-port.md (285-byte frame, LEN 0x011B):
 *   4E 57 | LEN(2) | terminal 00 00 00 00 | cmd 06 | source 00 (BMS) | type 01 (reply) |
 *   79 n (idx mV)×cells | 80..8C status tags | 8E..A8 settings | A9..BA identity | C0 01 |
 *   record 00 00 00 00 | 68 | 00 00 | sum16 of every byte from 4E through 68.
 */
import { BmsOptions, SimBms, pushU16, pushU32 } from "./base";
import { PackReading, ProtId } from "./pack";
import { isAllowedWrite } from "./writes";

/** Protection → JK 0x8B alarm bit (§2.4). */
export const JK_PROT_BIT: { [id: string]: number } = {
  mosOt: 1, packOv: 2, packUv: 3, chgOt: 4, dsgOt: 4, occ: 5, ocd: 6, chgUt: 9, dsgUt: 9, cellOv: 10, cellUv: 11,
};

export interface JkOptions extends BmsOptions {
  /** JK's UART protocol has no short-circuit bit (§2.4); what a board reports after a short is undocumented.
   * The model reports it on this 0x8B bit (default 6, discharge over-current), or on none when null. */
  scBit?: number | null;
  /** Quirk: old firmware without tag 0xC0, current as 10000 − I·100 (§2.3). */
  oldCurrentEncoding?: boolean;
  /** Temperature byte of an unplugged probe (140 = −40 °C in JK's encoding) and of a shorted one. */
  openSensorRaw?: number;
  shortSensorRaw?: number;
}

/** JK temperature encoding (§2.3): 0…100 = °C, 101…140 = −1…−40 °C. */
export function jkTempRaw(c: number): number {
  const v = Math.round(c);
  if (v >= 0) return v > 100 ? 100 : v;
  return 100 + (v < -40 ? 40 : -v);
}

/** 16-bit sum of bytes [from, to). */
export function jkSum(bytes: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += bytes[i];
  return s & 0xffff;
}

/** Wraps a payload into a whole JK frame (header, record number, end marker, checksum). */
export function jkFrame(command: number, source: number, type: number, payload: number[]): Uint8Array {
  const total = 11 + payload.length + 4 + 1 + 4;
  const f: number[] = [0x4e, 0x57];
  pushU16(f, total - 2);
  f.push(0, 0, 0, 0, command, source, type);
  for (const b of payload) f.push(b);
  f.push(0, 0, 0, 0, 0x68, 0, 0);
  pushU16(f, jkSum(f, 0, f.length - 2)); // the sum covers 4E … 68 (the two zero bytes add nothing)
  return Uint8Array.from(f);
}

function pushText(out: number[], s: string, len: number): void {
  for (let i = 0; i < len; i++) out.push(i < s.length ? s.charCodeAt(i) & 0x7f : 0);
}

export class JkBms extends SimBms {
  readonly family = "jk" as const;
  readonly baud = 115200;
  readonly opts: JkOptions;

  constructor(opts: JkOptions = {}) {
    // esphome-jk-bms: rx_timeout 50 ms. A real board takes tens of ms to assemble its 300-byte answer.
    super(withJkDefaults(opts), 30, 50);
    this.opts = opts;
  }

  alarmBits(r: PackReading): number {
    let bits = 0;
    for (const id in JK_PROT_BIT) if (this.pack.isActive(id as ProtId)) bits |= 1 << JK_PROT_BIT[id];
    const sc = this.opts.scBit === undefined ? 6 : this.opts.scBit;
    if (sc !== null && this.pack.isActive("sc")) bits |= 1 << sc;
    if (r.socPct < 20) bits |= 1 << 0; // low capacity (tag B1 alarm value), a warning without a code
    const maxC = Math.max.apply(null, r.cellsMv);
    const minC = Math.min.apply(null, r.cellsMv);
    if (maxC - minC > 300) bits |= 1 << 7; // cell difference above tag 96
    return bits;
  }

  sensorRaw(r: PackReading, i: number): number {
    if (i >= r.sensors.length) return 0;
    if (r.sensors[i] === "open") return this.opts.openSensorRaw ?? 140;
    if (r.sensors[i] === "short") return this.opts.shortSensorRaw ?? 100;
    return jkTempRaw(r.tempsC[i]);
  }

  readAll(): Uint8Array {
    const r = this.pack.read();
    const th = this.pack.th;
    const n = this.pack.cells;
    const p: number[] = [0x79, 3 * n];
    for (let i = 0; i < n; i++) {
      p.push(i + 1);
      pushU16(p, r.cellsMv[i] < 0 ? 0 : r.cellsMv[i]);
    }
    p.push(0x80); pushU16(p, jkTempRaw(r.mosC));
    p.push(0x81); pushU16(p, this.sensorRaw(r, 0));
    p.push(0x82); pushU16(p, this.sensorRaw(r, 1));
    p.push(0x83); pushU16(p, r.packMv / 10);
    const ca = Math.round(Math.abs(r.currentA) * 100);
    p.push(0x84);
    if (this.opts.oldCurrentEncoding) pushU16(p, 10000 - Math.round(r.currentA * 100));
    else pushU16(p, (ca & 0x7fff) | (r.currentA > 0 ? 0x8000 : 0));
    p.push(0x85, Math.round(r.socPct) & 0xff);
    p.push(0x86, r.sensors.length);
    p.push(0x87); pushU16(p, r.cycles);
    p.push(0x89); pushU32(p, r.cycles * this.pack.capacityAh);
    p.push(0x8a); pushU16(p, n);
    p.push(0x8b); pushU16(p, this.alarmBits(r));
    let bal = false;
    for (const b of r.balancing) bal = bal || b;
    p.push(0x8c); pushU16(p, (r.chargeFet ? 1 : 0) | (r.dischargeFet ? 2 : 0) | (bal ? 4 : 0));
    // Settings, from the pack's own thresholds where the pack has the figure.
    const settings: [number, number][] = [
      [0x8e, (n * th.packOvCellMv) / 10], [0x8f, (n * th.packUvCellMv) / 10],
      [0x90, th.cellOvMv], [0x91, th.cellOvReleaseMv], [0x92, th.cellOvDelayMs / 1000],
      [0x93, th.cellUvMv], [0x94, th.cellUvReleaseMv], [0x95, th.cellUvDelayMs / 1000],
      [0x96, 300], [0x97, th.ocdA], [0x98, th.ocdDelayMs / 1000], [0x99, th.occA], [0x9a, th.occDelayMs / 1000],
      [0x9b, this.pack.balStartMv], [0x9c, this.pack.balDeltaMv],
    ];
    for (const s of settings) { p.push(s[0]); pushU16(p, s[1]); }
    p.push(0x9d, this.pack.balancerBroken ? 0 : 1);
    const temps: [number, number][] = [
      [0x9e, th.mosOtC], [0x9f, th.mosOtReleaseC], [0xa0, 100], [0xa1, 100], [0xa2, 20],
      [0xa3, th.chgOtC], [0xa4, th.dsgOtC],
      [0xa5, th.chgUtC], [0xa6, th.chgUtReleaseC], [0xa7, th.dsgUtC], [0xa8, th.dsgUtReleaseC],
    ];
    for (const t of temps) { p.push(t[0]); pushU16(p, (t[1] + 0x10000) & 0xffff); }
    p.push(0xa9, n);
    p.push(0xaa); pushU32(p, this.pack.capacityAh);
    p.push(0xab, 1, 0xac, 1);
    p.push(0xad); pushU16(p, 1000);
    p.push(0xae, 1, 0xaf, 1);
    p.push(0xb0); pushU16(p, 10);
    p.push(0xb1, 20);
    p.push(0xb2); pushText(p, "000000", 10);
    p.push(0xb3, 0);
    p.push(0xb4); pushText(p, "BMSBOXSM", 8);
    p.push(0xb5); pushText(p, "2405", 4);
    p.push(0xb6); pushU32(p, Math.floor(this.pack.tMs / 60000));
    p.push(0xb7); pushText(p, "SIM_bmsbox_1.0_", 15);
    p.push(0xb8, 0);
    p.push(0xb9); pushU32(p, this.pack.capacityAh);
    p.push(0xba); pushText(p, "bmsbox simulated JK BMS.", 24);
    if (!this.opts.oldCurrentEncoding) p.push(0xc0, 0x01);
    return jkFrame(0x06, 0x00, 0x01, p);
  }

  protected takeFrame(nowMs: number): Uint8Array[] | null {
    const b = this.buf;
    while (b.length && !(b[0] === 0x4e && (b.length < 2 || b[1] === 0x57))) b.shift();
    if (b.length < 4) return null;
    const total = ((b[2] << 8) | b[3]) + 2;
    if (total < 21 || total > 600) {
      b.shift();
      return [];
    }
    if (b.length < total) return null;
    const sum = (b[total - 2] << 8) | b[total - 1];
    if (b[total - 5] !== 0x68 || sum !== jkSum(b, 0, total - 4)) {
      b.shift();
      return [];
    }
    const frame = Uint8Array.from(b.splice(0, total));
    const cmd = frame[8];
    const type = frame[10];
    if (type !== 0) return []; // a reply or upload from another talker (echo): not for us
    if (cmd === 0x06) { this.count("readAll"); return [this.readAll()]; }
    if (cmd === 0x01) { this.count("activate"); return []; }
    if (cmd === 0x02 || cmd === 0x05) {
      this.count("write");
      this.noteWrite(frame, nowMs, isAllowedWrite("jk", frame));
      return [];
    }
    return [];
  }
}

/** JK packs are usually bigger: 8 cells unless the scenario says otherwise. */
function withJkDefaults(opts: JkOptions): JkOptions {
  const pack = Object.assign({ cells: 8 }, opts.pack || {});
  return Object.assign({}, opts, { pack });
}
