/**
 * SSD1306 128×64 OLED controller model on I2C: decodes the real byte stream into the panel's pixels.
 * Source: Solomon Systech SSD1306 datasheet rev 1.1, §8.7 (I2C control byte), §9 command table, §10.1 (commands).
 *
 * Every write transaction is a sequence of control bytes (Co bit 7, D/C# bit 6) each followed by command or
 * data bytes: Co=0 means "the rest of this transaction", Co=1 means "one byte, then another control byte".
 * Command arguments may come in later transactions (Espruino's SSD1306 module sends 0x21, 0, 127 as three
 * writes), so the command parser keeps its state across transactions.
 *
 * Modelled: display on/off (AE/AF), contrast (81), entire-display-on (A4/A5), normal/invert (A6/A7),
 * charge pump (8D: the panel stays dark without it on a 3.3 V module), addressing mode (20: horizontal, vertical,
 * page), column/page windows (21/22), page-mode start addresses (B0–B7, 00–0F, 10–1F), segment remap (A0/A1),
 * COM scan direction (C0/C8), multiplex ratio (A8), display offset (D3), start line (40–7F), COM pins (DA:
 * sequential on this alternative-wired glass interleaves rows), and argument counts of the other commands
 * (D5, D9, DB, 26/27, 29/2A, A3, D6) so they never desynchronise the parser. Scrolling is parsed, not animated.
 *
 * Orientation: this model's glass is mounted like the common 0.96" module, so A1 + C8 (what every driver
 * sends) shows GDDRAM page 0, column 0 at the top-left; A0 mirrors horizontally, C0 flips vertically.
 * Power-on state per datasheet §10.1 defaults: display off, charge pump off, page addressing, contrast 0x7F,
 * MUX 64, no remaps. GDDRAM content at power-on is undefined on the chip; here it starts cleared.
 */
import { I2cDevice } from "./i2c";

export const SSD1306_WIDTH = 128;
export const SSD1306_HEIGHT = 64;

/** Arguments taken by each multi-byte command. */
const ARG_COUNT: { [cmd: number]: number } = {
  0x20: 1, 0x21: 2, 0x22: 2, 0x26: 6, 0x27: 6, 0x29: 5, 0x2a: 5, 0x81: 1, 0x8d: 1, 0xa3: 2, 0xa8: 1,
  0xd3: 1, 0xd5: 1, 0xd6: 1, 0xd9: 1, 0xda: 1, 0xdb: 1,
};

export interface Ssd1306Options {
  address?: number;
  /** Given when the module's RST pin is wired to the MCU (Heltec: D16); the chip is held in reset while low. */
  resetLevel?: () => number | null;
}

export interface Ssd1306State {
  displayOn: boolean;
  chargePump: boolean;
  contrast: number;
  inverted: boolean;
  entireOn: boolean;
  addressingMode: "horizontal" | "vertical" | "page";
  segmentRemap: boolean;
  comScanRemap: boolean;
  multiplex: number;
  displayOffset: number;
  startLine: number;
  comPins: number;
  column: number;
  page: number;
  colStart: number;
  colEnd: number;
  pageStart: number;
  pageEnd: number;
}

function powerOnState(): Ssd1306State {
  return {
    displayOn: false, chargePump: false, contrast: 0x7f, inverted: false, entireOn: false,
    addressingMode: "page", segmentRemap: false, comScanRemap: false, multiplex: 64, displayOffset: 0,
    startLine: 0, comPins: 0x12, column: 0, page: 0, colStart: 0, colEnd: 127, pageStart: 0, pageEnd: 7,
  };
}

export class Ssd1306 implements I2cDevice {
  readonly address: number;
  /** GDDRAM: 8 pages × 128 columns, bit n of a byte = row page*8+n. */
  readonly ram = new Uint8Array(8 * SSD1306_WIDTH);
  state: Ssd1306State = powerOnState();
  /** Unplug switch: while false the module does not ACK (writes throw in the firmware). */
  present = true;
  /** Transactions that changed what the panel shows. */
  frames = 0;
  /** Virtual time of the last visible change, or null. */
  lastChangedMs: number | null = null;
  readonly stats = { transactions: 0, commandBytes: 0, dataBytes: 0, unknownCommands: 0 };
  /** Called after a transaction that changed the visible image. */
  onChange: ((nowMs: number) => void) | null = null;

  private pendingCmd: number[] = [];
  private pendingArgs = 0;
  private resetLevel: (() => number | null) | null;

  constructor(options: Ssd1306Options = {}) {
    this.address = options.address ?? 0x3c;
    this.resetLevel = options.resetLevel ?? null;
  }

  acks(_nowMs: number): boolean {
    if (!this.present) return false;
    if (this.resetLevel) {
      const lvl = this.resetLevel();
      if (lvl !== 1) {
        // Held in reset (driven low, or floating on a board without a pull-up): registers return to defaults.
        this.resetRegisters();
        return false;
      }
    }
    return true;
  }

  /** Hardware reset (RST pulse or power cycle): registers to power-on values; power cycle also loses GDDRAM. */
  resetRegisters(): void {
    this.state = powerOnState();
    this.pendingCmd = [];
    this.pendingArgs = 0;
  }

  powerCycle(): void {
    this.resetRegisters();
    this.ram.fill(0);
    this.frames++;
  }

  read(n: number): Uint8Array {
    // Status byte on read (D6 = display off); not used by drivers over I2C.
    const out = new Uint8Array(n);
    out.fill(this.state.displayOn ? 0x00 : 0x40);
    return out;
  }

  write(bytes: Uint8Array, nowMs: number): void {
    this.stats.transactions++;
    const before = this.signature();
    let i = 0;
    while (i < bytes.length) {
      const control = bytes[i++];
      const co = (control & 0x80) !== 0;
      const isData = (control & 0x40) !== 0;
      if (co) {
        if (i < bytes.length) this.byte(bytes[i++], isData);
      } else {
        while (i < bytes.length) this.byte(bytes[i++], isData);
      }
    }
    if (this.signature() !== before) {
      this.frames++;
      this.lastChangedMs = nowMs;
      if (this.onChange) this.onChange(nowMs);
    }
  }

  private byte(b: number, isData: boolean): void {
    if (isData) {
      this.stats.dataBytes++;
      this.data(b);
    } else {
      this.stats.commandBytes++;
      this.command(b);
    }
  }

  private data(b: number): void {
    const s = this.state;
    this.ram[s.page * SSD1306_WIDTH + s.column] = b;
    if (s.addressingMode === "horizontal") {
      if (++s.column > s.colEnd) {
        s.column = s.colStart;
        if (++s.page > s.pageEnd) s.page = s.pageStart;
      }
    } else if (s.addressingMode === "vertical") {
      if (++s.page > s.pageEnd) {
        s.page = s.pageStart;
        if (++s.column > s.colEnd) s.column = s.colStart;
      }
    } else if (++s.column > 127) {
      // Page mode: the column pointer wraps within the page; the page does not change (§10.1.3).
      s.column = 0;
    }
  }

  private command(b: number): void {
    if (this.pendingArgs > 0) {
      this.pendingCmd.push(b);
      if (--this.pendingArgs === 0) this.execute(this.pendingCmd);
      return;
    }
    const n = ARG_COUNT[b];
    if (n) {
      this.pendingCmd = [b];
      this.pendingArgs = n;
      return;
    }
    this.execute([b]);
  }

  private execute(c: number[]): void {
    const s = this.state;
    const op = c[0];
    switch (op) {
      case 0x81: s.contrast = c[1]; return;
      case 0x8d: s.chargePump = (c[1] & 0x04) !== 0; return;
      case 0x20: {
        const m = c[1] & 3;
        if (m === 0) s.addressingMode = "horizontal";
        else if (m === 1) s.addressingMode = "vertical";
        else if (m === 2) s.addressingMode = "page";
        return; // 3 is invalid: ignored
      }
      // Column/page windows are "only for horizontal or vertical addressing mode" (§10.1.4/5): in page mode the
      // window is stored but the pointer stays where B0–B7 / 00–1F put it.
      case 0x21:
        s.colStart = c[1] & 0x7f; s.colEnd = c[2] & 0x7f;
        if (s.addressingMode !== "page") s.column = s.colStart;
        return;
      case 0x22:
        s.pageStart = c[1] & 7; s.pageEnd = c[2] & 7;
        if (s.addressingMode !== "page") s.page = s.pageStart;
        return;
      case 0xa8: s.multiplex = Math.max(16, (c[1] & 0x3f) + 1); return;
      case 0xd3: s.displayOffset = c[1] & 0x3f; return;
      case 0xda: s.comPins = c[1] & 0x32; return;
      case 0xd5: case 0xd6: case 0xd9: case 0xdb: case 0x26: case 0x27: case 0x29: case 0x2a: case 0xa3:
        return; // timing, zoom and scroll setup: parsed for their arguments only
      default:
        break;
    }
    if (op <= 0x0f) { if (s.addressingMode === "page") s.column = (s.column & 0xf0) | op; return; }
    if (op <= 0x1f) { if (s.addressingMode === "page") s.column = ((op & 0x07) << 4) | (s.column & 0x0f); return; }
    if (op >= 0x40 && op <= 0x7f) { s.startLine = op & 0x3f; return; }
    if (op >= 0xb0 && op <= 0xb7) { if (s.addressingMode === "page") s.page = op & 7; return; }
    switch (op) {
      case 0xae: s.displayOn = false; return;
      case 0xaf: s.displayOn = true; return;
      case 0xa0: s.segmentRemap = false; return;
      case 0xa1: s.segmentRemap = true; return;
      case 0xa4: s.entireOn = false; return;
      case 0xa5: s.entireOn = true; return;
      case 0xa6: s.inverted = false; return;
      case 0xa7: s.inverted = true; return;
      case 0xc0: s.comScanRemap = false; return;
      case 0xc8: s.comScanRemap = true; return;
      case 0x2e: case 0x2f: case 0xe3: return; // scroll off/on, NOP
      default:
        this.stats.unknownCommands++;
    }
  }

  /** GDDRAM bit at (column, row), before any display mapping. */
  ramPixel(col: number, row: number): number {
    return (this.ram[(row >> 3) * SSD1306_WIDTH + col] >> (row & 7)) & 1;
  }

  /** Whether the panel lights at all (on, charge pump running, present and powered). */
  isLit(): boolean {
    return this.present && this.state.displayOn && this.state.chargePump;
  }

  /** What the glass shows at (x, y): 1 lit, 0 dark. Never reads a firmware framebuffer. */
  pixel(x: number, y: number): number {
    const s = this.state;
    if (!this.isLit()) return 0;
    // Panel row → COM line. With sequential COM pins (DA 0x02) on this alternative-wired glass, even rows take
    // COM0..31 and odd rows COM32..63: the picture comes out interleaved, as on a real module.
    let com = y;
    if ((s.comPins & 0x10) === 0) com = (y & 1) === 0 ? y >> 1 : 32 + (y >> 1);
    // COM line → display row counter (scan direction), within the multiplex ratio.
    const k = s.comScanRemap ? com : s.multiplex - 1 - com;
    if (k < 0 || k >= s.multiplex) return 0;
    if (s.entireOn) return 1;
    const row = (k + s.startLine + s.displayOffset) & 63;
    const col = s.segmentRemap ? x : 127 - x;
    const bit = this.ramPixel(col, row);
    return s.inverted ? bit ^ 1 : bit;
  }

  /** The visible image as 0/1 bytes, row-major (y * 128 + x). */
  pixels(): Uint8Array {
    const out = new Uint8Array(SSD1306_WIDTH * SSD1306_HEIGHT);
    for (let y = 0; y < SSD1306_HEIGHT; y++) for (let x = 0; x < SSD1306_WIDTH; x++) out[y * SSD1306_WIDTH + x] = this.pixel(x, y);
    return out;
  }

  /** Text dump for tests: one line per row, "#" lit, "." dark. Optionally a sub-rectangle. */
  toText(x0 = 0, y0 = 0, w = SSD1306_WIDTH, h = SSD1306_HEIGHT): string {
    const lines: string[] = [];
    for (let y = y0; y < y0 + h; y++) {
      let l = "";
      for (let x = x0; x < x0 + w; x++) l += this.pixel(x, y) ? "#" : ".";
      lines.push(l);
    }
    return lines.join("\n");
  }

  /** A cheap fingerprint of what is visible, to count frames that changed the image. */
  private signature(): string {
    const s = this.state;
    let h = 0;
    for (let i = 0; i < this.ram.length; i++) h = (Math.imul(h, 31) + this.ram[i]) | 0;
    return [h, s.displayOn, s.chargePump, s.inverted, s.entireOn, s.segmentRemap, s.comScanRemap, s.multiplex,
      s.displayOffset, s.startLine, s.comPins, s.contrast].join(",");
  }
}
