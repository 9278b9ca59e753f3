/**
 * SSD1306 128x64 OLED over I2C: our own driver (no module from the web). It owns nothing but the bus
 * writes: the composition root hands it the I2C port, the framebuffer of an Espruino
 * `Graphics.createArrayBuffer(128, 64, 1, {vertical_byte: true, msb: false})` (that layout is exactly the
 * controller's page layout: byte = 8 vertical pixels, LSB on top), an optional reset line, a scheduler and a
 * checksum function. No Espruino global is touched here, so the host tests drive it with fakes.
 *
 * Robustness: on ESP32 a write to an absent or failing display throws (espruino.md §4, "slave doesn't ACK").
 * Every bus write is guarded; after a failure the display is marked down and re-initialised no sooner than
 * RETRY_MS later, while the rest of the box (LED, buzzer, UART) goes on.
 */

/** What the driver needs of Espruino's I2C object. @native (tools/shrink.ts keeps these names) */
export interface I2cPort {
  /** One transaction of all the data arguments in order (Espruino flattens numbers and arrays). */
  writeTo(address: number, ...data: (number | Uint8Array | number[])[]): void;
}

/**
 * Init sequence (command, arguments), after SSD1306 datasheet rev 1.1 §9/§10 and the values of the official
 * Espruino module (espruino.md §4.1). Each row is one I2C write [0x00 = command stream, cmd, args...], stored as
 * its length and its bytes, all rows in one typed array: as arrays of arrays they cost the ESP32 ~70 JsVars, as
 * one Uint8Array a few.
 */
export const SSD1306_INIT = new Uint8Array([
  1, 0xae,         // display off while configuring
  2, 0xd5, 0x80,   // display clock divide ratio / oscillator frequency: reset value
  2, 0xa8, 63,     // multiplex ratio = height - 1 (64 rows)
  2, 0xd3, 0x00,   // display offset 0
  1, 0x40,         // display start line 0
  2, 0x8d, 0x14,   // charge pump on (the modules have no external VCC)
  2, 0x20, 0x00,   // memory addressing: horizontal, so one window fill streams the whole buffer
  1, 0xa1,         // segment remap: column 127 -> SEG0 (the modules are mounted mirrored)
  1, 0xc8,         // COM scan direction: remapped (top row first)
  2, 0xda, 0x12,   // COM pins: alternative configuration, no left/right remap (64-row panels)
  2, 0x81, 0xcf,   // contrast
  2, 0xd9, 0xf1,   // pre-charge period: phase 1 = 1, phase 2 = 15 DCLK (charge pump)
  2, 0xdb, 0x40,   // VCOMH deselect level
  1, 0xa4,         // display follows RAM content
  1, 0xa6,         // normal (not inverted) display; inverted screens are drawn, not commanded
  1, 0xaf,         // display on
]);

const CTRL_CMD = 0x00;
/**
 * Column window 0..127 and a page window (bytes 5 and 6: first and last page, set for each push), sent before each
 * push: one write, the control byte for a command stream (Co = 0, D/C# = 0: every byte after it is a command or its
 * argument; SSD1306 datasheet rev 1.1, I2C write data) and both commands. As two writes, each copied into a new buffer
 * by cmd(), it cost a first look's frame ~100 LIE more. In horizontal addressing the data that follows fills the
 * window page by page (datasheet §10.1.3), so pages first..last take exactly their 128 bytes each of the buffer.
 */
const SSD1306_WINDOW = new Uint8Array([CTRL_CMD, 0x21, 0, 127, 0x22, 0, 7]);
/** Bytes of one page: 128 columns of 8 rows. */
const PAGE_BYTES = 128;
const CTRL_DATA = 0x40;
/** How long a failed display is left alone before the next init attempt. */
export const SSD1306_RETRY_MS = 10000;
/** Reset pulse (Heltec: the panel's RST is wired to D16): low this long, then high, then init. */
const RESET_LOW_MS = 10;

export interface OledPorts {
  i2c: I2cPort;
  address: number;
  /** The Graphics object's framebuffer (1024 bytes for 128x64). */
  buffer: Uint8Array;
  /** Drives the panel's reset line (1 high, 0 low); null when not wired. */
  reset: ((level: number) => void) | null;
  /** Runs fn after ms (setTimeout on the device). */
  after: (fn: () => void, ms: number) => void;
  /** A checksum of the buffer (E.CRC32 on the device) so an unchanged frame is not pushed. */
  crc: (buf: Uint8Array) => number;
}

export class Ssd1306 {
  p: OledPorts;
  /** true once init went through and no write failed since. */
  ok = false;
  /** Time after which a failed display is tried again. */
  retryAt = 0;
  /** Pushes and write failures so far (console `box.mem()` / tests). */
  pushes = 0;
  fails = 0;
  /** The last bus error, for the console. */
  err = "";
  /** Checksum of the frame last pushed; -1 = none (the next flip always pushes). */
  last = -1;
  resetting = false;
  /** Contrast to restore after every init (the table sets 0xCF): the owner's setting survives a re-init. */
  con = 0xcf;

  constructor(ports: OledPorts) {
    this.p = ports;
  }

  cmd(bytes: ArrayLike<number>): void {
    const w = new Uint8Array(bytes.length + 1);
    w[0] = CTRL_CMD;
    w.set(bytes, 1);
    this.p.i2c.writeTo(this.p.address, w);
  }

  /** One command write per row of a table of [length, bytes...] rows. */
  cmds(t: Uint8Array): void {
    for (let i = 0; i < t.length; i += t[i] + 1) this.cmd(t.subarray(i + 1, i + 1 + t[i]));
  }

  /** Sends the init table; returns false (display marked down) when the bus threw. */
  init(nowMs: number): boolean {
    try {
      this.cmds(SSD1306_INIT);
      if (this.con !== 0xcf) this.cmd([0x81, this.con]);
      this.ok = true;
      this.last = -1;
    } catch (e) {
      this.down(nowMs, e);
    }
    return this.ok;
  }

  /**
   * Power-up: pulses the reset line when wired, then sends the init table. `done` runs when the display is
   * ready (or known down), so the first frame goes out after init, as the controller needs.
   */
  begin(nowMs: number, done: () => void): void {
    const rst = this.p.reset;
    if (!rst) {
      this.init(nowMs);
      done();
      return;
    }
    this.resetting = true;
    rst(0);
    this.p.after(() => {
      rst(1);
      this.resetting = false;
      this.init(nowMs + RESET_LOW_MS);
      done();
    }, RESET_LOW_MS);
  }

  down(nowMs: number, e: any): void {
    this.err = String(e);
    this.ok = false;
    this.fails++;
    this.retryAt = nowMs + SSD1306_RETRY_MS;
  }

  /**
   * Pushes the framebuffer when it differs from the last frame pushed: pages first..last (default all), which the
   * caller knows to hold every byte changed since that push; the whole frame when none is known to be on the glass
   * (none pushed since init). A display that is down is re-initialised when its retry time has come, then gets the
   * whole frame. Returns true when bytes went out.
   */
  flip(nowMs: number, first?: number, last?: number): boolean {
    if (this.resetting) return false;
    if (!this.ok) {
      if (nowMs < this.retryAt || !this.init(nowMs)) return false;
    }
    const sum = this.p.crc(this.p.buffer);
    if (sum === this.last) return false;
    const b = this.p.buffer;
    const part = this.last !== -1 && first !== undefined && last !== undefined && (first > 0 || last < 7);
    try {
      SSD1306_WINDOW[5] = part ? (first as number) : 0;
      SSD1306_WINDOW[6] = part ? (last as number) : 7;
      this.p.i2c.writeTo(this.p.address, SSD1306_WINDOW);
      // The whole frame in one transaction: the control byte, then the framebuffer as it is. Espruino gathers the
      // arguments into one buffer on the stack (JSV_GET_AS_CHAR_ARRAY: 1,025 bytes of the ESP32 task's 25,000,
      // Espruino's boards/ESP32.py ESP_STACK_SIZE; short of stack it throws, and the display is marked down as for
      // any failed write) and the ESP-IDF driver streams it. Eight 129-byte writes, each copied into a chunk first,
      // cost the interpreter about ten times as much (~135 LIE against ~12, measured on the test interpreter).
      // A part: a view of its pages in the same buffer, nothing copied (the bus time falls with the bytes, ~2.9 ms a page
      // at 400 kHz).
      this.p.i2c.writeTo(this.p.address, CTRL_DATA, part ? new Uint8Array(b.buffer, b.byteOffset + (first as number) * PAGE_BYTES, ((last as number) - (first as number) + 1) * PAGE_BYTES) : b);
      this.last = sum;
      this.pushes++;
      return true;
    } catch (e) {
      this.down(nowMs, e);
      return false;
    }
  }

  /** Contrast 0..255 (0x81). Failures mark the display down like any write. */
  setContrast(c: number, nowMs: number): void {
    this.con = c & 255;
    this.guard([0x81, c & 255], nowMs);
  }
  guard(bytes: number[], nowMs: number): void {
    if (!this.ok) return;
    try {
      this.cmd(bytes);
    } catch (e) {
      this.down(nowMs, e);
    }
  }
}
