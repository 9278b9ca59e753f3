/**
 * The drawing surface the screens use: the subset of Espruino's `Graphics` we call, as an interface so the
 * pure views run on the host against a recorder (record-gfx.ts) and on the device against the real
 * `Graphics.createArrayBuffer(128, 64, 1, {vertical_byte: true, msb: false})` that the SSD1306 driver owns.
 *
 * Fonts: only Espruino's built-in bitmap fonts, both fixed width (espruino.com/Fonts):
 *   "4x6": 4 px wide, 6 px high;  "6x8": 6 px wide, 8 px high; `setFont(name, scale)` multiplies both.
 * Texts are ASCII only (no "°", no "×"): the 4x6 font has no Latin-1 half and ESP32 strings are bytes.
 */

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

/** Glyph cell sizes of the two fonts at scale 1, for layout arithmetic (heights are not measurable). */
export const FONT_SMALL = "4x6";
export const FONT_BIG = "6x8";
export const SMALL_H = 6;
export const BIG_H = 8;

/**
 * Cuts `s` so it fits `maxW` pixels in the current font; a cut string ends in "." so a reader sees it was
 * cut. Measured with the surface's own stringWidth, never guessed.
 */
export function fitText(g: Gfx, s: string, maxW: number): string {
  if (g.stringWidth(s) <= maxW) return s;
  let n = s.length - 1;
  while (n > 0 && g.stringWidth(s.substr(0, n) + ".") > maxW) n--;
  return s.substr(0, n) + ".";
}

/**
 * Word-wraps `s` into at most `maxLines` lines of `maxW` pixels in the current font; the last line is cut
 * with fitText when the text is longer. Words longer than a line are cut too.
 */
export function wrapText(g: Gfx, s: string, maxW: number, maxLines: number): string[] {
  const words = s.split(" ");
  const lines: string[] = [];
  let line = "";
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    const w = words[i];
    const next = line ? line + " " + w : w;
    if (g.stringWidth(next) <= maxW) {
      line = next;
      i++;
    } else if (!line) {
      lines.push(fitText(g, w, maxW));
      i++;
    } else {
      lines.push(line);
      line = "";
    }
  }
  if (line && lines.length < maxLines) lines.push(line);
  if (i < words.length && lines.length) {
    const last = lines.length - 1;
    lines[last] = fitText(g, lines[last] + " " + words.slice(i).join(" "), maxW);
  }
  return lines;
}
