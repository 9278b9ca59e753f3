/**
 * What a screen shows, as plain data: the views (screens.ts) draw exactly this and nothing else. The
 * composition root fills it from the engine's view (from-engine.ts), tests fill it by hand. Kept apart from
 * the engine's own types so a screen can be laid out, measured and tested without an engine.
 */

export const SCREEN_BOOT = 0;
export const SCREEN_OK = 1;
export const SCREEN_CODE = 2;
export const SCREEN_NODATA = 3;
export const SCREEN_DIAG = 4;
export const SCREEN_REFUSED = 5;
export const SCREEN_CONFIRM = 6;
export const SCREEN_HISTORY = 7;
export const SCREEN_CLEARED = 8;
export const SCREEN_CELLS = 9;

/** Severity classes: the engine's own (firmware/codes/severity.ts: 0 safety, 1 act now, 2 wait). */
export { SEV_SAFETY, SEV_ACT, SEV_WAIT } from "../../codes/severity";

export interface StatusLine {
  packMv: number | null;
  currentMa: number | null;
  socPct: number | null;
  /** Lowest / highest cell: mV and 1-based index; null when cells are unknown. */
  minCellMv: number | null;
  minCell: number;
  maxCellMv: number | null;
  maxCell: number;
  /** Highest temperature in degC, or null. */
  tempC: number | null;
  /** ms since the last good frame. */
  linkAgeMs: number;
  /** "JBD", "JK", "Daly". */
  family: string;
  /** Things that are not codes (warnings, faults like "JBD b12 MOS lock"), word-wrapped onto two lines, or "". */
  note: string;
  /** Reminder of an ended recurring code, "OCD x4: pack undersized" (until a long press), or "". */
  remind: string;
}

export interface CodeLine {
  code: string;
  label: string;
  meaning: string;
  /** The first action (or the "wait" text while the code is in the wait class). */
  action: string;
  /** Which side is blocked, one short phrase. */
  side: string;
  /** SEV_SAFETY, SEV_ACT or SEV_WAIT. */
  severity: number;
  /** The value involved, short ("3.651V", "-185.2A", "61C") and what it is ("cell 7", "at trip"), or "". */
  value: string;
  valueOf: string;
  /** Episodes of this code in the recurrence window; shown as "recurring xN" when > 1 and recurring. */
  recurring: number;
  /** While it recurs: the likely cause and its evidence, shown in place of the meaning and side lines; "" otherwise. */
  cause: string;
  evidence: string;
  /** 1-based position among the active codes and how many there are. */
  index: number;
  count: number;
  /** The BMS released it but it stays latched until acknowledged. */
  latched: boolean;
  silenced: boolean;
  /** The BMS is not answering: the code is kept (latched safety), but nothing on screen is current. */
  noData: boolean;
}

export interface ScreenModel {
  screen: number;
  /** Boot: board name, BMS family found (or "" while searching), firmware version. */
  board: string;
  family: string;
  version: string;
  /** Boot: the family has answered (false while a configured family has not answered yet). */
  found: boolean;
  /** Boot: what was wrong with the settings file ("" when nothing), e.g. "bad setting: contrast" (settings.ts). */
  bad: string;
  status: StatusLine | null;
  code: CodeLine | null;
  /** No data: age of the last good frame (-1 = never) and the reason ("never", "silent", "garbage"). */
  noDataAgeMs: number;
  noDataReason: string;
  /** The engine's reading of the evidence ("Silent after a trip: restarting?"), or "" for the generic hint. */
  noDataHint: string;
  /** A latched safety code kept visible during no data ("" when none). */
  latchedCode: string;
  /** Diagnosis / refusal / confirmation / history texts: a title and up to three lines. */
  title: string;
  lines: string[];
  /** History browser position (1-based) and length. */
  index: number;
  count: number;
  /** Cells: every cell's mV (the engine's own array, not a copy), the highlighted cell (1-based, 0 none), the line
   * naming it ("OVP #7 2h05m ago", or ""). */
  cells: number[] | null;
  mark: number;
  markLine: string;
}

/** An empty model of a given screen; callers fill what that screen needs. */
export function blankModel(screen: number): ScreenModel {
  return {
    screen: screen,
    board: "",
    family: "",
    version: "",
    found: false,
    bad: "",
    status: null,
    code: null,
    noDataAgeMs: -1,
    noDataReason: "",
    noDataHint: "",
    latchedCode: "",
    title: "",
    lines: [],
    index: 0,
    count: 0,
    cells: null,
    mark: 0,
    markLine: "",
  };
}
