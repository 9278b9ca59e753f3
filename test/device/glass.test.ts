/**
 * Our SSD1306 driver and screens against the simulator's SSD1306 model (which decodes the I2C byte stream the
 * way the controller does): what the glass shows must be exactly what was drawn into Espruino's Graphics
 * buffer, pixel for pixel, for every screen; and the driver's init leaves the controller in the mode we
 * document (horizontal addressing, charge pump on, remapped segments and COM scan, 64 rows).
 */
import * as assert from "assert";
import { Ssd1306 as Ssd1306Model } from "../../sim/runtime/ssd1306";
import { SimGraphics } from "../../sim/runtime/graphics";
import { crc32, makeRng } from "../../sim/runtime";
import { flattenBytes } from "../../sim/runtime/serial";
import { Ssd1306 } from "../../firmware/drivers/ssd1306";
import { drawScreen, redrawStatus, statusBands } from "../../firmware/src/view/screens";
import { Gfx } from "../../firmware/src/view/gfx";
import {
  blankModel, ScreenModel, StatusLine, SCREEN_BOOT, SCREEN_CODE, SCREEN_OK, SCREEN_NODATA, SCREEN_DIAG, SCREEN_REFUSED,
  SCREEN_CONFIRM, SCREEN_HISTORY, SCREEN_CLEARED, SCREEN_CELLS,
} from "../../firmware/src/view/model";
import { RecordGfx } from "../../firmware/src/view/record-gfx";
import { CODE_TABLE, SIDE_TEXT } from "../../firmware/codes/codes";
import { readText, codesOnScreen } from "../../sim/scenario/screen-reader";

function rig() {
  const model = new Ssd1306Model({});
  const g = new SimGraphics(128, 64, 1, { vertical_byte: true, msb: false });
  const drv = new Ssd1306({
    i2c: { writeTo: (_a: number, ...d: (number | Uint8Array | number[])[]) => model.write(Uint8Array.from(flattenBytes(d)), 0) },
    address: 0x3c,
    buffer: new Uint8Array(g.buffer),
    reset: null,
    after: (fn) => fn(),
    crc: (b) => crc32(Array.prototype.slice.call(b)),
  });
  drv.begin(0, () => {});
  return { model, g, drv };
}

function sameAsBuffer(model: Ssd1306Model, g: SimGraphics): number {
  let diff = 0;
  for (let y = 0; y < 64; y++) for (let x = 0; x < 128; x++) if (model.pixel(x, y) !== (g.getPixel(x, y) ? 1 : 0)) diff++;
  return diff;
}

describe("SSD1306 driver on the simulated controller", () => {
  it("init leaves the documented controller state", () => {
    const { model } = rig();
    const s = model.state;
    assert.deepStrictEqual(
      [s.displayOn, s.chargePump, s.addressingMode, s.segmentRemap, s.comScanRemap, s.multiplex, s.contrast, s.inverted],
      [true, true, "horizontal", true, true, 64, 0xcf, false],
    );
    assert.strictEqual(model.stats.unknownCommands, 0);
  });

  it("every screen reaches the glass pixel for pixel, including the inverted safety screen", () => {
    const { model, g, drv } = rig();
    const models = [blankModel(SCREEN_BOOT), blankModel(SCREEN_OK), blankModel(SCREEN_NODATA)];
    models[0].board = "ESP32 DevKitC"; models[0].version = "0.1.0";
    models[1].status = { packMv: 53070, currentMa: -12500, socPct: 75, minCellMv: 3315, minCell: 3, maxCellMv: 3319, maxCell: 7, tempC: 22, linkAgeMs: 0, family: "JBD", note: "", remind: "" };
    models[2].noDataAgeMs = 74000; models[2].noDataReason = "silent";
    for (let i = 0; i < CODE_TABLE.length; i++) {
      const m = blankModel(SCREEN_CODE);
      const t = CODE_TABLE[i];
      m.code = { code: t.code, label: t.label, meaning: t.meaning, action: t.action, side: SIDE_TEXT[t.side], severity: t.sev, value: "", valueOf: "", recurring: 0, cause: "", evidence: "", index: 1, count: 1, latched: false, silenced: false, noData: false };
      models.push(m);
    }
    let pushes = 0;
    for (const m of models) {
      drawScreen(g as unknown as Gfx, m);
      assert.ok(drv.flip(1), "a new screen is pushed");
      pushes++;
      assert.strictEqual(sameAsBuffer(model, g), 0, "glass == Graphics buffer for screen " + m.screen + (m.code ? " " + m.code.code : ""));
      assert.strictEqual(drv.flip(2), false, "the same frame is not pushed twice");
      if (m.code && m.code.code === "SC") {
        // The SC screen is drawn inverted (lit background), not by the controller's invert command.
        assert.strictEqual(model.state.inverted, false);
        assert.strictEqual(model.pixel(127, 63), 1);
        assert.strictEqual(model.pixel(0, 0), 1);
      }
    }
    assert.strictEqual(drv.pushes, pushes);
  });

  it("an all-clear frame after another redraws and pushes only the bands whose values changed: the glass is the new screen, pixel for pixel", () => {
    const { model, g, drv } = rig();
    const bytes: number[] = [];
    const write = model.write.bind(model);
    model.write = (b: Uint8Array, t: number) => { bytes.push(b.length); return write(b, t); };
    const rand = makeRng(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    // Few values a field, so that most steps change some fields and keep others; nulls and long texts among them.
    const vary = (s: StatusLine): StatusLine => {
      const n: StatusLine = Object.assign({}, s);
      const k = Math.floor(rand() * 4);
      for (let i = 0; i <= k; i++) {
        switch (Math.floor(rand() * 12)) {
          case 0: n.packMv = pick([null, 53070, 53080, 8990]); break;
          case 1: n.currentMa = pick([null, -12500, -12510, 0, 150000]); break;
          case 2: n.socPct = pick([null, 75, 100, 9]); break;
          case 3: n.minCellMv = pick([null, 3315, 3316, 2800]); break;
          case 4: n.minCell = pick([3, 12]); break;
          case 5: n.maxCellMv = pick([null, 3319, 3320, 3650]); break;
          case 6: n.maxCell = pick([7, 16]); break;
          case 7: n.tempC = pick([null, 22, 23, -5]); break;
          case 8: n.linkAgeMs = pick([0, 1000, 59000, 3600000]); break;
          case 9: n.family = pick(["JBD", "JK", "Daly"]); break;
          case 10: n.note = pick(["", "JBD b12 MOS lock", "Charge MOSFET off: balancing or a BMS setting"]); break;
          default: n.remind = pick(["", "OVP x3: charge V too high", "OCD x4: pack undersized"]);
        }
      }
      return n;
    };
    const full = new SimGraphics(128, 64, 1, { vertical_byte: true, msb: false });
    const ok = (s: StatusLine) => { const m = blankModel(SCREEN_OK); m.status = s; return m; };
    let was: StatusLine = { packMv: 53070, currentMa: -12500, socPct: 75, minCellMv: 3315, minCell: 3, maxCellMv: 3319, maxCell: 7, tempC: 22, linkAgeMs: 0, family: "JBD", note: "", remind: "" };
    drawScreen(g as unknown as Gfx, ok(was));
    drv.flip(0);
    let pages = 0;
    for (let step = 1; step <= 400; step++) {
      const s = vary(was);
      const b = statusBands(was, s);
      bytes.length = 0;
      const p = redrawStatus(g as unknown as Gfx, s, b);
      const first = p >> 3;
      const last = p & 7;
      const pushed = first <= last && drv.flip(step, first, last);
      drawScreen(full as unknown as Gfx, ok(s));
      assert.strictEqual(sameAsBuffer(model, full), 0, "step " + step + ": the glass after bands " + b + " is " + JSON.stringify(s) + " drawn in full");
      if (pushed) {
        assert.strictEqual(bytes[1], 1 + (last - first + 1) * 128, "step " + step + ": the pages of bands " + b + " and no more");
        pages += last - first + 1;
      }
      was = s;
    }
    assert.ok(pages < 400 * 8 * 0.8, "most steps push fewer than 8 pages: " + pages);
    // The current alone moved: pages 2-3, 256 bytes and the control byte.
    const cur = Object.assign({}, was, { currentMa: (was.currentMa === null ? 0 : was.currentMa) + 10 });
    assert.strictEqual(statusBands(was, cur), 2);
    assert.strictEqual(redrawStatus(g as unknown as Gfx, cur, 2), 2 * 8 + 3);
    assert.strictEqual(redrawStatus(g as unknown as Gfx, cur, 1 | 16), 0 * 8 + 7, "bands 0 and 4: pages 0 to 7");
    assert.strictEqual(redrawStatus(g as unknown as Gfx, cur, 4 | 8), 4 * 8 + 5);
    assert.strictEqual(redrawStatus(g as unknown as Gfx, cur, 0), 7 * 8 + 0, "none: first after last");
  });

  it("the screen reader reads every screen off the glass exactly as it was drawn (6x8 lines at 8 px pitch)", () => {
    const { model, g, drv } = rig();
    const all: ScreenModel[] = [];
    const add = (screen: number, fill: (m: ScreenModel) => void) => {
      const m = blankModel(screen);
      fill(m);
      all.push(m);
    };
    add(SCREEN_BOOT, (m) => { m.board = "Heltec WiFi Kit 32"; m.version = "0.1.0"; m.family = "Daly"; });
    // Descenders ("g", "p", "y", ",") right above the next line, a reminder over two lines.
    add(SCREEN_OK, (m) => { m.status = { packMv: 52310, currentMa: 99900, socPct: 100, minCellMv: 3271, minCell: 13, maxCellMv: 3290, maxCell: 7, tempC: -5, linkAgeMs: 59000, family: "Daly", note: "", remind: "OVP x3: charge V too high" }; });
    add(SCREEN_NODATA, (m) => { m.noDataAgeMs = 125000; m.noDataReason = "garbage"; m.noDataHint = "Garbled data: check baud/wiring"; m.latchedCode = "SC"; });
    for (let i = 0; i < CODE_TABLE.length; i++) {
      const t = CODE_TABLE[i];
      add(SCREEN_CODE, (m) => {
        m.code = { code: t.code, label: t.label, meaning: t.meaning, action: t.action, side: SIDE_TEXT[t.side], severity: t.sev, value: "3.652V", valueOf: "cell 16", recurring: 0, cause: "", evidence: "", index: 2, count: 3, latched: i === 6, silenced: i === 1, noData: false };
      });
    }
    add(SCREEN_CODE, (m) => {
      m.code = { code: "OVP", label: "", meaning: "", action: "Lower charge voltage", side: "", severity: 1, value: "", valueOf: "", recurring: 3, cause: "Charge voltage too high", evidence: "Any cell: 3 of last 3 charges", index: 1, count: 1, latched: false, silenced: false, noData: true };
    });
    add(SCREEN_DIAG, (m) => { m.title = "OCD again"; m.lines = ["Pack undersized", "150 A on 3 heavy loads"]; });
    add(SCREEN_REFUSED, (m) => { m.title = "NO CLEAR"; m.lines = ["UVP still reported by BMS", "Cell 3 at 2.499 V"]; });
    add(SCREEN_CONFIRM, (m) => { m.title = "CLEAR SC?"; m.lines = ["Wiring inspected?", "Hold again within 9s to clear the latch."]; });
    add(SCREEN_CLEARED, (m) => { m.title = "CLEARED"; m.lines = ["Nothing was latched", "JBD MOSFET lock release sent"]; });
    add(SCREEN_HISTORY, (m) => { m.index = 1; m.count = 32; m.title = "OCD"; m.lines = ["2h05m ago, 12s", "OCD 150 A x2", "latched, recurring: pack undersized"]; });
    for (const m of all) {
      drawScreen(g as unknown as Gfx, m);
      drv.flip(1);
      const rec = new RecordGfx();
      drawScreen(rec, m);
      const drawn = rec.toText().replace("[inverted]\n", "");
      const read = readText(model).map((r) => r.text).join("\n");
      assert.strictEqual(read, drawn, "screen " + m.screen + (m.code ? " " + m.code.code : ""));
    }
  });

  it("the screen reader reads the cell screen: its words as drawn, and which cell is highlighted, bars or numbers", () => {
    const { model, g, drv } = rig();
    const cases: [number, number, number, number, string][] = [
      // cells, lowest, highest, highlighted, what the picture says
      [4, 3, 2, 2, "highlighted #2"],
      [12, 1, 12, 12, "highlighted #12"],
      [12, 5, 7, 1, "highlighted #1"],
      [16, 3, 11, 11, "16 bars, highlighted #11, marked #3 #11"],
      [24, 20, 1, 9, "24 bars, highlighted #9, marked #1 #20"],
      [32, 1, 32, 32, "32 bars, highlighted #32, marked #1 #32"],
      [16, 2, 5, 0, "16 bars, marked #2 #5"],
    ];
    for (const [n, lo, hi, mark, chart] of cases) {
      const m = blankModel(SCREEN_CELLS);
      m.cells = [];
      for (let i = 0; i < n; i++) m.cells.push(3300 + (i % 5));
      m.cells[lo - 1] = 3190;
      m.cells[hi - 1] = 3640;
      m.mark = mark;
      m.markLine = mark ? "OVP #" + mark + " 2h05m ago" : "";
      drawScreen(g as unknown as Gfx, m);
      drv.flip(1);
      assert.strictEqual(sameAsBuffer(model, g), 0);
      const rec = new RecordGfx();
      drawScreen(rec, m);
      const runs = readText(model);
      const words = runs.filter((r) => r.font !== "chart").map((r) => r.text).join("\n");
      assert.strictEqual(words, rec.toText(), n + " cells");
      assert.deepStrictEqual(runs.filter((r) => r.font === "chart").map((r) => r.text), [chart], n + " cells");
      assert.deepStrictEqual(codesOnScreen(runs.map((r) => r.text).join("\n"), ["OVP", "UVP"]), [], "the cell screen shows no code");
    }
  });
});
