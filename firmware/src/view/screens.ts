/**
 * The screens: a ScreenModel drawn on a 128x64 Gfx. Pure: the same code draws on the device's Graphics buffer
 * and on the host's recorder (tests compare text and check that every string fits).
 *
 * One font, Espruino's built-in 6x8 (gfx.ts says why): 21 characters a line, 8 lines at its own 8 px pitch.
 * The headline (the code, OK, NO DATA, a message's title) is the same font at 2x: 16 px high, 12 px a character.
 * Meaning, action, cause, evidence, hints and reasons are word-wrapped onto up to two lines each; the code
 * table's and the diagnosis's texts are kept short enough that every screen's words fit whole (test/device/
 * screens.test.ts and test/engine/codes.test.ts wrap each of them). Nothing is measured while drawing: the
 * font is fixed width, so widths are character counts.
 *
 * Safety screens are inverted (lit background, dark text) so they cannot be mistaken for an ordinary alarm at a
 * glance.
 */
import { Gfx, fit, wrap, SCREEN_W, SCREEN_H, FONT, CHAR_W, LINE_H, LINE_CHARS } from "./gfx";
import {
  ScreenModel, StatusLine, CodeLine, SCREEN_BOOT, SCREEN_OK, SCREEN_CODE, SCREEN_NODATA, SCREEN_DIAG,
  SCREEN_REFUSED, SCREEN_CONFIRM, SCREEN_HISTORY, SCREEN_CLEARED, SCREEN_CELLS, SEV_SAFETY, SEV_WAIT,
} from "./model";
import { age, amps, volts, cellVolts, fixed } from "./format";
import { STOP_CLEARING, STOP_CLEARING2 } from "../../codes/diagnosis";
import { extremeCell } from "../engine/extremes";

/** The last line's top: 8 lines of 8 px. */
const FOOT_Y = SCREEN_H - LINE_H;
/** First line under a 2x headline. */
const BODY_Y = 2 * LINE_H;
/** Left edge of the column beside a 2x headline of up to 3 characters (36 px and a 6 px gap). */
const SIDE_X = 42;

/** Draws `s` at x,y (scale 1), cut to what fits before the right edge. */
function put(g: Gfx, s: string, x: number, y: number): void {
  g.drawString(fit(s, Math.floor((SCREEN_W - x) / CHAR_W)), x, y);
}

/** Draws `s` right-aligned against the right edge (scale 1). */
function putRight(g: Gfx, s: string, y: number): void {
  const t = fit(s, LINE_CHARS);
  g.drawString(t, SCREEN_W - t.length * CHAR_W, y);
}

/** Draws `s` at 2x at x,y (or right-aligned when x < 0), then returns to 1x. */
function big(g: Gfx, s: string, x: number, y: number): void {
  g.setFont(FONT, 2);
  const t = fit(s, Math.floor((SCREEN_W - (x > 0 ? x : 0)) / (2 * CHAR_W)));
  g.drawString(t, x < 0 ? SCREEN_W - t.length * 2 * CHAR_W : x, y);
  g.setFont(FONT, 1);
}

/** Word-wrapped text from y, full width, at most n lines; returns the y below the last line. */
function para(g: Gfx, s: string, y: number, n: number): number {
  const lines = wrap(s, LINE_CHARS, n);
  for (let i = 0; i < lines.length; i++) g.drawString(lines[i], 0, y + i * LINE_H);
  return y + lines.length * LINE_H;
}

/** Word-wrapped text whose last line sits on the line above `end` (a block that keeps its place at the bottom). */
function paraUp(g: Gfx, s: string, end: number, n: number): void {
  const lines = wrap(s, LINE_CHARS, n);
  for (let i = 0; i < lines.length; i++) g.drawString(lines[i], 0, end - (lines.length - i) * LINE_H);
}

function drawBoot(g: Gfx, m: ScreenModel): void {
  big(g, "bmsbox", 0, 0);
  putRight(g, "v" + m.version, 0);
  put(g, m.board, 0, 20);
  put(g, m.family ? "BMS: " + m.family : "BMS: searching...", 0, 32);
  put(g, m.found ? "found, reading status" : m.family ? "waiting for an answer" : "trying JBD, JK, Daly", 0, 44);
  // A bad value in the settings file: said on the glass too, not only on the console nobody is watching.
  if (m.bad) put(g, m.bad, 0, FOOT_Y);
}

/**
 * The all-clear screen in bands of whole SSD1306 pages (8 px rows): bit i of a band mask is pages BAND_TOP.charCodeAt(i)
 * to BAND_TOP.charCodeAt(i + 1) - 1, and everything drawStatus draws lies inside one band (the 2x lines are 16 px from a page's
 * top; the current, 4 px down beside the 2x voltage, ends on that band's last row). So a band whose values did not
 * change can be left as it is on the glass: on a pack whose current moves, the once-a-second frame redraws and
 * pushes the two to four pages of the values that moved, not all eight (firmware/main.ts draw). The tops are a string
 * of char codes: one JsVar, where a Uint8Array takes three.
 *   0: OK, SOC, family, data age (pages 0-1)   1: pack voltage, current (2-3)   2: lowest cell, temperature (4)
 *   3: highest cell, spread (5)                4: reminder, note or "press: cells" (6-7)
 */
const BAND_TOP = "\x00\x02\x04\x05\x06\x08";

function drawStatus(g: Gfx, s: StatusLine, b: number): void {
  const cells = s.minCellMv !== null && s.maxCellMv !== null;
  if (b & 1) {
    big(g, "OK", 0, 0);
    const soc = s.socPct !== null ? s.socPct + "%" : "";
    if (soc) big(g, soc, -1, 0);
    put(g, s.family, 30, 0);
    // The age of the data gets the room the SOC leaves beside "OK" (without "ago" if need be).
    const room = Math.floor((SCREEN_W - 30 - (soc ? soc.length * 2 * CHAR_W + 4 : 0)) / CHAR_W);
    const a = age(s.linkAgeMs);
    g.drawString(a.length + 4 <= room ? a + " ago" : fit(a, room), 30, LINE_H);
  }
  if (b & 2) {
    big(g, s.packMv !== null ? volts(s.packMv) : "--.--V", 0, BODY_Y);
    if (s.currentMa !== null) putRight(g, amps(s.currentMa), BODY_Y + 4);
  }
  if (b & 4) {
    if (cells) put(g, "lo " + cellVolts(s.minCellMv as number) + " #" + s.minCell, 0, 32);
    if (s.tempC !== null) putRight(g, s.tempC + "C", 32);
  }
  if (b & 8 && cells) {
    put(g, "hi " + cellVolts(s.maxCellMv as number) + " #" + s.maxCell, 0, 40);
    putRight(g, "d " + ((s.maxCellMv as number) - (s.minCellMv as number)) + "mV", 40);
  }
  if (!(b & 16)) return;
  // A reminder of a recurring code takes the place of the note; one too long for a line breaks after its
  // colon ("OVP x3:" / "balancer/cell 3"), so the cell number stays with its words.
  const k = s.remind.indexOf(": ");
  if (s.remind.length > LINE_CHARS && k > 0) {
    put(g, s.remind.substr(0, k + 1), 0, 48);
    put(g, s.remind.substr(k + 2), 0, FOOT_Y);
  } else if (s.remind || s.note) {
    para(g, s.remind || s.note, 48, 2);
  } else if (s.minCellMv !== null) {
    // The one gesture of this screen that does something (engine.ts onGesture: nothing to silence here).
    put(g, "press: cells", 0, FOOT_Y);
  }
}

/**
 * The bands (a mask, see BAND_TOP) that differ between the all-clear screen of status `a` and that of `b`: each band
 * by the values it draws. test/device/glass.test.ts checks, over many random pairs, that redrawing these bands of a's
 * screen gives b's screen pixel for pixel.
 */
export function statusBands(a: StatusLine, b: StatusLine): number {
  let m = 0;
  if (a.socPct !== b.socPct || a.family !== b.family || a.linkAgeMs !== b.linkAgeMs) m |= 1;
  if (a.packMv !== b.packMv || a.currentMa !== b.currentMa) m |= 2;
  const cells = a.minCellMv !== b.minCellMv || a.maxCellMv !== b.maxCellMv;
  if (cells || a.minCell !== b.minCell || a.tempC !== b.tempC) m |= 4;
  if (cells || a.maxCell !== b.maxCell) m |= 8;
  if (a.remind !== b.remind || a.note !== b.note || (a.minCellMv === null) !== (b.minCellMv === null)) m |= 16;
  return m;
}

/**
 * Clears the bands of mask `b` and draws them again for status s, the rest of g left as it is (all-clear screen).
 * Returns the pages they cover, first * 8 + last (first 7, last 0 for none: nothing to push).
 */
export function redrawStatus(g: Gfx, s: StatusLine, b: number): number {
  let first = 7;
  let last = 0;
  g.setColor(0);
  for (let i = 0; i < 5; i++) {
    if (!(b & (1 << i))) continue;
    const top = BAND_TOP.charCodeAt(i);
    const end = BAND_TOP.charCodeAt(i + 1);
    g.fillRect(0, top * LINE_H, SCREEN_W - 1, end * LINE_H - 1);
    if (top < first) first = top;
    last = end - 1;
  }
  g.setColor(1);
  g.setFont(FONT, 1);
  drawStatus(g, s, b);
  return first * 8 + last;
}

/** Cells up to this many are numbers (two columns of six), more are bars. */
const CELLS_AS_NUMBERS = 12;
/** Bars: top and bottom row, the least height (a highlighted bar drawn hollow still shows its hole). */
const BAR_TOP = 10;
const BAR_BASE = 33;
const BAR_MIN = 4;
/** The bars span at least this many mV, so cells a few mV apart stand about equal (balanced) rather than full scale. */
const BAR_SPAN_MV = 100;

/**
 * Cells: "CELLS n" and the spread; up to CELLS_AS_NUMBERS the cells as "12 3.652" in two columns with "lo"/"hi"
 * beside the lowest and highest, more as bars (up to 32: 4 px a bar) standing on one line, the lowest and highest
 * ticked under their bars and named with their voltage below. The cell of the newest OVP/UVP episode is
 * highlighted: its number inverted, or its bar hollow; the last line names it ("OVP #7 2h05m ago"). Nothing is
 * allocated per cell: the engine's extremeCell finds lowest and highest, one pass draws (fillRect/drawRect, a string per number).
 */
function drawCells(g: Gfx, m: ScreenModel, c: number[]): void {
  const n = c.length;
  // As the engine counts them: 0 mV is an unconnected input, never the lowest.
  const lo = extremeCell(c, false);
  const hi = extremeCell(c, true);
  put(g, "CELLS " + n, 0, 0);
  if (lo >= 0) putRight(g, "d " + (c[hi] - c[lo]) + "mV", 0);
  const mk = m.mark - 1;
  if (n <= CELLS_AS_NUMBERS) {
    const rows = (n + 1) >> 1;
    // An entry is "7 3.652" (" 7 3.652" beside "12 3.652" once there are two-digit cells), then "lo"/"hi".
    const w = (n > 9 ? 8 : 7) * CHAR_W;
    for (let i = 0; i < n; i++) {
      const x = i < rows ? 0 : 66;
      const y = LINE_H * (1 + (i < rows ? i : i - rows));
      if (i === mk) {
        // The box starts a pixel left of the text so the inverted digits stand clear of the dark screen.
        g.fillRect(x > 0 ? x - 1 : 0, y, x + w - 1, y + LINE_H - 1);
        g.setColor(0);
      }
      g.drawString(i + 1 + " " + fixed(c[i], 1000, 3), n > 9 && i < 9 ? x + CHAR_W : x, y);
      g.setColor(1);
      if (lo !== hi && (i === lo || i === hi)) g.drawString(i === lo ? "lo" : "hi", x + w + 2, y);
    }
  } else if (lo >= 0) {
    const p = Math.floor(SCREEN_W / n);
    const w = p > 1 ? p - 1 : 1;
    const x0 = (SCREEN_W - n * p) >> 1;
    const room = BAR_BASE - BAR_TOP + 1 - BAR_MIN;
    let span = c[hi] - c[lo];
    if (span < BAR_SPAN_MV) span = BAR_SPAN_MV;
    for (let i = 0; i < n; i++) {
      if (c[i] <= 0) continue;
      const x = x0 + i * p;
      const top = BAR_BASE - BAR_MIN + 1 - Math.floor(((c[i] - c[hi] + span) * room) / span);
      if (i === mk) g.drawRect(x, top, x + w - 1, BAR_BASE);
      else g.fillRect(x, top, x + w - 1, BAR_BASE);
      if (i === lo || i === hi) g.fillRect(x, BAR_BASE + 2, x + w - 1, BAR_BASE + 3);
    }
    put(g, "lo " + cellVolts(c[lo]) + " #" + (lo + 1), 0, 40);
    put(g, "hi " + cellVolts(c[hi]) + " #" + (hi + 1), 0, 48);
  }
  put(g, m.markLine || "press: back", 0, FOOT_Y);
}

/** Indexed by severity class (0 safety, 1 act, 2 wait). */
const SEVERITY_WORD = ["SAFETY", "ACT NOW", "WAIT"];

/**
 * Code screen: the code at 2x with its class and, beside it, the value involved (or, once it recurs, how often);
 * then meaning and first action (two lines each), the blocked side on the line above the footer, and the footer
 * (latched / muted / press: mute). A recurring code says its likely cause, the diagnosis's action and the
 * evidence in place of meaning, action and side.
 */
function drawCode(g: Gfx, c: CodeLine): void {
  big(g, c.code, 0, 0);
  put(g, SEVERITY_WORD[c.severity] || "", SIDE_X, 0);
  if (c.count > 1) putRight(g, c.index + "/" + c.count, 0);
  else if (c.noData) putRight(g, "NO DATA", 0);
  if (c.recurring > 1) put(g, "recurring x" + c.recurring, SIDE_X, LINE_H);
  else if (c.value) put(g, c.value + (c.valueOf ? " " + c.valueOf : ""), SIDE_X, LINE_H);
  let y = para(g, c.cause || c.meaning, BODY_Y, 2);
  y = para(g, c.action, y, 2);
  paraUp(g, c.evidence || c.side, FOOT_Y, Math.min(2, (FOOT_Y - y) / LINE_H));
  let foot = "";
  if (c.latched) foot = "latched: hold to ack";
  else if (c.silenced) foot = "muted";
  else if (c.severity !== SEV_WAIT) foot = "press: mute";
  put(g, foot, 0, FOOT_Y);
}

/**
 * What the no-data screen says for a reason: what happened (hint false) or what to check (hint true). A function
 * of string literals rather than two lookup objects: the words stay in flash, not in the ESP32's JsVars.
 */
function noDataWords(reason: string, hint: boolean): string {
  if (reason === "never") return hint ? "Check TX/RX crossed, GND, BMS awake" : "BMS never answered";
  if (reason === "silent") return hint ? "Asleep, or restarting after a trip?" : "BMS stopped answering";
  if (reason === "garbage") return hint ? "Check GND, cable length, baud" : "Garbled frames only";
  if (reason === "stale") return hint ? "Answers come but carry no status" : "No fresh status";
  return hint ? "" : "No answer";
}

function drawNoData(g: Gfx, m: ScreenModel): void {
  big(g, "NO DATA", 0, 0);
  const reason = noDataWords(m.noDataReason, false);
  put(g, reason, 0, BODY_Y);
  put(g, m.noDataAgeMs < 0 ? "no data yet" : "last " + age(m.noDataAgeMs) + " ago", 0, 24);
  const hint = m.noDataHint || noDataWords(m.noDataReason, true);
  if (hint !== reason) para(g, hint, 32, 2);
  if (m.latchedCode) {
    put(g, m.latchedCode + " latched:", 0, 48);
    put(g, "hold to ack", 0, FOOT_Y);
  } else {
    put(g, "codes unknown", 0, FOOT_Y);
  }
}

/**
 * Diagnosis, refusal, confirmation, cleared: a 2x title, then each line word-wrapped (two lines at most), and a
 * footer of up to two lines at the bottom.
 */
function drawMessage(g: Gfx, m: ScreenModel, footer: string): void {
  big(g, m.title, 0, 0);
  const foot = wrap(footer, LINE_CHARS, 2);
  const end = SCREEN_H - foot.length * LINE_H;
  let y = BODY_Y;
  for (let i = 0; i < m.lines.length && y < end; i++) y = para(g, m.lines[i], y, Math.min(2, (end - y) / LINE_H));
  for (let i = 0; i < foot.length; i++) g.drawString(foot[i], 0, end + i * LINE_H);
}

function drawHistory(g: Gfx, m: ScreenModel): void {
  put(g, "HISTORY", 0, 0);
  putRight(g, m.count ? m.index + "/" + m.count : "empty", 0);
  if (m.count) {
    big(g, m.title, 0, LINE_H);
    let y = 24;
    for (let i = 0; i < m.lines.length && y < FOOT_Y; i++) y = para(g, m.lines[i], y, Math.min(2, (FOOT_Y - y) / LINE_H));
  } else {
    put(g, "No events recorded", 0, 24);
  }
  put(g, "press:next  hold:back", 0, FOOT_Y);
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
  g.setFont(FONT, 1);
  if (m.screen === SCREEN_BOOT) drawBoot(g, m);
  else if (m.screen === SCREEN_OK && m.status) drawStatus(g, m.status, 31); // all five bands
  else if (m.screen === SCREEN_CODE && m.code) drawCode(g, m.code);
  else if (m.screen === SCREEN_NODATA) drawNoData(g, m);
  else if (m.screen === SCREEN_DIAG) drawMessage(g, m, STOP_CLEARING + " " + STOP_CLEARING2);
  else if (m.screen === SCREEN_REFUSED) drawMessage(g, m, "press: back");
  else if (m.screen === SCREEN_CONFIRM) drawMessage(g, m, "hold again: clear  press: no");
  else if (m.screen === SCREEN_HISTORY) drawHistory(g, m);
  else if (m.screen === SCREEN_CLEARED) drawMessage(g, m, "");
  else if (m.screen === SCREEN_CELLS && m.cells) drawCells(g, m, m.cells);
  g.setColor(1);
}
