/**
 * Simulated JBD / Xiaoxiang BMS ("DD … 77" protocol, 9600 8N1; bms-protocols.md §1).
 *
 * Answers the reads 0x03 (basic info), 0x04 (cell voltages), 0x05 (model string); ignores any other read.
 * Writes (`DD 5A …`) are acknowledged as a real board does (`DD reg 00 00 00 00 77`), and every write other
 * than the software-lock release lands in forbiddenWrites. Register 0xE1 sets/clears the software MOSFET lock
 * (status bit 12).
 *
 * 0x03 payload (big-endian, §1.3): 0 pack 10 mV | 2 current 10 mA signed (+ charge) | 4 remaining 10 mAh |
 * 6 nominal 10 mAh | 8 cycles | 10 date | 12 balance 1–16 | 14 balance 17–32 | 16 protection bits |
 * 18 version | 19 SOC % | 20 FET bits (b0 charge, b1 discharge) | 21 cells | 22 NTC count | 23 temps 0.1 K |
 * optional tail.
 */
import { BmsOptions, SimBms, pushU16 } from "./base";
import { PackReading, ProtId, Pack } from "./pack";
import { isAllowedWrite } from "./writes";

/** Protection → JBD status bit (§1.4). JBD boards have no MOSFET sensor, so mosOt has no bit. */
export const JBD_PROT_BIT: { [id: string]: number } = {
  cellOv: 0, cellUv: 1, packOv: 2, packUv: 3, chgOt: 4, chgUt: 5, dsgOt: 6, dsgUt: 7, occ: 8, ocd: 9, sc: 10,
};
export const JBD_BIT_SOFTWARE_LOCK = 12;

export interface JbdOptions extends BmsOptions {
  /** Quirk: bytes appended after the temperatures (DP04S007 sw 2.3 sends 9). */
  extraTailBytes?: number;
  /** Reading of an unplugged probe, °C (JBD has no fault bit; the reading is the only evidence).
   * Default −40 °C, the floor of the NTC table; smagicld/xiaoxiangBMS#75 saw a constant −30 °C. */
  openSensorC?: number;
  /** Reading of a shorted probe, °C. */
  shortSensorC?: number;
  /** Model string answered to 0x05. */
  model?: string;
  /** Software version byte (offset 18). */
  version?: number;
}

/** JBD checksum: 0x10000 − sum(bytes), 16-bit (§1.2). */
export function jbdChecksum(bytes: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += bytes[i];
  return (0x10000 - s) & 0xffff;
}

/** A JBD response frame: DD reg status len data chk 77. */
export function jbdFrame(reg: number, status: number, data: number[]): Uint8Array {
  const body = [status, data.length].concat(data);
  const chk = jbdChecksum(body, 0, body.length);
  return Uint8Array.from([0xdd, reg].concat(body, [chk >> 8, chk & 0xff, 0x77]));
}

/** 0.1 K encoding of a temperature (°C = (raw − 2731) / 10). */
function kelvin10(c: number): number {
  return Math.round(c * 10) + 2731;
}

export class JbdBms extends SimBms {
  readonly family = "jbd" as const;
  readonly baud = 9600;
  readonly opts: JbdOptions;

  constructor(opts: JbdOptions = {}) {
    // esphome-jbd-bms drops its RX buffer after 150 ms; a real board answers within a few ms.
    super(withNoMosSensor(opts), 10, 150);
    this.opts = opts;
  }

  /** Status word as the board reports it now. */
  statusBits(): number {
    let bits = 0;
    for (const id in JBD_PROT_BIT) if (this.pack.isActive(id as ProtId)) bits |= 1 << JBD_PROT_BIT[id];
    if (this.pack.lockCharge || this.pack.lockDischarge) bits |= 1 << JBD_BIT_SOFTWARE_LOCK;
    return bits;
  }

  sensorC(r: PackReading, i: number): number {
    if (r.sensors[i] === "open") return this.opts.openSensorC ?? -40;
    if (r.sensors[i] === "short") return this.opts.shortSensorC ?? 120;
    return r.tempsC[i];
  }

  basicInfo(): Uint8Array {
    const r = this.pack.read();
    const d: number[] = [];
    pushU16(d, r.packMv / 10);
    pushU16(d, (Math.round(r.currentA * 100) + 0x10000) & 0xffff);
    pushU16(d, r.remainingAh * 100);
    pushU16(d, this.pack.capacityAh * 100);
    pushU16(d, r.cycles);
    pushU16(d, (24 << 9) | (5 << 5) | 15); // made 2024-05-15
    let bal = 0;
    for (let i = 0; i < r.balancing.length && i < 32; i++) if (r.balancing[i]) bal |= 1 << i;
    pushU16(d, bal & 0xffff);
    pushU16(d, (bal >>> 16) & 0xffff);
    pushU16(d, this.statusBits());
    d.push(this.opts.version ?? 0x23);
    d.push(Math.round(r.socPct) & 0xff);
    d.push((r.chargeFet ? 1 : 0) | (r.dischargeFet ? 2 : 0));
    d.push(this.pack.cells);
    d.push(r.sensors.length);
    for (let i = 0; i < r.sensors.length; i++) pushU16(d, kelvin10(this.sensorC(r, i)));
    for (let i = 0; i < (this.opts.extraTailBytes ?? 0); i++) d.push(0);
    return jbdFrame(0x03, 0x00, d);
  }

  cellInfo(): Uint8Array {
    const r = this.pack.read();
    const d: number[] = [];
    for (const mv of r.cellsMv) pushU16(d, mv < 0 ? 0 : mv);
    return jbdFrame(0x04, 0x00, d);
  }

  modelInfo(): Uint8Array {
    const s = this.opts.model ?? "SIM-JBD-SP04S";
    const d: number[] = [];
    for (let i = 0; i < s.length; i++) d.push(s.charCodeAt(i) & 0x7f);
    return jbdFrame(0x05, 0x00, d);
  }

  protected takeFrame(nowMs: number): Uint8Array[] | null {
    const b = this.buf;
    // A request starts DD A5 (read) or DD 5A (write); anything else (a reply echoed back, noise) is skipped.
    while (b.length && (b[0] !== 0xdd || (b.length > 1 && b[1] !== 0xa5 && b[1] !== 0x5a))) b.shift();
    if (b.length < 4) return null;
    const total = b[3] + 7;
    if (b.length < total) return null;
    const chk = jbdChecksum(b, 2, total - 3);
    if (b[total - 1] !== 0x77 || ((b[total - 3] << 8) | b[total - 2]) !== chk) {
      b.shift(); // not a frame here: resync on the next 0xDD
      return [];
    }
    const frame = Uint8Array.from(b.splice(0, total));
    const reg = frame[2];
    if (frame[1] === 0xa5) {
      if (frame[3] !== 0) return [];
      if (reg === 0x03) { this.count("0x03"); return [this.basicInfo()]; }
      if (reg === 0x04) { this.count("0x04"); return [this.cellInfo()]; }
      if (reg === 0x05) { this.count("0x05"); return [this.modelInfo()]; }
      return []; // unknown read: a real board may answer 0x80; ours stays quiet
    }
    if (frame[1] === 0x5a) {
      this.count("write");
      this.noteWrite(frame, nowMs, isAllowedWrite("jbd", frame));
      if (reg === 0xe1 && frame[3] === 2) {
        const v = frame[5];
        this.change(nowMs, (p: Pack) => {
          p.lockCharge = (v & 1) !== 0;
          p.lockDischarge = (v & 2) !== 0;
        });
      }
      return [jbdFrame(reg, 0x00, [])];
    }
    return [];
  }
}

/** JBD boards measure no MOSFET temperature: the pack's MOS protection must never trip for them. */
function withNoMosSensor(opts: JbdOptions): JbdOptions {
  const pack = Object.assign({}, opts.pack || {});
  pack.thresholds = Object.assign({ mosOtC: 1000, mosOtReleaseC: 999 }, pack.thresholds || {});
  return Object.assign({}, opts, { pack });
}
