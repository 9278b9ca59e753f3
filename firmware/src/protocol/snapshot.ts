/**
 * Assembles per-family answers into the Snapshot the engine consumes (types.ts).
 *
 * A snapshot is emitted on every protection-bearing frame (JBD 0x03, JK read-all, Daly 0x98) at once;
 * slower extras never hold it back. What the status frame does not carry comes from the latest extra
 * answers, and only while they are younger than holdMs (else null: never a stale value passed off as
 * current). JBD cells come from the latest 0x04 read; Daly pack/current/SOC from 0x90, FETs and the
 * current direction from 0x93, cell/sensor counts from 0x94, cells from the 0x95 burst, temperatures
 * from the 0x96 burst limited to the sensor count.
 *
 * Noisy line (set by the poller, see poller.ts NOISY_MS): a Daly temperature burst is held in every status
 * for up to holdMs, so one corrupted 0x96 frame that passed the 8-bit sum would repeat in every status and
 * defeat the engine's "two consecutive statuses" confirmation. While `noisy`, a burst replaces the held
 * temperatures only when each sensor is within DALY_TEMP_AGREE_C of the held value or of the burst read
 * just before (the new level confirmed by a second read); otherwise it waits for the next read.
 *
 * Daly current sign (bms-protocols.md §3.3): the raw value (+ = charging per esphome/maland) is
 * inverted on several firmwares. With sign 0 ("auto") the 0x93 state byte decides (1 charging → +,
 * 2 discharging → −, 0 idle → raw); sign 1 keeps the raw sign, −1 inverts it (user setting).
 */
import { Family, Snapshot } from "../types";
import { Decoded } from "./decoded";
import { mapWithNtc, jbdMosLock } from "./protect";
import {
  DALY_CMD_ALARMS,
  DALY_CMD_CELLS,
  DALY_CMD_CONFIG,
  DALY_CMD_PACK,
  DALY_CMD_STATE,
  DALY_CMD_TEMPS,
} from "./daly";
import { JBD_REG_BASIC, JBD_REG_CELLS } from "./jbd";

export const DALY_SIGN_AUTO = 0;
export const DALY_SIGN_RAW = 1;
export const DALY_SIGN_INVERTED = -1;

/** Cells per 0x95 frame and temperatures per 0x96 frame (§3.3). */
export const DALY_CELLS_PER_FRAME = 3;
export const DALY_TEMPS_PER_FRAME = 7;
/** Two Daly temperature reads ~0.5–1 s apart agree when no sensor differs by this much (the engine's jump rule). */
export const DALY_TEMP_AGREE_C = 20;

/** Same length and no value differing by DALY_TEMP_AGREE_C or more. */
function tempsAgree(a: number[] | null, b: number[]): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) {
    const d = a[i] - b[i];
    if (d >= DALY_TEMP_AGREE_C || d <= -DALY_TEMP_AGREE_C) return false;
  }
  return true;
}

export class SnapshotBuilder {
  fam: Family;
  sign: number;
  holdMs: number;
  cells: number[] | null;
  cellsMs: number;
  cellCount: number | null;
  tempCount: number | null;
  packMv: number | null;
  currentMa: number | null;
  socPct: number | null;
  packMs: number;
  state: number | null;
  chargeFet: boolean | null;
  dischargeFet: boolean | null;
  stateMs: number;
  temps: number[] | null;
  tempsMs: number;
  work: number[];
  workMax: number;
  /** Set by accept() when a Daly 0x95/0x96 burst has all the frames the counts call for. */
  burstDone: boolean;
  /**
   * This unit sends all 16 frames whatever the counts (mpp-solar capture): bursts then end on silence
   * only, so the next request does not collide with the rest of the burst.
   */
  fullBursts: boolean;
  /** The line showed corruption recently (set by the poller before accept/commitBurst). */
  noisy: boolean;
  /** The last Daly temperature burst read, accepted or not. */
  lastTemps: number[] | null;

  constructor(fam: Family, sign: number, holdMs: number) {
    this.fam = fam;
    this.sign = sign;
    this.holdMs = holdMs;
    this.cells = null;
    this.cellsMs = 0;
    this.cellCount = null;
    this.tempCount = null;
    this.packMv = null;
    this.currentMa = null;
    this.socPct = null;
    this.packMs = 0;
    this.state = null;
    this.chargeFet = null;
    this.dischargeFet = null;
    this.stateMs = 0;
    this.temps = null;
    this.tempsMs = 0;
    this.work = [];
    this.workMax = 0;
    this.burstDone = false;
    this.fullBursts = false;
    this.noisy = false;
    this.lastTemps = null;
  }

  fresh(tMs: number, nowMs: number): boolean {
    return nowMs - tMs <= this.holdMs;
  }

  /** Takes one decoded answer; returns a Snapshot when it was the protection-bearing one. */
  accept(d: Decoded, nowMs: number): Snapshot | null {
    this.burstDone = false;
    if (this.fam === "jbd") {
      if (d.cmd === JBD_REG_CELLS && d.cellsMv) {
        this.cells = d.cellsMv;
        this.cellsMs = nowMs;
        return null;
      }
      if (d.cmd === JBD_REG_BASIC && d.bits) {
        this.cellCount = d.cellCount;
        return this.build(d, nowMs, this.cells !== null && this.fresh(this.cellsMs, nowMs) ? this.cells : null);
      }
      return null;
    }
    if (this.fam === "jk") {
      if (!d.bits) return null;
      return this.build(d, nowMs, d.cellsMv);
    }
    return this.acceptDaly(d, nowMs);
  }

  acceptDaly(d: Decoded, nowMs: number): Snapshot | null {
    const c = d.cmd;
    if (c === DALY_CMD_ALARMS && d.bits) {
      return this.build(d, nowMs, this.cells !== null && this.fresh(this.cellsMs, nowMs) ? this.cells : null);
    }
    if (c === DALY_CMD_PACK) {
      this.packMv = d.packMv;
      this.currentMa = d.currentMa;
      this.socPct = d.socPct;
      this.packMs = nowMs;
    } else if (c === DALY_CMD_STATE) {
      this.state = d.state;
      this.chargeFet = d.chargeFet;
      this.dischargeFet = d.dischargeFet;
      this.stateMs = nowMs;
    } else if (c === DALY_CMD_CONFIG) {
      this.cellCount = d.cellCount;
      this.tempCount = d.tempCount;
    } else if ((c === DALY_CMD_CELLS && d.cellsMv) || (c === DALY_CMD_TEMPS && d.tempsC)) {
      const per = c === DALY_CMD_CELLS ? DALY_CELLS_PER_FRAME : DALY_TEMPS_PER_FRAME;
      const vals = c === DALY_CMD_CELLS ? (d.cellsMv as number[]) : (d.tempsC as number[]);
      const idx = d.index === null ? 0 : d.index;
      // Frame numbers are 1…16 (§3.3); anything else is ignored rather than misplaced.
      if (idx >= 1 && idx <= 16) {
        for (let i = 0; i < per; i++) this.work[(idx - 1) * per + i] = vals[i];
        if (idx * per > this.workMax) this.workMax = idx * per;
      }
      const count = c === DALY_CMD_CELLS ? this.cellCount : this.tempCount;
      if (count !== null && this.workMax >= count && !this.fullBursts) this.burstDone = true;
    }
    return null;
  }

  /** The answer to `cmd` came again byte for byte (Poller.again): its values are current as of nowMs. */
  renew(cmd: number, nowMs: number): void {
    if (this.fam === "jbd") {
      if (cmd === JBD_REG_CELLS && this.cells !== null) this.cellsMs = nowMs;
    } else if (cmd === DALY_CMD_PACK) {
      this.packMs = nowMs;
    } else if (cmd === DALY_CMD_STATE) {
      this.stateMs = nowMs;
    }
  }

  /** Starts collecting a Daly multi-frame burst. */
  beginBurst(): void {
    this.work = [];
    this.workMax = 0;
  }

  /** Ends a Daly burst (all frames in, or silence): keeps the slots the counts say are real. */
  commitBurst(cmd: number, nowMs: number): void {
    const count = cmd === DALY_CMD_CELLS ? this.cellCount : this.tempCount;
    const out: number[] = [];
    let n = this.workMax;
    if (count !== null && count < n) n = count;
    for (let i = 0; i < n; i++) {
      const v = this.work[i];
      out.push(v === undefined ? 0 : v);
    }
    if (cmd === DALY_CMD_CELLS) {
      if (count === null) {
        // Without a cell count, trailing zero slots are padding (mpp-solar capture: 48 slots, 16 cells).
        while (out.length > 0 && out[out.length - 1] === 0) out.splice(out.length - 1, 1);
      }
      this.cells = out;
      this.cellsMs = nowMs;
    } else if (count !== null) {
      const prev = this.lastTemps;
      this.lastTemps = out;
      if (!this.noisy || tempsAgree(prev, out) || tempsAgree(this.temps, out)) {
        this.temps = out;
        this.tempsMs = nowMs;
      }
    }
    this.work = [];
    this.workMax = 0;
  }

  dalyCurrent(): number | null {
    const raw = this.currentMa;
    if (raw === null) return null;
    if (this.sign === DALY_SIGN_RAW) return raw;
    if (this.sign === DALY_SIGN_INVERTED) return -raw;
    const a = raw < 0 ? -raw : raw;
    if (this.state === 1) return a;
    if (this.state === 2) return -a;
    return raw;
  }

  build(d: Decoded, nowMs: number, cells: number[] | null): Snapshot {
    const bits = d.bits as number[];
    let temps: number[];
    let packMv = d.packMv;
    let currentMa = d.currentMa;
    let socPct = d.socPct;
    let chargeFet = d.chargeFet;
    let dischargeFet = d.dischargeFet;
    if (this.fam === "daly") {
      const packOk = this.fresh(this.packMs, nowMs);
      const stateOk = this.fresh(this.stateMs, nowMs);
      packMv = packOk ? this.packMv : null;
      currentMa = packOk ? this.dalyCurrent() : null;
      socPct = packOk ? this.socPct : null;
      chargeFet = stateOk ? this.chargeFet : null;
      dischargeFet = stateOk ? this.dischargeFet : null;
      temps = this.temps !== null && this.fresh(this.tempsMs, nowMs) ? this.temps : [];
    } else {
      temps = d.tempsC ? d.tempsC : [];
    }
    const m = mapWithNtc(this.fam, bits, temps);
    return {
      family: this.fam,
      tMs: nowMs,
      packMv: packMv,
      currentMa: currentMa,
      socPct: socPct,
      cellsMv: cells,
      tempsC: temps,
      mosC: d.mosC,
      chargeFet: chargeFet,
      dischargeFet: dischargeFet,
      bits: bits,
      codes: m.codes,
      chargeBlocked: m.chg,
      dischargeBlocked: m.dsg,
      warnings: m.warnings,
      faults: m.faults,
      mosLock: this.fam === "jbd" ? jbdMosLock(bits) : false,
    };
  }
}
