/**
 * I2C from the firmware's side and the SSD1306 model's decoding of the real byte stream
 * (SSD1306 datasheet rev 1.1 §8.7 control byte, §10.1 commands; init as Espruino's SSD1306 module, espruino.md §4.1).
 */
import * as assert from "assert";
import { PNG } from "pngjs";
import { createDevice, Device } from "../../sim/runtime/device";
import { renderPng, renderTerminal } from "../../sim/runtime/render";
import { Ssd1306 } from "../../sim/runtime/ssd1306";

/** Espruino SSD1306 module init for 128×64: one [0x00, byte] write per byte. */
const MODULE_INIT = [0xae, 0xd5, 0x80, 0xa8, 0x3f, 0xd3, 0x00, 0x40, 0x8d, 0x14, 0x20, 0x00, 0xa1, 0xc8, 0xda, 0x12,
  0x81, 0xcf, 0xd9, 0xf1, 0xdb, 0x40, 0xa4, 0xa6, 0xaf];

function tx(d: Ssd1306, ...bytes: number[]): void {
  d.write(Uint8Array.from(bytes), 0);
}

function initModule(d: Ssd1306): void {
  for (const b of MODULE_INIT) tx(d, 0x00, b);
}

/** Horizontal full-screen flip like the module's flip(): window, then 8 × [0x40, 128 bytes]. */
function flip(d: Ssd1306, byteAt: (page: number, col: number) => number): void {
  for (const b of [0x21, 0, 127, 0x22, 0, 7]) tx(d, 0x00, b);
  for (let p = 0; p < 8; p++) {
    const chunk = [0x40];
    for (let c = 0; c < 128; c++) chunk.push(byteAt(p, c));
    tx(d, ...chunk);
  }
}

function lit(d: Ssd1306): number {
  let n = 0;
  for (let y = 0; y < 64; y++) for (let x = 0; x < 128; x++) n += d.pixel(x, y);
  return n;
}

describe("runtime: I2C", () => {
  it("writeTo throws 'slave doesn't ACK' when nothing answers at the address, and after unplugging", () => {
    const d = createDevice({ code: "", deferBoot: true });
    const oled = d.attachSsd1306({ sda: 21, scl: 22 });
    d.boot();
    const attempt = (code: string) => d.eval(`(function () { try { ${code}; return "ok"; } catch (e) { return e.message; } })()`);
    d.eval("I2C1.setup({ sda: D21, scl: D22, bitrate: 400000 })");
    assert.strictEqual(attempt("I2C1.writeTo(0x3C, [0, 0xAF])"), "ok");
    assert.strictEqual(attempt("I2C1.writeTo(0x3D, [0, 0xAF])"), "jshI2CWrite: slave doesn't ACK the transfer");
    oled.present = false;
    assert.strictEqual(attempt("I2C1.writeTo(0x3C, [0, 0xAE])"), "jshI2CWrite: slave doesn't ACK the transfer");
    assert.strictEqual(oled.state.displayOn, true, "the refused write did not reach the chip");
    oled.present = true;
    assert.strictEqual(attempt("I2C1.writeTo(0x3C, 0, 0xAE)"), "ok");
    assert.strictEqual(oled.state.displayOn, false);
    // Another bus (I2C2 on its pins) does not reach the display wired to D21/D22.
    assert.strictEqual(attempt("I2C2.setup({ sda: D17, scl: D16 }); I2C2.writeTo(0x3C, [0, 0xAF])"), "jshI2CWrite: slave doesn't ACK the transfer");
    assert.strictEqual(d.i2c.I2C1.stats.nacks, 2);
    // Four 2-byte attempts on I2C1 at 400 kHz: (2 + 1 address) × 9 clocks each = 67.5 µs.
    assert.ok(Math.abs(d.i2c.I2C1.stats.busyMs - 4 * 0.0675) < 1e-9, String(d.i2c.I2C1.stats.busyMs));
  });

  it("readFrom returns a Uint8Array of the device's realm (SSD1306 status byte) or throws when absent", () => {
    const d = createDevice({ code: "", deferBoot: true });
    d.attachSsd1306({ sda: 21, scl: 22 });
    d.boot();
    d.eval("I2C1.setup({ sda: D21, scl: D22 })");
    assert.strictEqual(d.eval("var r = I2C1.readFrom(0x3C, 2); (r instanceof Uint8Array) + ':' + r.join()"), "true:64,64");
    d.eval("I2C1.writeTo(0x3C, 0, 0xAF)");
    assert.strictEqual(d.eval("I2C1.readFrom(0x3C, 1)[0]"), 0);
    assert.strictEqual(d.eval("(function () { try { I2C1.readFrom(0x3D, 1); } catch (e) { return e.message; } })()"), "jshI2CRead: slave doesn't ACK the transfer");
  });

  it("a display whose RST pin is wired (Heltec D16) answers only while the firmware drives RST high", () => {
    const d: Device = createDevice({ code: "", deferBoot: true });
    const oled = d.attachSsd1306({ sda: 4, scl: 15, resetPin: 16 });
    d.boot();
    const attempt = () => d.eval(`(function () { try { I2C1.setup({ sda: D4, scl: D15 }); I2C1.writeTo(0x3C, [0, 0xAF]); return "ok"; } catch (e) { return "nack"; } })()`);
    assert.strictEqual(attempt(), "nack");
    d.eval("digitalWrite(D16, 0)");
    assert.strictEqual(attempt(), "nack");
    d.eval("digitalWrite(D16, 1)");
    assert.strictEqual(attempt(), "ok");
    assert.strictEqual(oled.state.displayOn, true);
  });
});

describe("runtime: SSD1306 decoding", () => {
  it("starts dark (display off, charge pump off) and decodes Espruino's module init byte by byte", () => {
    const d = new Ssd1306();
    flip(d, () => 0xff);
    assert.strictEqual(lit(d), 0, "RAM written but display off: dark");
    // At power-on the chip is in page mode: 0x21/0x22 did not move the pointer, so all 1024 bytes went round
    // and round page 0.
    initModule(d);
    const s = d.state;
    assert.deepStrictEqual(
      [s.displayOn, s.chargePump, s.addressingMode, s.segmentRemap, s.comScanRemap, s.multiplex, s.contrast, s.comPins, s.startLine, s.displayOffset],
      [true, true, "horizontal", true, true, 64, 0xcf, 0x12, 0, 0],
    );
    assert.strictEqual(d.stats.unknownCommands, 0);
    assert.strictEqual(lit(d), 128 * 8);
    assert.strictEqual(d.toText(0, 7, 1, 2), "#\n.");
    flip(d, () => 0xff); // now in horizontal mode: the whole panel
    assert.strictEqual(lit(d), 128 * 64);
  });

  it("horizontal mode: a full flip lands byte (page p, column c) at x = c, y = 8p + bit", () => {
    const d = new Ssd1306();
    initModule(d);
    const pattern = (p: number, c: number) => (c * 7 + p * 13) & 0xff;
    flip(d, pattern);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 128; x++) {
        const want = (pattern(y >> 3, x) >> (y & 7)) & 1;
        if (d.pixel(x, y) !== want) assert.fail("pixel " + x + "," + y);
      }
    }
  });

  it("horizontal mode honours the 0x21/0x22 window and wraps inside it", () => {
    const d = new Ssd1306();
    initModule(d);
    flip(d, () => 0);
    for (const b of [0x21, 10, 13, 0x22, 2, 3]) tx(d, 0x00, b);
    tx(d, 0x40, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01, 0x01, 0x01, 0x80); // 9th byte wraps to (page 2, col 10)
    // Bytes 1–4 → page 2 cols 10–13; 5–8 → page 3; the 9th wraps to (page 2, col 10) and overwrites it with 0x80.
    assert.deepStrictEqual(d.toText(9, 15, 6, 11).split("\n"), [
      "......",
      "..###.",
      "..###.",
      "..###.",
      "..###.",
      "..###.",
      "..###.",
      "..###.",
      ".####.",
      ".####.",
      "......",
    ]);
  });

  it("page mode: B0–B7 selects the page, 00–0F / 10–1F the column; the column wraps within the page", () => {
    const d = new Ssd1306();
    initModule(d);
    flip(d, () => 0);
    tx(d, 0x00, 0x20, 0x02); // page addressing
    tx(d, 0x00, 0xb3, 0x05, 0x12); // page 3, column 0x25 = 37
    tx(d, 0x40, 0x81, 0xff);
    assert.strictEqual(d.pixel(37, 24), 1);
    assert.strictEqual(d.pixel(37, 25), 0);
    assert.strictEqual(d.pixel(37, 31), 1);
    for (let y = 24; y < 32; y++) assert.strictEqual(d.pixel(38, y), 1);
    tx(d, 0x00, 0xb6, 0x0f, 0x17); // page 6, column 127
    tx(d, 0x40, 0x01, 0x02);
    assert.strictEqual(d.pixel(127, 48), 1);
    assert.strictEqual(d.pixel(0, 49), 1, "second byte wrapped to column 0 of the same page");
    // 0x21/0x22 windows do not move the pointer in page mode.
    tx(d, 0x00, 0x21, 0x40, 0x7f);
    tx(d, 0x40, 0x04);
    assert.strictEqual(d.pixel(1, 50), 1);
  });

  it("vertical mode fills a column's pages before moving right", () => {
    const d = new Ssd1306();
    initModule(d);
    flip(d, () => 0);
    tx(d, 0x00, 0x20, 0x01, 0x21, 0x00, 0x01, 0x22, 0x00, 0x07);
    tx(d, 0x40, ...new Array(8).fill(0x01), 0x80);
    for (let p = 0; p < 8; p++) assert.strictEqual(d.pixel(0, p * 8), 1);
    assert.strictEqual(d.pixel(1, 7), 1);
    assert.strictEqual(d.pixel(1, 0), 0);
  });

  it("segment remap, COM scan direction, invert, entire-on, start line, contrast; Co=1 control bytes", () => {
    const d = new Ssd1306();
    initModule(d);
    flip(d, (p, c) => (p === 0 && c === 0 ? 0x01 : 0)); // one pixel at RAM (0,0)
    assert.strictEqual(d.pixel(0, 0), 1);
    tx(d, 0x80, 0xa0); // Co=1, one command: segment remap off → mirrored
    assert.strictEqual(d.pixel(127, 0), 1);
    tx(d, 0x80, 0xc0, 0x80, 0xa1); // COM scan normal → flipped; remap back on
    assert.strictEqual(d.pixel(0, 63), 1);
    tx(d, 0x00, 0xc8, 0x41); // start line 1: RAM row 1 shows on the top line, row 0 on the bottom
    assert.strictEqual(d.pixel(0, 63), 1);
    tx(d, 0x00, 0x40, 0xa7);
    assert.strictEqual(d.pixel(0, 0), 0);
    assert.strictEqual(lit(d), 128 * 64 - 1);
    tx(d, 0x00, 0xa6, 0xa5);
    assert.strictEqual(lit(d), 128 * 64);
    tx(d, 0x00, 0xa4, 0x81, 0x10);
    assert.strictEqual(d.state.contrast, 0x10);
    tx(d, 0xc0, 0x03); // Co=1 data byte at the current pointer
    assert.strictEqual(d.stats.dataBytes, 1024 + 1);
  });

  it("multiplex 32 shows only 32 rows; sequential COM pins interleave the rows; off and charge pump off go dark", () => {
    const d = new Ssd1306();
    initModule(d);
    flip(d, () => 0xff);
    tx(d, 0x00, 0xa8, 31);
    assert.strictEqual(lit(d), 128 * 32);
    tx(d, 0x00, 0xa8, 63, 0xda, 0x02);
    flip(d, (p) => (p < 4 ? 0xff : 0)); // top half of RAM lit
    // Even panel rows show COM0..31 (RAM rows 0..31: lit), odd rows COM32..63 (dark).
    assert.strictEqual(d.pixel(5, 0), 1);
    assert.strictEqual(d.pixel(5, 1), 0);
    assert.strictEqual(d.pixel(5, 62), 1);
    tx(d, 0x00, 0xda, 0x12, 0xae);
    assert.strictEqual(lit(d), 0);
    tx(d, 0x00, 0xaf, 0x8d, 0x10);
    assert.strictEqual(lit(d), 0);
  });

  it("multi-byte commands split across transactions and interleaved control bytes keep the parser in step", () => {
    const d = new Ssd1306();
    initModule(d);
    tx(d, 0x00, 0x81);
    tx(d, 0x00, 0x42);
    tx(d, 0x00, 0x26, 0, 0, 0, 7, 0); // scroll setup: 6 arguments, one short...
    tx(d, 0x00, 0xff, 0xa7); // ...the last argument, then invert
    assert.strictEqual(d.state.contrast, 0x42);
    assert.strictEqual(d.state.inverted, true);
    assert.strictEqual(d.stats.unknownCommands, 0);
  });

  it("counts frames that change the image and when the last change happened", () => {
    const d = new Ssd1306();
    initModule(d);
    const before = d.frames;
    flip(d, () => 0x0f);
    d.write(Uint8Array.from([0x40, 0x0f]), 1234); // rewrites (0,0) with the same byte: no visible change
    assert.strictEqual(d.frames - before, 8);
    d.write(Uint8Array.from([0x40, 0x00]), 2000);
    assert.strictEqual(d.lastChangedMs, 2000);
  });

  it("renders half blocks for a terminal and a PNG from the panel pixels", () => {
    const d = new Ssd1306();
    initModule(d);
    flip(d, (p, c) => (p === 0 && c < 2 ? 0x03 : p === 0 && c === 2 ? 0x01 : p === 0 && c === 3 ? 0x02 : 0));
    const lines = renderTerminal(d).split("\n");
    assert.strictEqual(lines.length, 32);
    assert.strictEqual(lines[0].slice(0, 5), "██▀▄ ");
    const png = PNG.sync.read(renderPng(d, { scale: 4 }));
    assert.deepStrictEqual([png.width, png.height], [512, 256]);
    const at = (x: number, y: number) => Array.from(png.data.slice((y * 512 + x) * 4, (y * 512 + x) * 4 + 3));
    const on = at(1, 1);
    const off = at(20, 20);
    assert.ok(on[2] > 150 && off[2] < 30, "lit pixel bright, dark pixel dark: " + on + " / " + off);
    assert.deepStrictEqual(at(3, 1), off, "grid gap between pixels");
  });
});
