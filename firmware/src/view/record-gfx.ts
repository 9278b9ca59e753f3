/**
 * A Gfx that records instead of drawing: the host-side twin of Espruino's Graphics for tests and tools.
 * Widths follow Espruino's fixed-width bitmap fonts (4x6: 4 px, 6x8: 6 px per character, times the scale),
 * so every string a view draws is measured exactly as the device measures it, and anything drawn outside
 * the 128x64 screen is listed in `overflows`.
 */
import { Gfx, SCREEN_W, SCREEN_H } from "./gfx";

export interface DrawnText {
  text: string;
  x: number;
  y: number;
  font: string;
  scale: number;
  /** Colour the text was drawn in (0 on an inverted area). */
  color: number;
}

export class RecordGfx implements Gfx {
  texts: DrawnText[] = [];
  rects: { x1: number; y1: number; x2: number; y2: number; fill: boolean; color: number }[] = [];
  overflows: string[] = [];
  private font = "4x6";
  private scale = 1;
  private color = 1;

  clear(): void {
    this.texts = [];
    this.rects = [];
    this.overflows = [];
  }
  setColor(c: number): void {
    this.color = c;
  }
  setFont(name: string, scale: number): void {
    if (name !== "4x6" && name !== "6x8") throw new Error("font not built in: " + name);
    this.font = name;
    this.scale = scale || 1;
  }
  charW(): number {
    return (this.font === "6x8" ? 6 : 4) * this.scale;
  }
  charH(): number {
    return (this.font === "6x8" ? 8 : 6) * this.scale;
  }
  stringWidth(s: string): number {
    return s.length * this.charW();
  }
  drawString(s: string, x: number, y: number): void {
    const w = this.stringWidth(s);
    if (x < 0 || y < 0 || x + w > SCREEN_W || y + this.charH() > SCREEN_H) {
      this.overflows.push('"' + s + '" at ' + x + "," + y + " (" + w + "x" + this.charH() + ")");
    }
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c > 126) this.overflows.push('"' + s + '" has a non-ASCII character ' + c);
    }
    this.texts.push({ text: s, x: x, y: y, font: this.font, scale: this.scale, color: this.color });
  }
  fillRect(x1: number, y1: number, x2: number, y2: number): void {
    this.rects.push({ x1: x1, y1: y1, x2: x2, y2: y2, fill: true, color: this.color });
  }
  drawRect(x1: number, y1: number, x2: number, y2: number): void {
    this.rects.push({ x1: x1, y1: y1, x2: x2, y2: y2, fill: false, color: this.color });
  }
  drawLine(x1: number, y1: number, x2: number, y2: number): void {
    this.rects.push({ x1: x1, y1: y1, x2: x2, y2: y2, fill: false, color: this.color });
  }

  /** True when the whole screen was filled lit first (an inverted screen). */
  inverted(): boolean {
    const r = this.rects[0];
    return !!r && r.fill && r.color === 1 && r.x1 <= 0 && r.y1 <= 0 && r.x2 >= SCREEN_W - 1 && r.y2 >= SCREEN_H - 1;
  }
  /** The screen as text, top to bottom then left to right: one line per drawn string. */
  toText(): string {
    const sorted = this.texts.slice().sort((a, b) => a.y - b.y || a.x - b.x);
    return (this.inverted() ? "[inverted]\n" : "") + sorted.map((t) => t.text).join("\n");
  }
}
