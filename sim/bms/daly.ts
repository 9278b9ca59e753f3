/**
 * Simulated Daly "Smart BMS", A5 13-byte frames at 9600 8N1 (bms-protocols.md §3).
 *
 * Requests `A5 40|80 cmd 08 data[8] sum` are answered with address 0x01 (the board number); 0x95 and 0x96
 * answer with several frames (one per 3 cells / 7 probes). Reads 0x50–0x6F (settings) are ignored; every
 * other command is a write (0x00 reset, 0x21 SOC, 0xD9/0xDA MOS switches …) and lands in forbiddenWrites —
 * the MOS switches are also obeyed, as a real board would.
 *
 * 0x98 failure status (§3.4): byte 0 cell/pack voltage L1/L2, byte 1 temperatures, byte 2 currents and SOC,
 * byte 3 differences, byte 4 MOS, byte 5 sensor/AFE faults, byte 6 bit 2 short circuit, byte 7 fault code.
 * Level 1 (warning) arises from the pack approaching a limit, level 2 is the pack's protection itself.
 */
import { BmsOptions, SimBms, pushU16, pushU32 } from "./base";
import { Pack, PackReading } from "./pack";
import { isAllowedWrite } from "./writes";

export interface DalyOptions extends BmsOptions {
  /** Quirk: firmware that reports the current with the opposite sign (dbus-serialbattery #65, #70, #463). */
  invertCurrent?: boolean;
  /** Quirk: answer 0x95 with all 16 frames (zeros beyond the real cells), as the mpp-solar capture shows. */
  allCellFrames?: boolean;
  /** Byte in unused 0x96 temperature slots: 0x00 (−40 °C) or 0xFF (215 °C); never a real sensor. */
  unusedTempFill?: number;
  /** Reading of an unplugged probe (raw byte, °C + 40); the fault bit B5.2 is set as well. */
  openSensorRaw?: number;
  shortSensorRaw?: number;
  /**
   * Answer only requests from this host address (0x40 or 0x80; absent: both). Sources use either (bms-protocols.md
   * §3: serialbattery 0x40, esphome 0x80): a unit that takes only one tests that the box's dalyAddr setting is the
   * address it sends.
   */
  hostAddress?: number;
}

/** Low byte of the sum of bytes 0–11 (§3.2). */
export function dalyChecksum(bytes: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += bytes[i];
  return s & 0xff;
}

/** A 13-byte Daly frame. */
export function dalyFrame(address: number, cmd: number, data: number[]): Uint8Array {
  const f = [0xa5, address, cmd, 0x08];
  for (let i = 0; i < 8; i++) f.push(i < data.length ? data[i] & 0xff : 0);
  f.push(dalyChecksum(f, 0, 12));
  return Uint8Array.from(f);
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

export class DalyBms extends SimBms {
  readonly family = "daly" as const;
  readonly baud = 9600;
  readonly opts: DalyOptions;
  private life = 0;

  constructor(opts: DalyOptions = {}) {
    super(opts, 20, 100);
    this.opts = opts;
  }

  /** Raw temperature byte (°C + 40) of probe i. */
  sensorRaw(r: PackReading, i: number): number {
    if (r.sensors[i] === "open") return this.opts.openSensorRaw ?? 0x00;
    if (r.sensors[i] === "short") return this.opts.shortSensorRaw ?? 0xff;
    return clampByte(r.tempsC[i] + 40);
  }

  failureBytes(r: PackReading): number[] {
    const p = this.pack;
    const w = p.warnings();
    const b = [0, 0, 0, 0, 0, 0, 0, 0];
    const lv = (byte: number, bit: number, warn: boolean, prot: boolean): void => {
      if (warn || prot) b[byte] |= 1 << bit;
      if (prot) b[byte] |= 1 << (bit + 1);
    };
    lv(0, 0, w.cellOv, p.isActive("cellOv"));
    lv(0, 2, w.cellUv, p.isActive("cellUv"));
    lv(0, 4, w.packOv, p.isActive("packOv"));
    lv(0, 6, w.packUv, p.isActive("packUv"));
    lv(1, 0, w.chgOt, p.isActive("chgOt"));
    lv(1, 2, w.chgUt, p.isActive("chgUt"));
    lv(1, 4, w.dsgOt, p.isActive("dsgOt"));
    lv(1, 6, w.dsgUt, p.isActive("dsgUt"));
    lv(2, 0, w.occ, p.isActive("occ"));
    lv(2, 2, w.ocd, p.isActive("ocd"));
    lv(2, 6, r.socPct < 10, r.socPct < 1); // SOC low: advisory on real boards ([AK]), no code
    const maxC = Math.max.apply(null, r.cellsMv);
    const minC = Math.min.apply(null, r.cellsMv);
    lv(3, 0, maxC - minC > 300, maxC - minC > 500);
    if (p.isActive("mosOt")) b[4] |= 0x03; // charge- and discharge-MOS over-temperature
    for (const s of r.sensors) if (s !== "ok") b[5] |= 1 << 2; // temperature-sensor fault
    if (p.isActive("sc")) b[6] |= 1 << 2;
    return b;
  }

  answer(cmd: number): Uint8Array[] {
    const r = this.pack.read();
    const n = this.pack.cells;
    const A = 0x01;
    const d: number[] = [];
    if (cmd === 0x90) {
      pushU16(d, r.packMv / 100);
      pushU16(d, r.packMv / 100);
      const deci = Math.round(r.currentA * 10) * (this.opts.invertCurrent ? -1 : 1);
      pushU16(d, 30000 + deci);
      pushU16(d, r.socPct * 10);
      return [dalyFrame(A, cmd, d)];
    }
    if (cmd === 0x91) {
      let hi = 0;
      let lo = 0;
      for (let i = 1; i < n; i++) {
        if (r.cellsMv[i] > r.cellsMv[hi]) hi = i;
        if (r.cellsMv[i] < r.cellsMv[lo]) lo = i;
      }
      pushU16(d, r.cellsMv[hi]);
      d.push(hi + 1);
      pushU16(d, r.cellsMv[lo]);
      d.push(lo + 1);
      return [dalyFrame(A, cmd, d)];
    }
    if (cmd === 0x92) {
      let hi = 0;
      let lo = 0;
      const raw: number[] = [];
      for (let i = 0; i < r.sensors.length; i++) raw.push(this.sensorRaw(r, i));
      for (let i = 1; i < raw.length; i++) {
        if (raw[i] > raw[hi]) hi = i;
        if (raw[i] < raw[lo]) lo = i;
      }
      if (raw.length) d.push(raw[hi], hi + 1, raw[lo], lo + 1);
      return [dalyFrame(A, cmd, d)];
    }
    if (cmd === 0x93) {
      this.life = (this.life + 1) & 0xff;
      d.push(r.currentA > 0.1 ? 1 : r.currentA < -0.1 ? 2 : 0, r.chargeFet ? 1 : 0, r.dischargeFet ? 1 : 0, this.life);
      pushU32(d, r.remainingAh * 1000);
      return [dalyFrame(A, cmd, d)];
    }
    if (cmd === 0x94) {
      d.push(n, r.sensors.length, this.pack.chargerA > 0 ? 1 : 0, this.pack.demandA() > 0 ? 1 : 0, 0);
      pushU16(d, r.cycles);
      d.push(0);
      return [dalyFrame(A, cmd, d)];
    }
    if (cmd === 0x95) {
      const frames = this.opts.allCellFrames ? 16 : Math.ceil(n / 3);
      const out: Uint8Array[] = [];
      for (let f = 0; f < frames; f++) {
        const fd = [f + 1];
        for (let k = 0; k < 3; k++) {
          const c = f * 3 + k;
          pushU16(fd, c < n ? r.cellsMv[c] : 0);
        }
        out.push(dalyFrame(A, cmd, fd));
      }
      return out;
    }
    if (cmd === 0x96) {
      const frames = Math.max(1, Math.ceil(r.sensors.length / 7));
      const out: Uint8Array[] = [];
      for (let f = 0; f < frames; f++) {
        const fd = [f + 1];
        for (let k = 0; k < 7; k++) {
          const s = f * 7 + k;
          fd.push(s < r.sensors.length ? this.sensorRaw(r, s) : this.opts.unusedTempFill ?? 0x00);
        }
        out.push(dalyFrame(A, cmd, fd));
      }
      return out;
    }
    if (cmd === 0x97) {
      for (let i = 0; i < 8; i++) d.push(0);
      for (let i = 0; i < n && i < 48; i++) if (r.balancing[i]) d[i >> 3] |= 1 << (i & 7);
      return [dalyFrame(A, cmd, d)];
    }
    if (cmd === 0x98) return [dalyFrame(A, cmd, this.failureBytes(r))];
    return [];
  }

  protected takeFrame(nowMs: number): Uint8Array[] | null {
    const b = this.buf;
    while (b.length && b[0] !== 0xa5) b.shift();
    if (b.length < 13) return null;
    if (b[3] !== 0x08 || b[12] !== dalyChecksum(b, 0, 12)) {
      b.shift();
      return [];
    }
    const frame = Uint8Array.from(b.splice(0, 13));
    const addr = frame[1];
    const cmd = frame[2];
    // Host addresses: 0x40 (board 1 via PC/RS485) and 0x80 (UART/Bluetooth). 0x01 is our own reply echoed.
    if (addr !== 0x40 && addr !== 0x80) return [];
    if (this.opts.hostAddress !== undefined && addr !== this.opts.hostAddress) {
      this.count("other address");
      return [];
    }
    if (cmd >= 0x90 && cmd <= 0x98) {
      this.count("0x" + cmd.toString(16));
      return this.answer(cmd);
    }
    if (cmd >= 0x50 && cmd <= 0x6f) return [];
    this.count("write");
    this.noteWrite(frame, nowMs, isAllowedWrite("daly", frame));
    if (cmd === 0xd9 || cmd === 0xda) {
      const on = frame[4] !== 0;
      this.change(nowMs, (p: Pack) => {
        if (cmd === 0xd9) p.lockDischarge = !on;
        else p.lockCharge = !on;
      });
    }
    return [];
  }
}
