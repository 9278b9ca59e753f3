/**
 * Recurrence → diagnosis (codes.md "A code that keeps coming back is structural"): when a code recurs, name
 * the likely cause with its evidence. Rules in code (diagRule: the texts stay in flash, as codeInfo's), texts built
 * from integer evidence.
 *
 * A code recurs when it had RECUR_N episodes in the window (24 h by default) or appeared in RECUR_N of the
 * last RECUR_LOOKBACK cycles of its kind (charges for OVP/OCC, discharges = loads for UVP/OCD). Any SC gets
 * a diagnosis at once; it counts as recurring from the second.
 *
 * Text limits (test/engine/codes.test.ts), ASCII only: cause, act and evidence are ≤ 32 chars and word-wrap into
 * at most two lines of the 6x8 font (21 characters a line); on the code screen the three share five lines, so at
 * the largest numbers they wrap into five lines together. Tags ≤ 20 (the reminder "OCD x255: " + tag wraps into
 * the all-clear screen's two bottom lines).
 */
import { CODE_NAMES, CodeName, CI_OVP, CI_UVP, CI_OCC, CI_OCD, CI_OTP, CI_UTP, CI_SC, T_NONE } from "../src/types";

export const RECUR_N = 3;
export const RECUR_LOOKBACK = 5;
export const KIND_NONE = 0;
export const KIND_CHARGE = 1;
export const KIND_DISCHARGE = 2;

/** Shown when a person clears a recurring code (≤ 21 chars: one 6x8 line). */
export const STOP_CLEARING = "Stop clearing:";
export const STOP_CLEARING2 = "diagnose the cause";

export interface DiagRule {
  /** Which cycles the code is counted in. */
  kind: number;
  /** Cause texts: [short ≤ 32, long]; for the per-cell codes [same cell short, long, changing short, long]. */
  cause: string[];
  /** First action while it recurs (≤ 32), and the reminder tag (≤ 20) for "OCD x4: pack undersized"; "#" = the cell. */
  act: string[];
  tag: string[];
}

/**
 * Which cycles each code is counted in, two bits a code in CODE_NAMES order (OVP and OCC charges, UVP and OCD
 * discharges, the rest none): `(DIAG_KINDS >> (2 * ci)) & 3` is a rule's kind without building the rule's texts (a new
 * episode asks it in the callback that lights the LED, where building them cost a slow interpreter ~100 LIE), and a
 * number costs no variables where a function would (docs/espruino.md §8.2). diagRule's kinds are the same.
 */
export const DIAG_KINDS = KIND_CHARGE | (KIND_DISCHARGE << 2) | (KIND_CHARGE << 4) | (KIND_DISCHARGE << 6);

/** The rule of the code with index ci (as CODE_NAMES); a function for the reason codeInfo is one (codes.ts). */
export function diagRule(ci: number): DiagRule {
  const kind = (DIAG_KINDS >> (2 * ci)) & 3;
  switch (ci) {
    case CI_OVP:
      return { kind: kind, cause: ["Balancer or bad cell", "balancer or cell problem", "Charge voltage too high", "charge voltage set too high for the pack"], act: ["Check balancer, then cell #", "Lower charge voltage"], tag: ["balancer/cell #", "charge V too high"] };
    case CI_UVP:
      return { kind: kind, cause: ["Weak cell", "weak cell", "Capacity, not balance", "capacity, not balance: recharge earlier or add capacity"], act: ["Test cell #; recharge gently", "Recharge earlier; add capacity"], tag: ["weak cell #", "recharge earlier"] };
    case CI_OCC:
      return { kind: kind, cause: ["Charger or contactor", "charge source too strong, or a stuck contactor"], act: ["Lower charger; check contactor"], tag: ["charger too strong"] };
    case CI_OCD:
      return { kind: kind, cause: ["Pack undersized", "pack undersized for the load / inverter"], act: ["Reduce the load or size the pack"], tag: ["pack undersized"] };
    case CI_OTP:
      return { kind: kind, cause: ["Bad terminal, airflow", "a heat source: loose or corroded terminal, poor ventilation"], act: ["Tighten terminals; ventilate"], tag: ["heat source"] };
    case CI_UTP:
      return { kind: kind, cause: ["Needs a warmer place", "the pack needs heating or a warmer place"], act: ["Heat the pack or move it warmer"], tag: ["needs heating"] };
    case CI_SC:
      return { kind: kind, cause: ["Wiring fault: inspect first", "wiring fault: inspect before reconnecting", "Do NOT reconnect: 2nd short", "do not reconnect: a second short circuit, find the wiring fault"], act: ["Inspect wiring before reconnect", "Do not reconnect: find the fault"], tag: ["wiring fault", "2nd short circuit"] };
    default:
      return { kind: kind, cause: ["Damaged sensor or connector", "damaged sensor or connector"], act: ["Replace the sensor or connector"], tag: ["sensor/connector"] };
  }
}

function allRules(): DiagRule[] {
  const t: DiagRule[] = [];
  for (let i = 0; i < 8; i++) t.push(diagRule(i));
  return t;
}

/** All eight, for the host (tests, docs). The firmware never reads it, so the bundle leaves it out. */
export const DIAG_RULES: DiagRule[] = /* @__PURE__ */ allRules();

/** Evidence about one code, counted from the history (firmware/src/engine/recurrence.ts builds it). */
export interface Recurrence {
  ci: number;
  /** Episodes in the window (open ones included). */
  win: number;
  /** Episodes in the whole history ring. */
  all: number;
  /** Cycles looked back at (≤ RECUR_LOOKBACK; 0 when the code has no cycle kind or no cycle was seen). */
  look: number;
  /** Of those cycles, how many had the code. */
  cyc: number;
  /** true: the evidence below is per cycle, else per episode in the window. */
  byCycles: boolean;
  /** Episodes the evidence covers. */
  n: number;
  /** Most frequent offending cell (1-based, 0 none) and in how many cycles / episodes it was the one. */
  cell: number;
  cellHits: number;
  /** Largest-magnitude current at a trip (mA, signed), 0 when unknown. */
  peakMa: number;
  /** Hottest / coldest temperature in those episodes (°C), T_NONE when unknown. */
  tMax: number;
  tMin: number;
}

export interface Diagnosis {
  code: CodeName;
  ci: number;
  /** The code recurs: the box advises to stop clearing and diagnose. */
  recurring: boolean;
  /** Up to two 6x8 lines each (text limits above). */
  cause: string;
  evidence: string;
  /** The first action while it recurs (≤ 32: replaces the code's generic action on screen). */
  act: string;
  /** Short cause for the reminder line "OVP x3: charge V too high" (≤ 20). */
  tag: string;
  /** One line for the console and messages: "OVP on cell 7, 4 of the last 5 charges -> balancer or cell problem". */
  text: string;
}

/** Whether the evidence makes the code recurring. */
export function isRecurring(r: Recurrence): boolean {
  if (r.ci === CI_SC) return r.all >= 2;
  return r.win >= RECUR_N || r.cyc >= RECUR_N;
}

function amps(ma: number): number {
  return Math.floor((ma < 0 ? -ma : ma) / 1000 + 0.5);
}

/** "4 of last 5 charges" / "3 times in 24 h" (short) and the long form. */
function countText(r: Recurrence, windowH: number, short: boolean): string {
  if (r.byCycles) {
    const k = diagRule(r.ci).kind === KIND_CHARGE ? "charges" : "discharges";
    return r.cyc + " of " + (short ? "last " : "the last ") + r.look + " " + k;
  }
  return r.win + (r.win === 1 ? " time" : " times") + " in " + windowH + " h";
}

/**
 * The diagnosis for one code, or null when it does not recur (SC: null when it never happened).
 * windowH: the window in hours, for the text.
 */
export function diagnose(r: Recurrence, windowH: number): Diagnosis | null {
  const ci = r.ci;
  const name = CODE_NAMES[ci];
  const rule = diagRule(ci);
  const rec = isRecurring(r);
  if (ci === CI_SC) {
    if (r.all < 1) return null;
    const second = r.all >= 2;
    const ev = r.all + (r.all === 1 ? " short circuit" : " short circuits");
    return {
      code: name,
      ci: ci,
      recurring: rec,
      cause: rule.cause[second ? 2 : 0],
      evidence: ev,
      act: rule.act[second ? 1 : 0],
      tag: rule.tag[second ? 1 : 0],
      text: "SC " + r.all + (r.all === 1 ? " time" : " times") + " -> " + rule.cause[second ? 3 : 1],
    };
  }
  if (!rec) return null;
  const count = countText(r, windowH, true);
  const countLong = countText(r, windowH, false);
  let cause = rule.cause[0];
  let causeLong = rule.cause[1];
  let evidence = count;
  let text = name + " " + countLong;
  let act = rule.act[0];
  let tag = rule.tag[0];
  if (ci === CI_OVP || ci === CI_UVP) {
    // Same cell in at least two thirds of the evidence: that cell; otherwise the cells vary.
    const same = r.cell > 0 && r.cellHits >= 2 && r.cellHits * 3 >= (r.byCycles ? r.cyc : r.n) * 2;
    if (same) {
      const hits = r.byCycles ? r.cellHits + " of " + "last " + r.look + (ci === CI_OVP ? " charges" : " discharges") : r.cellHits + " times in " + windowH + " h";
      const hitsLong = r.byCycles ? r.cellHits + " of the last " + r.look + (ci === CI_OVP ? " charges" : " discharges") : r.cellHits + " times in " + windowH + " h";
      evidence = "Cell " + r.cell + ": " + hits;
      if (ci === CI_UVP) cause = "Weak cell: cell " + r.cell;
      act = act.replace("#", "" + r.cell);
      tag = tag.replace("#", "" + r.cell);
      text = name + " on cell " + r.cell + ", " + hitsLong + " -> " + causeLong + (ci === CI_UVP ? " (cell " + r.cell + ")" : "");
    } else {
      cause = rule.cause[2];
      causeLong = rule.cause[3];
      evidence = "Any cell: " + count;
      act = rule.act[1];
      tag = rule.tag[1];
      text = name + " on changing cells, " + countLong + " -> " + causeLong;
    }
    return { code: name, ci: ci, recurring: true, cause: cause, evidence: evidence, act: act, tag: tag, text: text };
  }
  if (ci === CI_OCD) {
    // "OCD at 180 A on 6 heavy loads -> pack undersized"
    const a = amps(r.peakMa);
    evidence = (a > 0 ? a + " A on " : "On ") + r.n + " heavy loads";
    text = name + (a > 0 ? " at " + a + " A" : "") + " on " + r.n + " heavy loads -> " + causeLong;
    return { code: name, ci: ci, recurring: true, cause: cause, evidence: evidence, act: act, tag: tag, text: text };
  }
  if (ci === CI_OCC && r.peakMa !== 0) {
    evidence = count + ", " + amps(r.peakMa) + " A";
    text += " (up to " + amps(r.peakMa) + " A)";
  } else if (ci === CI_OTP && r.tMax !== T_NONE) {
    evidence = count + ", " + r.tMax + " C";
    text += ", up to " + r.tMax + " C";
  } else if (ci === CI_UTP && r.tMin !== T_NONE) {
    evidence = count + ", " + r.tMin + " C";
    text += ", down to " + r.tMin + " C";
  }
  text += " -> " + causeLong;
  return { code: name, ci: ci, recurring: true, cause: cause, evidence: evidence, act: act, tag: tag, text: text };
}
