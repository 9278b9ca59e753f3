/**
 * Reads text off the simulated OLED the way a person would: from the SSD1306 model's pixels, by matching
 * Espruino's built-in 6x8 bitmap font (at scales 1 and 2, as transcribed in sim/runtime/font-data.ts) at every
 * position, in normal and inverted video. No access to the firmware's strings: if the text is not on the glass,
 * it is not read. The firmware draws every word in that font (firmware/src/view/gfx.ts says why); the 4x6 font
 * is not read, since its few-pixel glyphs ('l', '.', "'") match pieces of 6x8 letters ("i", ".") and would add
 * words nobody drew.
 *
 * A glyph matches only when its whole ink box (inkCols × height cells, blank cells included) equals the
 * pixels and the spacing around it is background; matches are then chained into words along one line. The
 * firmware sets 6x8 lines at the font's own 8 px pitch, where a line's descenders touch the row above the next
 * line: the band right under a line read is read again without that row (readUnder).
 *
 * The cell screen (headline "CELLS n") is partly a picture: what a person sees in it beyond its words (which cell is
 * highlighted, how many bars, which are ticked) is said in one more line at the bottom, font "chart" (readChart).
 */
import { BitmapFont, FONT_6X8 } from "../runtime/graphics";

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

const INDEX = buildIndex(FONT_6X8);

/** Copies the glass into a byte grid (1 = lit). */
export function snapshotPixels(src: PixelGrid): Uint8Array {
  const b = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) b[y * W + x] = src.pixel(x, y) ? 1 : 0;
  return b;
}

/** Runs found on one band (keyed by its pixels), reused while those rows stay the same. */
const bandMemo = new Map<number, { x: number; text: string }[]>();
const BAND_MEMO_MAX = 20000;

/** Two independent 32-bit hashes of each pixel row, combined into band keys (64 bits: collisions negligible). */
function rowHashes(b: Uint8Array): Uint32Array {
  const h = new Uint32Array(2 * H);
  for (let y = 0; y < H; y++) {
    let a = 2166136261;
    let c = 5381;
    for (let x = 0; x < W; x += 8) {
      let v = 0;
      for (let k = 0; k < 8; k++) v = (v << 1) | b[y * W + x + k];
      a = Math.imul(a ^ v, 16777619) >>> 0;
      c = (Math.imul(c, 33) + v) >>> 0;
    }
    h[2 * y] = a;
    h[2 * y + 1] = c;
  }
  return h;
}

function scan(b: Uint8Array, rows: Uint32Array, idx: FontIndex, s: number, inverted: boolean, out: TextRun[]): void {
  const boxH = idx.font.height * s;
  if (idx.font.inkCols * s > W || boxH > H) return;
  for (let y = 0; y + boxH <= H; y++) {
    for (const r of band(b, rows, idx, s, inverted, y, false)) out.push({ x: r.x, y, text: r.text, font: idx.font.name, scale: s, inverted });
  }
}

/**
 * The runs on the band of rows starting at y (memoized by its pixels). `under`: the band starts right under a
 * line already read, so the row above may hold that line's descenders and is not required to be background.
 */
function band(b: Uint8Array, rows: Uint32Array, idx: FontIndex, s: number, inverted: boolean, y: number, under: boolean): { x: number; text: string }[] {
  const f = idx.font;
  const boxH = f.height * s;
  const pass = ((f.name === "6x8" ? 1 : 2) * 16 + s * 2 + (inverted ? 1 : 0)) * 2 + (under ? 1 : 0);
  // A band's runs depend only on its rows (and the row above, for the isolation check).
  let k1 = pass * 64 + y;
  let k2 = k1;
  for (let r = y > 0 ? y - 1 : 0; r < y + boxH; r++) {
    k1 = (Math.imul(k1, 31) + rows[2 * r]) >>> 0;
    k2 = (Math.imul(k2, 131) + rows[2 * r + 1]) >>> 0;
  }
  const key = k1 * 2097152 + (k2 & 0x1fffff); // 53 bits of the two hashes
  let found = bandMemo.get(key);
  if (found === undefined) {
    found = scanBand(b, idx, s, inverted, y, under);
    if (bandMemo.size > BAND_MEMO_MAX) bandMemo.clear();
    bandMemo.set(key, found);
  }
  return found;
}

function scanBand(b: Uint8Array, idx: FontIndex, s: number, inverted: boolean, y: number, under: boolean): { x: number; text: string }[] {
  const f = idx.font;
  const ic = f.inkCols;
  const boxW = ic * s;
  const boxH = f.height * s;
  const inv = inverted ? 1 : 0;
  const mul = 1 << ic;
  const adv = f.cellWidth * s;
  const out: { x: number; text: string }[] = [];
  let run: { x: number; text: string } | null = null;
  let nextX = -1;
  for (let x = 0; x + boxW <= W; x++) {
    let key = 0;
    for (let r = 0; r < f.height; r++) {
      const row = (y + r * s) * W + x;
      let v = 0;
      for (let c = 0; c < ic; c++) v = (v << 1) | (b[row + c * s] ^ inv);
      key = key * mul + v;
    }
    const ch = key ? idx.keys[key] : undefined;
    if (ch === undefined) continue;
    if (!isolated(b, x, y, boxW, boxH, adv, inv, under)) continue;
    if (s > 1 && !uniformBlocks(b, x, y, ic, f.height, s, inv)) continue;
    if (run && x < nextX) continue; // overlaps the previous glyph: a false match inside it
    if (run && (x - run.x) % adv === 0 && x - nextX < 3 * adv) {
      const gap = (x - nextX) / adv;
      for (let k = 0; k < gap; k++) run.text += " ";
      run.text += ch;
    } else {
      run = { x, text: ch };
      out.push(run);
    }
    nextX = x + adv;
    x = nextX - 1;
  }
  return out;
}

/**
 * A glyph stands apart from its neighbours: the column before it, the spacing columns after its ink and the row
 * above it are background. This rejects the many small glyphs ('_', '.', '-') that a piece of a bigger
 * letter would otherwise match. `under`: the glyph sits right under a line already read (the 6x8 font's own
 * 8 px pitch), whose descenders ('g', 'p', 'y', ',', '/') may fill the row above it.
 */
function isolated(b: Uint8Array, x: number, y: number, boxW: number, boxH: number, adv: number, inv: number, under: boolean): boolean {
  for (let r = y; r < y + boxH; r++) {
    if (x > 0 && (b[r * W + x - 1] ^ inv)) return false;
    for (let c = x + boxW; c < x + adv && c < W; c++) if (b[r * W + c] ^ inv) return false;
  }
  if (y > 0 && !under) for (let c = x; c < x + boxW; c++) if (b[(y - 1) * W + c] ^ inv) return false;
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

/**
 * Lines set at the 6x8 font's own pitch (8 px at 1x, 16 at 2x): the band that starts where a line read above
 * ends is read again without the row-above check, and what it finds replaces that band's runs (a glyph under a
 * descender was missed by the strict pass). Top to bottom, so a line found this way opens the band below it.
 */
function readUnder(b: Uint8Array, rows: Uint32Array, barRow: boolean, out: TextRun[]): void {
  const idx = INDEX;
  const ends = new Uint8Array(H + 1);
  for (const r of out) ends[r.y + (r.font === "6x8" ? 8 : 6) * r.scale] = 1;
  for (let y = 1; y < H; y++) {
    if (!ends[y]) continue;
    for (let s = 1; s <= 2; s++) {
      if (y + idx.font.height * s > H) continue;
      for (const inverted of barRow ? [false, true] : [false]) {
        const found = band(b, rows, idx, s, inverted, y, true);
        for (let i = out.length - 1; i >= 0; i--) {
          const r = out[i];
          if (r.y === y && r.font === "6x8" && r.scale === s && r.inverted === inverted) out.splice(i, 1);
        }
        for (const r of found) {
          out.push({ x: r.x, y, text: r.text, font: "6x8", scale: s, inverted });
          ends[y + 8 * s] = 1;
        }
      }
    }
  }
}

/** Every text run on the glass, top to bottom, left to right. */
export function readText(src: PixelGrid | Uint8Array): TextRun[] {
  const b = src instanceof Uint8Array ? src : snapshotPixels(src);
  // Inverted video needs a lit background: look for it only when some row is mostly lit (a filled screen) or
  // holds a long lit run (a box behind text), which keeps the common dark screens to half the passes.
  let barRow = false;
  for (let y = 0; y < H && !barRow; y++) {
    let lit = 0;
    let run = 0;
    for (let x = 0; x < W; x++) {
      lit += b[y * W + x];
      run = b[y * W + x] ? run + 1 : 0;
      if (run >= LIT_RUN) barRow = true;
    }
    if (lit >= W / 2) barRow = true;
  }
  const out: TextRun[] = [];
  const rows = rowHashes(b);
  // 1x and 2x: the firmware's headlines are 6x8 at 2x, nothing is drawn larger.
  for (let s = 1; s <= 2; s++) {
    scan(b, rows, INDEX, s, false, out);
    if (barRow) scan(b, rows, INDEX, s, true, out);
  }
  readUnder(b, rows, barRow, out);
  // Drop single characters that sit inside a longer run of another scale (partial false matches).
  const boxes = out.map(box);
  const kept: TextRun[] = [];
  for (let i = 0; i < out.length; i++) {
    let drop = false;
    if (out[i].text.trim().length <= 1) {
      const a = boxes[i];
      for (let j = 0; j < out.length && !drop; j++) {
        if (j === i || out[j].text.length <= 1) continue;
        const c = boxes[j];
        drop = a[0] < c[2] && c[0] < a[2] && a[1] < c[3] && c[1] < a[3];
      }
    }
    if (!drop) kept.push(out[i]);
  }
  kept.sort((a, c) => a.y - c.y || a.x - c.x);
  const chart = readChart(b, kept);
  if (chart) kept.push(chart);
  return kept;
}

/** A lit run this long in one row is a box (no glyph of the font, at 1x or 2x, is that wide). */
const LIT_RUN = 32;

/**
 * The cell screen's picture in words: "16 bars, highlighted #7, marked #3 #7". Numbers: an entry drawn inverted on
 * the dark screen is highlighted. Bars: the bars stand on the lowest of the rows (between the headline and the first
 * line of text under them) with the most lit pixels, each a lit run on it; a bar whose inside is dark is hollow, i.e. highlighted; lit marks under a
 * bar tick it. Cells are counted from 1, left to right. Nothing else of the screen is read here.
 */
function readChart(b: Uint8Array, runs: TextRun[]): TextRun | null {
  if (!runs.length || runs[0].y !== 0 || !/^CELLS \d/.test(runs[0].text)) return null;
  const parts: string[] = [];
  let hl = "";
  for (const r of runs) if (r.inverted && r.y > 0) hl = " #" + parseInt(r.text, 10);
  let end = H;
  for (const r of runs) if (r.y > 0 && r.y < end) end = r.y;
  const marked: number[] = [];
  // Bars: only where no text sits between the headline and the lines under the picture.
  let base = -1;
  let most = 1;
  for (let y = 8; y < end; y++) {
    let n = 0;
    for (let x = 0; x < W; x++) n += b[y * W + x];
    if (n >= most) {
      most = n;
      base = y;
    }
  }
  if (base > 0) {
    let k = 0;
    for (let x = 0; x < W; x++) {
      if (!b[base * W + x] || (x > 0 && b[base * W + x - 1])) continue;
      let x1 = x;
      while (x1 + 1 < W && b[base * W + x1 + 1]) x1++;
      k++;
      if (x1 - x >= 2 && !b[(base - 1) * W + x + 1]) hl = " #" + k;
      let tick = false;
      for (let y = base + 1; y < end; y++) if (b[y * W + x]) tick = true;
      if (tick) marked.push(k);
      x = x1;
    }
    parts.push(k + " bars");
  }
  if (hl) parts.push("highlighted" + hl);
  if (marked.length) parts.push("marked #" + marked.join(" #"));
  return parts.length ? { x: 0, y: H, text: parts.join(", "), font: "chart", scale: 1, inverted: false } : null;
}

function box(r: TextRun): [number, number, number, number] {
  const cw = (r.font === "6x8" ? 6 : 4) * r.scale;
  const h = (r.font === "6x8" ? 8 : 6) * r.scale;
  return [r.x, r.y, r.x + r.text.length * cw, r.y + h];
}

/** The screen as lines of text (one per run), for timelines and "screen contains" expectations. */
export function screenText(src: PixelGrid | Uint8Array): string {
  return readText(src).map((r) => r.text).join("\n");
}

/**
 * Which of the eight codes are visible as whole words. The all-clear screen (headline "OK") shows no code: a code
 * name on it is the reminder of an ended recurring code ("OVP x3: balancer/cell 3"); nor does the cell screen
 * (headline "CELLS n"), whose last line names the cell of the newest OVP/UVP episode ("OVP #7 2h05m ago").
 */
export function codesOnScreen(text: string, codeNames: string[]): string[] {
  if (text === "OK" || text.indexOf("OK\n") === 0 || /^CELLS \d/.test(text)) return [];
  const words = text.toUpperCase().split(/[^A-Z0-9]+/);
  return codeNames.filter((c) => words.indexOf(c) >= 0);
}
