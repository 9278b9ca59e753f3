/**
 * The code engine: snapshots, link state, button gestures and time in; what the box shows, plays and keeps
 * out. Pure: no Espruino globals; every method takes `nowMs` (this boot's monotonic ms). This file is the rules and
 * their state, and view() the decision of what is on screen and what sounds; the views and sentences it hands out
 * are built from that state in words.ts, their types in view-types.ts.
 *
 * API (stable; screens, indicators and the composition root use it):
 *   const e = new Engine(storage: StoragePort, options?: EngineOptions)  // loads history, rebuilds recurrence
 *                                                                        // and restores unacknowledged latches
 *   e.onSnapshot(snap: Snapshot, nowMs)   a fresh status from the poller
 *   e.onLink(link: LinkState, nowMs)      link changes (ok ↔ no data, reason)
 *   e.onGesture(g: Gesture, nowMs): GestureResult   short = silence, long = clear, double = history browser, then
 *                                         the cell screen; short on the all-clear screen = the cell screen
 *   e.tick(nowMs)                         call every ≤ 1 s: holds expire, OTP escalates, reminders, flash writes
 *   e.view(nowMs): EngineView             plain data for screens and indicators (view-types.ts)
 *   e.indicator(nowMs): IndicatorPlan     view().indicator alone, cheap: the LED and buzzer before the screen
 *   e.flush(nowMs)                        write pending history now (e.g. before a deliberate power-off)
 *   words: firmware/src/engine/words.ts (the views of view() and their sentences, read from the engine's state)
 *   console: firmware/src/engine/console.ts (plain text for the REPL)
 *
 * Rules (codes.md, issue 4); the times are options with the defaults in DEFAULT_*:
 *   - An episode opens on the first fresh status carrying the code (no added delay) and ends after the code
 *     has been absent for holdMs (10 s) in fresh statuses; a re-rise within the hold is the same episode
 *     (count n + 1). Each episode records start, end, offending cell (highest for OVP, lowest non-zero for
 *     UVP), current at the trip (the larger of this and the previous status for OCC/OCD), temperatures.
 *   - Severity (codes/severity.ts): SC is safety and latched from the start; OTP present past otpSafetyMs
 *     (5 min) becomes safety and latched; OTP cooling / UTP warming is "wait". Codes are ordered by class,
 *     then age (oldest first: the first trip is usually the cause of the others).
 *   - Short press silences the buzzer for every shown code; the code stays. A silenced safety code whose
 *     cause is still reported sounds again after reminderMs (5 min). A new episode alerts again.
 *   - Long press clears what is latched or held and whose cause is gone; codes still reported are refused
 *     with the reason; without fresh data everything is refused. Clearing SC needs a second long press
 *     within confirmMs (10 s). A cleared or refused code that recurs answers with its diagnosis ("stop
 *     clearing, diagnose"). On JBD with the MOSFET software lock set, a clear that is not refused returns
 *     releaseLock: the only write the engine ever asks for.
 *   - No data (link not ok, or no fresh status for staleMs): only latched safety codes stay shown; no code is
 *     raised, ended or escalated from stale values.
 *   - A recurring code's view carries its diagnosis (cause, evidence; the action follows it). When its episode
 *     has ended, view().reminders keeps "OCD x4: pack undersized" until a long press (entered as a clear of that
 *     code) or windowMs after the episode ended; counted from the history, so it survives a reboot.
 *   - History (history.ts): episodes are entered when they open and stored when they end; clears and
 *     refusals too; written from tick() only, at most once per writeMinMs (60 s). Recurrence and diagnoses are
 *     counted from it.
 *
 * Box clock: history times are "box seconds" = seconds of powered time since the history began. At boot
 * the clock resumes from the time of the last write (the header of the stored history); time spent powered
 * off is not counted, so the 24 h window means 24 h of the box watching. (No RTC is assumed on the ESP32.)
 */
import { maskNames, Snapshot, CI_OVP, CI_UVP, CI_OCC, CI_OCD, CI_OTP, CI_UTP, CI_SC, CI_NTC } from "../types";
import { Gesture, GestureResult, LinkState, StoragePort } from "../ports";
import { baseSev } from "../../codes/codes";
import { OTP_SAFETY_MS, SEV_ACT, SEV_SAFETY, SEV_WAIT, classify } from "../../codes/severity";
import { PAT_BOOT, PAT_CLEAR, PAT_NODATA, patternOf } from "../../codes/patterns";
import { DIAG_KINDS, Diagnosis, diagnose } from "../../codes/diagnosis";
import {
  F_CUT, F_LATCHED, F_LOCK, F_NODATA, F_OPEN, F_RECURRING, HIST_KIND_CLEAR, HIST_KIND_EPISODE, HIST_KIND_REFUSAL,
  HIST_SIZE, H_CELL, H_CODE, H_CYCLE, H_DUR, H_FLAGS, H_KIND, H_MA, H_MV, H_N, H_T, H_TMAX, H_TMIN, History, T_NONE,
} from "./history";
import { CycleCounter } from "./cycles";
import { TempPlausibility } from "./plausibility";
import { countRecurrence } from "./recurrence";
import { extremeCell, maxOf, minOf } from "./extremes";
import { cellsView, codeView, entryView, linkView, refusalFor, remindText, statusView, why } from "./words";
import { CodeView, EngineMode, EngineView, IndicatorPlan, RefusalView, ReminderView } from "./view-types";

export interface EngineOptions {
  holdMs?: number;
  otpSafetyMs?: number;
  reminderMs?: number;
  confirmMs?: number;
  /** How long an answer to a button press (refused / diagnosis / cleared) stays on screen. */
  messageMs?: number;
  writeMinMs?: number;
  windowMs?: number;
  staleMs?: number;
  bootMs?: number;
  historyIdleMs?: number;
  /** The cell screen closes this long after the press that opened it. */
  cellsIdleMs?: number;
  storageName?: string;
  historySize?: number;
  /** Lost BMS: ms without data before the no-data chirp (0 = never). */
  chirpAfterMs?: number;
}

// The options' defaults, one constant each: the build folds constants into the code (tools/shrink.ts), where an
// object of defaults would stay in the ESP32's memory for a constructor that runs once.

/** The history's Storage file (Espruino file names are at most 28 characters). */
export const HISTORY_FILE = "bmsbox.hist";
/** 10 s: longer than a BMS's release/re-trip delay (seconds) and a few lost polls, short enough to be current. */
export const DEFAULT_HOLD_MS = 10 * 1000;
/** 5 min: a silenced safety alarm whose cause persists sounds again; often enough to not be forgotten. */
export const DEFAULT_REMINDER_MS = 5 * 60 * 1000;
/** SC confirmation: the second long press must come within 10 s. */
export const DEFAULT_CONFIRM_MS = 10 * 1000;
export const DEFAULT_MESSAGE_MS = 6 * 1000;
/**
 * One flash write per minute at most: Espruino Storage appends a new copy of the whole file (1.1 KB for a
 * full ring, ~1.5 KB with large times) and erases pages when it compacts. Worst case, a code ending every
 * minute all day: 2.2 MB/day over the 896 KB area ≈ 2.4 erases per page per day, ~110 years to the
 * 100k-cycle rating of the flash. A normal day writes a handful of times.
 */
export const DEFAULT_WRITE_MIN_MS = 60 * 1000;
export const DEFAULT_WINDOW_MS = 24 * 3600 * 1000;
/** A status older than this is stale (the poller normally reports "no data" well before). */
export const DEFAULT_STALE_MS = 10 * 1000;
/** The boot screen stays at most this long while waiting for the first answer. */
export const DEFAULT_BOOT_MS = 5 * 1000;
export const DEFAULT_HISTORY_IDLE_MS = 30 * 1000;
/** 2 min: long enough to watch a charge balance the cells a while, short enough that the summary comes back. */
export const DEFAULT_CELLS_IDLE_MS = 2 * 60 * 1000;
/**
 * 10 min: a box that had data and then hears nothing this long chirps once, then every CHIRP_EVERY_MS until
 * data returns or a short press silences it. Long enough that a BMS asleep for a moment, a reflash or a loose
 * plug being fixed says nothing; short enough that a BMS that died overnight is noticed.
 */
export const DEFAULT_CHIRP_AFTER_MS = 10 * 60 * 1000;

/** The no-data chirp repeats this often while the BMS stays silent. */
export const CHIRP_EVERY_MS = 30 * 60 * 1000;
/**
 * How long the view hands the chirp track to the indicator, from each chirp's start: longer than the render period
 * (1 s), so the chirp is never missed, and shorter than the track, so it plays once.
 */
export const CHIRP_WINDOW_MS = 2000;
/** The chirp: two 40 ms peeps (distinct from the act beeps, 100 ms), then silence for the rest of the window. */
export const CHIRP_TRACK = [40, 80, 40, 2100];

const MSG_NONE = 0;
const MSG_REFUSED = 1;
const MSG_DIAG = 2;
const MSG_CLEARED = 3;
const BIT_SC = 1 << CI_SC;
const BIT_NTC = 1 << CI_NTC;

function opt(v: number | undefined, d: number): number {
  return v === undefined ? d : v;
}

export class Engine {
  // Configuration: the storage port and the options (or the DEFAULT_* constants), set once by the constructor,
  // never changed. Fields of the engine rather than one config object: each is read where a rule needs it (staleMs
  // on every fresh()), and a field of a field would be a second lookup each time, plus an object more.
  private readonly st: StoragePort;
  /** The history's file in Storage. */
  private readonly name: string;
  private readonly holdMs: number;
  private readonly otpSafetyMs: number;
  private readonly reminderMs: number;
  private readonly confirmMs: number;
  private readonly messageMs: number;
  private readonly writeMinMs: number;
  /** The recurrence window (the console names it in its counts). */
  readonly windowMs: number;
  private readonly staleMs: number;
  private readonly bootMs: number;
  private readonly historyIdleMs: number;
  private readonly cellsIdleMs: number;
  private readonly chirpAfterMs: number;

  // State that the words (words.ts), the console and the tests read; only the engine writes it. Public because
  // TypeScript has no field that is read-only outside the class at no cost (a getter is one more function on the
  // device); readonly where the field itself never changes.
  /** The history ring (entries are evidence for the diagnoses; words.ts and the console read them). */
  readonly hist: History;
  /** Box ms at this boot's nowMs = 0. */
  private readonly base: number;
  readonly cyc: CycleCounter;
  snap: Snapshot | null;
  /** Box ms at which the latest fresh status arrived (−1: none). */
  snapMs: number;
  link: LinkState | null;
  /** Masks of CODE_BIT: reported in the latest fresh status / episode open / latched / silenced. */
  present: number;
  open: number;
  latched: number;
  silenced: number;
  /** Per code (CODE_NAMES order): history entry id of the shown episode (−1 none); box ms the episode began. */
  readonly epId: Int32Array;
  readonly startMs: Float64Array;
  /** Per code: episodes to show as "recurring xN" (0 = not recurring). */
  readonly dRecur: Uint8Array;
  /** Incremented on every state change (EngineView.rev; the composition root skips frames while it stays). */
  rev: number;
  /** Flash writes done and failed (for tests and the benchmark). */
  writes: number;
  writeErrors: number;

  // The rules' own state: nothing outside the engine touches it.
  private readonly ntc: TempPlausibility;
  private prevMa: number | null;
  private linkOk: boolean;
  /** Codes the BMS reported in the latest status, before confirmation (noisy line). */
  private prevRaw: number;
  /** Per code, box ms: when the code stopped being reported (−1: reported), when a short press silenced it. */
  private readonly goneMs: Float64Array;
  private readonly silAtMs: Float64Array;
  /** Hottest (OTP) / coldest (UTP) temperature of the open episode, for the trend. */
  private readonly extC: Int16Array;
  private alertMs: number;
  /** The answer to a press on screen (MSG_*), until when, and the code it answers for with a diagnosis (−1: none). */
  private msg: number;
  private msgUntil: number;
  private msgCi: number;
  private refusal: RefusalView | null;
  private clearedMask: number;
  private lockReleased: boolean;
  private confirmUntil: number;
  private histMode: boolean;
  private histCursor: number;
  private histLastMs: number;
  /** The cell screen is open (since histLastMs, the last press in a browser). */
  private cellsMode: boolean;
  /** The outage a short press silenced the chirp for, named by the time of its last snapshot (−1: none). */
  private chirpQuietFor: number;
  private dirty: boolean;
  private lastWriteMs: number;
  /** Bumped when the episode evidence in the history changes; keys the diagnosis cache. */
  private epRev: number;
  /** Diagnosis cache: recounting the ring is hundreds of interpreted calls on the ESP32, so once per change/minute. */
  private dKey: string;
  private dList: Diagnosis[];
  /** Reminders of ended recurring episodes (cached with the diagnoses). */
  private dRemind: ReminderView[];

  constructor(storage: StoragePort, options?: EngineOptions) {
    const o = options || {};
    this.st = storage;
    this.holdMs = opt(o.holdMs, DEFAULT_HOLD_MS);
    this.otpSafetyMs = opt(o.otpSafetyMs, OTP_SAFETY_MS);
    this.reminderMs = opt(o.reminderMs, DEFAULT_REMINDER_MS);
    this.confirmMs = opt(o.confirmMs, DEFAULT_CONFIRM_MS);
    this.messageMs = opt(o.messageMs, DEFAULT_MESSAGE_MS);
    this.writeMinMs = opt(o.writeMinMs, DEFAULT_WRITE_MIN_MS);
    this.windowMs = opt(o.windowMs, DEFAULT_WINDOW_MS);
    this.staleMs = opt(o.staleMs, DEFAULT_STALE_MS);
    this.bootMs = opt(o.bootMs, DEFAULT_BOOT_MS);
    this.chirpAfterMs = opt(o.chirpAfterMs, DEFAULT_CHIRP_AFTER_MS);
    this.chirpQuietFor = -1;
    this.historyIdleMs = opt(o.historyIdleMs, DEFAULT_HISTORY_IDLE_MS);
    this.name = o.storageName || HISTORY_FILE;
    this.hist = new History(opt(o.historySize, HIST_SIZE));
    this.snap = null;
    this.snapMs = -1;
    this.prevMa = null;
    this.linkOk = false;
    this.link = null;
    this.present = 0;
    this.prevRaw = 0;
    this.open = 0;
    this.latched = 0;
    this.silenced = 0;
    this.epId = new Int32Array(8);
    this.startMs = new Float64Array(8);
    this.goneMs = new Float64Array(8);
    this.silAtMs = new Float64Array(8);
    this.extC = new Int16Array(8);
    for (let ci = 0; ci < 8; ci++) this.epId[ci] = -1;
    this.alertMs = -1e12;
    this.msg = MSG_NONE;
    this.msgUntil = 0;
    this.msgCi = -1;
    this.refusal = null;
    this.clearedMask = 0;
    this.lockReleased = false;
    this.confirmUntil = -1;
    this.histMode = false;
    this.histCursor = 0;
    this.histLastMs = 0;
    this.cellsMode = false;
    this.cellsIdleMs = opt(o.cellsIdleMs, DEFAULT_CELLS_IDLE_MS);
    this.dirty = false;
    this.lastWriteMs = -1e12;
    this.writes = 0;
    this.writeErrors = 0;
    this.rev = 0;
    this.epRev = 0;
    this.dKey = "";
    this.dList = [];
    this.dRecur = new Uint8Array(8);
    this.dRemind = [];
    let text: string | undefined;
    try {
      text = storage.read(this.name);
    } catch (e) {
      text = undefined;
    }
    const header = this.hist.parse(text);
    this.base = header ? header[0] * 1000 : 0;
    this.cyc = new CycleCounter(header ? header[1] : 0, header ? header[2] : 0);
    this.ntc = new TempPlausibility();
    this.restore();
  }

  /**
   * After a reboot: episodes the reboot cut are closed as they were stored; safety episodes that no clear
   * acknowledged are latched again (the box forgets nothing a person has not acknowledged).
   */
  private restore(): void {
    const h = this.hist;
    const first = h.seq - h.len;
    for (let i = 0; i < h.len; i++) {
      const kind = h.get(i, H_KIND);
      const f = h.get(i, H_FLAGS);
      if (kind === HIST_KIND_EPISODE) {
        if (f & F_OPEN) h.set(i, H_FLAGS, (f & ~F_OPEN) | F_CUT);
        if (f & F_LATCHED) this.epId[h.get(i, H_CODE)] = first + i;
      } else if (kind === HIST_KIND_CLEAR) {
        const m = h.get(i, H_CODE);
        for (let ci = 0; ci < 8; ci++) if (m & (1 << ci)) this.epId[ci] = -1;
      }
    }
    for (let ci = 0; ci < 8; ci++) {
      const i = h.indexOf(this.epId[ci]);
      if (i < 0) {
        this.epId[ci] = -1;
        continue;
      }
      this.latched |= 1 << ci;
      this.startMs[ci] = h.get(i, H_T) * 1000;
      this.goneMs[ci] = (h.get(i, H_T) + h.get(i, H_DUR)) * 1000;
    }
  }

  box(nowMs: number): number {
    return this.base + nowMs;
  }

  /** A fresh status is at hand: the link is ok and the latest status is younger than staleMs. */
  fresh(b: number): boolean {
    return this.linkOk && this.snapMs >= 0 && b - this.snapMs <= this.staleMs;
  }

  onLink(link: LinkState, nowMs: number): void {
    if (this.link === null || link.ok !== this.link.ok || link.reason !== this.link.reason || link.family !== this.link.family) this.rev++;
    this.link = link;
    this.linkOk = link.ok;
    if (!link.ok) this.prevRaw = 0;
    this.settle(this.box(nowMs));
  }

  /**
   * onSnapshot's cheap path on its own: the poller sent the same snapshot again (the BMS repeated its bytes) and
   * nothing is reported, open or pending confirmation: only time moves on. The path a steady, healthy pack takes, most
   * statuses: firmware/main.ts calls it first, in the callback that read the answer. False (nothing done) when it does
   * not apply.
   */
  same(snap: Snapshot, nowMs: number): boolean {
    if (snap !== this.snap || (this.present | this.open | this.prevRaw) !== 0 || snap.noisy || nowMs - snap.tMs > this.staleMs) return false;
    const b = this.box(nowMs);
    this.linkOk = true;
    this.cyc.feed(snap.currentMa, nowMs);
    this.ntc.again(nowMs);
    this.snapMs = b;
    this.settle(b);
    return true;
  }

  onSnapshot(snap: Snapshot, nowMs: number): void {
    if (this.same(snap, nowMs)) return;
    // A status that is already old when it arrives is no evidence of anything now (same() turns it down too).
    if (nowMs - snap.tMs > this.staleMs) return;
    const b = this.box(nowMs);
    this.linkOk = true;
    this.cyc.feed(snap.currentMa, nowMs);
    const raw = snap.codes & 0xff;
    const noisy = snap.noisy === true;
    // Noisy line: a code changes state only when two consecutive statuses agree (rises and falls alike), so one
    // corrupted frame that passed a sum checksum neither raises a code nor splits an episode.
    let mask = noisy ? (raw & this.prevRaw) | (this.present & (raw | this.prevRaw)) : raw;
    this.prevRaw = raw;
    if (this.ntc.feed(snap.tempsC, snap.mosC, nowMs, noisy)) mask |= BIT_NTC;
    // No code reported and none open (a healthy pack whose values moved): nothing for codes(), whose eight turns
    // cost a slow interpreter ~120 LIE on every such status.
    if ((mask | this.open) !== 0) this.codes(mask, b, snap);
    if (mask !== this.present) this.rev++;
    this.present = mask;
    this.prevMa = snap.currentMa;
    this.snap = snap;
    this.snapMs = b;
    this.settle(b);
  }

  /** A status's codes against the open episodes: new ones start, reported ones are tracked, gone ones start their hold. */
  private codes(mask: number, b: number, snap: Snapshot): void {
    const tMax = maxOf(snap.tempsC, snap.mosC);
    const tMin = minOf(snap.tempsC, null);
    for (let ci = 0; ci < 8; ci++) {
      const bit = 1 << ci;
      if (mask & bit) {
        // A new episode starts with this status's evidence (tracking it again would change nothing).
        if (!(this.open & bit)) {
          this.startEpisode(ci, b, snap, tMax, tMin);
          continue;
        }
        if (!(this.present & bit)) this.reRise(ci);
        this.goneMs[ci] = -1;
        this.track(ci, snap, true, tMax, tMin);
      } else if (this.open & bit) {
        if (this.present & bit || this.goneMs[ci] < 0) this.goneMs[ci] = b;
        this.track(ci, snap, false, tMax, tMin);
      }
    }
  }

  private startEpisode(ci: number, b: number, snap: Snapshot, tMax: number, tMin: number): void {
    const bit = 1 << ci;
    const h = this.hist;
    const i = h.add(HIST_KIND_EPISODE, ci, Math.floor(b / 1000));
    h.set(i, H_N, 1);
    h.set(i, H_CYCLE, this.cyc.cycleFor((DIAG_KINDS >> (2 * ci)) & 3));
    let ma = snap.currentMa;
    const p = this.prevMa;
    // The BMS has usually cut the current by the time it reports OCC/OCD: the previous status holds the trip.
    if (p !== null && (ma === null || (ci === CI_OCD && p < ma) || (ci === CI_OCC && p > ma))) ma = p;
    h.set(i, H_MA, ma === null ? 0 : Math.round(ma));
    h.set(i, H_TMAX, tMax);
    h.set(i, H_TMIN, tMin);
    let f = F_OPEN;
    if (baseSev(ci) === SEV_SAFETY) {
      f |= F_LATCHED;
      this.latched |= bit;
    }
    h.set(i, H_FLAGS, f);
    // A newer episode of a latched code replaces the latched one on screen; the latch stays.
    this.epId[ci] = h.lastId();
    this.open |= bit;
    this.startMs[ci] = b;
    this.goneMs[ci] = -1;
    this.extC[ci] = ci === CI_UTP ? tMin : tMax;
    this.setCell(ci, i, snap.cellsMv);
    this.alert(ci, b);
    this.epRev++;
    this.rev++;
    // A safety latch must survive a power cut that comes soon after it (a person unplugging to inspect): it is
    // stored with the next write the once-a-minute limit allows, not only when the episode ends.
    if (f & F_LATCHED) this.dirty = true;
  }

  /**
   * Offending cell for OVP (highest) and UVP (lowest non-zero): the most extreme cell seen while the episode is
   * open. The cells of the status that raises a code may have been read before the trip (the poller reads them
   * again right after); the cell that tripped is the one that reads beyond the others once fresh values come.
   */
  private setCell(ci: number, i: number, cells: number[] | null): void {
    if (ci !== CI_OVP && ci !== CI_UVP) return;
    const high = ci === CI_OVP;
    const c = extremeCell(cells, high);
    if (c < 0 || !cells) return;
    const known = this.hist.get(i, H_CELL) > 0;
    const mv = this.hist.get(i, H_MV);
    if (known && (high ? cells[c] <= mv : cells[c] >= mv)) return;
    this.hist.set(i, H_CELL, c + 1);
    this.hist.set(i, H_MV, cells[c]);
    this.epRev++;
  }

  /** The code came back within its hold: same episode, one more rise. */
  private reRise(ci: number): void {
    const i = this.hist.indexOf(this.epId[ci]);
    if (i >= 0) this.hist.set(i, H_N, this.hist.get(i, H_N) + 1);
    this.rev++;
  }

  /** Keeps an open episode's evidence current: temperatures always, current and cell while reported. */
  private track(ci: number, snap: Snapshot, present: boolean, tMax: number, tMin: number): void {
    const h = this.hist;
    const i = h.indexOf(this.epId[ci]);
    if (i < 0) return;
    if (tMax !== T_NONE) {
      const x = h.get(i, H_TMAX);
      if (x === T_NONE || tMax > x) h.set(i, H_TMAX, tMax);
      if (ci === CI_OTP && tMax > this.extC[ci]) this.extC[ci] = tMax;
    }
    if (tMin !== T_NONE) {
      const n = h.get(i, H_TMIN);
      if (n === T_NONE || tMin < n) h.set(i, H_TMIN, tMin);
      if (ci === CI_UTP && (this.extC[ci] === T_NONE || tMin < this.extC[ci])) this.extC[ci] = tMin;
    }
    if (!present) return;
    const ma = snap.currentMa;
    if (ma !== null && ((ci === CI_OCD && ma < h.get(i, H_MA)) || (ci === CI_OCC && ma > h.get(i, H_MA)))) h.set(i, H_MA, Math.round(ma));
    this.setCell(ci, i, snap.cellsMv);
  }

  /** A code (new episode, escalation or reminder) wants attention: unsilence it, restart the sound. */
  private alert(ci: number, b: number): void {
    this.silenced &= ~(1 << ci);
    this.alertMs = b;
    // An alarm ends browsing, the cell screen and button answers: what is wrong now comes first.
    this.histMode = false;
    this.cellsMode = false;
    this.msg = MSG_NONE;
  }

  private endEpisode(ci: number, b: number): void {
    const bit = 1 << ci;
    const h = this.hist;
    const i = h.indexOf(this.epId[ci]);
    const gone = this.goneMs[ci] >= 0 ? this.goneMs[ci] : b;
    this.diagnoses(b);
    if (i >= 0) {
      h.set(i, H_DUR, Math.floor((gone - this.startMs[ci]) / 1000));
      h.set(i, H_FLAGS, (h.get(i, H_FLAGS) & ~F_OPEN) | (this.dRecur[ci] ? F_RECURRING : 0));
    }
    this.goneMs[ci] = gone;
    this.open &= ~bit;
    if (!(this.latched & bit)) {
      this.epId[ci] = -1;
      this.silenced &= ~bit;
    }
    this.dirty = true;
    this.epRev++;
    this.rev++;
  }

  /** Time-driven rules, shared by tick and the event handlers. */
  private settle(b: number): void {
    // Only open episodes have time-driven rules; a healthy pack skips the loop.
    if (this.open !== 0 && this.fresh(b)) {
      for (let ci = 0; ci < 8; ci++) {
        const bit = 1 << ci;
        if (!(this.open & bit)) continue;
        if (!(this.present & bit)) {
          if (this.goneMs[ci] >= 0 && b - this.goneMs[ci] >= this.holdMs) this.endEpisode(ci, b);
          continue;
        }
        // OTP still reported past its limit: safety, latched, alarm again.
        if (ci === CI_OTP && !(this.latched & bit) && b - this.startMs[ci] >= this.otpSafetyMs) {
          this.latched |= bit;
          const i = this.hist.indexOf(this.epId[ci]);
          if (i >= 0) this.hist.set(i, H_FLAGS, this.hist.get(i, H_FLAGS) | F_LATCHED);
          this.alert(ci, b);
          this.rev++;
          this.dirty = true;
        }
        // A silenced safety alarm whose cause persists reminds again.
        if (this.latched & this.silenced & bit && b - this.silAtMs[ci] >= this.reminderMs) {
          this.alert(ci, b);
          this.rev++;
        }
      }
    }
    if (this.msg !== MSG_NONE && b >= this.msgUntil) {
      this.msg = MSG_NONE;
      this.rev++;
    }
    if (this.confirmUntil >= 0 && b >= this.confirmUntil) {
      this.confirmUntil = -1;
      this.rev++;
    }
    if (this.histMode && b - this.histLastMs >= this.historyIdleMs) {
      this.histMode = false;
      this.rev++;
    }
    if (this.cellsMode && b - this.histLastMs >= this.cellsIdleMs) {
      this.cellsMode = false;
      this.rev++;
    }
  }

  /**
   * Time-driven rules, then the history's write when one is due. Only here, not with every event: serializing the
   * ring and the flash write were the largest part of the status callback that raises a safety code, and the box
   * plays the code's LED at that callback's end (firmware/main.ts toEngine). The box ticks once a second.
   */
  tick(nowMs: number): void {
    const b = this.box(nowMs);
    this.settle(b);
    if (this.dirty && b - this.lastWriteMs >= this.writeMinMs) this.write(b);
  }

  flush(nowMs: number): void {
    this.write(this.box(nowMs));
  }

  private write(b: number): void {
    this.lastWriteMs = b;
    this.dirty = false;
    try {
      this.st.write(this.name, this.hist.serialize(Math.floor(b / 1000), this.cyc.chg, this.cyc.dsg));
      this.writes++;
    } catch (e) {
      this.writeErrors++;
    }
  }

  onGesture(g: Gesture, nowMs: number): GestureResult {
    const b = this.box(nowMs);
    this.settle(b);
    this.rev++;
    if (g === "double") {
      // Double cycles the browsers: history, then the cell screen, then back. It never silences or clears.
      const wasCells = this.cellsMode;
      this.cellsMode = this.histMode;
      this.histMode = !this.histMode && !wasCells;
      this.histCursor = 0;
      this.histLastMs = b;
      this.msg = MSG_NONE;
      return { releaseLock: false };
    }
    // On the cell screen any other press only goes back: it was opened to look, not to act.
    if (this.cellsMode) {
      this.cellsMode = false;
      return { releaseLock: false };
    }
    if (this.histMode) {
      this.histLastMs = b;
      if (g === "short") this.histCursor = this.hist.len ? (this.histCursor + 1) % this.hist.len : 0;
      else this.histMode = false;
      return { releaseLock: false };
    }
    if (this.confirmUntil >= 0) {
      this.confirmUntil = -1;
      if (g === "long") return this.clear(b, true);
      return { releaseLock: false };
    }
    if (g === "short") {
      const shown = this.shownMask(b);
      // The all-clear screen (fresh data, no code, no answer on screen): a short press has nothing to silence here
      // (no code is shown and the chirp needs a silent BMS) and only a long press clears, so it opens the cell
      // screen. Judged on the engine's state at the press: a code that came a moment earlier is silenced instead.
      if (this.msg === MSG_NONE && shown === 0 && this.fresh(b) && this.snap && this.snap.cellsMv) {
        this.cellsMode = true;
        this.histLastMs = b;
        return { releaseLock: false };
      }
      this.msg = MSG_NONE;
      // Silences the no-data chirp for this outage (data coming back ends it; the next outage chirps again).
      if (!this.fresh(b) && this.snapMs >= 0) this.chirpQuietFor = this.snapMs;
      for (let ci = 0; ci < 8; ci++) {
        if (shown & (1 << ci) && !(this.silenced & (1 << ci))) {
          this.silenced |= 1 << ci;
          this.silAtMs[ci] = b;
        }
      }
      return { releaseLock: false };
    }
    return this.clear(b, false);
  }

  /** Codes on screen: open episodes and latches with fresh data; latches only without. */
  private shownMask(b: number): number {
    return this.fresh(b) ? this.open | this.latched : this.latched;
  }

  /** Long press: clear what may be cleared, refuse the rest with the reason, answer recurring codes. */
  private clear(b: number, confirmed: boolean): GestureResult {
    const fresh = this.fresh(b);
    const shown = this.open | this.latched;
    const refused = fresh ? shown & this.present : shown;
    const clearable = shown & ~refused;
    if (clearable & BIT_SC && !confirmed) {
      this.confirmUntil = b + this.confirmMs;
      return { releaseLock: false };
    }
    // Recurrence is judged before the clear is entered, on the episodes themselves.
    let recurCi = -1;
    const diags = this.diagnoses(b);
    for (let d = 0; d < diags.length; d++) {
      if (diags[d].recurring && (clearable | refused) & (1 << diags[d].ci) && recurCi < 0) recurCi = diags[d].ci;
    }
    for (let ci = 0; ci < 8; ci++) {
      const bit = 1 << ci;
      if (!(clearable & bit)) continue;
      if (this.open & bit) this.endEpisode(ci, b);
      this.latched &= ~bit;
      this.epId[ci] = -1;
      this.silenced &= ~bit;
    }
    // A long press also acknowledges the reminders of ended recurring episodes (entered as cleared).
    let ack = 0;
    for (let k = 0; k < this.dRemind.length; k++) ack |= 1 << this.dRemind[k].ci;
    ack &= ~shown;
    const s = this.snap;
    const release = refused === 0 && fresh && s !== null && s.family === "jbd" && s.mosLock;
    const h = this.hist;
    if (clearable || ack || release) {
      const i = h.add(HIST_KIND_CLEAR, clearable | ack, Math.floor(b / 1000));
      h.set(i, H_FLAGS, (release ? F_LOCK : 0) | (recurCi >= 0 ? F_RECURRING : 0));
      this.dirty = true;
    }
    this.refusal = null;
    if (refused) {
      const ci = this.topCode(refused, b);
      this.refusal = refusalFor(this, ci, fresh);
      this.logRefusal(ci, b, fresh, recurCi >= 0);
    }
    this.msgUntil = b + this.messageMs;
    this.msgCi = recurCi;
    this.clearedMask = clearable | ack;
    this.lockReleased = release;
    this.msg = recurCi >= 0 ? MSG_DIAG : refused ? MSG_REFUSED : MSG_CLEARED;
    this.settle(b);
    return { releaseLock: release };
  }

  /** Repeated refusals of the same code merge into one entry (a person pressing again and again). */
  private logRefusal(ci: number, b: number, fresh: boolean, recurring: boolean): void {
    const h = this.hist;
    const t = Math.floor(b / 1000);
    const last = h.len - 1;
    if (last >= 0 && h.get(last, H_KIND) === HIST_KIND_REFUSAL && h.get(last, H_CODE) === ci) {
      h.set(last, H_N, h.get(last, H_N) + 1);
      h.set(last, H_DUR, t);
    } else {
      const i = h.add(HIST_KIND_REFUSAL, ci, t);
      h.set(i, H_N, 1);
      h.set(i, H_DUR, t);
      h.set(i, H_FLAGS, (fresh ? 0 : F_NODATA) | (recurring ? F_RECURRING : 0));
    }
    this.dirty = true;
  }

  /** Class of a shown code now. */
  sevOf(ci: number, b: number): number {
    const bit = 1 << ci;
    const s = this.snap;
    let nowC: number | null = null;
    // Only OTP's and UTP's class follows the temperature (codes/severity.ts classify).
    if (s && (ci === CI_OTP || ci === CI_UTP) && this.fresh(b)) {
      const t = ci === CI_UTP ? minOf(s.tempsC, null) : maxOf(s.tempsC, s.mosC);
      if (t !== T_NONE) nowC = t;
    }
    const ext = this.extC[ci] === T_NONE ? null : this.extC[ci];
    const openMs = this.open & bit ? b - this.startMs[ci] : 0;
    return classify(ci, baseSev(ci), openMs, (this.latched & bit) !== 0, ext, nowC, this.otpSafetyMs);
  }

  /** The most severe, then oldest code of a mask (one not open yet counts as starting now, at b). */
  topCode(mask: number, b: number): number {
    // One code (the first look at a new one, most of the time): itself, without the severities.
    if (mask !== 0 && (mask & (mask - 1)) === 0) {
      let ci = 0;
      while (!(mask & (1 << ci))) ci++;
      return ci;
    }
    let best = -1;
    let bestSev = 9;
    let bestStart = 0;
    for (let ci = 0; ci < 8; ci++) {
      const bit = 1 << ci;
      if (!(mask & bit)) continue;
      const sv = this.sevOf(ci, b);
      const start = this.open & bit ? this.startMs[ci] : b;
      if (best < 0 || sv < bestSev || (sv === bestSev && start < bestStart)) {
        best = ci;
        bestSev = sv;
        bestStart = start;
      }
    }
    return best;
  }

  /** Diagnoses for every code that has one now (counted from the history ring; cached, see dKey). */
  diagnoses(b: number): Diagnosis[] {
    const h = this.hist;
    const key = h.seq + "," + this.epRev + "," + this.cyc.chg + "," + this.cyc.dsg + "," + Math.floor(b / 60000);
    if (key === this.dKey) return this.dList;
    let seen = 0;
    for (let i = 0; i < h.len; i++) if (h.get(i, H_KIND) === HIST_KIND_EPISODE) seen |= 1 << h.get(i, H_CODE);
    const out: Diagnosis[] = [];
    const nowS = Math.floor(b / 1000);
    for (let ci = 0; ci < 8; ci++) {
      this.dRecur[ci] = 0;
      if (!(seen & (1 << ci))) continue;
      const r = countRecurrence(h, ci, nowS, Math.floor(this.windowMs / 1000), this.cyc.chg, this.cyc.dsg);
      const d = diagnose(r, Math.floor(this.windowMs / 3600000));
      if (!d) continue;
      out.push(d);
      let n = r.win > r.cyc ? r.win : r.cyc;
      if (n < 1) n = r.all;
      if (d.recurring) this.dRecur[ci] = n > 255 ? 255 : n;
    }
    this.dKey = key;
    this.dList = out;
    this.dRemind = this.remindersFor(out, b);
    return out;
  }

  /**
   * Reminders: a recurring code whose latest episode has ended keeps "OCD x4: pack undersized" until a clear
   * names it (a long press) or windowMs pass after that episode ended. Counted from the ring, so it survives a
   * reboot.
   */
  private remindersFor(diags: Diagnosis[], b: number): ReminderView[] {
    const h = this.hist;
    const out: ReminderView[] = [];
    const nowS = Math.floor(b / 1000);
    for (let k = 0; k < diags.length; k++) {
      const d = diags[k];
      const ci = d.ci;
      if (!d.recurring || !this.dRecur[ci] || this.open & (1 << ci)) continue;
      let endS = -1;
      for (let i = 0; i < h.len; i++) {
        const kind = h.get(i, H_KIND);
        if (kind === HIST_KIND_EPISODE && h.get(i, H_CODE) === ci) endS = h.get(i, H_FLAGS) & F_OPEN ? -1 : h.get(i, H_T) + h.get(i, H_DUR);
        else if (kind === HIST_KIND_CLEAR && h.get(i, H_CODE) & (1 << ci)) endS = -1;
      }
      if (endS < 0 || (nowS - endS) * 1000 >= this.windowMs) continue;
      out.push({ ci: ci, code: d.code, text: remindText(this, d) });
    }
    return out;
  }

  /** Episodes of a code in the window (console counts and "recurring xN"). */
  recurrence(ci: number, nowMs: number) {
    const b = this.box(nowMs);
    return countRecurrence(this.hist, ci, Math.floor(b / 1000), Math.floor(this.windowMs / 1000), this.cyc.chg, this.cyc.dsg);
  }

  /**
   * The lost-BMS chirp is due at b: the box had data (a BMS that never answered since boot never chirps), has heard
   * nothing for chirpAfterMs, and b is within CHIRP_WINDOW_MS of a chirp's start (the first at chirpAfterMs, then
   * every CHIRP_EVERY_MS), unless a short press silenced this outage. The caller checks that data is not fresh.
   */
  private chirping(b: number): boolean {
    if (this.chirpAfterMs <= 0 || this.snapMs < 0 || this.chirpQuietFor === this.snapMs) return false;
    const since = b - this.snapMs - this.chirpAfterMs;
    return since >= 0 && since % CHIRP_EVERY_MS < CHIRP_WINDOW_MS;
  }

  /** Still waiting for the first status after power-up (the boot screen), unless the link already says why not. */
  private booting(nowMs: number): boolean {
    return this.snapMs < 0 && nowMs < this.bootMs && !(this.link && !this.link.ok && this.link.reason !== null && this.link.reason !== "never");
  }

  /**
   * The LED and buzzer for what is shown at nowMs: view().indicator, without the words. Cheap (the shown codes'
   * severities, no texts or diagnoses), so the box can play a new code's pattern as soon as its status is decoded
   * and draw the screen after: the view of a new code costs a slow interpreter a few hundred ms.
   */
  indicator(nowMs: number): IndicatorPlan {
    const b = this.box(nowMs);
    const shown = this.shownMask(b);
    let topSev = 9;
    let buzzSev = 9;
    for (let ci = 0; ci < 8; ci++) {
      if (!(shown & (1 << ci))) continue;
      const sev = this.sevOf(ci, b);
      if (sev < topSev) topSev = sev;
      if (!(this.silenced & (1 << ci)) && sev < buzzSev) buzzSev = sev;
    }
    return this.plan(topSev, buzzSev, this.booting(nowMs), this.fresh(b), b);
  }

  /** The pattern for the most severe shown code and the most severe one not silenced (9: none), at box time b. */
  private plan(topSev: number, buzzSev: number, booting: boolean, fresh: boolean, b: number): IndicatorPlan {
    const pat = patternOf(topSev <= SEV_WAIT ? topSev : booting ? PAT_BOOT : !fresh ? PAT_NODATA : PAT_CLEAR);
    let buzz: number[] = [];
    if (buzzSev <= SEV_ACT) {
      const bp = buzzSev === topSev ? pat : patternOf(buzzSev);
      if (!bp.onceMs || b - this.alertMs < bp.onceMs) buzz = bp.buzz;
    }
    if (buzz.length === 0 && !fresh && this.chirping(b)) buzz = CHIRP_TRACK;
    return { name: pat.name, led: pat.led, buzz: buzz };
  }

  view(nowMs: number): EngineView {
    const b = this.box(nowMs);
    const fresh = this.fresh(b);
    const diags = this.diagnoses(b);
    const shown = this.shownMask(b);
    const codes: CodeView[] = [];
    for (let ci = 0; ci < 8; ci++) if (shown & (1 << ci)) codes.push(codeView(this, ci, b));
    codes.sort((x, y) => (x.sev !== y.sev ? x.sev - y.sev : y.ageMs - x.ageMs !== 0 ? y.ageMs - x.ageMs : x.ci - y.ci));
    let topSev = 9;
    let buzzSev = 9;
    let silenced = false;
    for (let k = 0; k < codes.length; k++) {
      if (codes[k].sev < topSev) topSev = codes[k].sev;
      if (!codes[k].silenced && codes[k].sev < buzzSev) buzzSev = codes[k].sev;
      if (codes[k].silenced && codes[k].sev !== SEV_WAIT) silenced = true;
    }
    if (buzzSev <= SEV_ACT) silenced = false;
    const booting = this.booting(nowMs);
    // Timed states are judged against nowMs here too, so a view between ticks is never late.
    const msg = b < this.msgUntil ? this.msg : MSG_NONE;
    const confirming = this.confirmUntil >= 0 && b < this.confirmUntil;
    const browsing = this.histMode && b - this.histLastMs < this.historyIdleMs;
    // The cell screen shows current values only: without a fresh status the usual screens take over.
    const cellsMv = this.snap ? this.snap.cellsMv : null;
    const cellsOn = this.cellsMode && b - this.histLastMs < this.cellsIdleMs && fresh && cellsMv !== null;
    let mode: EngineMode;
    if (browsing) mode = "history";
    else if (cellsOn) mode = "cells";
    else if (confirming) mode = "confirm";
    else if (msg === MSG_REFUSED) mode = "refused";
    else if (msg === MSG_DIAG) mode = "diagnosis";
    else if (msg === MSG_CLEARED) mode = "cleared";
    else if (topSev === SEV_SAFETY) mode = "safety";
    else if (booting) mode = "boot";
    else if (!fresh) mode = "nodata";
    else if (codes.length) mode = "codes";
    else mode = "clear";
    let history: EngineView["history"] = null;
    if (browsing) {
      const total = this.hist.len;
      const idx = total ? this.histCursor % total : 0;
      history = { index: idx, total: total, entry: total ? entryView(this, total - 1 - idx, b) : null };
    }
    let diag: Diagnosis | null = null;
    for (let k = 0; k < diags.length; k++) if (diags[k].ci === this.msgCi) diag = diags[k];
    return {
      mode: mode,
      codes: codes,
      silenced: silenced,
      indicator: this.plan(topSev, buzzSev, booting, fresh, b),
      link: linkView(this, b, nowMs),
      status: statusView(this, b),
      refusal: msg !== MSG_NONE ? this.refusal : null,
      confirm: confirming ? { code: "SC", leftMs: this.confirmUntil - b } : null,
      cleared: msg === MSG_CLEARED ? { codes: maskNames(this.clearedMask), lockReleased: this.lockReleased } : null,
      diag: msg === MSG_DIAG ? diag : null,
      stopClearing: msg === MSG_DIAG,
      diags: diags,
      reminders: this.dRemind,
      history: history,
      cells: cellsOn && cellsMv ? cellsView(this, cellsMv, b) : null,
      why: why(this, b),
      rev: this.rev,
    };
  }
}
