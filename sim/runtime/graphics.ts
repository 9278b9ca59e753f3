/**
 * Espruino's `Graphics.createArrayBuffer` for the simulator: the same buffer layout (vertical_byte / msb /
 * bpp as libs/graphics/lcd_arraybuffer.c lays pixels out), the same built-in bitmap fonts "4x6" and "6x8"
 * (bitmaps in font-data.ts, 4 and 6 px per character, scalable) and the drawing calls a small firmware uses.
 *
 * Behaviour follows espruino/Espruino libs/graphics (graphics.c, jswrap_graphics.c, bitmap_font_*.c):
 * rectangles are inclusive of both corners and swapped when given backwards; lines use Espruino's 8.8
 * fixed-point stepping with +128 rounding; setFontAlign(-1|0|1) aligns each line by
 * `x - width*(align+1)/2` (integer division); drawing methods return the Graphics for chaining.
 * Deliberately absent: vector/custom fonts, images, circles/polygons, rotation, zigzag.
 */
import { FONT_4X6_FIRST, FONT_4X6_GLYPHS, FONT_6X8_FIRST, FONT_6X8_GLYPHS } from "./font-data";

/** A bitmap font decoded for drawing: per glyph, rows of bits (bit (cols-1-x) = column x). */
export interface BitmapFont {
  name: string;
  /** Advance per character in pixels (before scaling). */
  cellWidth: number;
  height: number;
  /** Columns of ink in a glyph. */
  inkCols: number;
  first: number;
  rows: number[][];
  /** Rectangle Espruino fills for a char it has no glyph for, when drawing with a solid background. */
  missingW: number;
  missingH: number;
}

function decodeFont(name: string, glyphs: string[], first: number, cellWidth: number, height: number, missingW: number, missingH: number): BitmapFont {
  const rows = glyphs.map((g) =>
    g.split("|").map((r) => {
      let v = 0;
      for (let i = 0; i < r.length; i++) v = (v << 1) | (r[i] === "X" ? 1 : 0);
      return v;
    }),
  );
  const inkCols = glyphs[0].split("|")[0].length;
  return { name, cellWidth, height, inkCols, first, rows, missingW, missingH };
}

// The no-glyph rectangles mirror graphicsDrawChar4x6/6x8 (x1..x1+2*size, y1..y1+5*size for 4x6;
// x1..x1+5*size, y1..y1+7*size for 6x8), inclusive.
export const FONT_4X6 = decodeFont("4x6", FONT_4X6_GLYPHS, FONT_4X6_FIRST, 4, 6, 2, 5);
export const FONT_6X8 = decodeFont("6x8", FONT_6X8_GLYPHS, FONT_6X8_FIRST, 6, 8, 5, 7);
const FONTS: { [name: string]: BitmapFont } = { "4x6": FONT_4X6, "6x8": FONT_6X8 };

export interface ArrayBufferOptions {
  vertical_byte?: boolean;
  msb?: boolean;
  zigzag?: boolean;
  color_order?: string;
}

function toInt(v: unknown): number {
  const n = Number(v);
  return isFinite(n) ? Math.floor(n) : 0;
}

/** The Graphics object the firmware gets. Method names and arguments are Espruino's. */
export class SimGraphics {
  readonly buffer: ArrayBuffer;
  private readonly bytes: Uint8Array;
  private readonly w: number;
  private readonly h: number;
  private readonly bpp: number;
  private readonly vertical: boolean;
  private readonly msb: boolean;
  private fg: number;
  private bg = 0;
  private font: BitmapFont = FONT_4X6;
  private scaleX = 1;
  private scaleY = 1;
  private alignX = -1;
  private alignY = -1;
  private modified: { x1: number; y1: number; x2: number; y2: number } | null = null;
  /** Host-side counter of drawing calls (for tests and benchmarks). */
  drawCalls = 0;

  constructor(width: number, height: number, bpp: number, options?: ArrayBufferOptions, makeBuffer?: (n: number) => ArrayBuffer) {
    width = toInt(width);
    height = toInt(height);
    if (width <= 0 || height <= 0 || width > 32767 || height > 32767) throw new Error("Invalid Size");
    if ([1, 2, 4, 8, 16, 24, 32].indexOf(bpp) < 0) throw new Error("Invalid BPP");
    this.w = width;
    this.h = height;
    this.bpp = bpp;
    this.vertical = !!(options && options.vertical_byte) && bpp === 1;
    this.msb = !!(options && options.msb);
    const n = this.vertical ? width * ((height + 7) >> 3) : (width * height * bpp + 7) >> 3;
    this.buffer = makeBuffer ? makeBuffer(n) : new ArrayBuffer(n);
    this.bytes = new Uint8Array(this.buffer);
    this.fg = this.mask();
  }

  private mask(): number {
    return this.bpp >= 32 ? 0xffffffff : (1 << this.bpp) - 1;
  }

  getWidth(): number { return this.w; }
  getHeight(): number { return this.h; }
  getBPP(): number { return this.bpp; }

  // ---- pixels ----
  private put(x: number, y: number, col: number): void {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    const b = this.bytes;
    if (this.vertical) {
      const i = x + (y >> 3) * this.w;
      const bit = this.msb ? 7 - (y & 7) : y & 7;
      if (col & 1) b[i] |= 1 << bit; else b[i] &= ~(1 << bit);
      return;
    }
    const p = (x + y * this.w) * this.bpp;
    if (this.bpp < 8) {
      const i = p >> 3;
      const shift = this.msb ? 8 - this.bpp - (p & 7) : p & 7;
      const m = ((1 << this.bpp) - 1) << shift;
      b[i] = (b[i] & ~m) | ((col << shift) & m);
    } else {
      let i = p >> 3;
      for (let k = 0; k < this.bpp; k += 8) b[i++] = (col >>> k) & 0xff;
    }
  }

  private get(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return 0;
    const b = this.bytes;
    if (this.vertical) {
      const bit = this.msb ? 7 - (y & 7) : y & 7;
      return (b[x + (y >> 3) * this.w] >> bit) & 1;
    }
    const p = (x + y * this.w) * this.bpp;
    if (this.bpp < 8) {
      const shift = this.msb ? 8 - this.bpp - (p & 7) : p & 7;
      return (b[p >> 3] >> shift) & ((1 << this.bpp) - 1);
    }
    let v = 0;
    let i = p >> 3;
    for (let k = 0; k < this.bpp; k += 8) v |= b[i++] << k;
    return v >>> 0;
  }

  private fill(x1: number, y1: number, x2: number, y2: number, col: number): void {
    if (x1 > x2) { const t = x1; x1 = x2; x2 = t; }
    if (y1 > y2) { const t = y1; y1 = y2; y2 = t; }
    if (x1 < 0) x1 = 0;
    if (y1 < 0) y1 = 0;
    if (x2 >= this.w) x2 = this.w - 1;
    if (y2 >= this.h) y2 = this.h - 1;
    if (x1 > x2 || y1 > y2) return;
    this.touch(x1, y1, x2, y2);
    if (this.vertical) {
      // Fast path for the SSD1306 layout: whole bytes per page, masks at the partial pages.
      const b = this.bytes;
      const on = (col & 1) !== 0;
      for (let page = y1 >> 3; page <= y2 >> 3; page++) {
        const lo = Math.max(y1, page * 8) & 7;
        const hi = Math.min(y2, page * 8 + 7) & 7;
        let m = ((0xff << lo) & (0xff >> (7 - hi))) & 0xff;
        if (this.msb) { let r = 0; for (let k = 0; k < 8; k++) if (m & (1 << k)) r |= 0x80 >> k; m = r; }
        const base = page * this.w;
        if (on) for (let x = x1; x <= x2; x++) b[base + x] |= m;
        else for (let x = x1; x <= x2; x++) b[base + x] &= ~m;
      }
      return;
    }
    for (let y = y1; y <= y2; y++) for (let x = x1; x <= x2; x++) this.put(x, y, col);
  }

  private touch(x1: number, y1: number, x2: number, y2: number): void {
    const m = this.modified;
    if (!m) this.modified = { x1, y1, x2, y2 };
    else {
      m.x1 = Math.min(m.x1, x1); m.y1 = Math.min(m.y1, y1);
      m.x2 = Math.max(m.x2, x2); m.y2 = Math.max(m.y2, y2);
    }
  }

  // ---- state ----
  private colorFrom(r: unknown, g: unknown, b: unknown): number {
    if (g !== undefined && b !== undefined) {
      // RGB floats 0..1: on a 1..8 bpp buffer Espruino picks all-ones when r+g+b (as 0..255) >= 384.
      const c = (v: unknown) => Math.max(0, Math.min(255, Math.floor(Number(v) * 256)));
      return c(r) + c(g) + c(b) >= 384 ? this.mask() : 0;
    }
    return toInt(r) & this.mask();
  }

  setColor(r: unknown, g?: unknown, b?: unknown): this { this.fg = this.colorFrom(r, g, b); return this; }
  setBgColor(r: unknown, g?: unknown, b?: unknown): this { this.bg = this.colorFrom(r, g, b); return this; }
  getColor(): number { return this.fg; }
  getBgColor(): number { return this.bg; }

  /** setFont("4x6"|"6x8", scale) or setFont("6x8:2"); other fonts throw as on a build without them. */
  setFont(name: unknown, scale?: unknown): this {
    let n = String(name);
    let sx = scale === undefined ? 1 : toInt(scale);
    let sy = sx;
    const colon = n.indexOf(":");
    if (colon >= 0) {
      const spec = n.slice(colon + 1);
      n = n.slice(0, colon);
      const xi = spec.indexOf("x");
      if (xi >= 0) { sx = toInt(spec.slice(0, xi)); sy = toInt(spec.slice(xi + 1)); } else { sx = sy = toInt(spec); }
    }
    const f = FONTS[n];
    if (!f) throw new Error("Font " + JSON.stringify(n) + " not found");
    this.font = f;
    this.scaleX = Math.max(1, sx);
    this.scaleY = Math.max(1, sy);
    return this;
  }

  getFont(): string {
    return this.font.name + (this.scaleX !== 1 || this.scaleY !== 1 ? ":" + (this.scaleX === this.scaleY ? this.scaleX : this.scaleX + "x" + this.scaleY) : "");
  }

  getFontHeight(): number { return this.font.height * this.scaleY; }

  setFontAlign(x: unknown, y: unknown): this {
    const a = (v: unknown) => { const n = toInt(v); return n < 0 ? -1 : n > 0 ? 1 : 0; };
    this.alignX = x === undefined ? -1 : a(x);
    this.alignY = y === undefined ? -1 : a(y);
    return this;
  }

  // ---- drawing ----
  clear(reset?: unknown): this {
    this.drawCalls++;
    if (reset) this.reset();
    this.fill(0, 0, this.w - 1, this.h - 1, this.bg);
    return this;
  }

  reset(): this {
    this.fg = this.mask(); this.bg = 0; this.font = FONT_4X6; this.scaleX = this.scaleY = 1;
    this.alignX = this.alignY = -1;
    return this;
  }

  setPixel(x: unknown, y: unknown, col?: unknown): this {
    this.drawCalls++;
    const xi = toInt(x), yi = toInt(y);
    if (xi >= 0 && yi >= 0 && xi < this.w && yi < this.h) this.touch(xi, yi, xi, yi);
    this.put(xi, yi, col === undefined ? this.fg : toInt(col) & this.mask());
    return this;
  }

  getPixel(x: unknown, y: unknown): number { return this.get(toInt(x), toInt(y)); }

  fillRect(x1: unknown, y1?: unknown, x2?: unknown, y2?: unknown): this {
    this.drawCalls++;
    const r = this.rectArgs(x1, y1, x2, y2);
    this.fill(r[0], r[1], r[2], r[3], this.fg);
    return this;
  }

  clearRect(x1: unknown, y1?: unknown, x2?: unknown, y2?: unknown): this {
    this.drawCalls++;
    const r = this.rectArgs(x1, y1, x2, y2);
    this.fill(r[0], r[1], r[2], r[3], this.bg);
    return this;
  }

  drawRect(x1: unknown, y1?: unknown, x2?: unknown, y2?: unknown): this {
    this.drawCalls++;
    const r = this.rectArgs(x1, y1, x2, y2);
    const c = this.fg;
    this.fill(r[0], r[1], r[2], r[1], c);
    this.fill(r[2], r[1], r[2], r[3], c);
    this.fill(r[0], r[3], r[2], r[3], c);
    this.fill(r[0], r[1], r[0], r[3], c);
    return this;
  }

  /** Espruino also takes `{x, y, w, h}` (or x2/y2) as the first argument. */
  private rectArgs(x1: unknown, y1: unknown, x2: unknown, y2: unknown): number[] {
    if (x1 && typeof x1 === "object") {
      const o = x1 as { x?: number; y?: number; x2?: number; y2?: number; w?: number; h?: number };
      const x = toInt(o.x), y = toInt(o.y);
      return [x, y, o.x2 !== undefined ? toInt(o.x2) : x + toInt(o.w) - 1, o.y2 !== undefined ? toInt(o.y2) : y + toInt(o.h) - 1];
    }
    return [toInt(x1), toInt(y1), toInt(x2), toInt(y2)];
  }

  drawLine(x1: unknown, y1: unknown, x2: unknown, y2: unknown): this {
    this.drawCalls++;
    let ax = toInt(x1), ay = toInt(y1), bx = toInt(x2), by = toInt(y2);
    let xl = Math.abs(bx - ax); if (xl === 0) xl = 1;
    let yl = Math.abs(by - ay); if (yl === 0) yl = 1;
    if (xl > yl) {
      if (ax > bx) { let t = ax; ax = bx; bx = t; t = ay; ay = by; by = t; }
      let pos = (ay << 8) + 128;
      const step = Math.trunc(((by - ay) << 8) / xl);
      for (let x = ax; x <= bx; x++) { this.plot(x, pos >> 8); pos += step; }
    } else {
      if (ay > by) { let t = ax; ax = bx; bx = t; t = ay; ay = by; by = t; }
      let pos = (ax << 8) + 128;
      const step = Math.trunc(((bx - ax) << 8) / yl);
      for (let y = ay; y <= by; y++) { this.plot(pos >> 8, y); pos += step; }
    }
    return this;
  }

  private plot(x: number, y: number): void {
    if (x >= 0 && y >= 0 && x < this.w && y < this.h) this.touch(x, y, x, y);
    this.put(x, y, this.fg);
  }

  // ---- text ----
  private charWidth(): number { return this.font.cellWidth * this.scaleX; }

  stringWidth(str: unknown): number {
    const s = typeof str === "string" ? str : String(str);
    if (s.indexOf("\n") < 0) return s.length * this.charWidth();
    let max = 0;
    for (const line of String(str).split("\n")) max = Math.max(max, line.length * this.charWidth());
    return max;
  }

  stringMetrics(str: unknown): { width: number; height: number } {
    const s = String(str);
    return { width: this.stringWidth(s), height: s.split("\n").length * this.getFontHeight() };
  }

  drawString(str: unknown, x: unknown, y: unknown, solid?: unknown): this {
    this.drawCalls++;
    const s = String(str);
    const lines = s.split("\n");
    const lineH = this.getFontHeight();
    let yy = toInt(y);
    if (this.alignY !== -1) yy -= Math.floor((lines.length * lineH * (this.alignY + 1)) / 2);
    for (const line of lines) {
      let xx = toInt(x);
      if (this.alignX !== -1) xx -= Math.floor((line.length * this.charWidth() * (this.alignX + 1)) / 2);
      for (let i = 0; i < line.length; i++) {
        // ESP32 strings are bytes: a code above 255 would be two bytes there; keep the low byte as Espruino's char.
        this.drawChar(line.charCodeAt(i) & 0xff, xx, yy, !!solid);
        xx += this.charWidth();
      }
      yy += lineH;
    }
    return this;
  }

  private drawChar(code: number, x1: number, y1: number, solid: boolean): void {
    const f = this.font, sx = this.scaleX, sy = this.scaleY;
    if (x1 <= -f.cellWidth * sx || x1 >= this.w || y1 <= -f.height * sy || y1 >= this.h) return;
    const idx = code - f.first;
    if (idx < 0 || idx >= f.rows.length) {
      if (solid) this.fill(x1, y1, x1 + f.missingW * sx, y1 + f.missingH * sy, this.bg);
      return;
    }
    const rows = f.rows[idx];
    if (this.vertical && sx === 1 && sy === 1 && !solid && x1 >= 0 && y1 >= 0 && x1 + f.inkCols <= this.w && y1 + rows.length <= this.h) {
      // Fast path (the common case on the OLED): set the ink bits directly, one bounding-box update.
      const b = this.bytes;
      const on = (this.fg & 1) !== 0;
      let r0 = 99, r1 = -1, c0 = 99, c1 = -1;
      for (let r = 0; r < rows.length; r++) {
        const bits = rows[r];
        if (!bits) continue;
        if (r < r0) r0 = r;
        r1 = r;
        const y = y1 + r;
        const bit = 1 << (this.msb ? 7 - (y & 7) : y & 7);
        const base = (y >> 3) * this.w + x1;
        for (let c = 0; c < f.inkCols; c++) {
          if ((bits >> (f.inkCols - 1 - c)) & 1) {
            if (on) b[base + c] |= bit; else b[base + c] &= ~bit;
            if (c < c0) c0 = c;
            if (c > c1) c1 = c;
          }
        }
      }
      if (r1 >= 0) this.touch(x1 + c0, y1 + r0, x1 + c1, y1 + r1);
      return;
    }
    for (let r = 0; r < rows.length; r++) {
      for (let c = 0; c < f.inkCols; c++) {
        const ink = (rows[r] >> (f.inkCols - 1 - c)) & 1;
        if (ink || solid) this.fill(x1 + c * sx, y1 + r * sy, x1 + (c + 1) * sx - 1, y1 + (r + 1) * sy - 1, ink ? this.fg : this.bg);
      }
    }
    if (solid) this.fill(x1 + f.inkCols * sx, y1, x1 + f.cellWidth * sx - 1, y1 + f.height * sy - 1, this.bg);
  }

  // ---- misc ----
  /** Bounding box changed since the last call with reset (Espruino's getModified). */
  getModified(reset?: unknown): { x1: number; y1: number; x2: number; y2: number } | undefined {
    const m = this.modified;
    if (reset) this.modified = null;
    return m ? { x1: m.x1, y1: m.y1, x2: m.x2, y2: m.y2 } : undefined;
  }

  /** No-op for an ArrayBuffer Graphics, as on the device (the display driver pushes `buffer` itself). */
  flip(): this { return this; }
}

/** The `Graphics` constructor object placed in the firmware's context. */
export function makeGraphicsClass(makeBuffer?: (n: number) => ArrayBuffer): { createArrayBuffer(w: number, h: number, bpp: number, o?: ArrayBufferOptions): SimGraphics } {
  return {
    createArrayBuffer(w: number, h: number, bpp: number, o?: ArrayBufferOptions): SimGraphics {
      return new SimGraphics(w, h, bpp, o, makeBuffer);
    },
  };
}
