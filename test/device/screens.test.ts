/**
 * The screens, drawn on the recording Gfx: what each shows (as text), that every string fits the 128x64
 * screen in Espruino's fixed-width fonts, and that safety screens are inverted.
 */
import * as assert from "assert";
import { RecordGfx } from "../../firmware/src/view/record-gfx";
import { drawScreen } from "../../firmware/src/view/screens";
import {
  blankModel, CodeLine, StatusLine, SCREEN_BOOT, SCREEN_OK, SCREEN_CODE, SCREEN_NODATA, SCREEN_DIAG,
  SCREEN_REFUSED, SCREEN_CONFIRM, SCREEN_HISTORY, SEV_SAFETY, SEV_WAIT,
} from "../../firmware/src/view/model";
import { fixed, age, amps } from "../../firmware/src/view/format";
import { fitText, wrapText } from "../../firmware/src/view/gfx";
import { CODE_TABLE, SIDE_TEXT } from "../../firmware/codes/codes";
import { DIAG_RULES } from "../../firmware/codes/diagnosis";

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
    severity: t.sev, value: "3.651V", valueOf: "cell 16 high", recurring: 0, index: 1, count: 1,
    latched: false, silenced: false, noData: false, cause: "", evidence: "",
  };
}
function draw(m: ReturnType<typeof blankModel>): RecordGfx {
  const g = new RecordGfx();
  drawScreen(g, m);
  assert.deepStrictEqual(g.overflows, [], "everything fits and is ASCII");
  return g;
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
  it("fitText cuts with a dot and wrapText wraps by words within the width", () => {
    const g = new RecordGfx();
    g.setFont("4x6", 1);
    assert.strictEqual(fitText(g, "abcdef", 16), "abc.");
    assert.strictEqual(fitText(g, "abcd", 16), "abcd");
    assert.deepStrictEqual(wrapText(g, "aa bb cc dd", 20, 2), ["aa bb", "cc dd"]);
    assert.deepStrictEqual(wrapText(g, "aa bb cc dd ee", 20, 2), ["aa bb", "cc d."]);
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
    assert.strictEqual(g.toText(), "OK\nJBD\n85%\ndata 1s ago\n52.31V\n-12.5A\nlo 3.271V #3\n25C\nhi 3.290V #7\nd 19mV");
    assert.strictEqual(g.inverted(), false);
    const big = g.texts.find((t) => t.text === "52.31V")!;
    assert.strictEqual(big.scale, 2, "pack voltage large");
  });

  it("all-clear with extreme values still fits (16 cells, -250 A, 100 %, -20 C, days of link age)", () => {
    const m = blankModel(SCREEN_OK);
    m.status = { packMv: 60000, currentMa: -250000, socPct: 100, minCellMv: 2500, minCell: 16, maxCellMv: 3650, maxCell: 15, tempC: -20, linkAgeMs: 3 * 86400e3, family: "Daly", note: "Daly warn: cell diff high; JBD b12 MOS lock", remind: "" };
    const g = draw(m);
    assert.ok(g.toText().includes("-250A"));
    assert.ok(g.texts.some((t) => t.text.startsWith("Daly warn") && t.text.endsWith(".")), "long note cut, not overflowing");
  });

  it("all-clear with unknown values shows placeholders, never zeros", () => {
    const m = blankModel(SCREEN_OK);
    m.status = { packMv: null, currentMa: null, socPct: null, minCellMv: null, minCell: 0, maxCellMv: null, maxCell: 0, tempC: null, linkAgeMs: 0, family: "JK", note: "", remind: "" };
    assert.strictEqual(draw(m).toText(), "OK\nJK\ndata 0s ago\n--.--V");
  });

  for (let i = 0; i < CODE_TABLE.length; i++) {
    const t = CODE_TABLE[i];
    it("code screen " + t.code + ": code large, label, meaning, action, side; fits", () => {
      const m = blankModel(SCREEN_CODE);
      m.code = codeLine(i);
      const g = draw(m);
      const big = g.texts.find((x) => x.text === t.code)!;
      assert.strictEqual(big.scale, 3);
      assert.strictEqual(big.font, "6x8");
      for (const s of [t.label, t.meaning, t.action, SIDE_TEXT[t.side]]) assert.ok(g.texts.some((x) => x.text === s), s + " shown whole");
      assert.strictEqual(g.inverted(), t.sev === SEV_SAFETY, "inverted exactly when safety");
      if (t.wait) {
        m.code.action = t.wait; m.code.severity = SEV_WAIT;
        const w = draw(m);
        assert.ok(w.texts.some((x) => x.text === t.wait));
        assert.ok(w.toText().includes("WAIT"));
      }
    });
  }

  it("several codes show their index, recurring count and mute state", () => {
    const m = blankModel(SCREEN_CODE);
    m.code = codeLine(0);
    m.code.index = 2; m.code.count = 3; m.code.recurring = 4; m.code.silenced = true;
    const txt = draw(m).toText();
    assert.ok(txt.includes("2/3"));
    assert.ok(txt.includes("recurring x4  muted"));
    assert.ok(txt.includes("ACT NOW"));
  });

  it("a recurring code shows its likely cause, the diagnosis's action and the evidence unasked; every text fits", () => {
    for (let ci = 0; ci < DIAG_RULES.length; ci++) {
      const r = DIAG_RULES[ci];
      for (let k = 0; k < r.act.length; k++) {
        const m = blankModel(SCREEN_CODE);
        m.code = codeLine(ci);
        m.code.recurring = 99;
        m.code.cause = r.cause[2 * k].replace("#", "16");
        m.code.action = r.act[k].replace("#", "16");
        m.code.evidence = "Cell 16: 5 of last 5 discharges";
        const g = draw(m);
        for (const x of [m.code.cause, m.code.action, m.code.evidence, "recurring x99  press: mute"]) assert.ok(g.texts.some((y) => y.text === x), x + " shown whole");
        // The reminder on the all-clear screen, with the longest count.
        const ok = blankModel(SCREEN_OK);
        ok.status = status();
        ok.status.remind = CODE_TABLE[ci].code + " x255: " + r.tag[k].replace("#", "16");
        ok.status.note = "charge FET off";
        const o = draw(ok);
        assert.ok(o.texts.some((y) => y.text === ok.status!.remind), ok.status.remind + " shown whole");
        assert.ok(!o.toText().includes("charge FET off"), "the reminder takes the note line");
      }
    }
  });

  it("safety screen is inverted, names itself, and says it is latched until acknowledged", () => {
    const m = blankModel(SCREEN_CODE);
    m.code = codeLine(6);
    m.code.latched = true; m.code.value = "-310A"; m.code.valueOf = "at trip";
    const g = draw(m);
    assert.ok(g.inverted());
    assert.ok(g.texts.every((x) => x.color === 0), "dark text on the lit screen");
    assert.ok(g.toText().startsWith("[inverted]\nSC\nSAFETY"));
    assert.ok(g.toText().includes("latched: hold to ack"));
    m.code.noData = true;
    const nd = draw(m);
    assert.ok(nd.toText().includes("NO DATA"), "a latched code during no data says so: " + nd.toText());
  });

  it("no-data shows age and reason, and a latched safety code stays named", () => {
    const m = blankModel(SCREEN_NODATA);
    m.noDataAgeMs = 125000; m.noDataReason = "silent";
    assert.strictEqual(draw(m).toText(), "NO DATA\nBMS stopped answering\nlast 2m05s ago\nBMS asleep or restarting after a\ntrip?\ncodes unknown, not stale");
    m.noDataHint = "Silent after a trip: restarting?";
    assert.ok(draw(m).toText().includes("Silent after a trip: restarting?"), "the engine's hint wins");
    m.noDataHint = "";
    m.noDataAgeMs = -1; m.noDataReason = "never"; m.latchedCode = "SC";
    const t = draw(m).toText();
    assert.ok(t.includes("BMS never answered\nno data yet"));
    assert.ok(t.includes("SC latched: hold to ack"));
  });

  it("diagnosis, refusal and confirmation fit their texts, the confirmation inverted", () => {
    const d = blankModel(SCREEN_DIAG);
    d.title = "OVP x4";
    d.lines = ["Balancer or cell 7", "OVP on cell 7 in 4 of the last 5 charges (3.652V at trip)", "Stop clearing it: check the balancer leads and cell 7."];
    const dt = draw(d).toText();
    assert.ok(dt.startsWith("OVP x4\nBalancer or cell 7\nOVP on cell 7 in 4 of the last 5\ncharges (3.652V at trip)"));
    const r = blankModel(SCREEN_REFUSED);
    r.title = "NO CLEAR";
    r.lines = ["UVP is still present", "The BMS still reports it: fix the cause first."];
    assert.ok(draw(r).toText().includes("UVP is still present"));
    const c = blankModel(SCREEN_CONFIRM);
    c.title = "CLEAR SC?";
    c.lines = ["Wiring inspected?", "Hold again to clear the short-circuit latch."];
    const cg = draw(c);
    assert.ok(cg.inverted());
    assert.ok(cg.toText().includes("hold again: clear  press: no"));
  });

  it("history browser shows position, the code and its details", () => {
    const h = blankModel(SCREEN_HISTORY);
    h.index = 2; h.count = 12; h.title = "OVP"; h.lines = ["3h12m ago, 4m05s", "cell 7 3.652V", "cleared by itself"];
    const t = draw(h).toText();
    assert.ok(t.startsWith("HISTORY\n2/12\nOVP\n3h12m ago, 4m05s\ncell 7 3.652V"));
    const e = blankModel(SCREEN_HISTORY);
    assert.ok(draw(e).toText().includes("empty\nNo events recorded"));
  });
});
