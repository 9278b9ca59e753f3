/**
 * What the engine shows, as plain data: the view models its view() returns and the screens, the indicator and the
 * console read (firmware/src/view/from-engine.ts, firmware/src/engine/console.ts). Types only, so they cost nothing
 * on the device. Apart from the engine (engine.ts) so that what it shows can be read and changed without its rules.
 */
import { CodeName } from "../types";
import { Side } from "../../codes/codes";
import { Diagnosis } from "../../codes/diagnosis";

export type EngineMode = "boot" | "clear" | "codes" | "safety" | "nodata" | "diagnosis" | "refused" | "confirm" | "cleared" | "history" | "cells";

/** mode "cells": every cell of the latest fresh status and the cell the newest OVP/UVP episode named. */
export interface CellsView {
  /** The snapshot's own array of cell mV (not copied: the view is built every second). */
  mv: number[];
  /** The newest OVP or UVP episode that named a cell: its code ("" when none), cell (1-based), since it began, open. */
  code: string;
  cell: number;
  agoMs: number;
  open: boolean;
}

/** One shown code, ready to render. */
export interface CodeView {
  code: CodeName;
  /** Bit position in code masks. */
  ci: number;
  /** Severity class: 0 safety, 1 act, 2 wait; sevName its name. */
  sev: number;
  sevName: string;
  /** Short texts (codes.ts limits): label ≤ 21, meaning ≤ 32, action ≤ 32 (the wait text in class wait). */
  label: string;
  meaning: string;
  action: string;
  side: Side;
  sideText: string;
  /** The BMS reports it in the latest fresh status (false: within the hold, or latched after release). */
  present: boolean;
  latched: boolean;
  silenced: boolean;
  /** Since the episode began, ms. */
  ageMs: number;
  /** Rises merged into this episode (1 = no flapping). */
  count: number;
  /** Offending cell, 1-based, and its mV (OVP highest, UVP lowest); 0 when none. */
  cell: number;
  cellMv: number;
  /** Current at the trip (mA, + charge); null when unknown. */
  currentMa: number | null;
  /** OTP: hottest, UTP: coldest temperature of the episode (°C); null otherwise. */
  tempC: number | null;
  /** Episodes in the window when the code recurs, else 0 (screens show "recurring xN"). */
  recurring: number;
  /** While it recurs: the likely cause and its evidence (diagnosis.ts, ≤ 32 each), shown unasked; "" otherwise. */
  cause: string;
  evidence: string;
}

/** A recurring code whose episode has ended: "OCD x4: pack undersized" (≤ 32) until acknowledged or 24 h pass. */
export interface ReminderView {
  ci: number;
  code: CodeName;
  text: string;
}

/** The all-clear line values, from the latest fresh status (null when none). */
export interface StatusView {
  family: string;
  packMv: number | null;
  currentMa: number | null;
  socPct: number | null;
  minCellMv: number;
  minCell: number;
  maxCellMv: number;
  maxCell: number;
  /** Hottest and coldest of the pack sensors, °C (null: none). */
  tempC: number | null;
  minTempC: number | null;
  mosC: number | null;
  chargeFet: boolean | null;
  dischargeFet: boolean | null;
  mosLock: boolean;
  warnings: number;
  faults: string[];
  /** Age of this status, ms. */
  ageMs: number;
}

export interface LinkView {
  ok: boolean;
  /** Why no data: "never" | "silent" | "garbage" | "stale" (engine: no fresh status for staleMs); null when ok. */
  reason: string | null;
  /** Since the last good status (ms), null when none ever came. */
  ageMs: number | null;
  family: string | null;
  /**
   * What the evidence suggests, ≤ 32 chars, "" when ok: "Never answered: check wiring", "Silent after a trip: restarting?"
   * (a code was reported when it went quiet: JK restarts after a protection), "Silent while idle: asleep?"
   * (no current: Daly sleeps), "BMS stopped answering", "Garbled data: check baud/wiring", "No fresh status".
   */
  hint: string;
}

export interface RefusalView {
  code: CodeName;
  /** ≤ 32 chars each: "OVP still reported", "Cell 7 at 3.652 V". */
  reason: string;
  detail: string;
  /** One line for the console. */
  text: string;
}

export interface HistoryEntryView {
  kind: "episode" | "clear" | "refusal";
  /** Episode / refusal: the code; clear: the codes cleared joined by " " ("" = nothing, lock only). */
  code: string;
  /** Since it began (ms, box clock). */
  agoMs: number;
  durMs: number;
  count: number;
  cell: number;
  cellMv: number;
  currentMa: number;
  tMax: number | null;
  tMin: number | null;
  latched: boolean;
  lockReleased: boolean;
  recurring: boolean;
  noData: boolean;
  /** Reboot cut the episode. */
  cut: boolean;
  /** The episode is still going on (durMs: so far). */
  open: boolean;
  /** An episode that ended recurring, while the code still has a diagnosis: "OCD x4: pack undersized"; else "". */
  remind: string;
  /** ≤ 32 chars: "OVP c7 3.652 V x3" / "Cleared OVP SC" / "Refused OCD x2". */
  line: string;
}

export interface IndicatorPlan {
  /** Pattern name (patterns.ts) for logs and tests. */
  name: string;
  /** On/off tracks in ms for firmware/drivers/indicator.ts play(led, buzz); [] = off. */
  led: number[];
  buzz: number[];
}

export interface EngineView {
  mode: EngineMode;
  /** Shown codes, most severe first, then oldest first. */
  codes: CodeView[];
  /** Every alarming shown code is silenced (screens show a "muted" mark). */
  silenced: boolean;
  indicator: IndicatorPlan;
  link: LinkView;
  status: StatusView | null;
  /** mode "refused" (and "diagnosis" when a present recurring code was refused). */
  refusal: RefusalView | null;
  /** mode "confirm": the code waiting for confirmation and the ms left. */
  confirm: { code: CodeName; leftMs: number } | null;
  /** mode "cleared": mask of the codes just cleared (0: nothing was latched); lock released. */
  cleared: { codes: CodeName[]; lockReleased: boolean } | null;
  /** mode "diagnosis": the diagnosis answering a clear of a recurring code. */
  diag: Diagnosis | null;
  stopClearing: boolean;
  /** Every code with a diagnosis now (recurring codes; SC after any short circuit). */
  diags: Diagnosis[];
  /** Recurring codes whose episode ended, not yet acknowledged (long press) and seen within the window. */
  reminders: ReminderView[];
  /**
   * Why charging / the load is off, one 4x6 line (≤ 32), "" when both FETs are on or unknown: "Charging off:
   * OVP", "Load off: SC", "Charge + load off: OTP", "Charging off: MOSFET lock", "Load off by the BMS (no code)".
   * users.md: asked for in esphome-jk-bms#887 and the Xiaoxiang threads.
   */
  why?: string;
  /** mode "history": the entry under the cursor (0 = newest), and how many there are. */
  history: { index: number; total: number; entry: HistoryEntryView | null } | null;
  /** mode "cells" only. */
  cells: CellsView | null;
  /** Incremented on every state change (screens may skip redraws while it and the ages stay the same). */
  rev: number;
}
