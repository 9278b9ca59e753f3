/**
 * Reads text off the simulated OLED the way a person would: from the SSD1306 model's pixels, by matching
 * Espruino's two built-in bitmap fonts (4x6 and 6x8, scales 1–3, as transcribed in sim/runtime/font-data.ts)
 * at every position, in normal and inverted video. No access to the firmware's strings: if the text is not on
 * the glass, it is not read.
 *
 * A glyph matches only when its whole ink box (inkCols × height cells, blank cells included) equals the
 * pixels and the spacing around it is background; matches are then chained into words along one line.
 */
import { BitmapFont, FONT_4X6, FONT_6X8 } from "../runtime/graphics";

export interface PixelGrid {
  pixel(x: number, y: number): number;
}

export interface TextRun {
  x: number;
  y: number;
  text: string;
  font: string;
  scale: number;
  inverted: boolean;
}

const W = 128;
const H = 64;

interface FontIndex {
  font: BitmapFont;
  /** Bitmap key (rows × inkCols bits) → character. */
  keys: { [key: number]: string };
}

function buildIndex(font: BitmapFont): FontIndex {
  const keys: { [key: number]: string } = {};
  for (let code = 33; code <= 126; code++) {
    const rows = font.rows[code - font.first];
    if (!rows) continue;
    let key = 0;
    let ink = 0;
    for (let r = 0; r < font.height; r++) {
      const v = rows[r] || 0;
      key = key * (1 << font.inkCols) + v;
      ink |= v;
    }
    if (ink && keys[key] === undefined) keys[key] = String.fromCharCode(code);
  }
  return { font, keys };
}

const INDEXES = [buildIndex(FONT_6X8), buildIndex(FONT_4X6)];

/** Copies the glass into a byte grid (1 = lit). */
export function snapshotPixels(src: PixelGrid): Uint8Array {
  const b = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) b[y * W + x] = src.pixel(x, y) ? 1 : 0;
  return b;
}

function scan(b: Uint8Array, idx: FontIndex, s: number, inverted: boolean, out: TextRun[]): void {
  const f = idx.font;
  const ic = f.inkCols;
  const boxW = ic * s;
  const boxH = f.height * s;
  if (boxW > W || boxH > H) return;
  // rowBits[y*W+x]: the ic sampled pixels of row y starting at x, one per scaled cell.
  const rowBits = new Int32Array(W * H);
  const inv = inverted ? 1 : 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x + boxW <= W; x++) {
      let v = 0;
      for (let c = 0; c < ic; c++) v = (v << 1) | (b[y * W + x + c * s] ^ inv);
      rowBits[y * W + x] = v;
    }
  }
  const mul = 1 << ic;
  const adv = f.cellWidth * s;
  for (let y = 0; y + boxH <= H; y++) {
    let run: TextRun | null = null;
    let nextX = -1;
    for (let x = 0; x + boxW <= W; x++) {
      let key = 0;
      for (let r = 0; r < f.height; r++) key = key * mul + rowBits[(y + r * s) * W + x];
      const ch = key ? idx.keys[key] : undefined;
      if (ch === undefined) continue;
      if (!isolated(b, x, y, boxW, boxH, adv, inv)) continue;
      if (s > 1 && !uniformBlocks(b, x, y, ic, f.height, s, inv)) continue;
      if (run && x < nextX) continue; // overlaps the previous glyph: a false match inside it
      if (run && (x - run.x) % adv === 0 && x - nextX < 3 * adv) {
        const gap = (x - nextX) / adv;
        for (let k = 0; k < gap; k++) run.text += " ";
        run.text += ch;
      } else {
        run = { x, y, text: ch, font: f.name, scale: s, inverted };
        out.push(run);
      }
      nextX = x + adv;
      x = nextX - 1;
    }
  }
}

/**
 * A glyph stands apart from its neighbours: the column before it, the spacing columns after its ink and the row
 * above it are background. This rejects the many small glyphs ('_', '.', '-') that a piece of a bigger
 * letter would otherwise match.
 */
function isolated(b: Uint8Array, x: number, y: number, boxW: number, boxH: number, adv: number, inv: number): boolean {
  for (let r = y; r < y + boxH; r++) {
    if (x > 0 && (b[r * W + x - 1] ^ inv)) return false;
    for (let c = x + boxW; c < x + adv && c < W; c++) if (b[r * W + c] ^ inv) return false;
  }
  if (y > 0) for (let c = x; c < x + boxW; c++) if (b[(y - 1) * W + c] ^ inv) return false;
  return true;
}

/** At scale s every sampled cell must be a solid s×s block. */
function uniformBlocks(b: Uint8Array, x: number, y: number, cols: number, rows: number, s: number, inv: number): boolean {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x0 = x + c * s;
      const y0 = y + r * s;
      const v = b[y0 * W + x0] ^ inv;
      for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) if ((b[(y0 + dy) * W + x0 + dx] ^ inv) !== v) return false;
    }
  }
  return true;
}

/** Every text run on the glass, top to bottom, left to right. */
export function readText(src: PixelGrid | Uint8Array): TextRun[] {
  const b = src instanceof Uint8Array ? src : snapshotPixels(src);
  let lit = 0;
  for (let i = 0; i < b.length; i++) lit += b[i];
  const out: TextRun[] = [];
  for (const idx of INDEXES) {
    for (let s = 1; s <= 3; s++) {
      scan(b, idx, s, false, out);
      // Inverted video needs lit background; skip the pass on a mostly dark screen.
      if (lit > (W * H) / 16) scan(b, idx, s, true, out);
    }
  }
  // Drop single characters that sit inside a longer run of another font/scale (partial false matches).
  const kept = out.filter((r) => r.text.trim().length > 1 || !out.some((o) => o !== r && o.text.length > 1 && inside(r, o)));
  kept.sort((a, c) => a.y - c.y || a.x - c.x);
  return kept;
}

function box(r: TextRun): [number, number, number, number] {
  const cw = (r.font === "6x8" ? 6 : 4) * r.scale;
  const h = (r.font === "6x8" ? 8 : 6) * r.scale;
  return [r.x, r.y, r.x + r.text.length * cw, r.y + h];
}

/** Do the boxes of two runs overlap? */
function inside(r: TextRun, o: TextRun): boolean {
  const a = box(r);
  const b = box(o);
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** The screen as lines of text (one per run), for timelines and "screen contains" expectations. */
export function screenText(src: PixelGrid | Uint8Array): string {
  return readText(src).map((r) => r.text).join("\n");
}

/** Which of the eight codes are visible as whole words. */
export function codesOnScreen(text: string, codeNames: string[]): string[] {
  const words = text.toUpperCase().split(/[^A-Z0-9]+/);
  return codeNames.filter((c) => words.indexOf(c) >= 0);
}
