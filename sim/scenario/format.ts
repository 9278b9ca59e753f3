/**
 * Scenario files: what happens to the battery, the wire and the button over virtual time, and what the box must
 * show. JSON (sim/scenarios/*.json), validated here with every problem reported at once, by path.
 *
 *   {
 *     "name": "ocd", "description": "…",
 *     "families": ["jbd", "jk", "daly"],            // which BMS families it runs against (default: all)
 *     "duration": "20m",
 *     "bms": { "pack": { "socPct": 80 } },            // options for createBms (sim/bms), all families
 *     "perFamily": { "jk": { "rebootAfterTripMs": 4000 } },   // merged over "bms" for that family
 *     "settings": { "bms": "daly", "dalyAddr": 128 },  // the box's settings file (bmsbox.set), written before boot
 *     "timeline": [ { "at": "2m", "do": "load", "amps": 150 }, … ],
 *     "expect":   [ { "expect": "code", "code": "OCD", "after": "2m", "within": "30s" }, … ]
 *   }
 *
 * Timeline actions ("do"): charger {amps, cvMv?}, load {amps}, short {on}, heat {c}, ambient {c}, mosHeat {c},
 * drift {cell, socPct}, capacity {cell, scale}, sensor {index, state: ok|open|short}, balancer {broken},
 * lock {charge, discharge} (the phone app switched a FET off: JBD software lock), disconnect, reconnect,
 * noise {ber, dropRate?}, clean, bmsReboot {ms}, bmsPower {on}, button {press: short|long|double},
 * power {state: cycle} (the box itself is switched off and on), note {text}.
 * Any entry may carry "families": [...] to apply to some families only, and "every" + "until" to repeat.
 *
 * Expectations ("expect"), each over a window [after, after + within] (default: the whole run):
 *   code      {code}      the code is on the screen at some moment of the window
 *   noCode    {code?}     the code (or, without "code", any code) is never on the screen in the window
 *   gone      {code}      the code is off the screen at some moment of the window (and stays off to its end)
 *   screen    {contains}  the screen text contains this (case-insensitive) at some moment of the window
 *   console   {contains}  a line the box printed on its console in the window contains this (case-sensitive)
 *   led       {state: on|off|blinking}   at the end of the window (on/off), or blinking during it
 *   buzzer    {state: sounding|silent}   sounding at some moment / silent throughout the window
 *   writes    {min?, max?}              allowed writes (the JBD lock release) sent in the window
 * Forbidden writes are always checked: any write off the allowlist fails the run.
 *
 * "settings" is the owner's settings file as the box reads it from Storage (firmware/src/settings.ts): an object,
 * written as JSON, or a string written as it is (a damaged file). Its values are deliberately not checked here:
 * a scenario may give a bad one to see the box report it and fall back to the default.
 */
import * as fs from "fs";
import * as path from "path";
import { Family } from "../../firmware/src/types";
import { AnyBmsOptions } from "../bms";
import { parseDuration } from "./time";

export const FAMILIES: Family[] = ["jbd", "jk", "daly"];
export const CODE_LIST = ["OVP", "UVP", "OCC", "OCD", "OTP", "UTP", "SC", "NTC"];

export type ActionName =
  | "charger" | "load" | "short" | "heat" | "ambient" | "mosHeat" | "drift" | "capacity" | "sensor" | "balancer"
  | "lock" | "disconnect" | "reconnect" | "noise" | "clean" | "bmsReboot" | "bmsPower" | "button" | "power" | "note";

export interface Action {
  atMs: number;
  do: ActionName;
  families: Family[] | null;
  /** Action-specific fields, validated. */
  amps?: number; cvMv?: number | null; on?: boolean; c?: number; cell?: number; socPct?: number; scale?: number;
  index?: number; state?: string; broken?: boolean; charge?: boolean; discharge?: boolean; ber?: number;
  dropRate?: number; ms?: number; press?: "short" | "long" | "double"; text?: string;
}

export type ExpectKind = "code" | "noCode" | "gone" | "screen" | "console" | "led" | "buzzer" | "writes";

export interface Expectation {
  expect: ExpectKind;
  fromMs: number;
  /** End of the window; null = end of the run. */
  toMs: number | null;
  families: Family[] | null;
  code?: string;
  contains?: string;
  state?: string;
  min?: number;
  max?: number;
  /** Shown in reports. */
  label: string;
}

export interface Scenario {
  name: string;
  description: string;
  file: string | null;
  families: Family[];
  durationMs: number;
  bms: AnyBmsOptions;
  perFamily: { [f: string]: AnyBmsOptions };
  /** The settings file's text, written into the box's Storage before it boots; null: no file. */
  settings: string | null;
  timeline: Action[];
  expect: Expectation[];
  /** How often the runner reads the screen (ms of virtual time). */
  screenSampleMs: number;
}

/** Fields each action takes: name → kind ("n" number, "b" boolean, "s" string, "p" press, "st" sensor state). */
const ACTION_FIELDS: { [a: string]: { [f: string]: string } } = {
  charger: { amps: "n", cvMv: "n?" },
  load: { amps: "n" },
  short: { on: "b" },
  heat: { c: "n" },
  ambient: { c: "n" },
  mosHeat: { c: "n" },
  drift: { cell: "n", socPct: "n" },
  capacity: { cell: "n", scale: "n" },
  sensor: { index: "n", state: "st" },
  balancer: { broken: "b" },
  lock: { charge: "b", discharge: "b" },
  disconnect: {},
  reconnect: {},
  noise: { ber: "n", dropRate: "n?" },
  clean: {},
  bmsReboot: { ms: "n" },
  bmsPower: { on: "b" },
  button: { press: "p" },
  power: { state: "pw" },
  note: { text: "s" },
};

const EXPECT_FIELDS: { [k: string]: { [f: string]: string } } = {
  code: { code: "code" },
  noCode: { code: "code?" },
  gone: { code: "code" },
  screen: { contains: "s" },
  console: { contains: "s" },
  led: { state: "led" },
  buzzer: { state: "buzz" },
  writes: { min: "n?", max: "n?" },
};

const COMMON_ACTION = ["at", "do", "families", "every", "until"];
const COMMON_EXPECT = ["expect", "after", "within", "families", "label"];

function checkField(kind: string, v: unknown): string | null {
  const opt = kind.endsWith("?");
  const k = opt ? kind.slice(0, -1) : kind;
  if (v === undefined) return opt ? null : "missing";
  if (opt && v === null) return null;
  if (k === "n") return typeof v === "number" && isFinite(v) ? null : "must be a number";
  if (k === "b") return typeof v === "boolean" ? null : "must be true or false";
  if (k === "s") return typeof v === "string" && v.length > 0 ? null : "must be a non-empty string";
  if (k === "p") return v === "short" || v === "long" || v === "double" ? null : "must be short, long or double";
  if (k === "st") return v === "ok" || v === "open" || v === "short" ? null : "must be ok, open or short";
  if (k === "pw") return v === "cycle" ? null : "must be cycle (the box is switched off and on again)";
  if (k === "code") return CODE_LIST.indexOf(v as string) >= 0 ? null : "must be one of " + CODE_LIST.join(" ");
  if (k === "led") return v === "on" || v === "off" || v === "blinking" ? null : "must be on, off or blinking";
  if (k === "buzz") return v === "sounding" || v === "silent" ? null : "must be sounding or silent";
  return "unknown field kind " + kind;
}

function checkFamilies(v: unknown, where: string, problems: string[]): Family[] | null {
  if (v === undefined) return null;
  if (!Array.isArray(v) || !v.length || v.some((f) => FAMILIES.indexOf(f) < 0)) {
    problems.push(where + ".families: must be a non-empty list of " + FAMILIES.join(", "));
    return null;
  }
  return v as Family[];
}

function duration(v: unknown, where: string, problems: string[]): number | null {
  const d = parseDuration(v);
  if (typeof d === "string") {
    problems.push(where + ": " + d);
    return null;
  }
  return d;
}

/** Thrown by validateScenario with every problem found. */
export class ScenarioError extends Error {
  readonly problems: string[];
  constructor(where: string, problems: string[]) {
    super(where + ": invalid scenario\n  " + problems.join("\n  "));
    this.problems = problems;
  }
}

/** Checks a parsed scenario object; returns the typed scenario or throws ScenarioError listing every problem. */
export function validateScenario(raw: unknown, file: string | null = null): Scenario {
  const problems: string[] = [];
  const where = file ? path.basename(file) : "scenario";
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new ScenarioError(where, ["must be a JSON object"]);
  const o = raw as { [k: string]: unknown };
  const known = ["name", "description", "families", "duration", "bms", "perFamily", "settings", "timeline", "expect", "screenSampleMs"];
  for (const k of Object.keys(o)) if (known.indexOf(k) < 0) problems.push("unknown key \"" + k + "\"");
  if (typeof o.name !== "string" || !o.name) problems.push("name: must be a non-empty string");
  const families = checkFamilies(o.families, "scenario", problems) || FAMILIES.slice();
  const durationMs = o.duration === undefined ? (problems.push("duration: missing"), 0) : duration(o.duration, "duration", problems) ?? 0;
  if (o.bms !== undefined && (typeof o.bms !== "object" || o.bms === null || Array.isArray(o.bms))) problems.push("bms: must be an object");
  const perFamily: { [f: string]: AnyBmsOptions } = {};
  if (o.perFamily !== undefined) {
    if (typeof o.perFamily !== "object" || o.perFamily === null) problems.push("perFamily: must be an object");
    else for (const k of Object.keys(o.perFamily)) {
      if (FAMILIES.indexOf(k as Family) < 0) problems.push("perFamily." + k + ": not a family (" + FAMILIES.join(", ") + ")");
      else perFamily[k] = (o.perFamily as { [k: string]: AnyBmsOptions })[k];
    }
  }
  const st = o.settings;
  if (st !== undefined && typeof st !== "string" && (typeof st !== "object" || st === null || Array.isArray(st))) problems.push("settings: must be an object (or a string: the file's text as it is)");
  const timeline: Action[] = [];
  if (!Array.isArray(o.timeline)) problems.push("timeline: must be a list");
  else o.timeline.forEach((e: unknown, i: number) => {
    const w = "timeline[" + i + "]";
    if (!e || typeof e !== "object") { problems.push(w + ": must be an object"); return; }
    const a = e as { [k: string]: unknown };
    const name = a.do as string;
    const fields = ACTION_FIELDS[name];
    if (!fields) { problems.push(w + ".do: unknown action " + JSON.stringify(a.do) + " (" + Object.keys(ACTION_FIELDS).join(", ") + ")"); return; }
    const at = a.at === undefined ? 0 : duration(a.at, w + ".at", problems);
    for (const k of Object.keys(a)) if (COMMON_ACTION.indexOf(k) < 0 && fields[k] === undefined) problems.push(w + ": \"" + k + "\" is not a field of " + name);
    for (const f of Object.keys(fields)) {
      const err = checkField(fields[f], a[f]);
      if (err) problems.push(w + "." + f + ": " + err);
    }
    const fam = checkFamilies(a.families, w, problems);
    if (at === null) return;
    if (at > durationMs && durationMs > 0) problems.push(w + ".at: after the end of the run");
    const base: { [k: string]: unknown } = { atMs: at, do: name, families: fam };
    for (const f of Object.keys(fields)) if (a[f] !== undefined) base[f] = a[f];
    if (a.every !== undefined) {
      const every = duration(a.every, w + ".every", problems);
      const until = a.until === undefined ? durationMs : duration(a.until, w + ".until", problems);
      if (every !== null && every <= 0) problems.push(w + ".every: must be > 0");
      if (every === null || until === null || every <= 0) return;
      for (let t = at; t <= until && t <= durationMs; t += every) timeline.push(Object.assign({}, base, { atMs: t }) as unknown as Action);
    } else timeline.push(base as unknown as Action);
  });
  timeline.sort((a, b) => a.atMs - b.atMs);
  const expect: Expectation[] = [];
  if (o.expect !== undefined && !Array.isArray(o.expect)) problems.push("expect: must be a list");
  else ((o.expect as unknown[]) || []).forEach((e: unknown, i: number) => {
    const w = "expect[" + i + "]";
    if (!e || typeof e !== "object") { problems.push(w + ": must be an object"); return; }
    const x = e as { [k: string]: unknown };
    const kind = x.expect as string;
    const fields = EXPECT_FIELDS[kind];
    if (!fields) { problems.push(w + ".expect: unknown kind " + JSON.stringify(x.expect) + " (" + Object.keys(EXPECT_FIELDS).join(", ") + ")"); return; }
    for (const k of Object.keys(x)) if (COMMON_EXPECT.indexOf(k) < 0 && fields[k] === undefined) problems.push(w + ": \"" + k + "\" is not a field of " + kind);
    for (const f of Object.keys(fields)) {
      const err = checkField(fields[f], x[f]);
      if (err) problems.push(w + "." + f + ": " + err);
    }
    const from = x.after === undefined ? 0 : duration(x.after, w + ".after", problems);
    const within = x.within === undefined ? null : duration(x.within, w + ".within", problems);
    const fam = checkFamilies(x.families, w, problems);
    if (from === null) return;
    const ex: Expectation = {
      expect: kind as ExpectKind, fromMs: from, toMs: within === null ? null : from + within, families: fam,
      label: typeof x.label === "string" ? x.label : "",
    };
    for (const f of Object.keys(fields)) if (x[f] !== undefined) (ex as unknown as { [k: string]: unknown })[f] = x[f];
    if (!ex.label) ex.label = describeExpectation(ex);
    expect.push(ex);
  });
  const sample = o.screenSampleMs === undefined ? 500 : o.screenSampleMs;
  if (typeof sample !== "number" || !(sample >= 50)) problems.push("screenSampleMs: must be a number ≥ 50");
  if (problems.length) throw new ScenarioError(where, problems);
  return {
    name: o.name as string,
    description: typeof o.description === "string" ? o.description : "",
    file,
    families,
    durationMs,
    bms: (o.bms as AnyBmsOptions) || {},
    perFamily,
    settings: st === undefined ? null : typeof st === "string" ? st : JSON.stringify(st),
    timeline,
    expect,
    screenSampleMs: sample as number,
  };
}

/** Reads and validates a scenario file (JSON). */
export function loadScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ScenarioError(path.basename(file), [(e as Error).message]);
  }
  return validateScenario(raw, file);
}

/** The shipped scenarios, sorted by file name. */
export const SCENARIO_DIR = path.join(__dirname, "..", "scenarios");
export function shippedScenarioFiles(): string[] {
  return fs.readdirSync(SCENARIO_DIR).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(SCENARIO_DIR, f));
}

function win(e: Expectation): string {
  const f = e.fromMs / 1000;
  return e.toMs === null ? (f ? " after " + f + " s" : "") : " within " + (e.toMs - e.fromMs) / 1000 + " s after " + f + " s";
}

export function describeExpectation(e: Expectation): string {
  if (e.expect === "code") return e.code + " on screen" + win(e);
  if (e.expect === "noCode") return (e.code ? "no " + e.code : "no code") + " on screen" + win(e);
  if (e.expect === "gone") return e.code + " gone from the screen" + win(e);
  if (e.expect === "screen") return "screen shows \"" + e.contains + "\"" + win(e);
  if (e.expect === "console") return "console says \"" + e.contains + "\"" + win(e);
  if (e.expect === "led") return "LED " + e.state + win(e);
  if (e.expect === "buzzer") return "buzzer " + e.state + win(e);
  return "allowed writes" + (e.min !== undefined ? " ≥ " + e.min : "") + (e.max !== undefined ? " ≤ " + e.max : "") + win(e);
}

/** The BMS options for one family: "bms" with "perFamily[family]" merged over it (pack merged one level deep). */
export function bmsOptionsFor(s: Scenario, family: Family): AnyBmsOptions {
  const base = s.bms || {};
  const over = s.perFamily[family] || {};
  const merged = Object.assign({}, base, over) as AnyBmsOptions;
  merged.pack = Object.assign({}, base.pack || {}, over.pack || {});
  if ((base.pack && base.pack.thresholds) || (over.pack && over.pack.thresholds)) {
    merged.pack.thresholds = Object.assign({}, (base.pack && base.pack.thresholds) || {}, (over.pack && over.pack.thresholds) || {});
  }
  return merged;
}
