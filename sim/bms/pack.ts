/**
 * The physics behind every simulated BMS: a series pack of LFP cells, a scripted load and charger, a thermal
 * model, and protection logic with thresholds, trip delays and release conditions like a real BMS.
 * The family models (jbd.ts, jk.ts, daly.ts) only encode this state into their own frames and bits, so every
 * flag a scenario shows arises from what the pack did, never from scripted bits.
 *
 * Units: mV, A (+ = charging), °C, ms of virtual time. Integration is piecewise: advance() steps at most
 * STEP_MS at a time and lands exactly on every pending trip/release deadline, so a 2 s trip delay trips at
 * +2000 ms and a 200 µs short-circuit delay trips 0.2 ms after the short appears.
 */
import { lfpOcvMv, LFP_SOC_MAX, LFP_SOC_MIN } from "./ocv";

/** A temperature probe: working, unplugged (open) or shorted. */
export type SensorState = "ok" | "open" | "short";

/** Protections the pack logic knows; each family maps them onto its own bits. */
export type ProtId =
  | "cellOv" | "cellUv" | "packOv" | "packUv"
  | "chgOt" | "chgUt" | "dsgOt" | "dsgUt"
  | "occ" | "ocd" | "sc" | "mosOt";

export const PROT_IDS: ProtId[] = [
  "cellOv", "cellUv", "packOv", "packUv", "chgOt", "chgUt", "dsgOt", "dsgUt", "occ", "ocd", "sc", "mosOt",
];

/** Protections that open the charge FET / the discharge FET. */
const BLOCKS_CHARGE: ProtId[] = ["cellOv", "packOv", "chgOt", "chgUt", "occ", "mosOt"];
const BLOCKS_DISCHARGE: ProtId[] = ["cellUv", "packUv", "dsgOt", "dsgUt", "ocd", "sc", "mosOt"];

/**
 * Protection settings. Defaults are typical LFP values of JBD/JK/Daly boards for a 100 Ah pack (JBD app
 * defaults: cell OV 3.65 V, UV 2.50 V release 2.90 V; over-current releases after 32 s). The OV release
 * (3.45 V) sits above a rested full cell (3.40 V) so a tripped cell releases once its polarisation decays.
 */
export interface Thresholds {
  cellOvMv: number; cellOvReleaseMv: number; cellOvDelayMs: number;
  cellUvMv: number; cellUvReleaseMv: number; cellUvDelayMs: number;
  /** Per-cell figures; the pack limits are these × cell count. */
  packOvCellMv: number; packOvReleaseCellMv: number; packOvDelayMs: number;
  packUvCellMv: number; packUvReleaseCellMv: number; packUvDelayMs: number;
  occA: number; occDelayMs: number; occReleaseMs: number;
  ocdA: number; ocdDelayMs: number; ocdReleaseMs: number;
  /** Short circuit: demand above scA for scDelayUs µs trips; released once the load demand stays below
   * scReleaseLoadA (load removed) for scReleaseMs. */
  scA: number; scDelayUs: number; scReleaseLoadA: number; scReleaseMs: number;
  chgOtC: number; chgOtReleaseC: number;
  dsgOtC: number; dsgOtReleaseC: number;
  chgUtC: number; chgUtReleaseC: number;
  dsgUtC: number; dsgUtReleaseC: number;
  tempDelayMs: number;
  mosOtC: number; mosOtReleaseC: number;
  /** Level-1 warnings (Daly reports them): this close to the trip value. */
  warnCellOvMv: number; warnCellUvMv: number; warnCurrentFraction: number; warnTempC: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  cellOvMv: 3650, cellOvReleaseMv: 3450, cellOvDelayMs: 2000,
  cellUvMv: 2500, cellUvReleaseMv: 2900, cellUvDelayMs: 2000,
  packOvCellMv: 3675, packOvReleaseCellMv: 3450, packOvDelayMs: 2000,
  packUvCellMv: 2450, packUvReleaseCellMv: 2900, packUvDelayMs: 2000,
  occA: 60, occDelayMs: 2000, occReleaseMs: 32000,
  ocdA: 120, ocdDelayMs: 1000, ocdReleaseMs: 32000,
  scA: 400, scDelayUs: 200, scReleaseLoadA: 1, scReleaseMs: 1000,
  chgOtC: 55, chgOtReleaseC: 50,
  dsgOtC: 65, dsgOtReleaseC: 55,
  chgUtC: 0, chgUtReleaseC: 5,
  dsgUtC: -20, dsgUtReleaseC: -15,
  tempDelayMs: 2000,
  mosOtC: 90, mosOtReleaseC: 70,
  warnCellOvMv: 50, warnCellUvMv: 100, warnCurrentFraction: 0.8, warnTempC: 5,
};

export interface PackOptions {
  cells?: number;
  capacityAh?: number;
  /** Starting state of charge of every cell, %. */
  socPct?: number;
  /** Per-cell capacity factor (1 = nominal); a cell at 0.9 fills and empties first and so "runs high". */
  cellCapacityScale?: number[];
  /** Per-cell SOC offset at start, % points. */
  cellSocOffsetPct?: number[];
  /** Internal resistance of one cell, mΩ. */
  cellMohm?: number;
  ambientC?: number;
  /** Number of battery temperature probes. */
  tempSensors?: number;
  /** Per-probe reading offset, °C (probes near the terminals read warmer). */
  sensorOffsetC?: number[];
  /** Thermal time constant of the pack, ms, and how far 1 W of heat lifts it, °C. */
  thermalTauMs?: number;
  cPerWatt?: number;
  /** Balancer: bleeds cells above balanceStartMv that are balanceDeltaMv over the lowest. */
  balancer?: { startMv?: number; deltaMv?: number; bleedMa?: number; broken?: boolean };
  thresholds?: Partial<Thresholds>;
}

/** State of one protection. */
export interface ProtState {
  active: boolean;
  /** When the trip condition was first seen (pending trip), else null. */
  pendingSince: number | null;
  /** When it tripped (while active). */
  trippedAt: number | null;
  /** When its release condition was first seen while active (for held releases), else null. */
  releaseSince: number | null;
  /** How many times it tripped. */
  trips: number;
}

/** One measurement of the pack as the BMS's front end sees it. */
export interface PackReading {
  cellsMv: number[];
  packMv: number;
  currentA: number;
  /** Battery probe temperatures (true values; the family encodes faulted probes as its sentinel). */
  tempsC: number[];
  sensors: SensorState[];
  mosC: number;
  socPct: number;
  remainingAh: number;
  balancing: boolean[];
  chargeFet: boolean;
  dischargeFet: boolean;
  cycles: number;
}

const STEP_MS = 1000;
/** Float slack when comparing virtual times (sub-ms delays add up in binary fractions). */
const EPS_MS = 1e-6;
/** Time constant of cell polarisation (LFP relaxes over minutes after charge stops). */
const POL_TAU_MS = 120000;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

export class Pack {
  readonly cells: number;
  readonly capacityAh: number;
  readonly th: Thresholds;
  /** Virtual time the physics has reached. */
  tMs: number;
  readonly socPct: number[];
  readonly capScale: number[];
  cellMohm: number;
  /** Load demand in A (what the load would draw with the discharge FET closed). */
  loadA = 0;
  /** A short across the output: demand in A added to the load while on. */
  shortA = 0;
  /** Charger: current limit (A) and constant-voltage setpoint for the whole pack (mV; null = no CV stage). */
  chargerA = 0;
  chargerCvMv: number | null;
  ambientC: number;
  /** External heat source lifting the pack temperature target, °C (a loose terminal, the sun). */
  heatC = 0;
  /** Extra MOSFET heat, °C. */
  mosHeatC = 0;
  tempC: number;
  mosC: number;
  readonly sensors: SensorState[];
  readonly sensorOffsetC: number[];
  thermalTauMs: number;
  cPerWatt: number;
  balStartMv: number;
  balDeltaMv: number;
  balBleedMa: number;
  balancerBroken: boolean;
  /** Software FET lock (JBD register 0xE1 / an app switch): true = that FET forced off. */
  lockCharge = false;
  lockDischarge = false;
  readonly prot: { [id: string]: ProtState } = {};
  /** Called on every trip (rising edge) with the protection and its exact trip time. */
  readonly tripListeners: ((id: ProtId, tMs: number) => void)[] = [];
  /** Polarisation voltage of each cell, mV: what makes a charging cell read high and relax after. */
  readonly polMv: number[];
  private balancing: boolean[];
  private dischargedAh = 0;
  private nextDeadline: number | null = null;

  constructor(opts: PackOptions = {}, startMs = 0) {
    this.cells = opts.cells ?? 4;
    this.capacityAh = opts.capacityAh ?? 100;
    this.th = Object.assign({}, DEFAULT_THRESHOLDS, opts.thresholds || {});
    this.tMs = startMs;
    const soc = opts.socPct ?? 60;
    this.socPct = [];
    this.capScale = [];
    this.balancing = [];
    this.polMv = [];
    for (let i = 0; i < this.cells; i++) {
      this.polMv.push(0);
      this.socPct.push(soc + ((opts.cellSocOffsetPct && opts.cellSocOffsetPct[i]) || 0));
      this.capScale.push((opts.cellCapacityScale && opts.cellCapacityScale[i]) || 1);
      this.balancing.push(false);
    }
    this.cellMohm = opts.cellMohm ?? 1.0;
    this.chargerCvMv = Math.round(this.cells * 3550);
    this.ambientC = opts.ambientC ?? 22;
    this.tempC = this.ambientC;
    this.mosC = this.ambientC;
    const n = opts.tempSensors ?? 2;
    this.sensors = [];
    this.sensorOffsetC = [];
    for (let i = 0; i < n; i++) {
      this.sensors.push("ok");
      this.sensorOffsetC.push((opts.sensorOffsetC && opts.sensorOffsetC[i]) || 0);
    }
    this.thermalTauMs = opts.thermalTauMs ?? 20 * 60 * 1000;
    this.cPerWatt = opts.cPerWatt ?? 0.5;
    const b = opts.balancer || {};
    this.balStartMv = b.startMv ?? 3400;
    this.balDeltaMv = b.deltaMv ?? 15;
    this.balBleedMa = b.bleedMa ?? 60;
    this.balancerBroken = b.broken ?? false;
    for (const id of PROT_IDS) {
      this.prot[id] = { active: false, pendingSince: null, trippedAt: null, releaseSince: null, trips: 0 };
    }
    this.evaluate();
  }

  // ---------------------------------------------------------------- derived state

  isActive(id: ProtId): boolean {
    return this.prot[id].active;
  }

  chargeFetOn(): boolean {
    if (this.lockCharge) return false;
    for (const id of BLOCKS_CHARGE) if (this.prot[id].active) return false;
    return true;
  }

  dischargeFetOn(): boolean {
    if (this.lockDischarge) return false;
    for (const id of BLOCKS_DISCHARGE) if (this.prot[id].active) return false;
    return true;
  }

  /** Sum of the cells' open-circuit voltages, mV. */
  ocvSumMv(): number {
    let s = 0;
    for (let i = 0; i < this.cells; i++) s += lfpOcvMv(this.socPct[i]);
    return s;
  }

  /** Current that flows now, A (+ = into the pack), given FETs, charger CV stage and load. */
  currentA(): number {
    let chg = 0;
    if (this.chargeFetOn() && this.chargerA > 0) {
      chg = this.chargerA;
      if (this.chargerCvMv !== null) {
        // A CV charger is a voltage source: current = headroom / pack resistance, capped by its CC limit.
        const rOhm = (this.cells * this.cellMohm) / 1000;
        let pol = 0;
        for (const v of this.polMv) pol += v;
        const cv = (this.chargerCvMv - this.ocvSumMv() - pol) / 1000 / rOhm;
        chg = clamp(cv, 0, this.chargerA);
      }
    }
    const dsg = this.dischargeFetOn() ? this.loadA + this.shortA : 0;
    return chg - dsg;
  }

  /** Load demand (load + short), A: what a BMS's load-detect sees even with the FET open. */
  demandA(): number {
    return this.loadA + this.shortA;
  }

  cellMv(i: number, currentA: number): number {
    return lfpOcvMv(this.socPct[i]) + currentA * this.cellMohm + this.polMv[i];
  }

  /** Polarisation resistance of cell i, mΩ: grows at the knees, where a cell's voltage runs away. */
  polMohm(i: number): number {
    const s = this.socPct[i];
    if (s > 95) return 1.5 + Math.min(s - 95, 10) * 1.5;
    if (s < 10) return 1.5 + Math.min(10 - s, 15) * 0.5;
    return 1.5;
  }

  /** Temperatures of the working probes (what protection logic trusts). */
  private trustedTemps(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.sensors.length; i++) if (this.sensors[i] === "ok") out.push(this.tempC + this.sensorOffsetC[i]);
    return out;
  }

  read(): PackReading {
    const i = this.currentA();
    const cellsMv: number[] = [];
    let packMv = 0;
    for (let c = 0; c < this.cells; c++) {
      const mv = Math.round(this.cellMv(c, i));
      cellsMv.push(mv);
      packMv += mv;
    }
    let soc = 0;
    let rem = 0;
    for (let c = 0; c < this.cells; c++) {
      soc += clamp(this.socPct[c], 0, 100);
      rem = c === 0 ? clamp(this.socPct[c], 0, 100) * this.capScale[c] : Math.min(rem, clamp(this.socPct[c], 0, 100) * this.capScale[c]);
    }
    const tempsC: number[] = [];
    for (let s = 0; s < this.sensors.length; s++) tempsC.push(this.tempC + this.sensorOffsetC[s]);
    return {
      cellsMv,
      packMv,
      currentA: i,
      tempsC,
      sensors: this.sensors.slice(),
      mosC: this.mosC,
      socPct: soc / this.cells,
      remainingAh: (rem / 100) * this.capacityAh,
      balancing: this.balancing.slice(),
      chargeFet: this.chargeFetOn(),
      dischargeFet: this.dischargeFetOn(),
      cycles: Math.floor(this.dischargedAh / this.capacityAh),
    };
  }

  /** Level-1 warnings for families that report them (Daly): same ids as protections. */
  warnings(): { [id: string]: boolean } {
    const r = this.read();
    const th = this.th;
    const maxC = Math.max.apply(null, r.cellsMv);
    const minC = Math.min.apply(null, r.cellsMv);
    const temps = this.trustedTemps();
    const tMax = temps.length ? Math.max.apply(null, temps) : null;
    const tMin = temps.length ? Math.min.apply(null, temps) : null;
    const w = th.warnTempC;
    return {
      cellOv: maxC > th.cellOvMv - th.warnCellOvMv,
      cellUv: minC > 0 && minC < th.cellUvMv + th.warnCellUvMv,
      packOv: r.packMv > this.cells * (th.packOvCellMv - th.warnCellOvMv),
      packUv: r.packMv < this.cells * (th.packUvCellMv + th.warnCellUvMv),
      chgOt: tMax !== null && tMax > th.chgOtC - w,
      dsgOt: tMax !== null && tMax > th.dsgOtC - w,
      chgUt: tMin !== null && tMin < th.chgUtC + w && r.currentA > 0,
      dsgUt: tMin !== null && tMin < th.dsgUtC + w,
      occ: r.currentA > th.occA * th.warnCurrentFraction,
      ocd: -r.currentA > th.ocdA * th.warnCurrentFraction,
    };
  }

  // ---------------------------------------------------------------- controls (each first brings physics to tMs)

  /** Bring the physics to nowMs, then apply a change and re-evaluate the protections at nowMs. */
  change(nowMs: number, fn: (p: Pack) => void): void {
    this.advance(nowMs);
    fn(this);
    this.evaluate();
  }

  // ---------------------------------------------------------------- time

  advance(nowMs: number): void {
    while (this.tMs < nowMs) {
      let dt = Math.min(STEP_MS, nowMs - this.tMs);
      if (this.nextDeadline !== null && this.nextDeadline > this.tMs && this.nextDeadline - this.tMs < dt) {
        dt = this.nextDeadline - this.tMs;
      }
      this.integrate(dt);
      this.tMs += dt;
      this.evaluate();
    }
  }

  private integrate(dtMs: number): void {
    const i = this.currentA();
    const hours = dtMs / 3600000;
    if (i < 0) this.dischargedAh += -i * hours;
    // Balancer decision on the voltages at the start of the step.
    let minMv = Infinity;
    const mv: number[] = [];
    for (let c = 0; c < this.cells; c++) {
      mv.push(this.cellMv(c, i));
      if (mv[c] < minMv) minMv = mv[c];
    }
    const polK = 1 - Math.exp(-dtMs / POL_TAU_MS);
    for (let c = 0; c < this.cells; c++) {
      const bal = !this.balancerBroken && mv[c] > this.balStartMv && mv[c] - minMv > this.balDeltaMv;
      this.balancing[c] = bal;
      const bleedA = bal ? this.balBleedMa / 1000 : 0;
      const capAh = this.capacityAh * this.capScale[c];
      this.socPct[c] = clamp(this.socPct[c] + ((i - bleedA) * hours * 100) / capAh, LFP_SOC_MIN, LFP_SOC_MAX);
      this.polMv[c] += (i * this.polMohm(c) - this.polMv[c]) * polK;
    }
    // First-order thermal model: the pack and the MOSFETs approach ambient + external heat + I²R heating.
    const packW = i * i * (this.cells * this.cellMohm) / 1000;
    const target = this.ambientC + this.heatC + packW * this.cPerWatt;
    this.tempC += (target - this.tempC) * (1 - Math.exp(-dtMs / this.thermalTauMs));
    const mosW = i * i * 0.0005;
    const mosTarget = this.ambientC + this.mosHeatC + mosW * 3;
    this.mosC += (mosTarget - this.mosC) * (1 - Math.exp(-dtMs / 120000));
  }

  /** Runs every protection's trip/release logic at tMs and schedules the next deadline. */
  evaluate(): void {
    // A trip opens a FET, which changes the current and so the voltages the other rules see: run again then.
    const c = this.chargeFetOn();
    const d = this.dischargeFetOn();
    this.evaluateOnce();
    if (c !== this.chargeFetOn() || d !== this.dischargeFetOn()) this.evaluateOnce();
  }

  private evaluateOnce(): void {
    const th = this.th;
    const now = this.tMs;
    const current = this.currentA();
    let maxC = -Infinity;
    let minC = Infinity;
    let packMv = 0;
    for (let c = 0; c < this.cells; c++) {
      const v = Math.round(this.cellMv(c, current));
      packMv += v;
      if (v > maxC) maxC = v;
      if (v < minC) minC = v;
    }
    const r = { packMv, currentA: current };
    let tMax: number | null = null;
    let tMin: number | null = null;
    for (let k = 0; k < this.sensors.length; k++) {
      if (this.sensors[k] !== "ok") continue;
      const t = this.tempC + this.sensorOffsetC[k];
      if (tMax === null || t > tMax) tMax = t;
      if (tMin === null || t < tMin) tMin = t;
    }
    const n = this.cells;
    const demand = this.demandA();
    this.nextDeadline = null;
    this.rule("cellOv", maxC > th.cellOvMv, maxC < th.cellOvReleaseMv, th.cellOvDelayMs, 0, now);
    this.rule("cellUv", minC < th.cellUvMv, minC > th.cellUvReleaseMv, th.cellUvDelayMs, 0, now);
    this.rule("packOv", r.packMv > n * th.packOvCellMv, r.packMv < n * th.packOvReleaseCellMv, th.packOvDelayMs, 0, now);
    this.rule("packUv", r.packMv < n * th.packUvCellMv, r.packMv > n * th.packUvReleaseCellMv, th.packUvDelayMs, 0, now);
    this.rule("chgOt", tMax !== null && tMax > th.chgOtC, tMax === null || tMax < th.chgOtReleaseC, th.tempDelayMs, 0, now);
    this.rule("dsgOt", tMax !== null && tMax > th.dsgOtC, tMax === null || tMax < th.dsgOtReleaseC, th.tempDelayMs, 0, now);
    this.rule("chgUt", tMin !== null && tMin < th.chgUtC, tMin === null || tMin > th.chgUtReleaseC, th.tempDelayMs, 0, now);
    this.rule("dsgUt", tMin !== null && tMin < th.dsgUtC, tMin === null || tMin > th.dsgUtReleaseC, th.tempDelayMs, 0, now);
    this.rule("mosOt", this.mosC > th.mosOtC, this.mosC < th.mosOtReleaseC, th.tempDelayMs, 0, now);
    // Over-current: trips on the current that flows; releases by itself after a fixed time (JBD: 32 s).
    this.timedRule("occ", r.currentA > th.occA, th.occDelayMs, th.occReleaseMs, now);
    this.timedRule("ocd", -r.currentA > th.ocdA, th.ocdDelayMs, th.ocdReleaseMs, now);
    // Short circuit: trips on demand in µs, releases only once the load is removed (held scReleaseMs).
    this.rule("sc", demand > th.scA, demand < th.scReleaseLoadA, th.scDelayUs / 1000, th.scReleaseMs, now);
  }

  private deadline(t: number): void {
    if (t > this.tMs && (this.nextDeadline === null || t < this.nextDeadline)) this.nextDeadline = t;
  }

  private trip(id: ProtId, at: number): void {
    const p = this.prot[id];
    p.active = true;
    p.trippedAt = at;
    p.pendingSince = null;
    p.releaseSince = null;
    p.trips++;
    for (const l of this.tripListeners) l(id, at);
  }

  /** Trip after `over` held delayMs; release after `clear` held holdMs. */
  private rule(id: ProtId, over: boolean, clear: boolean, delayMs: number, holdMs: number, now: number): void {
    const p = this.prot[id];
    if (!p.active) {
      if (!over) {
        p.pendingSince = null;
        return;
      }
      if (p.pendingSince === null) p.pendingSince = now;
      if (now - p.pendingSince >= delayMs - EPS_MS) this.trip(id, p.pendingSince + delayMs);
      else this.deadline(p.pendingSince + delayMs);
      return;
    }
    if (!clear) {
      p.releaseSince = null;
      return;
    }
    if (p.releaseSince === null) p.releaseSince = now;
    if (now - p.releaseSince >= holdMs - EPS_MS) {
      p.active = false;
      p.trippedAt = null;
      p.releaseSince = null;
    } else this.deadline(p.releaseSince + holdMs);
  }

  /** Trip after `over` held delayMs; release releaseMs after the trip, whatever the load does then. */
  private timedRule(id: ProtId, over: boolean, delayMs: number, releaseMs: number, now: number): void {
    const p = this.prot[id];
    if (p.active) {
      if (now - (p.trippedAt as number) >= releaseMs - EPS_MS) {
        p.active = false;
        p.trippedAt = null;
      } else {
        this.deadline((p.trippedAt as number) + releaseMs);
        return;
      }
    }
    this.rule(id, over, false, delayMs, 0, now);
  }
}
