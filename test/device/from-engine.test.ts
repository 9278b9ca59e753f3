/** The engine view -> screen mapping: rotation, safety precedence, values per code, no-data fallbacks. */
import * as assert from "assert";
import { toModel, ROTATE_MS, statusLineOf } from "../../firmware/src/view/from-engine";
import { statusView } from "../../firmware/src/engine/words";
import { newEngine, snap, feed, cellsWith } from "../engine/helpers";
import { SCREEN_CODE, SCREEN_NODATA, SCREEN_OK, SCREEN_BOOT, SCREEN_HISTORY, SCREEN_CELLS } from "../../firmware/src/view/model";
import { EngineView, CodeView } from "../../firmware/src/engine/view-types";
import { CODE_TABLE, SIDE_TEXT } from "../../firmware/codes/codes";

function cv(ci: number, sev: number, extra: Partial<CodeView> = {}): CodeView {
  const t = CODE_TABLE[ci];
  return Object.assign({
    code: t.code, ci, sev, sevName: "", label: t.label, meaning: t.meaning, action: t.action, side: t.side,
    sideText: SIDE_TEXT[t.side], present: true, latched: false, silenced: false, ageMs: 1000, count: 1, cell: 0,
    cellMv: 0, currentMa: null, tempC: null, recurring: 0, cause: "", evidence: "",
  }, extra);
}
function view(mode: EngineView["mode"], codes: CodeView[]): EngineView {
  return {
    mode, codes, silenced: false, indicator: { name: "x", led: [], buzz: [] },
    link: { ok: true, reason: null, ageMs: 500, family: "jbd", hint: "" },
    status: { family: "jbd", packMv: 13200, currentMa: 0, socPct: 50, minCellMv: 3300, minCell: 1, maxCellMv: 3310, maxCell: 3, tempC: 21, minTempC: 20, mosC: null, chargeFet: true, dischargeFet: true, mosLock: false, warnings: 0, faults: [], ageMs: 500 },
    refusal: null, confirm: null, cleared: null, diag: null, stopClearing: false, diags: [], reminders: [], history: null, cells: null, rev: 1,
  };
}

describe("view from engine", () => {
  it("the all-clear status line made alone (values moved at rest: firmware/main.ts render) is the one the whole view gives", () => {
    const { e } = newEngine();
    const t = feed(e, 0, 20000, 200, (x) => snap(x));
    const moved = snap(t, { packMv: 53012, currentMa: -12345, socPct: 69, cellsMv: cellsWith(5, 3290), tempsC: [27, 31], chargeFet: false });
    e.onSnapshot(moved, t);
    const u = t + 300;
    const full = toModel(e.view(u), u, "b", "1");
    assert.strictEqual(full.screen, SCREEN_OK);
    const alone = statusLineOf(statusView(e, e.box(u))!, 0, "");
    // The screen shows ages in whole seconds (firmware/main.ts floors them): under a second is 0 on both.
    assert.ok(full.status!.linkAgeMs < 1000);
    full.status!.linkAgeMs = 0;
    assert.deepStrictEqual(alone, full.status);
    assert.deepStrictEqual([alone.packMv, alone.currentMa, alone.minCell, alone.minCellMv, alone.tempC, alone.note], [53012, -12345, 5, 3290, 31, "charge FET off"]);
  });

  it("rotates several codes every ROTATE_MS in the engine's order, with the index", () => {
    const v = view("codes", [cv(3, 1, { currentMa: -150000 }), cv(7, 1)]);
    const a = toModel(v, 0, "b", "1");
    const b = toModel(v, ROTATE_MS, "b", "1");
    const c = toModel(v, 2 * ROTATE_MS, "b", "1");
    assert.strictEqual(a.screen, SCREEN_CODE);
    assert.deepStrictEqual([a.code!.code, a.code!.index, a.code!.count], ["OCD", 1, 2]);
    assert.deepStrictEqual([b.code!.code, b.code!.index], ["NTC", 2]);
    assert.strictEqual(c.code!.code, "OCD");
    assert.deepStrictEqual([a.code!.value, a.code!.valueOf], ["-150A", "at trip"]);
    assert.strictEqual(b.code!.value, "", "NTC shows no current even if the episode recorded one");
  });

  it("in safety mode only safety codes rotate: the safety screen never gives way", () => {
    const v = view("safety", [cv(6, 0, { present: false, latched: true }), cv(3, 1)]);
    for (let t = 0; t < 5 * ROTATE_MS; t += ROTATE_MS) {
      const m = toModel(v, t, "b", "1");
      assert.strictEqual(m.code!.code, "SC");
      assert.strictEqual(m.code!.count, 1);
      assert.strictEqual(m.code!.latched, true, "released by the BMS, latched on the box");
    }
    v.link = { ok: false, reason: "silent", ageMs: 20000, family: "jbd", hint: "" };
    assert.strictEqual(toModel(v, 0, "", "").code!.noData, true, "the safety screen says the BMS is silent");
  });

  it("OVP/UVP name the cell, OTP/UTP the temperature", () => {
    const o = toModel(view("codes", [cv(0, 1, { cell: 7, cellMv: 3652 })]), 0, "", "").code!;
    assert.deepStrictEqual([o.value, o.valueOf], ["3.652V", "cell 7"]);
    const u = toModel(view("codes", [cv(5, 1, { tempC: -3 })]), 0, "", "").code!;
    assert.deepStrictEqual([u.value, u.valueOf], ["-3C", "coldest"]);
  });

  it("all-clear status, boot and no-data (age, reason, latched codes)", () => {
    const ok = toModel(view("clear", []), 0, "", "");
    assert.strictEqual(ok.screen, SCREEN_OK);
    assert.deepStrictEqual([ok.status!.packMv, ok.status!.maxCell, ok.status!.family, ok.status!.linkAgeMs], [13200, 3, "JBD", 500]);
    const boot = toModel(view("boot", []), 0, "Board X", "9.9.9");
    assert.deepStrictEqual([boot.screen, boot.board, boot.version, boot.family], [SCREEN_BOOT, "Board X", "9.9.9", "JBD"]);
    const nd = view("nodata", [cv(6, 0, { latched: true, present: false })]);
    nd.link = { ok: false, reason: "silent", ageMs: 42000, family: "jbd", hint: "Silent after a trip: restarting?" };
    nd.status = null;
    const m = toModel(nd, 0, "", "");
    assert.deepStrictEqual([m.screen, m.noDataAgeMs, m.noDataReason, m.latchedCode, m.noDataHint], [SCREEN_NODATA, 42000, "silent", "SC", "Silent after a trip: restarting?"]);
    nd.link.ageMs = null;
    assert.strictEqual(toModel(nd, 0, "", "").noDataAgeMs, -1);
  });

  it("history: 1-based position and the entry's lines", () => {
    const v = view("history", []);
    v.history = { index: 0, total: 3, entry: { kind: "episode", code: "OVP", agoMs: 3600000, durMs: 65000, count: 2, cell: 7, cellMv: 3652, currentMa: 0, tMax: null, tMin: null, latched: false, lockReleased: false, recurring: true, noData: false, cut: false, open: false, remind: "", line: "OVP c7 3.652 V x2" } };
    const m = toModel(v, 0, "", "");
    assert.deepStrictEqual([m.screen, m.index, m.count, m.title], [SCREEN_HISTORY, 1, 3, "OVP"]);
    assert.deepStrictEqual(m.lines, ["1h00m ago, 1m05s", "OVP c7 3.652 V x2", "recurring"]);
  });

  it("cells: the engine's own array, the highlighted cell and the line naming it (now, or how long ago)", () => {
    const v = view("cells", []);
    const mv = [3300, 3652, 3301, 3302];
    v.cells = { mv, code: "OVP", cell: 2, agoMs: 125000, open: false };
    let m = toModel(v, 0, "", "");
    assert.deepStrictEqual([m.screen, m.mark, m.markLine], [SCREEN_CELLS, 2, "OVP #2 2m05s ago"]);
    assert.strictEqual(m.cells, mv, "not copied");
    v.cells = { mv, code: "UVP", cell: 3, agoMs: 0, open: true };
    assert.strictEqual(toModel(v, 0, "", "").markLine, "UVP #3 now");
    v.cells = { mv, code: "", cell: 0, agoMs: 0, open: false };
    m = toModel(v, 0, "", "");
    assert.deepStrictEqual([m.mark, m.markLine], [0, ""]);
  });
});
