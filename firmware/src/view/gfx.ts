/**
 * The drawing surface the screens use: the subset of Espruino's `Graphics` we call, as an interface so the
 * pure views run on the host against a recorder (record-gfx.ts) and on the device against the real
 * `Graphics.createArrayBuffer(128, 64, 1, {vertical_byte: true, msb: false})` that the SSD1306 driver owns.
 *
 * Font: only Espruino's built-in 6x8 (espruino.com/Fonts; 6 px wide, 8 px high, fixed width; `setFont(name,
 * scale)` multiplies both). Every word on the glass is in it: the 4x6 font draws "m", "w", "M" and "W" as
 * solid 3-pixel blobs, about 1 mm tall on a 0.96" panel, and a custom font's bitmap would cost RAM. The 6x8 font
 * holds 21 characters a line and 8 lines at its own 8 px pitch (its capitals sit in rows 1-6, descenders in
 * row 7, so lines 8 px apart do not touch).
 * Texts are ASCII only (no "°", no "×"): ESP32 strings are bytes.
 */

/** @native On the device this is Espruino's Graphics: tools/shrink.ts keeps these names. */
export interface Gfx {
  clear(): void;
  /** 1 = lit pixel, 0 = dark. */
  setColor(c: number): void;
  setFont(name: string, scale: number): void;
  drawString(s: string, x: number, y: number): void;
  stringWidth(s: string): number;
  fillRect(x1: number, y1: number, x2: number, y2: number): void;
  drawRect(x1: number, y1: number, x2: number, y2: number): void;
  drawLine(x1: number, y1: number, x2: number, y2: number): void;
}

export const SCREEN_W = 128;
export const SCREEN_H = 64;

export const FONT = "6x8";
/** Glyph cell of the 6x8 font at scale 1, px. */
export const CHAR_W = 6;
export const LINE_H = 8;
/** Characters in one full-width line at scale 1 (128 / 6). */
export const LINE_CHARS = 21;

/**
 * Cuts `s` to at most `n` characters; a cut string ends in "." so a reader sees it was cut. The font is fixed
 * width, so a character count is a pixel width: nothing is measured while drawing (the device draws every
 * second); the host's recorder measures every string drawn and the tests fail on anything past the edge.
 */
export function fit(s: string, n: number): string {
  return s.length > n ? s.substr(0, n - 1) + "." : s;
}

/**
 * Word-wraps `s` into at most `max` lines of at most `n` characters, breaking at spaces; a word longer than a
 * line is broken where the line ends, and the last line is cut with fit() when text is left over ("" gives no
 * line). Only indexOf and substr: a few calls
 * per line, no measuring.
 */
export function wrap(s: string, n: number, max: number): string[] {
  const out: string[] = [];
  if (max < 1) return out;
  while (s.length > n && out.length < max - 1) {
    // The last space at or before n keeps the line within n characters.
    let k = -1;
    let j = s.indexOf(" ");
    while (j >= 0 && j <= n) {
      k = j;
      j = s.indexOf(" ", j + 1);
    }
    let e = k > 0 ? k : n;
    while (e > 0 && s.charAt(e - 1) === " ") e--;
    out.push(s.substr(0, e > 0 ? e : n));
    s = s.substr(k > 0 ? k : n);
    while (s.charAt(0) === " ") s = s.substr(1);
  }
  if (s) out.push(fit(s, n));
  return out;
}
