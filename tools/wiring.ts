/**
 * Draws one wiring diagram per board, docs/wiring/<board>.svg, from the pins in the boards' data: the pack,
 * fuse and DC-DC converter that power the box, the BMS's UART connector, the ESP32 board, the OLED, the LED,
 * the buzzer and the button, with every wire labelled. `make diagrams` runs it; the SVGs are committed and
 * docs/setup.md links them. Re-run it whenever a board's pins change.
 *
 *   node_modules/.bin/ts-node --transpile-only tools/wiring.ts [--out docs/wiring] [--check]
 *
 * --check: write nothing, exit 1 when a committed SVG differs from what the boards' data draws now.
 *
 * Where the pins come from: the boards list (boards/index.ts) when it exists, else every boards/*.ts that holds
 * a `BoardConfig` literal (read as data, without running the board's start code). Pins may be Espruino pins
 * (D16), numbers (16) or names ("D16", "GPIO16"): all are drawn as "D16 (GPIO16)". What the data cannot say
 * (which parts sit on the board, what the 5 V pin is called) is in PHYSICAL below, per board id.
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";

const ROOT = path.resolve(__dirname, "..");

/** The fields of a board the diagram needs (a subset of boards/board.ts BoardConfig, pins in any form). */
export interface WiringBoard {
  id: string;
  name: string;
  uart: { rx: unknown; tx: unknown; port?: unknown };
  oled: { sda: unknown; scl: unknown; rst?: unknown; address?: number; i2c?: unknown };
  oledPower?: { pin: unknown; level: number };
  led: { pin: unknown; activeHigh?: boolean };
  buzzer: { pin: unknown; freqHz?: number };
  button: { pin: unknown };
  /** What the button connects its pin to while pressed (boards/board.ts BoardCircuit.buttonTo). */
  buttonTo?: string;
}

/** Hardware facts about a board that are not pins: what is soldered on it and what its pins are called. */
interface Physical {
  title: string;
  /** Name of the pin the 5 V converter feeds. */
  supplyPin: string;
  oledOnBoard: boolean;
  /** Text when the LED is on the board; null when it must be added (drawn as an external LED). */
  ledOnBoard: string | null;
  /** Drawn dashed with this note when the LED may or may not be on the board. */
  ledNote?: string;
  buttonName: string;
  notes: string[];
}

const PHYSICAL: { [id: string]: Physical } = {
  "esp32-devkitc": {
    title: "ESP32-WROOM-32 DevKitC / DOIT DevKit V1 and clones",
    supplyPin: "5V (DOIT: VIN)",
    oledOnBoard: false,
    ledOnBoard: null,
    ledNote: "on board on DOIT DevKit V1 and most clones; Espressif's DevKitC has none: add it",
    buttonName: "BOOT",
    notes: [],
  },
  "heltec-wifi-kit-32": {
    title: "Heltec WiFi Kit 32 V1 / V2 (ESP32; not the V3, an ESP32-S3)",
    supplyPin: "5V",
    oledOnBoard: true,
    ledOnBoard: "white LED",
    buttonName: "PRG",
    notes: ["V2 boards switch the OLED's supply (Vext); V1 boards leave that pin unused"],
  },
};

const DEFAULT_PHYSICAL: Physical = {
  title: "ESP32 board",
  supplyPin: "5V",
  oledOnBoard: false,
  ledOnBoard: null,
  buttonName: "button",
  notes: [],
};

// ---------------------------------------------------------------------------------------------------------
// Reading the boards' data

/** Stand-ins for Espruino's globals so board data can be evaluated on the host: each prints as its name. */
function espruinoNames(): { [name: string]: unknown } {
  const names: { [name: string]: unknown } = {};
  const named = (n: string) => ({ name: n, toString: () => n });
  for (let i = 0; i <= 39; i++) names["D" + i] = named("D" + i);
  for (const n of ["Serial1", "Serial2", "Serial3", "I2C1", "I2C2", "SPI1", "SPI2"]) names[n] = named(n);
  names.LED1 = names.D2;
  names.BTN1 = names.D0;
  return names;
}

function isBoard(x: unknown): x is WiringBoard {
  const b = x as WiringBoard;
  return !!b && typeof b === "object" && typeof b.id === "string" && !!b.uart && !!b.oled && !!b.led && !!b.buzzer;
}

/** A board, or a list entry holding one ({ board, circuit }), as a WiringBoard. */
function asBoard(x: unknown): WiringBoard | null {
  if (isBoard(x)) return x;
  const e = x as { board?: unknown; circuit?: { buttonTo?: string } };
  if (e && typeof e === "object" && isBoard(e.board)) {
    const b = Object.assign({}, e.board) as WiringBoard;
    if (e.circuit && e.circuit.buttonTo) b.buttonTo = e.circuit.buttonTo;
    return b;
  }
  return null;
}

/** The boards list module, if there is one: its exported array (or object) of boards or { board, circuit } entries. */
function fromIndex(): WiringBoard[] | null {
  const index = path.join(ROOT, "boards", "index.ts");
  if (!fs.existsSync(index)) return null;
  const g = globalThis as { [k: string]: unknown };
  const names = espruinoNames();
  for (const k of Object.keys(names)) if (g[k] === undefined) g[k] = names[k];
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = require(index) as { [k: string]: unknown };
  for (const key of Object.keys(mod)) {
    const v = mod[key];
    const list = Array.isArray(v) ? v : v && typeof v === "object" ? Object.keys(v).map((k) => (v as any)[k]) : [];
    const boards = list.map(asBoard).filter((x): x is WiringBoard => x !== null);
    if (boards.length > 0) return boards;
  }
  throw new Error("boards/index.ts exports no list of boards (objects with id, uart, oled, led, buzzer, or { board })");
}

/** Fallback: the `BoardConfig` object literal of each board file, evaluated as data. */
function fromFiles(): WiringBoard[] {
  const dir = path.join(ROOT, "boards");
  const out: WiringBoard[] = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith(".ts") || f === "board.ts" || f === "index.ts") continue;
    const src = fs.readFileSync(path.join(dir, f), "utf8");
    const m = /:\s*BoardConfig\s*=\s*\{/.exec(src);
    if (!m) continue;
    const start = m.index + m[0].length - 1;
    let depth = 0;
    let end = start;
    for (; end < src.length; end++) {
      if (src[end] === "{") depth++;
      else if (src[end] === "}" && --depth === 0) break;
    }
    const literal = src.slice(start, end + 1);
    const board = vm.runInNewContext("(" + literal + ")", espruinoNames(), { filename: "boards/" + f });
    if (isBoard(board)) out.push(board);
  }
  return out;
}

export function loadBoards(): WiringBoard[] {
  return fromIndex() || fromFiles();
}

/** "D16" for D16, 16, "16", "GPIO16", "D16". */
export function pinName(p: unknown): string {
  if (typeof p === "number") return "D" + p;
  const s = String(p);
  const n = /^(?:GPIO|IO|D)?(\d+)$/i.exec(s);
  return n ? "D" + Number(n[1]) : s;
}

function pinLabel(p: unknown): string {
  const n = pinName(p);
  const m = /^D(\d+)$/.exec(n);
  return m ? n + " (GPIO" + m[1] + ")" : n;
}

// ---------------------------------------------------------------------------------------------------------
// Drawing

const W = 1140;
const BOARD_X = 430;
const BOARD_W = 320;
const ROW = 36;

const COLOR = {
  plus: "#c0392b",
  gnd: "#222222",
  rx: "#1f6fb2",
  tx: "#178a3d",
  i2c: "#8e44ad",
  led: "#d35400",
  buzz: "#a67c00",
  button: "#555555",
  warn: "#c0392b",
};

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

class Svg {
  parts: string[] = [];
  text(x: number, y: number, s: string, opts: { size?: number; anchor?: string; weight?: string; fill?: string } = {}): void {
    this.parts.push(
      `<text x="${x}" y="${y}" font-size="${opts.size || 12}"` +
        (opts.anchor ? ` text-anchor="${opts.anchor}"` : "") +
        (opts.weight ? ` font-weight="${opts.weight}"` : "") +
        (opts.fill ? ` fill="${opts.fill}"` : "") +
        `>${esc(s)}</text>`,
    );
  }
  rect(x: number, y: number, w: number, h: number, opts: { fill?: string; dash?: boolean; stroke?: string; rx?: number } = {}): void {
    this.parts.push(
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${opts.rx === undefined ? 6 : opts.rx}"` +
        ` fill="${opts.fill || "none"}" stroke="${opts.stroke || "#333"}" stroke-width="1.5"` +
        (opts.dash ? ` stroke-dasharray="5 4"` : "") +
        `/>`,
    );
  }
  line(pts: number[][], color: string, opts: { dash?: boolean; width?: number; arrow?: boolean } = {}): void {
    this.parts.push(
      `<polyline points="${pts.map((p) => p[0] + "," + p[1]).join(" ")}" fill="none" stroke="${color}"` +
        ` stroke-width="${opts.width || 2.2}"` +
        (opts.dash ? ` stroke-dasharray="6 4"` : "") +
        (opts.arrow ? ` marker-end="url(#arrow)"` : "") +
        `/>`,
    );
  }
  dot(x: number, y: number, color = "#333"): void {
    this.parts.push(`<circle cx="${x}" cy="${y}" r="3.2" fill="${color}"/>`);
  }
  raw(s: string): void {
    this.parts.push(s);
  }
  /** Ground symbol with its top at (x, y). */
  ground(x: number, y: number): void {
    this.line([[x, y], [x, y + 8]], COLOR.gnd, { width: 1.8 });
    this.line([[x - 10, y + 8], [x + 10, y + 8]], COLOR.gnd, { width: 1.8 });
    this.line([[x - 6, y + 12], [x + 6, y + 12]], COLOR.gnd, { width: 1.8 });
    this.line([[x - 2, y + 16], [x + 2, y + 16]], COLOR.gnd, { width: 1.8 });
  }
  /** A pin stub on the board's left (side -1) or right (side 1) edge, labelled inside the board. */
  pin(side: number, y: number, label: string, sub?: string): number {
    const x = side < 0 ? BOARD_X : BOARD_X + BOARD_W;
    this.parts.push(`<rect x="${x - 5}" y="${y - 5}" width="10" height="10" fill="#f4d03f" stroke="#7d6608"/>`);
    const tx = side < 0 ? x + 12 : x - 12;
    this.text(tx, y + 4, label, { anchor: side < 0 ? "start" : "end", weight: "bold" });
    if (sub) this.text(tx, y + 17, sub, { anchor: side < 0 ? "start" : "end", size: 10, fill: "#555" });
    return x;
  }
}

/** Draws one board. Pure: the same data gives the same bytes. */
export function drawBoard(b: WiringBoard): string {
  const phys = PHYSICAL[b.id] || DEFAULT_PHYSICAL;
  const s = new Svg();
  const top = 96;

  // --- left side: power, then the BMS -------------------------------------------------------------------
  const yPlus = top + 44;
  const yMinus = yPlus + ROW;
  const yRx = yMinus + 3 * ROW;
  const yTx = yRx + ROW;
  const yBmsGnd = yTx + ROW;
  const yBat = yBmsGnd + ROW;

  // --- right side: OLED (unless on board), LED, buzzer, GND ---------------------------------------------
  let yr = phys.oledOnBoard ? top + 214 : top + 44;
  const right: { [k: string]: number } = {};
  if (!phys.oledOnBoard) {
    right.vcc = yr;
    right.sda = yr + ROW;
    right.scl = yr + 2 * ROW;
    right.oledGnd = yr + 3 * ROW;
    yr += 5 * ROW;
  }
  right.led = yr;
  yr += phys.ledOnBoard ? ROW : 2 * ROW;
  right.buzz = yr;
  yr += 2 * ROW;
  right.btn = yr + 14;
  yr += 2 * ROW;

  const boardBottom = Math.max(yBat + ROW + 20, yr + 30);
  const notesTop = boardBottom + 50;
  const H = notesTop + 30 + 18 * (5 + phys.notes.length);

  s.raw(
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
      `<path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>`,
  );
  s.rect(0, 0, W, H, { fill: "#ffffff", stroke: "#ffffff", rx: 0 });
  s.text(20, 30, "bmsbox wiring: " + b.id, { size: 18, weight: "bold" });
  s.text(20, 52, phys.title + "   (pins from the board data, boards/" + b.id + ".ts; drawn by tools/wiring.ts)", { size: 12, fill: "#444" });

  // The board.
  s.rect(BOARD_X, top, BOARD_W, boardBottom - top, { fill: "#eef3f8" });
  s.text(BOARD_X + BOARD_W / 2, top + 22, b.name, { anchor: "middle", size: 14, weight: "bold" });

  // Pack, fuse, converter.
  s.rect(30, yPlus - 34, 110, 2 * ROW + 30, { fill: "#fdf2e9" });
  s.text(85, yPlus - 14, "battery pack", { anchor: "middle", weight: "bold" });
  s.text(85, yMinus + 28, "cells: B+ / B−", { anchor: "middle", size: 10, fill: "#555" });
  s.text(132, yPlus + 4, "B+", { anchor: "end", weight: "bold", fill: COLOR.plus });
  s.text(132, yMinus + 4, "B−", { anchor: "end", weight: "bold" });
  // fuse
  s.line([[140, yPlus], [168, yPlus]], COLOR.plus);
  s.rect(168, yPlus - 8, 36, 16, { fill: "#ffffff", rx: 3 });
  s.line([[172, yPlus], [200, yPlus]], "#333", { width: 1.2 });
  s.text(186, yPlus - 13, "fuse 1 A", { anchor: "middle", size: 10 });
  s.text(186, yPlus + 22, "at the B+ terminal", { anchor: "middle", size: 9, fill: "#555" });
  s.line([[204, yPlus], [250, yPlus]], COLOR.plus);
  s.line([[140, yMinus], [250, yMinus]], COLOR.gnd);
  // converter
  s.rect(250, yPlus - 30, 100, 2 * ROW + 28, { fill: "#eafaf1" });
  s.text(300, yPlus - 14, "DC-DC buck", { anchor: "middle", weight: "bold" });
  s.text(300, yMinus + 50, "in: pack V, out: 5 V", { anchor: "middle", size: 10, fill: "#555" });
  s.text(256, yPlus + 4, "IN+", { size: 9 });
  s.text(256, yMinus + 4, "IN−", { size: 9 });
  s.text(344, yPlus + 4, "5V", { size: 9, anchor: "end" });
  s.text(344, yMinus + 4, "GND", { size: 9, anchor: "end" });
  s.pin(-1, yPlus, phys.supplyPin, "5 V in");
  s.line([[350, yPlus], [BOARD_X - 5, yPlus]], COLOR.plus);
  s.text(390, yPlus - 6, "+5 V", { anchor: "middle", size: 11, fill: COLOR.plus });
  s.pin(-1, yMinus, "GND");
  s.line([[350, yMinus], [BOARD_X - 5, yMinus]], COLOR.gnd);
  s.text(390, yMinus - 6, "GND = B−", { anchor: "middle", size: 11 });

  // BMS connector.
  const bmsTop = yRx - 44;
  s.rect(30, bmsTop, 190, yBat - bmsTop + 30, { fill: "#fef9e7" });
  s.text(125, bmsTop + 18, "BMS UART connector", { anchor: "middle", weight: "bold" });
  s.text(125, bmsTop + 32, "JBD 4-pin · JK GPS 4-pin · Daly 6-pin", { anchor: "middle", size: 9, fill: "#555" });
  s.text(212, yRx + 4, "TX", { anchor: "end", weight: "bold", fill: COLOR.rx });
  s.text(212, yTx + 4, "RX", { anchor: "end", weight: "bold", fill: COLOR.tx });
  s.text(212, yBmsGnd + 4, "GND", { anchor: "end", weight: "bold" });
  s.text(212, yBat + 4, "battery V", { anchor: "end", weight: "bold", fill: COLOR.warn });
  s.text(40, yBat + 20, "JBD +V · JK VBAT · Daly 12V, 3.3V", { size: 9, fill: "#555" });
  const port = b.uart.port ? String(b.uart.port) : "Serial2";
  s.pin(-1, yRx, pinLabel(b.uart.rx), port + " RX");
  s.line([[220, yRx], [BOARD_X - 8, yRx]], COLOR.rx, { arrow: true });
  s.text(320, yRx - 6, "BMS TX → board RX", { anchor: "middle", size: 11, fill: COLOR.rx });
  s.pin(-1, yTx, pinLabel(b.uart.tx), port + " TX");
  s.line([[BOARD_X - 5, yTx], [223, yTx]], COLOR.tx, { arrow: true });
  s.text(320, yTx - 6, "board TX → BMS RX", { anchor: "middle", size: 11, fill: COLOR.tx });
  s.pin(-1, yBmsGnd, "GND");
  s.line([[220, yBmsGnd], [BOARD_X - 5, yBmsGnd]], COLOR.gnd);
  s.text(320, yBmsGnd - 6, "GND", { anchor: "middle", size: 11 });
  s.line([[220, yBat], [270, yBat]], COLOR.warn, { dash: true });
  s.line([[262, yBat - 8], [278, yBat + 8]], COLOR.warn, { width: 3 });
  s.line([[262, yBat + 8], [278, yBat - 8]], COLOR.warn, { width: 3 });
  s.text(288, yBat + 4, "never connect", { size: 12, weight: "bold", fill: COLOR.warn });
  s.text(230, yRx + 16, "3.3 V logic", { size: 9, fill: "#555" });

  // OLED.
  const rx0 = BOARD_X + BOARD_W;
  if (!phys.oledOnBoard) {
    const ox = rx0 + 170;
    s.rect(ox, right.vcc - 34, 170, 4 * ROW + 34, { fill: "#f4f6f7" });
    s.text(ox + 85, right.vcc - 14, "SSD1306 OLED 128×64", { anchor: "middle", weight: "bold" });
    s.text(ox + 85, right.oledGnd + 30, "I2C 0x" + (b.oled.address || 0x3c).toString(16).toUpperCase() + ", 3.3 V", { anchor: "middle", size: 10, fill: "#555" });
    const rows: [string, number, string, string][] = [
      ["VCC", right.vcc, "3V3", COLOR.plus],
      ["SDA", right.sda, pinLabel(b.oled.sda), COLOR.i2c],
      ["SCL", right.scl, pinLabel(b.oled.scl), COLOR.i2c],
      ["GND", right.oledGnd, "GND", COLOR.gnd],
    ];
    for (const r of rows) {
      s.pin(1, r[1], r[2], r[0] === "SDA" || r[0] === "SCL" ? String(b.oled.i2c || "I2C1") + " " + r[0] : undefined);
      s.line([[rx0 + 5, r[1]], [ox, r[1]]], r[3]);
      s.text(ox + 8, r[1] + 4, r[0], { weight: "bold" });
      s.text((rx0 + ox) / 2, r[1] - 6, r[0], { anchor: "middle", size: 11, fill: r[3] });
    }
  } else {
    const oy = top + 36;
    const ox = BOARD_X + 150;
    const ow = BOARD_W - 164;
    s.rect(ox, oy, ow, 128, { fill: "#1b2631", stroke: "#1b2631" });
    s.text(ox + ow / 2, oy + 20, "OLED on board", { anchor: "middle", fill: "#ecf0f1", weight: "bold" });
    const lines = [
      "SDA " + pinLabel(b.oled.sda),
      "SCL " + pinLabel(b.oled.scl),
      b.oled.rst ? "RST " + pinLabel(b.oled.rst) : "",
      b.oledPower ? "Vext " + pinLabel(b.oledPower.pin) : "",
      b.oledPower ? "(" + (b.oledPower.level ? "high" : "low") + " = display on)" : "",
    ].filter((x) => x);
    lines.forEach((l, i) => s.text(ox + ow / 2, oy + 40 + i * 16, l, { anchor: "middle", size: 11, fill: "#ecf0f1" }));
    s.text(ox + ow / 2, oy + 144, "no wires: already connected", { anchor: "middle", size: 10, fill: "#555" });
  }

  // LED.
  if (!phys.ledOnBoard) {
    const y = right.led;
    s.pin(1, y, pinLabel(b.led.pin), "LED");
    const r0 = rx0 + 130;
    s.line([[rx0 + 5, y], [r0, y]], COLOR.led, { dash: !!phys.ledNote });
    // resistor
    s.rect(r0, y - 7, 48, 14, { fill: "#ffffff", rx: 2 });
    s.text(r0 + 24, y - 12, "330 Ω", { anchor: "middle", size: 10 });
    s.line([[r0 + 48, y], [r0 + 90, y]], COLOR.led, { dash: !!phys.ledNote });
    // LED: triangle + bar, anode on the left
    const a = r0 + 90;
    s.raw(`<path d="M${a},${y - 9} L${a},${y + 9} L${a + 16},${y} z" fill="#f5b041" stroke="#333"/>`);
    s.line([[a + 17, y - 9], [a + 17, y + 9]], "#333", { width: 2 });
    s.text(a + 8, y - 14, "LED", { anchor: "middle", size: 10 });
    s.line([[a + 17, y], [a + 60, y], [a + 60, y + 6]], COLOR.gnd);
    s.ground(a + 60, y + 6);
    s.text((rx0 + r0) / 2, y - 6, "LED " + (b.led.activeHigh === false ? "(on = low)" : "(on = high)"), { anchor: "middle", size: 11, fill: COLOR.led });
    if (phys.ledNote) {
      const words = phys.ledNote.split("; ");
      words.forEach((w, i) => s.text(rx0 + 14, y + 30 + i * 13, w + (i < words.length - 1 ? ";" : ""), { size: 10, fill: "#555" }));
    }
  } else {
    s.text(BOARD_X + BOARD_W - 14, right.led + 4, "LED on board: " + pinLabel(b.led.pin), { anchor: "end", size: 11, weight: "bold" });
    s.text(BOARD_X + BOARD_W - 14, right.led + 17, phys.ledOnBoard, { anchor: "end", size: 10, fill: "#555" });
  }

  // Buzzer.
  {
    const y = right.buzz;
    s.pin(1, y, pinLabel(b.buzzer.pin), "buzzer PWM");
    const c = rx0 + 195;
    s.line([[rx0 + 5, y], [c - 20, y]], COLOR.buzz);
    s.raw(`<circle cx="${c}" cy="${y}" r="20" fill="#fcf3cf" stroke="#333" stroke-width="1.5"/>`);
    s.text(c, y + 4, "piezo", { anchor: "middle", size: 10 });
    s.line([[c + 20, y], [c + 55, y], [c + 55, y + 6]], COLOR.gnd);
    s.ground(c + 55, y + 6);
    s.text((rx0 + c - 20) / 2, y - 6, "buzzer " + (b.buzzer.freqHz ? b.buzzer.freqHz + " Hz" : ""), { anchor: "middle", size: 11, fill: COLOR.buzz });
    s.text(rx0 + 14, y + 34, "passive piezo (no built-in oscillator);", { size: 10, fill: "#555" });
    s.text(rx0 + 14, y + 47, "a transistor stage for a louder one", { size: 10, fill: "#555" });
  }

  // Button.
  {
    const y = right.btn;
    s.rect(BOARD_X + BOARD_W - 150, y - 14, 136, 28, { fill: "#ffffff", rx: 4 });
    s.text(BOARD_X + BOARD_W - 82, y + 4, phys.buttonName + " button: " + pinName(b.button.pin), { anchor: "middle", size: 11, weight: "bold" });
    s.text(BOARD_X + BOARD_W - 82, y + 30, "on board" + (b.buttonTo ? ", pressed: pin to " + b.buttonTo : ""), { anchor: "middle", size: 10, fill: "#555" });
  }

  // Ground legend at the board's bottom-left.
  s.ground(BOARD_X + 22, boardBottom - 34);
  s.text(BOARD_X + 38, boardBottom - 20, "= the board's GND = pack B− (one ground)", { size: 10, fill: "#555" });

  // Notes.
  const notes = [
    "Never connect the BMS's battery-voltage pin to the board: only TX, RX and GND.",
    "Check first: the BMS TX pin idles at about 3.3 V against the BMS GND. About 5 V or more: stop (docs/setup.md).",
    "Power from the cells' side of the BMS (B+ / B−), not from the load side (P−): the box must live through UVP and SC cuts.",
    "The converter's input must be rated above the pack's full-charge voltage (e.g. 16S LFP: 58.4 V).",
    "While the USB cable is plugged in, pull the fuse: USB and the 5 V pin must not feed the board at the same time.",
  ].concat(phys.notes);
  s.text(30, notesTop, "Notes", { weight: "bold", size: 13 });
  notes.forEach((n, i) => s.text(30, notesTop + 22 + i * 18, "• " + n, { size: 12 }));

  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<!-- Generated by tools/wiring.ts (make diagrams) from the pins of board ${esc(b.id)}. Do not edit by hand. -->\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif">\n` +
    s.parts.join("\n") +
    `\n</svg>\n`
  );
}

function main(args: string[]): number {
  const i = args.indexOf("--out");
  const out = i >= 0 ? path.resolve(args[i + 1]) : path.join(ROOT, "docs", "wiring");
  const check = args.includes("--check");
  const boards = loadBoards();
  if (boards.length === 0) {
    console.error("wiring: no boards found in boards/");
    return 1;
  }
  if (!check) fs.mkdirSync(out, { recursive: true });
  let stale = 0;
  for (const b of boards) {
    const file = path.join(out, b.id + ".svg");
    const svg = drawBoard(b);
    if (check) {
      const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (old !== svg) {
        console.error("wiring: " + path.relative(ROOT, file) + " is out of date (make diagrams)");
        stale++;
      }
      continue;
    }
    fs.writeFileSync(file, svg);
    console.log(
      path.relative(ROOT, file) + ": BMS RX " + pinName(b.uart.rx) + " TX " + pinName(b.uart.tx) + ", OLED SDA " +
        pinName(b.oled.sda) + " SCL " + pinName(b.oled.scl) + ", LED " + pinName(b.led.pin) + ", buzzer " +
        pinName(b.buzzer.pin) + ", button " + pinName(b.button.pin),
    );
  }
  return stale ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
