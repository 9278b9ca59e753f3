/** Shape of the code table, severity data, patterns and diagnosis texts: every short text fits the screen. */
import { strict as assert } from "assert";
import { CODE_NAMES } from "../../firmware/src/types";
import { CODE_TABLE, SIDE_TEXT, baseSev, codeIndex } from "../../firmware/codes/codes";
import { SEV_ACT, SEV_SAFETY, SEV_WAIT, SEVERITY_NAMES, classify, OTP_SAFETY_MS } from "../../firmware/codes/severity";
import { PATTERN_ACT, PATTERN_BOOT, PATTERN_BY_SEV, PATTERN_CLEAR, PATTERN_NODATA, PATTERN_SAFETY, PATTERN_WAIT } from "../../firmware/codes/patterns";
import { DIAG_KINDS, DIAG_RULES, KIND_CHARGE, KIND_DISCHARGE, KIND_NONE, Recurrence, STOP_CLEARING, STOP_CLEARING2, diagnose } from "../../firmware/codes/diagnosis";
import { Engine } from "../../firmware/src/engine/engine";
import { entryView, refusalFor } from "../../firmware/src/engine/words";
import { wrap, LINE_CHARS } from "../../firmware/src/view/gfx";
import { B, MemStorage, snap } from "./helpers";

/** The screens' font, Espruino's built-in 6x8, on 128 px: 21 characters a line. */
const LINE_6X8 = LINE_CHARS;
/** The longest short text: it must still word-wrap into two 6x8 lines. */
const TEXT_MAX = 32;

function ascii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 32 || s.charCodeAt(i) > 126) return false;
  return true;
}

function fits(s: string, n: number, what: string): void {
  assert.ok(s.length <= n, what + ' "' + s + '" is ' + s.length + " > " + n);
  assert.ok(ascii(s), what + ' "' + s + '" is not printable ASCII');
}

/** How many 6x8 lines `s` word-wraps into on the screens (breaking only between words). */
function lines6x8(s: string): number {
  const l = wrap(s, LINE_6X8, 99);
  assert.strictEqual(l.join(" "), s, '"' + s + '" wraps only between words');
  return l.length;
}

/** ≤ TEXT_MAX characters that word-wrap into at most two 6x8 lines; returns the lines. */
function fitsTwo(s: string, what: string): number {
  fits(s, TEXT_MAX, what);
  const n = lines6x8(s);
  assert.ok(n <= 2, what + ' "' + s + '" wraps into ' + n + " lines of " + LINE_6X8);
  return n;
}

describe("code table", () => {
  it("has the eight codes in bit order, each once", () => {
    assert.deepEqual(CODE_TABLE.map((c) => c.code), CODE_NAMES);
    for (let i = 0; i < 8; i++) assert.equal(codeIndex(CODE_NAMES[i]), i);
    assert.equal(codeIndex("XYZ"), -1);
    assert.equal(DIAG_RULES.length, 8);
  });

  it("short texts fit the 6x8 font: label and side one line, meaning, action and wait two lines; long texts exist", () => {
    for (const c of CODE_TABLE) {
      fits(c.label, LINE_6X8, c.code + " label");
      fitsTwo(c.meaning, c.code + " meaning");
      fitsTwo(c.action, c.code + " action");
      fitsTwo(c.wait, c.code + " wait");
      assert.ok(c.longMeaning.length > c.meaning.length && ascii(c.longMeaning));
      assert.ok(c.longAction.length > 10 && ascii(c.longAction));
    }
    for (const k of ["charge", "discharge", "both", "none"] as const) fits(SIDE_TEXT[k], LINE_6X8, "side " + k);
    fits(STOP_CLEARING, LINE_6X8, "stop clearing");
    fits(STOP_CLEARING2, LINE_6X8, "stop clearing 2");
  });

  it("blocks the sides of codes.md and bms-protocols.md §0", () => {
    assert.deepEqual(CODE_TABLE.map((c) => c.side), ["charge", "discharge", "charge", "discharge", "both", "charge", "discharge", "none"]);
  });

  it("has SC as the only safety code by table; OTP and UTP have a wait text", () => {
    assert.deepEqual(CODE_TABLE.map((c) => c.sev), [1, 1, 1, 1, 1, 1, 0, 1]);
    // baseSev, what the engine asks (without building the texts), says the same for every code.
    assert.deepEqual(CODE_TABLE.map((_c, ci) => baseSev(ci)), [1, 1, 1, 1, 1, 1, 0, 1]);
    assert.deepEqual(CODE_TABLE.filter((c) => c.wait).map((c) => c.code), ["OTP", "UTP"]);
  });
});

describe("severity", () => {
  it("classes: SC safety; OTP safety after its limit, wait when falling; UTP wait when warming", () => {
    assert.deepEqual(SEVERITY_NAMES, ["safety", "act", "wait"]);
    assert.equal(classify(6, SEV_SAFETY, 0, false, null, null, OTP_SAFETY_MS), SEV_SAFETY);
    assert.equal(classify(4, SEV_ACT, OTP_SAFETY_MS - 1, false, 60, 60, OTP_SAFETY_MS), SEV_ACT);
    assert.equal(classify(4, SEV_ACT, OTP_SAFETY_MS, false, 60, 50, OTP_SAFETY_MS), SEV_SAFETY);
    assert.equal(classify(4, SEV_ACT, 1000, false, 60, 58, OTP_SAFETY_MS), SEV_WAIT);
    assert.equal(classify(4, SEV_ACT, 1000, false, 60, 59, OTP_SAFETY_MS), SEV_ACT);
    assert.equal(classify(4, SEV_ACT, 1000, true, 60, 50, OTP_SAFETY_MS), SEV_SAFETY);
    assert.equal(classify(5, SEV_ACT, 1000, false, -8, -6, OTP_SAFETY_MS), SEV_WAIT);
    assert.equal(classify(5, SEV_ACT, 1000, false, -8, -7, OTP_SAFETY_MS), SEV_ACT);
    assert.equal(classify(0, SEV_ACT, 10 * OTP_SAFETY_MS, false, 60, 20, OTP_SAFETY_MS), SEV_ACT);
  });
});

describe("engine: which code comes first", () => {
  it("topCode: a lone code is itself; of several the most severe, then the oldest", () => {
    const e = new Engine(new MemStorage(), {});
    e.onSnapshot(snap(1000, { codes: B.OCD }), 1000);
    assert.equal(e.topCode(B.OCD, 1000), 3);
    e.onSnapshot(snap(1200, { codes: B.OCD | B.OVP }), 1200);
    assert.equal(e.topCode(B.OCD | B.OVP, 1200), 3, "both act now: the older, OCD");
    e.onSnapshot(snap(1400, { codes: B.OCD | B.OVP | B.SC }), 1400);
    assert.equal(e.topCode(B.OCD | B.OVP | B.SC, 1400), 6, "SC is safety");
    assert.equal(e.topCode(B.SC, 1400), 6);
    assert.equal(e.topCode(0, 1400), -1);
  });
});

describe("patterns", () => {
  it("are on/off tracks the indicator driver can play", () => {
    const all = [PATTERN_SAFETY, PATTERN_ACT, PATTERN_WAIT, PATTERN_CLEAR, PATTERN_NODATA, PATTERN_BOOT];
    for (const p of all) {
      for (const d of p.led.concat(p.buzz)) assert.ok(Number.isInteger(d) && d >= 0, p.name);
      assert.ok(p.led.length % 2 === 0 && p.buzz.length % 2 === 0, p.name + ": on/off pairs");
    }
    assert.deepEqual(PATTERN_BY_SEV, [PATTERN_SAFETY, PATTERN_ACT, PATTERN_WAIT]);
    // Only safety and act make sound; act is a one-shot whose track ends in a long pause.
    assert.deepEqual(all.filter((p) => p.buzz.length).map((p) => p.name), ["safety", "act"]);
    assert.equal(PATTERN_SAFETY.onceMs, 0);
    assert.ok(PATTERN_ACT.onceMs > 0 && PATTERN_ACT.buzz[PATTERN_ACT.buzz.length - 1] > PATTERN_ACT.onceMs);
  });
});

describe("diagnosis texts", () => {
  it("the cycles a code is counted in: OVP and OCC charges, UVP and OCD discharges, the rest none (DIAG_KINDS, the rules' kind)", () => {
    const want = [KIND_CHARGE, KIND_DISCHARGE, KIND_CHARGE, KIND_DISCHARGE, KIND_NONE, KIND_NONE, KIND_NONE, KIND_NONE];
    for (let ci = 0; ci < 8; ci++) {
      assert.equal((DIAG_KINDS >> (2 * ci)) & 3, want[ci], CODE_NAMES[ci]);
      assert.equal(DIAG_RULES[ci].kind, want[ci], CODE_NAMES[ci]);
    }
  });

  function rec(ci: number, over: Partial<Recurrence>): Recurrence {
    return Object.assign({ ci: ci, win: 0, all: 0, look: 0, cyc: 0, byCycles: false, n: 0, cell: 0, cellHits: 0, peakMa: 0, tMax: -999, tMin: -999 }, over);
  }
  it("cause, action and evidence wrap into two 6x8 lines each and five together, at the largest numbers", () => {
    const worst: Recurrence[] = [];
    for (let ci = 0; ci < 8; ci++) {
      // Codes counted in no cycle (OTP, UTP, SC, NTC) never have evidence by cycles (recurrence.ts: look = 0).
      const cycles = DIAG_RULES[ci].kind !== KIND_NONE;
      const byCyc = cycles ? { look: 5, cyc: 5, byCycles: true } : {};
      worst.push(rec(ci, Object.assign({ win: 32, all: 32, n: 32, cell: 16, cellHits: 5, peakMa: -1000000, tMax: 120, tMin: -40 }, byCyc)));
      worst.push(rec(ci, { win: 32, all: 32, n: 32, cell: 16, cellHits: 32, peakMa: 999000, tMax: 120, tMin: -40 }));
      worst.push(rec(ci, Object.assign({ win: 32, all: 32, n: 32, cell: 16, cellHits: 2 }, byCyc)));
    }
    let n = 0;
    for (const r of worst) {
      const d = diagnose(r, 168);
      assert.ok(d, "diagnosis for " + CODE_NAMES[r.ci]);
      // The code screen gives them the five lines between the headline and the footer.
      const used = fitsTwo(d!.cause, d!.code + " cause") + fitsTwo(d!.act, d!.code + " act") + fitsTwo(d!.evidence, d!.code + " evidence");
      assert.ok(used <= 5, d!.code + ": cause, act and evidence take " + used + " lines: " + [d!.cause, d!.act, d!.evidence].join(" | "));
      fits(d!.tag, 20, d!.code + " tag");
      assert.ok(ascii(d!.text));
      n++;
    }
    assert.equal(n, 24);
  });

  it("needs three episodes (or three of the last cycles); SC needs one", () => {
    assert.equal(diagnose(rec(2, { win: 2, all: 2, n: 2 }), 24), null);
    assert.ok(diagnose(rec(2, { win: 3, all: 3, n: 3 }), 24));
    assert.ok(diagnose(rec(0, { win: 1, all: 3, look: 5, cyc: 3, byCycles: true, n: 3 }), 24));
    assert.equal(diagnose(rec(6, { all: 0 }), 24), null);
    assert.equal(diagnose(rec(6, { all: 1 }), 24)!.recurring, false);
    assert.equal(diagnose(rec(6, { all: 2 }), 24)!.recurring, true);
  });
});

describe("engine texts fit the screen", () => {
  it("refusal reasons and history lines wrap into two 6x8 lines", () => {
    const e = new Engine(new MemStorage());
    const cells = [3650, 3652, 3651, 3653, 3650, 3650, 3650, 3650, 3650, 3650, 3650, 3650, 3650, 3650, 3650, 3999];
    e.onSnapshot(snap(0, { codes: 0xff, cellsMv: cells, tempsC: [-40, 120], currentMa: -999999 }), 0);
    e.onGesture("long", 100);
    const v = e.view(100);
    fitsTwo(v.refusal!.reason, "reason");
    fitsTwo(v.refusal!.detail, "detail");
    for (const c of v.codes) {
      const r = refusalFor(e, c.ci, true);
      fitsTwo(r.reason, c.code + " reason");
      fitsTwo(r.detail, c.code + " detail");
      fitsTwo(refusalFor(e, c.ci, false).reason, c.code + " no-data reason");
      fitsTwo(refusalFor(e, c.ci, false).detail, c.code + " no-data detail");
    }
    for (let i = 0; i < e.hist.len; i++) fitsTwo(entryView(e, i, e.box(100)).line, "history line");
    e.hist.add(2, 0xff, 0);
    fitsTwo(entryView(e, e.hist.len - 1, e.box(100)).line, "clear line");
    assert.equal(B.SC, 64);
  });
});
