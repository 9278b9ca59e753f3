/**
 * The engine's view (EngineView, firmware/src/engine/view-types.ts) turned into the one screen to draw now.
 * Pure; the only decision here is presentation: which of several codes is on screen at this moment
 * (rotation every ROTATE_MS, most severe first as the engine ordered them; while a safety code is shown only
 * the safety codes rotate, so the safety screen never gives way to a lesser one) and the short words.
 */
import { CI_OCC, CI_OCD, CI_SC, CI_UTP } from "../types";
import { EngineView, CodeView, HistoryEntryView, StatusView } from "../engine/view-types";
import {
  ScreenModel, CodeLine, StatusLine, blankModel, SCREEN_BOOT, SCREEN_OK, SCREEN_CODE, SCREEN_NODATA, SCREEN_DIAG,
  SCREEN_REFUSED, SCREEN_CONFIRM, SCREEN_HISTORY, SCREEN_CLEARED, SCREEN_CELLS, SEV_SAFETY,
} from "./model";
import { age, amps, cellVolts } from "./format";
import { codeInfo } from "../../codes/codes";
import { SEV_WAIT } from "../../codes/severity";

/**
 * The first look at a code that has just appeared on a box that showed none: the top of its screen (the code, its
 * class, what it means, the first action, what a press does), from the code table alone. The full screen needs the
 * engine's view first (value, side, cause: ~1,000 LIE, about 100 ms on the slowest ESP32, then ~100 ms to draw);
 * firmware/main.ts draws this in the callback that lit the LED, and the full screen replaces it with the next render.
 * The same layout, so the lines both have stay where they are. sev: the code's class now (the engine's sevOf).
 */
export function firstLookModel(ci: number, sev: number): ScreenModel {
  const info = codeInfo(ci);
  const m = blankModel(SCREEN_CODE);
  m.code = {
    code: info.code, label: info.label, meaning: info.meaning, action: sev === SEV_WAIT && info.wait ? info.wait : info.action,
    side: "", severity: sev, value: "", valueOf: "", recurring: 0, cause: "", evidence: "", index: 1, count: 1,
    latched: false, silenced: false, noData: false,
  };
  return m;
}

/** How long each of several codes stays on screen. */
export const ROTATE_MS = 3000;

const FAMILY_NAME: { [f: string]: string } = { jbd: "JBD", jk: "JK", daly: "Daly" };

export function familyName(f: string | null): string {
  return f ? FAMILY_NAME[f] || f : "";
}

function codeLine(c: CodeView, index: number, count: number, noData: boolean): CodeLine {
  let value = "";
  let valueOf = "";
  if (c.cell > 0) {
    value = cellVolts(c.cellMv);
    // "3.652V cell 7" is one line beside the code; the code says whether it is the highest or the lowest.
    valueOf = "cell " + c.cell;
  } else if (c.tempC !== null) {
    value = c.tempC + "C";
    valueOf = c.ci === CI_UTP ? "coldest" : "hottest";
  } else if (c.currentMa !== null && c.currentMa !== 0 && (c.ci === CI_OCC || c.ci === CI_OCD || c.ci === CI_SC)) {
    // The current matters for OCC, OCD and SC only (CODE_NAMES order: bits 2, 3, 6).
    value = amps(c.currentMa);
    valueOf = "at trip";
  }
  return {
    code: c.code,
    label: c.label,
    meaning: c.meaning,
    action: c.action,
    side: c.sideText,
    severity: c.sev,
    value: value,
    valueOf: valueOf,
    recurring: c.recurring,
    cause: c.cause || "",
    evidence: c.evidence || "",
    index: index,
    count: count,
    latched: c.latched && !c.present,
    silenced: c.silenced,
    noData: noData,
  };
}

/**
 * The all-clear screen's status line from the engine's status (StatusView), the link's age and the reminder. Also
 * made on its own, without the engine's whole view, when only the status's values moved (firmware/main.ts render).
 */
export function statusLineOf(s: StatusView, linkAgeMs: number, remind: string): StatusLine {
  let note = "";
  if (s.mosLock) note = "MOSFET lock on (hold: release)";
  for (let i = 0; i < s.faults.length; i++) note += (note ? "; " : "") + s.faults[i];
  if (!note && s.warnings) note = "BMS warning level 1";
  if (!note && s.chargeFet === false) note = "charge FET off";
  if (!note && s.dischargeFet === false) note = "discharge FET off";
  return {
    packMv: s.packMv,
    currentMa: s.currentMa,
    socPct: s.socPct,
    minCellMv: s.minCell > 0 ? s.minCellMv : null,
    minCell: s.minCell,
    maxCellMv: s.maxCell > 0 ? s.maxCellMv : null,
    maxCell: s.maxCell,
    tempC: s.tempC,
    linkAgeMs: linkAgeMs,
    family: familyName(s.family),
    note: note,
    remind: remind,
  };
}

/** The reminder on the all-clear screen; several take turns every ROTATE_MS. */
function remindLine(v: EngineView, nowMs: number): string {
  const r = v.reminders;
  if (!r || !r.length) return "";
  return r[Math.floor(nowMs / ROTATE_MS) % r.length].text;
}

function historyLines(e: HistoryEntryView): string[] {
  let when = age(e.agoMs) + " ago";
  if (e.kind === "episode" && e.durMs > 0) when += ", " + age(e.durMs);
  if (e.open) when += " on";
  const flags: string[] = [];
  if (e.latched) flags.push("latched");
  if (e.recurring) flags.push(e.remind ? "recurring: " + e.remind.split(": ")[1] : "recurring");
  if (e.lockReleased) flags.push("lock released");
  if (e.noData) flags.push("no data");
  if (e.cut) flags.push("cut by reboot");
  return [when, e.line, flags.join(", ")];
}

/** The screen for the engine's view at nowMs; `board`/`version` fill the boot screen. */
export function toModel(v: EngineView, nowMs: number, board: string, version: string): ScreenModel {
  const mode = v.mode;
  if (mode === "codes" || mode === "safety") {
    const list: CodeView[] = [];
    for (let i = 0; i < v.codes.length; i++) if (mode !== "safety" || v.codes[i].sev === SEV_SAFETY) list.push(v.codes[i]);
    if (list.length) {
      const k = Math.floor(nowMs / ROTATE_MS) % list.length;
      const m = blankModel(SCREEN_CODE);
      m.code = codeLine(list[k], k + 1, list.length, !v.link.ok);
      return m;
    }
  }
  if (mode === "clear" && v.status) {
    const m = blankModel(SCREEN_OK);
    m.status = statusLineOf(v.status, v.link.ageMs !== null ? v.link.ageMs : v.status.ageMs, remindLine(v, nowMs));
    return m;
  }
  if (mode === "refused" && v.refusal) {
    const m = blankModel(SCREEN_REFUSED);
    m.title = "NO CLEAR";
    m.lines = [v.refusal.reason, v.refusal.detail];
    return m;
  }
  if (mode === "diagnosis" && v.diag) {
    const m = blankModel(SCREEN_DIAG);
    m.title = v.diag.code + " again";
    m.lines = [v.diag.cause, v.diag.evidence];
    return m;
  }
  if (mode === "confirm" && v.confirm) {
    const m = blankModel(SCREEN_CONFIRM);
    m.title = "CLEAR " + v.confirm.code + "?";
    m.lines = ["Wiring inspected?", "Hold again within " + Math.ceil(v.confirm.leftMs / 1000) + "s to clear the latch."];
    return m;
  }
  if (mode === "cleared" && v.cleared) {
    const m = blankModel(SCREEN_CLEARED);
    m.title = "CLEARED";
    m.lines = [v.cleared.codes.length ? v.cleared.codes.join(" ") : "Nothing was latched"];
    if (v.cleared.lockReleased) m.lines.push("JBD MOSFET lock release sent");
    return m;
  }
  if (mode === "history" && v.history) {
    const m = blankModel(SCREEN_HISTORY);
    m.index = v.history.index + 1;
    m.count = v.history.total;
    const e = v.history.entry;
    if (e) {
      m.title = e.kind === "episode" ? e.code : e.kind === "clear" ? "CLEAR" : "REFUSED";
      m.lines = historyLines(e);
    }
    return m;
  }
  if (mode === "cells" && v.cells) {
    const m = blankModel(SCREEN_CELLS);
    const c = v.cells;
    m.cells = c.mv;
    m.mark = c.cell;
    if (c.code) m.markLine = c.code + " #" + c.cell + (c.open ? " now" : " " + age(c.agoMs) + " ago");
    return m;
  }
  if (mode === "boot") {
    const m = blankModel(SCREEN_BOOT);
    m.board = board;
    m.version = version;
    m.family = familyName(v.link.family);
    m.found = v.link.ok;
    return m;
  }
  // No data (also any mode whose data is missing): age and reason; latched safety codes stay named.
  const m = blankModel(SCREEN_NODATA);
  m.noDataAgeMs = v.link.ageMs === null ? -1 : v.link.ageMs;
  m.noDataReason = v.link.reason || "silent";
  m.noDataHint = v.link.hint || "";
  for (let i = 0; i < v.codes.length; i++) if (v.codes[i].latched) m.latchedCode += (m.latchedCode ? " " : "") + v.codes[i].code;
  return m;
}
