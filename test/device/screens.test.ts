/**
 * The screens, drawn on the recording Gfx: what each shows (as text), that every string fits the 128x64
 * screen, that every word is in the 6x8 font (issue #12: the 4x6 font is not legible at arm's length), that
 * the texts the box shows wrap whole into the lines they get, and that safety screens are inverted.
 */
import * as assert from "assert";
import { RecordGfx } from "../../firmware/src/view/record-gfx";
import { drawScreen } from "../../firmware/src/view/screens";
import {
  blankModel, CodeLine, StatusLine, SCREEN_BOOT, SCREEN_OK, SCREEN_CODE, SCREEN_NODATA, SCREEN_DIAG,
  SCREEN_REFUSED, SCREEN_CONFIRM, SCREEN_HISTORY, SCREEN_CLEARED, SCREEN_CELLS, SEV_SAFETY, SEV_WAIT,
} from "../../firmware/src/view/model";
import { fixed, age, amps } from "../../firmware/src/view/format";
import { fit, wrap } from "../../firmware/src/view/gfx";
import { CODE_TABLE, SIDE_TEXT } from "../../firmware/codes/codes";
import { DIAG_RULES, KIND_NONE, Recurrence, diagnose } from "../../firmware/codes/diagnosis";

function status(): StatusLine {
  return {
    packMv: 52310, currentMa: -12500, socPct: 85, minCellMv: 3271, minCell: 3, maxCellMv: 3290, maxCell: 7,
    tempC: 25, linkAgeMs: 1200, family: "JBD", note: "", remind: "",
  };
}
function codeLine(i: number): CodeLine {
  const t = CODE_TABLE[i];
  return {
    code: t.code, label: t.label, meaning: t.meaning, action: t.action, side: SIDE_TEXT[t.side],
    severity: t.sev, value: "3.651V", valueOf: "cell 16", recurring: 0, index: 1, count: 1,
    latched: false, silenced: false, noData: false, cause: "", evidence: "",
  };
}
function draw(m: ReturnType<typeof blankModel>): RecordGfx {
  const g = new RecordGfx();
  drawScreen(g, m);
  assert.deepStrictEqual(g.overflows, [], "everything fits and is ASCII");
  for (const t of g.texts) assert.strictEqual(t.font, "6x8", '"' + t.text + '" in the 6x8 font');
  return g;
}
/** `s` is on the screen whole: on one line, or word-wrapped over consecutive lines. */
function whole(g: RecordGfx, s: string): boolean {
  return (" " + g.toText().split("\n").join(" ") + " ").indexOf(" " + s + " ") >= 0;
}

describe("view format", () => {
  it("formats from integers with carry (no toFixed)", () => {
    assert.strictEqual(fixed(3999, 1000, 2), "4.00");
    assert.strictEqual(fixed(52310, 1000, 2), "52.31");
    assert.strictEqual(fixed(-12550, 1000, 1), "-12.6");
    assert.strictEqual(fixed(-40, 1000, 1), "0.0");
    assert.strictEqual(fixed(3271, 1000, 3), "3.271");
    assert.strictEqual(amps(-185240), "-185A");
    assert.strictEqual(amps(99940), "99.9A");
  });
  it("ages in two units", () => {
    assert.strictEqual(age(-5), "0s");
    assert.strictEqual(age(59999), "59s");
    assert.strictEqual(age(125000), "2m05s");
    assert.strictEqual(age(3 * 3600e3 + 12 * 60e3), "3h12m");
    assert.strictEqual(age(50 * 3600e3), "2d02h");
  });
  it("fit cuts with a dot and wrap wraps by words within a line's characters", () => {
    assert.strictEqual(fit("abcdef", 4), "abc.");
    assert.strictEqual(fit("abcd", 4), "abcd");
    assert.deepStrictEqual(wrap("aa bb cc dd", 5, 2), ["aa bb", "cc dd"]);
    assert.deepStrictEqual(wrap("aa bb cc dd ee", 5, 2), ["aa bb", "cc d."]);
    assert.deepStrictEqual(wrap("hold again: clear  press: no", 21, 2), ["hold again: clear", "press: no"], "double space: no blank at either end");
    assert.deepStrictEqual(wrap("abcdefgh ij", 5, 3), ["abcde", "fgh", "ij"], "a word longer than a line is broken");
    assert.deepStrictEqual(wrap("", 21, 2), []);
    assert.deepStrictEqual(wrap("anything", 21, 0), []);
  });
});

describe("screens", () => {
  it("boot names the board, the BMS family and the firmware version", () => {
    const m = blankModel(SCREEN_BOOT);
    m.board = "Heltec WiFi Kit 32"; m.family = ""; m.version = "0.1.0";
    assert.strictEqual(draw(m).toText(), "bmsbox\nv0.1.0\nHeltec WiFi Kit 32\nBMS: searching...\ntrying JBD, JK, Daly");
    m.family = "JK";
    assert.match(draw(m).toText(), /BMS: JK\nwaiting for an answer/, "configured family, no answer yet");
    m.found = true;
    assert.match(draw(m).toText(), /BMS: JK\nfound, reading status/);
  });

  it("all-clear shows pack V, current, SOC, min/max cell, temperature and link age", () => {
    const m = blankModel(SCREEN_OK);
    m.status = status();
    const g = draw(m);
    assert.strictEqual(g.toText(), "OK\nJBD\n85%\n1s ago\n52.31V\n-12.5A\nlo 3.271V #3\n25C\nhi 3.290V #7\nd 19mV\npress: cells");
    assert.strictEqual(g.inverted(), false);
    const big = g.texts.find((t) => t.text === "52.31V")!;
    assert.strictEqual(big.scale, 2, "pack voltage large");
    m.status.remind = "OVP x3: balancer/cell 16";
    assert.ok(draw(m).toText().endsWith("\nd 19mV\nOVP x3:\nbalancer/cell 16"), "a long reminder breaks after its colon");
    m.status.remind = "OCC x3: charger";
    assert.ok(draw(m).toText().endsWith("\nOCC x3: charger"), "a short one stays on one line");
  });

  it("all-clear with extreme values still fits (16 cells, -250 A, 100 %, -20 C, days of link age)", () => {
    const m = blankModel(SCREEN_OK);
    m.status = { packMv: 60000, currentMa: -250000, socPct: 100, minCellMv: 2500, minCell: 16, maxCellMv: 3650, maxCell: 15, tempC: -20, linkAgeMs: 3 * 86400e3, family: "Daly", note: "Daly warn: cell diff high; JBD b12 MOS lock", remind: "" };
    const g = draw(m);
    assert.ok(g.toText().includes("-250A"));
    assert.ok(g.toText().includes("Daly warn: cell diff\nhigh; JBD b12 MOS"), "a long note wraps into two lines: " + g.toText());
    assert.ok(g.texts.some((t) => t.text.endsWith(".")), "and is cut, not overflowing");
    m.status.socPct = 100; m.status.linkAgeMs = 3 * 3600e3;
    assert.ok(draw(m).texts.some((t) => t.text === "3h00m"), "the age gives way to the SOC");
  });

  it("all-clear with unknown values shows placeholders, never zeros", () => {
    const m = blankModel(SCREEN_OK);
    m.status = { packMv: null, currentMa: null, socPct: null, minCellMv: null, minCell: 0, maxCellMv: null, maxCell: 0, tempC: null, linkAgeMs: 0, family: "JK", note: "", remind: "" };
    assert.strictEqual(draw(m).toText(), "OK\nJK\n0s ago\n--.--V");
  });

  for (let i = 0; i < CODE_TABLE.length; i++) {
    const t = CODE_TABLE[i];
    it("code screen " + t.code + ": code large, class, value, meaning, action, side; fits", () => {
      const m = blankModel(SCREEN_CODE);
      m.code = codeLine(i);
      const g = draw(m);
      const big = g.texts.find((x) => x.text === t.code)!;
      assert.strictEqual(big.scale, 2);
      assert.ok(g.texts.every((x) => x.scale === 1 || x === big), "the code is the one big thing");
      for (const s of [t.meaning, t.action, SIDE_TEXT[t.side], "3.651V cell 16", "press: mute"]) assert.ok(whole(g, s), s + " shown whole:\n" + g.toText());
      assert.ok(g.toText().includes(t.sev === SEV_SAFETY ? "SAFETY" : "ACT NOW"));
      assert.strictEqual(g.inverted(), t.sev === SEV_SAFETY, "inverted exactly when safety");
      if (t.wait) {
        m.code.action = t.wait; m.code.severity = SEV_WAIT;
        const w = draw(m);
        assert.ok(whole(w, t.wait));
        assert.ok(w.toText().includes("WAIT"));
      }
    });
  }

  it("several codes show their index, recurring count and mute state", () => {
    const m = blankModel(SCREEN_CODE);
    m.code = codeLine(0);
    m.code.index = 2; m.code.count = 3; m.code.recurring = 4; m.code.silenced = true;
    const txt = draw(m).toText();
    assert.ok(txt.includes("ACT NOW\n2/3\nrecurring x4"), "beside the code: class, index, recurrence: " + txt);
    assert.ok(txt.endsWith("\nmuted"));
  });

  it("a recurring code shows its likely cause, the diagnosis's action and the evidence unasked; every text whole", () => {
    // Every diagnosis at the largest numbers (as test/engine/codes.test.ts builds them), on the code screen.
    const rec = (ci: number, over: Partial<Recurrence>): Recurrence =>
      Object.assign({ ci: ci, win: 0, all: 0, look: 0, cyc: 0, byCycles: false, n: 0, cell: 0, cellHits: 0, peakMa: 0, tMax: -999, tMin: -999 }, over);
    let n = 0;
    for (let ci = 0; ci < DIAG_RULES.length; ci++) {
      const byCyc = DIAG_RULES[ci].kind !== KIND_NONE ? { look: 5, cyc: 5, byCycles: true } : {};
      const worst = [
        rec(ci, Object.assign({ win: 32, all: 32, n: 32, cell: 16, cellHits: 5, peakMa: -1000000, tMax: 120, tMin: -40 }, byCyc)),
        rec(ci, { win: 32, all: 32, n: 32, cell: 16, cellHits: 32, peakMa: 999000, tMax: 120, tMin: -40 }),
        rec(ci, Object.assign({ win: 32, all: 32, n: 32, cell: 16, cellHits: 2 }, byCyc)),
      ];
      for (const r of worst) {
        const d = diagnose(r, 168)!;
        const m = blankModel(SCREEN_CODE);
        m.code = codeLine(ci);
        m.code.recurring = 255;
        m.code.cause = d.cause;
        m.code.action = d.act;
        m.code.evidence = d.evidence;
        m.code.latched = ci === 6;
        const g = draw(m);
        for (const x of [d.cause, d.act, d.evidence, "recurring x255", ci === 6 ? "latched: hold to ack" : "press: mute"]) assert.ok(whole(g, x), x + " shown whole:\n" + g.toText());
        assert.ok(!whole(g, CODE_TABLE[ci].meaning) && !whole(g, SIDE_TEXT[CODE_TABLE[ci].side]), "the diagnosis takes the generic lines' place");
        // The reminder on the all-clear screen, with the longest count.
        const ok = blankModel(SCREEN_OK);
        ok.status = status();
        ok.status.remind = CODE_TABLE[ci].code + " x255: " + d.tag;
        ok.status.note = "charge FET off";
        const o = draw(ok);
        assert.ok(whole(o, ok.status.remind), ok.status.remind + " shown whole:\n" + o.toText());
        assert.ok(!o.toText().includes("charge FET off"), "the reminder takes the note line");
        n++;
      }
    }
    assert.strictEqual(n, 24);
  });

  it("safety screen is inverted, names itself, and says it is latched until acknowledged", () => {
    const m = blankModel(SCREEN_CODE);
    m.code = codeLine(6);
    m.code.latched = true; m.code.value = "-310A"; m.code.valueOf = "at trip";
    const g = draw(m);
    assert.ok(g.inverted());
    assert.ok(g.texts.every((x) => x.color === 0), "dark text on the lit screen");
    assert.ok(g.toText().startsWith("[inverted]\nSC\nSAFETY\n-310A at trip"), g.toText());
    assert.ok(g.toText().endsWith("\nlatched: hold to ack"));
    m.code.noData = true;
    const nd = draw(m);
    assert.ok(nd.toText().includes("SAFETY\nNO DATA"), "a latched code during no data says so: " + nd.toText());
  });

  it("no-data shows age, reason and a hint, and a latched safety code stays named", () => {
    const m = blankModel(SCREEN_NODATA);
    m.noDataAgeMs = 125000; m.noDataReason = "silent";
    assert.strictEqual(draw(m).toText(), "NO DATA\nBMS stopped answering\nlast 2m05s ago\nAsleep, or restarting\nafter a trip?\ncodes unknown");
    for (const hint of ["Silent after a trip: restarting?", "Never answered: check wiring", "Garbled data: check baud/wiring", "Silent while idle: asleep?"]) {
      m.noDataHint = hint;
      assert.ok(whole(draw(m), hint), "the engine's hint wins, whole: " + hint);
    }
    m.noDataHint = "BMS stopped answering";
    assert.strictEqual(draw(m).toText().split("BMS stopped answering").length, 2, "a hint that says the reason again is not repeated");
    m.noDataHint = "";
    for (const r of ["never", "garbage", "stale"]) {
      m.noDataReason = r;
      assert.ok(!draw(m).texts.some((t) => t.text.endsWith(".")), r + ": reason and hint whole");
    }
    m.noDataAgeMs = -1; m.noDataReason = "never"; m.latchedCode = "SC OTP";
    const t = draw(m).toText();
    assert.ok(t.includes("BMS never answered\nno data yet"));
    assert.ok(t.endsWith("\nSC OTP latched:\nhold to ack"), t);
  });

  it("diagnosis, refusal, confirmation and cleared wrap their texts whole, the confirmation inverted", () => {
    const d = blankModel(SCREEN_DIAG);
    d.title = "OCD again";
    d.lines = ["Pack undersized", "999 A on 32 heavy loads"];
    const dg = draw(d);
    assert.strictEqual(dg.toText(), "OCD again\nPack undersized\n999 A on 32 heavy\nloads\nStop clearing:\ndiagnose the cause");
    d.lines = ["Do NOT reconnect: 2nd short", "Cell 16: 5 of last 5 discharges"];
    for (const x of d.lines) assert.ok(whole(draw(d), x), x);
    const r = blankModel(SCREEN_REFUSED);
    r.title = "NO CLEAR";
    r.lines = ["OCD still reported by BMS", "It clears itself when it ends"];
    const rg = draw(r);
    for (const x of r.lines.concat(["press: back"])) assert.ok(whole(rg, x), x + ":\n" + rg.toText());
    const c = blankModel(SCREEN_CONFIRM);
    c.title = "CLEAR SC?";
    c.lines = ["Wiring inspected?", "Hold again within 10s to clear the latch."];
    const cg = draw(c);
    assert.ok(cg.inverted());
    assert.strictEqual(cg.toText(), "[inverted]\nCLEAR SC?\nWiring inspected?\nHold again within 10s\nto clear the latch.\nhold again: clear\npress: no");
    const k = blankModel(SCREEN_CLEARED);
    k.title = "CLEARED";
    k.lines = ["SC", "JBD MOSFET lock release sent"];
    assert.strictEqual(draw(k).toText(), "CLEARED\nSC\nJBD MOSFET lock\nrelease sent");
  });

  it("history browser shows position, the code and its details", () => {
    const h = blankModel(SCREEN_HISTORY);
    h.index = 2; h.count = 12; h.title = "OVP"; h.lines = ["3h12m ago, 4m05s", "OVP c7 3.652V x3", "latched, recurring: balancer/cell 16, cut by reboot"];
    const g = draw(h);
    assert.ok(g.toText().startsWith("HISTORY\n2/12\nOVP\n3h12m ago, 4m05s\nOVP c7 3.652V x3\nlatched, recurring:\nbalancer/cell 16, cu."), g.toText());
    assert.ok(g.toText().endsWith("\npress:next  hold:back"));
    h.title = "REFUSED"; h.lines = ["23h59m ago", "Refused OVP (no data)", ""];
    assert.ok(whole(draw(h), "Refused OVP (no data)"));
    const e = blankModel(SCREEN_HISTORY);
    assert.ok(draw(e).toText().includes("empty\nNo events recorded"));
  });

  /** A cell screen of n cells from 3300 mV up by 1 mV a cell, with cell `lo` low, `hi` high and `mark` highlighted. */
  function cells(n: number, lo: number, hi: number, mark: number, line: string) {
    const m = blankModel(SCREEN_CELLS);
    m.cells = [];
    for (let i = 0; i < n; i++) m.cells.push(3300 + i);
    m.cells[lo - 1] = 3201;
    m.cells[hi - 1] = 3652;
    m.mark = mark;
    m.markLine = line;
    return m;
  }

  it("cell screen, few cells: every cell as a number in two columns, lo/hi beside the extremes, the marked one inverted", () => {
    const g = draw(cells(4, 3, 2, 2, "OVP #2 2h05m ago"));
    assert.strictEqual(g.toText(), "CELLS 4\nd 451mV\n1 3.300\n3 3.201\nlo\n2 3.652\nhi\n4 3.303\nOVP #2 2h05m ago");
    const inv = g.texts.filter((t) => t.color === 0).map((t) => t.text);
    assert.deepStrictEqual(inv, ["2 3.652"], "only the marked cell is drawn dark on its lit box");
    const box = g.rects.filter((r) => r.fill);
    assert.strictEqual(box.length, 1);
    // Twelve cells, two digits, the marked one in the right column: everything still fits (draw() checks).
    const t = draw(cells(12, 12, 1, 12, "UVP #12 now")).toText();
    assert.ok(t.includes("\n6 3.305\n12 3.201\nlo\nUVP #12 now"), t);
  });

  it("cell screen, many cells: bars with fillRect, the marked bar hollow, lo/hi ticked and named; 32 fit", () => {
    for (const n of [13, 16, 24, 32]) {
      const g = draw(cells(n, 3, n - 1, 7, "OVP #7 now"));
      assert.strictEqual(g.toText(), "CELLS " + n + "\nd 451mV\nlo 3.201V #3\nhi 3.652V #" + (n - 1) + "\nOVP #7 now");
      const bars = g.rects.filter((r) => r.y2 === 33);
      assert.strictEqual(bars.length, n, "one bar a cell");
      assert.deepStrictEqual(bars.filter((r) => !r.fill).map((r) => r.x1), [bars[6].x1], "the 7th bar is the hollow one");
      for (let i = 1; i < n; i++) assert.ok(bars[i].x1 > bars[i - 1].x2, "bars do not touch");
      assert.ok(bars[0].x1 >= 0 && bars[n - 1].x2 <= 127);
      const h = bars.map((r) => r.y2 - r.y1 + 1);
      assert.strictEqual(Math.max(...h), 24, "the highest cell stands full height");
      assert.strictEqual(h[2], 4, "the lowest, 451 mV under it, stands at the least height");
      assert.strictEqual(g.rects.filter((r) => r.y1 === 35).length, 2, "two ticks");
    }
    // Cells a few mV apart stand about equal: the scale spans at least 100 mV.
    const m = cells(16, 1, 2, 0, "");
    m.cells = m.cells!.map((_v, i) => 3300 + (i % 3));
    const h = draw(m).rects.filter((r) => r.y2 === 33).map((r) => r.y2 - r.y1 + 1);
    assert.ok(Math.min(...h) >= 23, h.join(","));
    assert.ok(draw(m).toText().endsWith("\npress: back"));
  });

  it("the all-clear screen says what a press does when nothing else needs its last lines", () => {
    const m = blankModel(SCREEN_OK);
    m.status = status();
    assert.ok(draw(m).toText().endsWith("\npress: cells"));
    m.status.note = "charge FET off";
    assert.ok(!draw(m).toText().includes("press: cells"));
  });
});
