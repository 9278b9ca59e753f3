/**
 * What the engine shows, in words and view models: the per-code, status, link, history-entry and cell views that
 * Engine.view() puts together, the refusal and reminder sentences and the "why is it off" line. They only read the
 * engine's state; the rules that decide what is shown (episodes, severity, latches, which codes a clear refuses,
 * diagnoses, the mode, the LED and buzzer) stay in engine.ts.
 *
 * Plain functions that take the engine, one per former method of Engine: on the ESP32 a function costs the same
 * few variables whether it sits on the class or here (plus one for the engine parameter), where a helper object or
 * closures would cost more. The texts' lengths are the screens' (view-types.ts, codes.ts).
 */
import { CODE_NAMES, maskNames, CI_OVP, CI_UVP, CI_OCC, CI_OCD, CI_OTP, CI_UTP, CI_SC, CI_NTC } from "../types";
import { codeInfo, SIDE_TEXT } from "../../codes/codes";
import { SEV_WAIT, SEVERITY_NAMES } from "../../codes/severity";
import { Diagnosis } from "../../codes/diagnosis";
import {
  F_CUT, F_LATCHED, F_LOCK, F_NODATA, F_OPEN, F_RECURRING, HIST_KIND_CLEAR, HIST_KIND_EPISODE, HIST_KIND_REFUSAL,
  H_CELL, H_CODE, H_DUR, H_FLAGS, H_KIND, H_MA, H_MV, H_N, H_T, H_TMAX, H_TMIN, T_NONE,
} from "./history";
import { extremeCell, maxOf, minOf } from "./extremes";
import { fmtMv } from "./format";
import type { Engine } from "./engine";
import { CellsView, CodeView, HistoryEntryView, LinkView, RefusalView, StatusView } from "./view-types";

/**
 * What a refused clear says about code ci: the code is still reported (with the reading that shows it: the cell,
 * the temperature, or what to do first), or there is no fresh data to check it by. Built when the press is refused,
 * so the screen keeps the reading of that moment for its messageMs.
 */
export function refusalFor(e: Engine, ci: number, fresh: boolean): RefusalView {
  const code = CODE_NAMES[ci];
  if (!fresh) {
    return {
      code: code,
      reason: "No data from the BMS:",
      detail: "cannot check " + code + " is gone",
      text: "Clear refused: no data from the BMS, so " + code + " cannot be checked.",
    };
  }
  const s = e.snap;
  let detail = "It clears itself when it ends";
  if (s) {
    if (ci === CI_OVP || ci === CI_UVP) {
      const c = extremeCell(s.cellsMv, ci === CI_OVP);
      if (c >= 0 && s.cellsMv) detail = "Cell " + (c + 1) + " at " + fmtMv(s.cellsMv[c]);
    } else if (ci === CI_OTP || ci === CI_UTP) {
      const t = ci === CI_OTP ? maxOf(s.tempsC, s.mosC) : minOf(s.tempsC, null);
      if (t !== T_NONE) detail = "Temperature " + t + " C";
    } else if (ci === CI_OCD || ci === CI_SC) detail = "Remove the load first";
    else if (ci === CI_OCC) detail = "Lower the charger first";
    else if (ci === CI_NTC) detail = "Sensor still implausible";
  }
  return {
    code: code,
    reason: code + " still reported by BMS",
    detail: detail,
    text: "Clear refused: the BMS still reports " + code + " (" + detail + "); it clears itself when the cause is gone.",
  };
}

/** A recurring code's reminder: "OCD x4: pack undersized" (the episodes counted in the window, the diagnosis's tag). */
export function remindText(e: Engine, d: Diagnosis): string {
  return d.code + " x" + e.dRecur[d.ci] + ": " + d.tag;
}

/** One shown code (ci) at box time b, ready to render: texts, side, class, the episode's evidence, its diagnosis. */
export function codeView(e: Engine, ci: number, b: number): CodeView {
  const bit = 1 << ci;
  const info = codeInfo(ci);
  const h = e.hist;
  const i = h.indexOf(e.epId[ci]);
  const sev = e.sevOf(ci, b);
  const s = e.snap;
  let side = info.side;
  if (s) {
    const c = (s.chargeBlocked & bit) !== 0;
    const d = (s.dischargeBlocked & bit) !== 0;
    if (c || d) side = c && d ? "both" : c ? "charge" : "discharge";
  }
  const diags = e.diagnoses(b);
  const recurring = e.dRecur[ci];
  let d: Diagnosis | null = null;
  if (recurring) for (let k = 0; k < diags.length; k++) if (diags[k].ci === ci && diags[k].recurring) d = diags[k];
  const ma = i >= 0 ? h.get(i, H_MA) : 0;
  const tx = i >= 0 ? h.get(i, H_TMAX) : T_NONE;
  const tn = i >= 0 ? h.get(i, H_TMIN) : T_NONE;
  const t = ci === CI_OTP ? tx : ci === CI_UTP ? tn : T_NONE;
  return {
    code: info.code,
    ci: ci,
    sev: sev,
    sevName: SEVERITY_NAMES[sev],
    label: info.label,
    meaning: info.meaning,
    action: sev === SEV_WAIT && info.wait ? info.wait : d ? d.act : info.action,
    side: side,
    sideText: SIDE_TEXT[side],
    present: (e.present & bit) !== 0 && e.fresh(b),
    latched: (e.latched & bit) !== 0,
    silenced: (e.silenced & bit) !== 0,
    ageMs: b - e.startMs[ci],
    count: i >= 0 ? h.get(i, H_N) : 1,
    cell: i >= 0 ? h.get(i, H_CELL) : 0,
    cellMv: i >= 0 ? h.get(i, H_MV) : 0,
    currentMa: i >= 0 && (ma !== 0 || (s !== null && s.currentMa !== null)) ? ma : null,
    tempC: t === T_NONE ? null : t,
    recurring: recurring,
    cause: d ? d.cause : "",
    evidence: d ? d.evidence : "",
  };
}

/** The all-clear values of the latest status at box time b; null without a fresh one. */
export function statusView(e: Engine, b: number): StatusView | null {
  const s = e.snap;
  if (!s || !e.fresh(b)) return null;
  const hi = extremeCell(s.cellsMv, true);
  const lo = extremeCell(s.cellsMv, false);
  const cells = s.cellsMv;
  const tx = maxOf(s.tempsC, null);
  const tn = minOf(s.tempsC, null);
  return {
    family: s.family,
    packMv: s.packMv,
    currentMa: s.currentMa,
    socPct: s.socPct,
    minCellMv: lo >= 0 && cells ? cells[lo] : 0,
    minCell: lo + 1,
    maxCellMv: hi >= 0 && cells ? cells[hi] : 0,
    maxCell: hi + 1,
    tempC: tx === T_NONE ? null : tx,
    minTempC: tn === T_NONE ? null : tn,
    mosC: s.mosC,
    chargeFet: s.chargeFet,
    dischargeFet: s.dischargeFet,
    mosLock: s.mosLock,
    warnings: s.warnings,
    faults: s.faults,
    ageMs: b - e.snapMs,
  };
}

/** Whether data is fresh at box time b, why not, since when, and the hint the evidence suggests. */
export function linkView(e: Engine, b: number, nowMs: number): LinkView {
  const l = e.link;
  const ok = e.fresh(b);
  let reason: string | null = null;
  if (!ok) reason = l && !l.ok && l.reason ? l.reason : e.snapMs < 0 ? "never" : "stale";
  let age: number | null = e.snapMs >= 0 ? b - e.snapMs : null;
  if (l && l.lastGoodMs !== null && (age === null || nowMs - l.lastGoodMs < age)) age = nowMs - l.lastGoodMs;
  let hint = "";
  const s = e.snap;
  if (reason === "never") hint = "Never answered: check wiring";
  else if (reason === "garbage") hint = "Garbled data: check baud/wiring";
  else if (reason === "stale") hint = "No fresh status";
  else if (reason !== null) {
    if (e.present) hint = "Silent after a trip: restarting?";
    else if (s && (s.currentMa === null || (s.currentMa < 500 && s.currentMa > -500))) hint = "Silent while idle: asleep?";
    else hint = "BMS stopped answering";
  }
  return { ok: ok, reason: reason, ageMs: age, family: l && l.family ? l.family : s ? s.family : null, hint: hint };
}

/** History entry i (0 = oldest) as the browser and the console show it, ages at box time b. */
export function entryView(e: Engine, i: number, b: number): HistoryEntryView {
  const h = e.hist;
  const kind = h.get(i, H_KIND);
  const f = h.get(i, H_FLAGS);
  const c = h.get(i, H_CODE);
  const n = h.get(i, H_N);
  const tx = h.get(i, H_TMAX);
  const tn = h.get(i, H_TMIN);
  let code = "";
  let line = "";
  if (kind === HIST_KIND_CLEAR) {
    const names = maskNames(c);
    code = names.join(" ");
    line = code ? "Cleared " + (names.length > 4 ? names.length + " codes" : code) : "Lock released";
    if (code && f & F_LOCK) line += " +lock";
  } else {
    code = CODE_NAMES[c];
    if (kind === HIST_KIND_REFUSAL) line = "Refused " + code + (f & F_NODATA ? " (no data)" : "");
    else {
      line = code;
      if (h.get(i, H_CELL) > 0) line += " c" + h.get(i, H_CELL) + " " + fmtMv(h.get(i, H_MV));
      else if (c === CI_OCD || c === CI_OCC) line += " " + Math.round(h.get(i, H_MA) / 1000) + " A";
      else if (c === CI_OTP && tx !== T_NONE) line += " " + tx + " C";
      else if (c === CI_UTP && tn !== T_NONE) line += " " + tn + " C";
    }
    if (n > 1) line += " x" + n;
  }
  let remind = "";
  if (kind === HIST_KIND_EPISODE && f & F_RECURRING) {
    const diags = e.diagnoses(b);
    for (let k = 0; k < diags.length; k++) if (diags[k].ci === c && diags[k].recurring && e.dRecur[c]) remind = remindText(e, diags[k]);
  }
  return {
    kind: kind === HIST_KIND_EPISODE ? "episode" : kind === HIST_KIND_CLEAR ? "clear" : "refusal",
    code: code,
    agoMs: b - h.get(i, H_T) * 1000,
    durMs: kind !== HIST_KIND_EPISODE ? 0 : f & F_OPEN ? b - h.get(i, H_T) * 1000 : h.get(i, H_DUR) * 1000,
    count: n,
    cell: h.get(i, H_CELL),
    cellMv: h.get(i, H_MV),
    currentMa: h.get(i, H_MA),
    tMax: tx === T_NONE ? null : tx,
    tMin: tn === T_NONE ? null : tn,
    latched: (f & F_LATCHED) !== 0,
    lockReleased: (f & F_LOCK) !== 0,
    recurring: (f & F_RECURRING) !== 0,
    noData: (f & F_NODATA) !== 0,
    cut: (f & F_CUT) !== 0,
    open: (f & F_OPEN) !== 0,
    remind: remind,
    line: line,
  };
}

/** The cells and the cell named by the newest OVP/UVP episode in the history ring (open or ended). */
export function cellsView(e: Engine, mv: number[], b: number): CellsView {
  const h = e.hist;
  for (let i = h.len - 1; i >= 0; i--) {
    const ci = h.get(i, H_CODE);
    if (h.get(i, H_KIND) !== HIST_KIND_EPISODE || (ci !== CI_OVP && ci !== CI_UVP) || h.get(i, H_CELL) <= 0) continue;
    return { mv: mv, code: CODE_NAMES[ci], cell: h.get(i, H_CELL), agoMs: b - h.get(i, H_T) * 1000, open: (h.get(i, H_FLAGS) & F_OPEN) !== 0 };
  }
  return { mv: mv, code: "", cell: 0, agoMs: 0, open: false };
}

/** The one sentence for "why is charging / discharging off?" from FET states, reported codes and the lock. */
export function why(e: Engine, b: number): string {
  const s = e.snap;
  if (!s || !e.fresh(b)) return "";
  const chgOff = s.chargeFet === false;
  const dsgOff = s.dischargeFet === false;
  if (!chgOff && !dsgOff) return "";
  let mask = 0;
  for (let ci = 0; ci < 8; ci++) {
    const bit = 1 << ci;
    if (!(e.present & bit)) continue;
    const side = s.chargeBlocked & bit && s.dischargeBlocked & bit ? "both" : s.chargeBlocked & bit ? "charge" : s.dischargeBlocked & bit ? "discharge" : codeInfo(ci).side;
    if ((chgOff && (side === "charge" || side === "both")) || (dsgOff && (side === "discharge" || side === "both"))) mask |= bit;
  }
  const head = chgOff && dsgOff ? "Charge + load off" : chgOff ? "Charging off" : "Load off";
  if (mask) {
    const names = maskNames(mask);
    return head + ": " + (names.length > 3 ? names.length + " codes" : names.join(" "));
  }
  if (s.mosLock) return head + ": MOSFET lock";
  return head + (chgOff && dsgOff ? " (no code)" : " by the BMS (no code)");
}
