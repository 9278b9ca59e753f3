/**
 * Console API: plain ASCII text a person can copy and paste into a search or a message. A pure function of
 * the engine and the time; the composition root exposes it on the REPL as box.status(), box.codes(),
 * box.history() and box.counts() (firmware/main.ts).
 *
 * One exported function with its helpers inside: the console is used now and then, and on the ESP32 every
 * function kept costs JsVars (~5 each, plus one per parameter) while an inner function exists only during the
 * call. So the helpers cost nothing between calls.
 */
import { CODE_NAMES, CI_OCC, CI_OCD } from "../types";
import { codeInfo } from "../../codes/codes";
import { diagRule, KIND_CHARGE, KIND_NONE } from "../../codes/diagnosis";
import { Engine } from "./engine";
import { entryView } from "./words";
import { HistoryEntryView } from "./view-types";
import { fmtAge, fmtMa, fmtMv } from "./format";

export type ConsoleWhat = "status" | "codes" | "history" | "counts";

/** The console's text for `what`. */
export function consoleText(e: Engine, nowMs: number, what: ConsoleWhat): string {
  /** One line per shown code: "OVP [act] Over-voltage: <meaning> Do: <action> | cell 7 3.652 V | 2 min | x3". */
  function consoleCodes(e: Engine, nowMs: number): string {
    const v = e.view(nowMs);
    if (!v.codes.length) return v.link.ok ? "No active codes.\n" : "No active codes (no data from the BMS).\n";
    let s = "";
    for (let k = 0; k < v.codes.length; k++) {
      const c = v.codes[k];
      const info = codeInfo(c.ci);
      s += c.code + " [" + c.sevName + "] " + info.label + ": " + info.longMeaning + " Do: " + info.longAction;
      s += " | " + c.sideText;
      if (c.cell > 0) s += " | cell " + c.cell + " " + fmtMv(c.cellMv);
      if (c.currentMa !== null && (c.ci === CI_OCC || c.ci === CI_OCD)) s += " | " + fmtMa(c.currentMa) + " at trip";
      if (c.tempC !== null) s += " | " + c.tempC + " C";
      s += " | for " + fmtAge(c.ageMs);
      if (c.count > 1) s += " | rose " + c.count + " times";
      if (!c.present) s += c.latched ? " | latched: BMS released it, long-press to clear" : " | ending";
      if (c.silenced) s += " | silenced";
      if (c.recurring) s += " | recurring x" + c.recurring;
      if (c.cause) s += " | likely: " + c.cause + " (" + c.evidence + "); do: " + c.action;
      s += "\n";
    }
    return s;
  }

  /** The state at a glance: link, pack values, codes, diagnoses. */
  function consoleStatus(e: Engine, nowMs: number): string {
    const v = e.view(nowMs);
    let s = "bmsbox: " + v.mode;
    const l = v.link;
    s += " | BMS " + (l.family ? l.family.toUpperCase() : "?") + " " + (l.ok ? "link ok" : "NO DATA (" + l.reason + ")");
    if (l.ageMs !== null) s += ", last status " + fmtAge(l.ageMs) + " ago";
    s += "\n";
    const st = v.status;
    if (st) {
      s += "Pack " + (st.packMv !== null ? fmtMv(st.packMv) : "?") + ", " + (st.currentMa !== null ? fmtMa(st.currentMa) : "?");
      s += ", SOC " + (st.socPct !== null ? st.socPct + " %" : "?") + "\n";
      if (st.maxCell > 0) s += "Cells min " + fmtMv(st.minCellMv) + " (cell " + st.minCell + "), max " + fmtMv(st.maxCellMv) + " (cell " + st.maxCell + ")\n";
      if (st.tempC !== null || st.mosC !== null) {
        s += "Temp " + (st.tempC !== null ? (st.minTempC !== st.tempC ? st.minTempC + ".." : "") + st.tempC + " C" : "?");
        s += st.mosC !== null ? ", MOS " + st.mosC + " C\n" : "\n";
      }
      s += "FETs charge " + fet(st.chargeFet) + ", discharge " + fet(st.dischargeFet) + (st.mosLock ? ", MOSFET software lock SET (long-press to release)" : "") + "\n";
      if (v.why) s += v.why + "\n";
      if (st.faults.length) s += "Faults without a code: " + st.faults.join(", ") + "\n";
      if (st.warnings) s += "BMS warnings (level 1): " + maskText(st.warnings) + "\n";
    }
    s += consoleCodes(e, nowMs);
    for (let k = 0; k < v.diags.length; k++) s += "Diagnosis: " + v.diags[k].text + "\n";
    for (let k = 0; k < v.reminders.length; k++) s += "Reminder: " + v.reminders[k].text + " (long-press to acknowledge)\n";
    if (v.silenced) s += "Buzzer silenced.\n";
    return s;
  }

  function fet(on: boolean | null): string {
    return on === null ? "?" : on ? "on" : "OFF";
  }

  function maskText(m: number): string {
    const out: string[] = [];
    for (let ci = 0; ci < 8; ci++) if (m & (1 << ci)) out.push(CODE_NAMES[ci]);
    return out.join(" ");
  }

  function entryText(x: HistoryEntryView): string {
    let s = fmtAge(x.agoMs) + " ago: ";
    if (x.kind === "clear") {
      s += x.code ? "cleared " + x.code : "cleared nothing";
      if (x.lockReleased) s += ", JBD MOSFET lock release sent";
      if (x.recurring) s += " (recurring: stop clearing, diagnose)";
      return s;
    }
    if (x.kind === "refusal") {
      s += "clear refused for " + x.code + (x.noData ? " (no data)" : " (still reported)");
      if (x.count > 1) s += ", " + x.count + " presses";
      return s;
    }
    s += x.code + (x.open ? " ongoing, " + fmtAge(x.durMs) + " so far" : " for " + (x.cut ? "? (cut by a reboot)" : fmtAge(x.durMs)));
    if (x.count > 1) s += ", rose " + x.count + " times";
    if (x.cell > 0) s += ", cell " + x.cell + " " + fmtMv(x.cellMv);
    s += ", " + fmtMa(x.currentMa);
    if (x.tMax !== null) s += ", " + (x.tMin !== null && x.tMin !== x.tMax ? x.tMin + ".." : "") + x.tMax + " C";
    if (x.latched) s += ", safety (latched)";
    if (x.remind) s += ", recurring: " + x.remind;
    return s;
  }

  /** The history ring, newest first. */
  function consoleHistory(e: Engine, nowMs: number): string {
    const h = e.hist;
    if (!h.len) return "History is empty.\n";
    const b = e.box(nowMs);
    let s = "";
    for (let i = h.len - 1; i >= 0; i--) s += entryText(entryView(e, i, b)) + "\n";
    return s;
  }

  /** Per code: episodes in the window, in the history, per cycle; and the diagnosis when it recurs. */
  function consoleCounts(e: Engine, nowMs: number): string {
    const hours = Math.floor(e.windowMs / 3600000);
    let s = "Episodes per code (last " + hours + " h / in history), charge cycle " + e.cyc.chg + ", discharge cycle " + e.cyc.dsg + "\n";
    const v = e.view(nowMs);
    for (let ci = 0; ci < 8; ci++) {
      const r = e.recurrence(ci, nowMs);
      s += CODE_NAMES[ci] + ": " + r.win + " / " + r.all;
      const kind = diagRule(ci).kind;
      if (kind !== KIND_NONE && r.look > 0) s += ", in " + r.cyc + " of the last " + r.look + (kind === KIND_CHARGE ? " charges" : " discharges");
      for (let k = 0; k < v.diags.length; k++) if (v.diags[k].ci === ci) s += " -> " + v.diags[k].text;
      s += "\n";
    }
    return s;
  }

  // Last, after the declarations: Espruino defines a nested function when its declaration is reached.
  return what === "status" ? consoleStatus(e, nowMs) : what === "codes" ? consoleCodes(e, nowMs) : what === "history" ? consoleHistory(e, nowMs) : consoleCounts(e, nowMs);
}
