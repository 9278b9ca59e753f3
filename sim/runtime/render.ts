/**
 * Pictures of the simulated OLED, made from the SSD1306 model's decoded pixels (never from the firmware's own
 * framebuffer): half-block text for a terminal (two pixel rows per character line) and PNG via pngjs.
 */
import { PNG } from "pngjs";
import { SSD1306_HEIGHT, SSD1306_WIDTH } from "./ssd1306";

/** Anything with a pixel(x, y) → 0/1, e.g. an Ssd1306. */
export interface PixelSource {
  pixel(x: number, y: number): number;
  /** Contrast 0..255 if known (dims the PNG a little at low contrast, like the glass). */
  state?: { contrast: number };
}

/**
 * Half blocks: "▀" top lit, "▄" bottom lit, "█" both, " " none. 128 columns × 32 lines.
 * With `frame`, a box-drawing border is added around it.
 */
export function renderTerminal(src: PixelSource, options: { frame?: boolean; color?: boolean } = {}): string {
  const lines: string[] = [];
  for (let y = 0; y < SSD1306_HEIGHT; y += 2) {
    let l = "";
    for (let x = 0; x < SSD1306_WIDTH; x++) {
      const top = src.pixel(x, y);
      const bottom = src.pixel(x, y + 1);
      l += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
    }
    if (options.color) l = "\x1b[38;2;140;210;255m" + l + "\x1b[0m";
    lines.push(options.frame ? "│" + l + "│" : l);
  }
  if (options.frame) {
    const bar = "─".repeat(SSD1306_WIDTH);
    lines.unshift("┌" + bar + "┐");
    lines.push("└" + bar + "┘");
  }
  return lines.join("\n");
}

export interface PngOptions {
  /** Pixels per OLED pixel (default 4). */
  scale?: number;
  /** Lit and dark colours as [r, g, b]. Defaults look like a blue-white SSD1306 panel. */
  on?: [number, number, number];
  off?: [number, number, number];
  /** Dark gap between pixels (default true when scale >= 3), like the real pixel grid. */
  grid?: boolean;
}

export function renderPng(src: PixelSource, options: PngOptions = {}): Buffer {
  const scale = options.scale ?? 4;
  const grid = options.grid ?? scale >= 3;
  const contrast = src.state ? src.state.contrast : 0xff;
  const dim = 0.55 + 0.45 * (contrast / 255);
  const on = (options.on ?? [150, 215, 255]).map((c) => Math.round(c * dim));
  const off = options.off ?? [8, 10, 16];
  const png = new PNG({ width: SSD1306_WIDTH * scale, height: SSD1306_HEIGHT * scale });
  for (let y = 0; y < SSD1306_HEIGHT; y++) {
    for (let x = 0; x < SSD1306_WIDTH; x++) {
      const lit = src.pixel(x, y);
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const gap = grid && (dx === scale - 1 || dy === scale - 1);
          const c = lit && !gap ? on : off;
          const i = ((y * scale + dy) * png.width + (x * scale + dx)) * 4;
          png.data[i] = c[0];
          png.data[i + 1] = c[1];
          png.data[i + 2] = c[2];
          png.data[i + 3] = 255;
        }
      }
    }
  }
  return PNG.sync.write(png);
}
