/**
 * The screens: a ScreenModel drawn on a 128x64 Gfx with the two built-in fonts. Pure: the same code draws
 * on the device's Graphics buffer and on the host's recorder (tests compare text and check that every
 * string fits: fitText/wrapText measure with the surface's own stringWidth).
 *
 * Layout rules: the code is the biggest thing on a code screen (6x8 at 3x: 24 px high); the second line
 * says what it means, then what to do; small print (4x6) only for details and hints. Safety screens are
 * inverted (lit background, dark text) so they cannot be mistaken for an ordinary alarm at a glance.
 */
import { Gfx, fitText, wrapText, SCREEN_W, FONT_SMALL, FONT_BIG } from "./gfx";
import {
  ScreenModel, StatusLine, CodeLine, SCREEN_BOOT, SCREEN_OK, SCREEN_CODE, SCREEN_NODATA, SCREEN_DIAG,
  SCREEN_REFUSED, SCREEN_CONFIRM, SCREEN_HISTORY, SCREEN_CLEARED, SEV_SAFETY, SEV_WAIT,
} from "./model";
import { age, amps, volts, cellVolts } from "./format";

/** Draws `s` in font/scale at x,y, cut to what fits before the right edge. */
function put(g: Gfx, font: string, scale: number, s: string, x: number, y: number): void {
  g.setFont(font, scale);
  g.drawString(fitText(g, s, SCREEN_W - x), x, y);
}

/** Draws `s` right-aligned against the right edge. */
function putRight(g: Gfx, font: string, scale: number, s: string, y: number): void {
  g.setFont(font, scale);
  const t = fitText(g, s, SCREEN_W);
  g.drawString(t, SCREEN_W - g.stringWidth(t), y);
}

/** Word-wrapped text from y, line height lh, at most n lines; returns the y below the last line. */
function para(g: Gfx, font: string, s: string, y: number, lh: number, n: number): number {
  g.setFont(font, 1);
  const lines = wrapText(g, s, SCREEN_W, n);
  for (let i = 0; i < lines.length; i++) g.drawString(lines[i], 0, y + i * lh);
  return y + lines.length * lh;
}

function drawBoot(g: Gfx, m: ScreenModel): void {
  put(g, FONT_BIG, 2, "bmsbox", 0, 0);
  putRight(g, FONT_SMALL, 1, "v" + m.version, 0);
  put(g, FONT_BIG, 1, m.board, 0, 22);
  put(g, FONT_BIG, 1, m.family ? "BMS: " + m.family : "BMS: searching...", 0, 34);
  put(g, FONT_SMALL, 1, m.found ? "found, reading status" : m.family ? "waiting for an answer" : "trying JBD, JK, Daly", 0, 46);
}

function drawStatus(g: Gfx, s: StatusLine): void {
  put(g, FONT_BIG, 2, "OK", 0, 0);
  put(g, FONT_BIG, 1, s.family, 30, 0);
  put(g, FONT_SMALL, 1, "data " + age(s.linkAgeMs) + " ago", 30, 10);
  if (s.socPct !== null) putRight(g, FONT_BIG, 2, s.socPct + "%", 0);
  put(g, FONT_BIG, 2, s.packMv !== null ? volts(s.packMv) : "--.--V", 0, 19);
  if (s.currentMa !== null) putRight(g, FONT_BIG, 1, amps(s.currentMa), 23);
  if (s.minCellMv !== null && s.maxCellMv !== null) {
    put(g, FONT_BIG, 1, "lo " + cellVolts(s.minCellMv) + " #" + s.minCell, 0, 38);
    put(g, FONT_BIG, 1, "hi " + cellVolts(s.maxCellMv) + " #" + s.maxCell, 0, 47);
    putRight(g, FONT_SMALL, 1, "d " + (s.maxCellMv - s.minCellMv) + "mV", 49);
  }
  if (s.tempC !== null) putRight(g, FONT_BIG, 1, s.tempC + "C", 38);
  if (s.remind) put(g, FONT_SMALL, 1, s.remind, 0, 58);
  else if (s.note) put(g, FONT_SMALL, 1, s.note, 0, 58);
}

/** Indexed by severity class (0 safety, 1 act, 2 wait). */
const SEVERITY_WORD = ["SAFETY", "ACT NOW", "WAIT"];

function drawCode(g: Gfx, c: CodeLine): void {
  put(g, FONT_BIG, 3, c.code, 0, 0);
  put(g, FONT_SMALL, 1, SEVERITY_WORD[c.severity] || "", 60, 1);
  if (c.count > 1) putRight(g, FONT_BIG, 1, c.index + "/" + c.count, 0);
  else if (c.noData) putRight(g, FONT_SMALL, 1, "NO DATA", 1);
  if (c.value) put(g, FONT_BIG, 1, c.value, 60, 10);
  if (c.valueOf) put(g, FONT_SMALL, 1, c.valueOf, 60, 19);
  put(g, FONT_BIG, 1, c.label, 0, 26);
  // A recurring code says its likely cause and the evidence unasked (the action follows the diagnosis).
  put(g, FONT_SMALL, 1, c.cause || c.meaning, 0, 36);
  put(g, FONT_SMALL, 1, c.action, 0, 43);
  put(g, FONT_SMALL, 1, c.evidence || c.side, 0, 50);
  let foot = "";
  if (c.recurring > 1) foot = "recurring x" + c.recurring;
  if (c.latched) foot += (foot ? "  " : "") + "latched: hold to ack";
  else if (c.silenced) foot += (foot ? "  " : "") + "muted";
  else if (c.severity !== SEV_WAIT) foot += (foot ? "  " : "") + "press: mute";
  put(g, FONT_SMALL, 1, foot, 0, 57);
}

const NODATA_REASON: { [k: string]: string } = {
  never: "BMS never answered",
  silent: "BMS stopped answering",
  garbage: "Garbled frames only",
  stale: "No fresh status",
};
const NODATA_HINT: { [k: string]: string } = {
  never: "Check TX/RX crossed, GND, BMS awake",
  silent: "BMS asleep or restarting after a trip?",
  garbage: "Check GND, cable length, baud",
  stale: "Answers come but carry no status",
};

function drawNoData(g: Gfx, m: ScreenModel): void {
  put(g, FONT_BIG, 2, "NO DATA", 0, 0);
  put(g, FONT_BIG, 1, NODATA_REASON[m.noDataReason] || "No answer", 0, 20);
  put(g, FONT_BIG, 1, m.noDataAgeMs < 0 ? "no data yet" : "last " + age(m.noDataAgeMs) + " ago", 0, 30);
  para(g, FONT_SMALL, m.noDataHint || NODATA_HINT[m.noDataReason] || "", 40, 7, 2);
  if (m.latchedCode) put(g, FONT_SMALL, 1, m.latchedCode + " latched: hold to ack", 0, 57);
  else put(g, FONT_SMALL, 1, "codes unknown, not stale", 0, 57);
}

/** Diagnosis, refusal, confirmation: a title line (6x8 x2) and up to three lines of explanation. */
function drawMessage(g: Gfx, m: ScreenModel, footer: string): void {
  put(g, FONT_BIG, 2, m.title, 0, 0);
  let y = 19;
  for (let i = 0; i < m.lines.length && i < 3; i++) y = para(g, i === 0 ? FONT_BIG : FONT_SMALL, m.lines[i], y, i === 0 ? 9 : 7, 2) + 1;
  put(g, FONT_SMALL, 1, footer, 0, 58);
}

function drawHistory(g: Gfx, m: ScreenModel): void {
  put(g, FONT_BIG, 1, "HISTORY", 0, 0);
  putRight(g, FONT_BIG, 1, m.count ? m.index + "/" + m.count : "empty", 0);
  if (m.count) {
    put(g, FONT_BIG, 2, m.title, 0, 11);
    for (let i = 0; i < m.lines.length && i < 4; i++) put(g, i === 0 ? FONT_BIG : FONT_SMALL, 1, m.lines[i], 0, i === 0 ? 29 : 32 + i * 7);
  } else {
    put(g, FONT_BIG, 1, "No events recorded", 0, 24);
  }
  put(g, FONT_SMALL, 1, "press: next  hold or 2x: back", 0, 58);
}

/** Draws the model on g (cleared first). */
export function drawScreen(g: Gfx, m: ScreenModel): void {
  g.clear();
  const safety = (m.screen === SCREEN_CODE && m.code !== null && m.code.severity === SEV_SAFETY) || m.screen === SCREEN_CONFIRM;
  if (safety) {
    g.setColor(1);
    g.fillRect(0, 0, 127, 63);
    g.setColor(0);
  } else {
    g.setColor(1);
  }
  if (m.screen === SCREEN_BOOT) drawBoot(g, m);
  else if (m.screen === SCREEN_OK && m.status) drawStatus(g, m.status);
  else if (m.screen === SCREEN_CODE && m.code) drawCode(g, m.code);
  else if (m.screen === SCREEN_NODATA) drawNoData(g, m);
  else if (m.screen === SCREEN_DIAG) drawMessage(g, m, "stop clearing: diagnose");
  else if (m.screen === SCREEN_REFUSED) drawMessage(g, m, "press: back");
  else if (m.screen === SCREEN_CONFIRM) drawMessage(g, m, "hold again: clear  press: no");
  else if (m.screen === SCREEN_HISTORY) drawHistory(g, m);
  else if (m.screen === SCREEN_CLEARED) drawMessage(g, m, "");
  g.setColor(1);
}
