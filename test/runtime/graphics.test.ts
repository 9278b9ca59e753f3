/**
 * Graphics.createArrayBuffer: buffer layouts, primitives, and the built-in fonts against Espruino's bitmaps.
 * Expected glyphs below are written out by hand from espruino/Espruino libs/graphics/bitmap_font_4x6.c
 * (commit 268e571a) and bitmap_font_6x8.c (commit ad961bdf), not generated from sim/runtime/font-data.ts.
 */
import * as assert from "assert";
import { createDevice } from "../../sim/runtime/device";
import { SimGraphics } from "../../sim/runtime/graphics";

/** Pixels of a w×h area as rows of "X"/"." */
function area(g: SimGraphics, x0: number, y0: number, w: number, h: number): string[] {
  const rows: string[] = [];
  for (let y = y0; y < y0 + h; y++) {
    let r = "";
    for (let x = x0; x < x0 + w; x++) r += g.getPixel(x, y) ? "X" : ".";
    rows.push(r);
  }
  return rows;
}

function oled(): SimGraphics {
  return new SimGraphics(128, 64, 1, { vertical_byte: true, msb: false });
}

describe("runtime: Graphics", () => {
  it("vertical_byte layout is the SSD1306 page layout: byte x + 128·(y>>3), bit y&7", () => {
    const g = oled();
    assert.strictEqual(g.buffer.byteLength, 1024);
    g.setPixel(3, 10);
    g.setPixel(127, 63);
    const b = new Uint8Array(g.buffer);
    assert.strictEqual(b[3 + 128], 1 << 2);
    assert.strictEqual(b[127 + 7 * 128], 0x80);
    assert.strictEqual(b.reduce((a, v) => a + v, 0), 4 + 0x80);
  });

  it("horizontal 1 bpp layout, lsb or msb first", () => {
    const lsb = new SimGraphics(16, 2, 1, {});
    const msb = new SimGraphics(16, 2, 1, { msb: true });
    for (const g of [lsb, msb]) { g.setPixel(0, 0); g.setPixel(9, 1); }
    assert.deepStrictEqual(Array.from(new Uint8Array(lsb.buffer)), [0x01, 0, 0, 0x02]);
    assert.deepStrictEqual(Array.from(new Uint8Array(msb.buffer)), [0x80, 0, 0, 0x40]);
  });

  it("fillRect is inclusive and takes corners in any order; drawRect draws the outline; clipping at the edges", () => {
    const g = oled();
    g.fillRect(12, 7, 10, 5); // backwards
    assert.deepStrictEqual(area(g, 9, 4, 5, 5), [".....", ".XXX.", ".XXX.", ".XXX.", "....."]);
    g.clear();
    g.drawRect(0, 0, 4, 3);
    assert.deepStrictEqual(area(g, 0, 0, 6, 5), ["XXXXX.", "X...X.", "X...X.", "XXXXX.", "......"]);
    g.clear().fillRect(120, 60, 200, 100);
    let lit = 0;
    for (let y = 0; y < 64; y++) for (let x = 0; x < 128; x++) lit += g.getPixel(x, y);
    assert.strictEqual(lit, 8 * 4);
  });

  it("the page-layout fill fast path equals pixel-by-pixel drawing, lsb and msb", () => {
    for (const msb of [false, true]) {
      const fast = new SimGraphics(128, 64, 1, { vertical_byte: true, msb });
      const slow = new SimGraphics(128, 64, 1, { vertical_byte: true, msb });
      const rects = [[0, 0, 127, 63], [3, 5, 9, 6], [10, 7, 20, 8], [0, 9, 0, 47], [5, 16, 100, 23], [126, 1, 140, 70]];
      let colour = 1;
      for (const r of rects) {
        fast.setColor(colour).fillRect(r[0], r[1], r[2], r[3]);
        for (let y = r[1]; y <= r[3]; y++) for (let x = r[0]; x <= r[2]; x++) slow.setPixel(x, y, colour);
        colour ^= 1;
        assert.deepStrictEqual(Array.from(new Uint8Array(fast.buffer)), Array.from(new Uint8Array(slow.buffer)), "rect " + r + (msb ? " msb" : ""));
      }
    }
  });

  it("drawLine steps in 8.8 fixed point with +128 rounding, like graphicsDrawLine", () => {
    const g = oled();
    g.drawLine(0, 0, 10, 5);
    // pos starts at 128, step (5<<8)/10 = 128: y = (128 + 128·x) >> 8.
    const ys: number[] = [];
    for (let x = 0; x <= 10; x++) for (let y = 0; y < 8; y++) if (g.getPixel(x, y)) ys.push(y);
    assert.deepStrictEqual(ys, [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    g.clear().drawLine(5, 0, 5, 3);
    assert.deepStrictEqual(area(g, 4, 0, 3, 5), [".X.", ".X.", ".X.", ".X.", "..."]);
  });

  it("setColor(0) draws dark; RGB floats pick all-ones when bright", () => {
    const g = oled();
    g.fillRect(0, 0, 3, 0);
    g.setColor(0).setPixel(1, 0);
    assert.deepStrictEqual(area(g, 0, 0, 4, 1), ["X.XX"]);
    g.setColor(1, 1, 1).setPixel(1, 0);
    assert.strictEqual(g.getPixel(1, 0), 1);
    g.setColor(0.2, 0.2, 0.2).setPixel(1, 0);
    assert.strictEqual(g.getPixel(1, 0), 0);
  });

  describe("fonts", () => {
    it("widths: 4x6 is 4 px per char, 6x8 is 6 px, scaled by setFont's second argument or ':n'", () => {
      const g = oled();
      assert.strictEqual(g.getFont(), "4x6");
      assert.strictEqual(g.stringWidth("Hello"), 20);
      assert.strictEqual(g.getFontHeight(), 6);
      g.setFont("6x8");
      assert.strictEqual(g.stringWidth("Hello"), 30);
      assert.strictEqual(g.getFontHeight(), 8);
      g.setFont("6x8", 2);
      assert.strictEqual(g.stringWidth("OVP"), 36);
      assert.strictEqual(g.getFontHeight(), 16);
      g.setFont("4x6:3");
      assert.strictEqual(g.stringWidth("ab"), 24);
      assert.strictEqual(g.stringWidth("abc\nabcdef\nx"), 72);
      assert.deepStrictEqual(g.stringMetrics("a\nb"), { width: 12, height: 36 });
      assert.throws(() => g.setFont("Vector", 12), /not found/);
    });

    it("4x6 'A', '0' and '%' match the bitmap table, with the 4th column empty", () => {
      const g = oled();
      g.drawString("A0%", 0, 0);
      assert.deepStrictEqual(area(g, 0, 0, 12, 6), [
        ".X...X..X.X.",
        "X.X.X.X...X.",
        "X.X.X.X..X..",
        "XXX.X.X.X...",
        "X.X..X..X.X.",
        "............",
      ]);
    });

    it("6x8 (Dina) 'A', '0' and 'g' match the bitmap table, 5 ink columns in a 6 px cell", () => {
      const g = oled();
      g.setFont("6x8").drawString("A0g", 0, 0);
      assert.deepStrictEqual(area(g, 0, 0, 18, 8), [
        "..................",
        "..X....XXX........",
        "..X...X..XX..XXXX.",
        ".X.X..X.X.X.X...X.",
        ".XXX..X.X.X.X...X.",
        "X...X.XX..X..XXXX.",
        "X...X..XXX......X.",
        ".............XXX..",
      ]);
    });

    it("scale 2 doubles every pixel", () => {
      const g = oled();
      g.setFont("4x6", 2).drawString("1", 0, 0);
      // 4x6 '1': .X. / XX. / .X. / .X. / XXX
      assert.deepStrictEqual(area(g, 0, 0, 8, 4), ["..XX....", "..XX....", "XXXX....", "XXXX...."]);
    });

    it("setFontAlign centres and right/bottom-aligns by x − w·(a+1)/2", () => {
      const g = oled();
      g.setFont("6x8").setFontAlign(0, 0).drawString("AB", 64, 32);
      // width 12 → x0 = 58, height 8 → y0 = 28; 'A' row 1 has ink at column 2.
      assert.strictEqual(g.getPixel(60, 29), 1);
      assert.strictEqual(g.getPixel(60, 28), 0);
      assert.deepStrictEqual(g.getModified(true), { x1: 58, y1: 29, x2: 68, y2: 34 });
      g.clear().getModified(true);
      g.setFontAlign(1, 1).drawString("AB", 64, 32);
      assert.strictEqual(g.getPixel(54, 25), 1); // x0 = 52, y0 = 24
      assert.strictEqual(g.getModified()?.x2, 62);
    });

    it("solid background paints the cell, gap column included; codes without a glyph still advance", () => {
      const g = oled();
      g.fillRect(0, 0, 127, 63);
      g.setBgColor(0).setColor(1).drawString("A", 0, 0, true);
      assert.deepStrictEqual(area(g, 0, 0, 5, 7), [".X..X", "X.X.X", "X.X.X", "XXX.X", "X.X.X", "....X", "XXXXX"]);
      g.clear().drawString(" \x01A", 0, 0);
      assert.strictEqual(g.getPixel(9, 0), 1); // 'A' starts at x = 8
    });
  });

  it("is what the firmware gets from Graphics.createArrayBuffer, buffer usable from the context's typed arrays", () => {
    const d = createDevice({
      code: `
        var g = Graphics.createArrayBuffer(128, 64, 1, { vertical_byte: true, msb: false });
        g.setFont("6x8", 2);
        var w = g.stringWidth("UVP");
        g.drawString("UVP", 0, 0);
        var sum = 0, b = new Uint8Array(g.buffer);
        for (var i = 0; i < b.length; i++) sum += b[i];
      `,
    });
    assert.strictEqual(d.eval("w"), 36);
    assert.ok((d.eval("sum") as number) > 0);
    assert.strictEqual(d.eval("b.length"), 1024);
  });
});
