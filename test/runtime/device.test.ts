/**
 * The device as a whole: what Espruino lacks is absent, Storage outlives resets, the watchdog resets,
 * process.memory() follows allocations, pins/watches/timeline. The built firmware in it: built-firmware.test.ts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createDevice } from "../../sim/runtime/device";
import { MISSING, TYPED_ARRAYS, UNDELETABLE } from "../../sim/runtime/espruino-missing";
import { isTone } from "../../sim/runtime/pins";
import { SimStorageBackend } from "../../sim/runtime/storage";

describe("runtime: Espruino's missing built-ins are missing", () => {
  const d = createDevice({ code: "" });
  const probe = (expr: string) =>
    d.eval(`(function () { try { ${expr}; return "ok"; } catch (e) { return e instanceof ReferenceError ? "ReferenceError" : e instanceof TypeError ? "TypeError" : "Error"; } })()`);

  for (const name of ["Map", "Set", "WeakMap", "Symbol", "Proxy", "Reflect", "BigInt", "RangeError"]) {
    it(name + " is a ReferenceError, as on the device", () => {
      assert.strictEqual(probe(name), "ReferenceError");
    });
  }

  it("missing statics and methods are undefined, so calling them throws", () => {
    assert.strictEqual(probe("Array.from([1])"), "TypeError");
    assert.strictEqual(probe("Array.of(1)"), "TypeError");
    assert.strictEqual(probe("Uint8Array.from([1])"), "TypeError");
    assert.strictEqual(probe("Number.isFinite(1)"), "TypeError");
    assert.strictEqual(probe("Number.isInteger(1)"), "TypeError");
    assert.strictEqual(probe("Math.trunc(1.5)"), "TypeError");
    assert.strictEqual(probe("Math.log10(10)"), "TypeError");
    assert.strictEqual(probe("Object.freeze({})"), "TypeError");
    assert.strictEqual(probe("[[1]].flat()"), "TypeError");
    assert.strictEqual(probe("[1].at(0)"), "TypeError");
    assert.strictEqual(probe("'ab'.at(0)"), "TypeError");
    assert.strictEqual(probe("'ab'.trimStart()"), "TypeError");
    assert.strictEqual(probe("Promise.resolve().finally(function(){})"), "TypeError");
    assert.strictEqual(probe("(1.5).toPrecision(2)"), "TypeError");
    assert.strictEqual(probe("Date.UTC(2020, 1)"), "TypeError");
  });

  it("what Espruino has is still there", () => {
    for (const expr of ["Object.assign({}, {a: 1})", "[1, 2].includes(2)", "JSON.stringify({a: 1})", "new Uint8Array(3).fill(1)",
      "new DataView(new ArrayBuffer(4)).getUint16(0, true)", "Math.sign(-3)", "isFinite(3)", "parseInt('12')",
      "'a'.padStart(3)", "Object.entries({a: 1})", "new Promise(function (r) { r(1); })", "[3, 1].sort()", "new Error('x')"]) {
      assert.strictEqual(probe(expr), "ok", expr);
    }
  });

  it("every name in the table of what Espruino lacks is gone (but the few V8 cannot delete)", () => {
    for (const g of MISSING.globals) assert.strictEqual(d.eval("typeof " + g), "undefined", g);
    for (const k of Object.keys(MISSING.statics)) {
      for (const m of MISSING.statics[k]) {
        if (UNDELETABLE.indexOf(k + "." + m) < 0) assert.strictEqual(d.eval(`typeof ${k}.${m}`), "undefined", k + "." + m);
      }
    }
    for (const t of TYPED_ARRAYS) for (const m of MISSING.typedArrayStatics) assert.strictEqual(d.eval(`typeof ${t}.${m}`), "undefined", t + "." + m);
    for (const k of Object.keys(MISSING.prototypes)) for (const m of MISSING.prototypes[k]) assert.strictEqual(d.eval(`typeof ${k}.prototype.${m}`), "undefined", k + ".prototype." + m);
    for (const u of UNDELETABLE) assert.notStrictEqual(d.eval("typeof " + u), "undefined", u + " is deletable now: drop it from UNDELETABLE");
  });

  it("a firmware using Map stops at the top level with the device's error, what ran before keeps running", () => {
    const f = createDevice({ code: `var n = 0; setInterval(function () { n++; }, 100); var m = new Map(); console.log("never");` });
    f.clock.runFor(1000);
    assert.deepStrictEqual(f.errors.map((e) => e.text), ["ReferenceError: Map is not defined"]);
    assert.ok(!f.log.some((l) => l.text === "never"));
    assert.strictEqual(f.eval("n"), 10);
  });
});

describe("runtime: init, Storage and resets", () => {
  const BOOT_COUNTER = `
    var s = require("Storage");
    var n = (s.readJSON("boots", 1) || 0) + 1;
    s.writeJSON("boots", n);
    E.on("init", function () { console.log("init " + n + " " + s.list().join(",")); });
  `;

  it("E.on('init') and onInit fire after the file ran; Storage survives reset and power cycle", () => {
    const d = createDevice({ code: BOOT_COUNTER + `function onInit() { console.log("onInit"); }` });
    d.reset();
    d.powerCycle();
    assert.deepStrictEqual(d.log.map((l) => l.text), ["init 1 boots", "onInit", "init 2 boots", "onInit", "init 3 boots", "onInit"]);
    assert.strictEqual(d.boots, 3);
    assert.strictEqual(d.lastResetReason, "power-cycle");
    assert.strictEqual(d.storage.get("boots"), "3");
  });

  it("getTime() starts again at a power cycle and keeps counting through a software reset", () => {
    const d = createDevice({ code: `E.on("init", function () { console.log("t " + Math.round(getTime() * 1000)); });` });
    d.clock.runFor(5000);
    d.reset();
    d.clock.runFor(3000);
    d.powerCycle();
    assert.deepStrictEqual(d.log.map((l) => l.text), ["t 0", "t 5000", "t 0"]);
  });

  it("a file-backed Storage is shared by a later device (the flash outlives the process)", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bmsbox-storage-")), "flash.json");
    createDevice({ code: BOOT_COUNTER, storagePath: file });
    const second = createDevice({ code: BOOT_COUNTER, storagePath: file });
    assert.deepStrictEqual(second.log.map((l) => l.text), ["init 2 boots"]);
    assert.strictEqual(JSON.parse(fs.readFileSync(file, "utf8")).boots, "2");
  });

  it("Storage API: read with offset, binary data, files written in parts, list filters, getFree, open/append", () => {
    const storage = new SimStorageBackend();
    const d = createDevice({ code: "", storage });
    const r = d.eval(`(function () {
      var s = require("Storage"), out = [];
      s.write("a", "hello world");
      out.push(s.read("a", 6, 5));
      s.write("bin", new Uint8Array([0, 255, 128]));
      out.push(E.toUint8Array(s.read("bin")).join("."));
      s.write("part", "abc", 0, 6); s.write("part", "def", 3);
      out.push(s.read("part"));
      out.push(s.list(/^p/).join(","));
      out.push(s.readJSON("a", true) === undefined);
      var threw = false; try { s.readJSON("a"); } catch (e) { threw = true; } out.push(threw);
      var before = s.getFree(); s.erase("a"); out.push(s.getFree() - before);
      var f = s.open("log", "a"); f.write("one\\n"); f.write("two\\n");
      var g = s.open("log", "r"); out.push(g.readLine() + g.readLine());
      out.push(s.read("missing") === undefined);
      return out;
    })()`);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), ["world", "0.255.128", "abcdef", "part", true, true, 32 + 12, "one\ntwo\n", true]);
  });
});

describe("runtime: watchdog", () => {
  it("with isAuto=false a missed kick resets the device after the timeout (rounded to whole seconds)", () => {
    const d = createDevice({
      code: `
        E.enableWatchdog(2.4, false);
        var kicks = 0;
        var iv = setInterval(function () { kicks++; E.kickWatchdog(); if (kicks === 3) clearInterval(iv); }, 1000);
      `,
    });
    const resets: number[] = [];
    d.on("reset", () => resets.push(d.clock.now()));
    d.clock.runFor(5500);
    // Last kick at 3 s; 2.4 s rounds to 2 s on ESP32 → reset at 5 s, then the file runs again (and arms again).
    assert.deepStrictEqual(resets, [5000]);
    assert.strictEqual(d.boots, 2);
    assert.strictEqual(d.lastResetReason, "watchdog");
    d.clock.runFor(5000);
    assert.deepStrictEqual(resets, [5000, 10000]);
  });

  it("with isAuto the idle loop kicks it: no reset while callbacks return", () => {
    const d = createDevice({ code: `E.enableWatchdog(1); setInterval(function () {}, 5000);` });
    d.clock.runFor(60000);
    assert.strictEqual(d.boots, 1);
  });

  it("a callback stuck in a busy loop hangs the device; the watchdog then resets it", function () {
    this.timeout(20000);
    const d = createDevice({
      code: `E.enableWatchdog(1); setTimeout(function () { while (true) {} }, 100); console.log("up");`,
      busyLimitMs: 150,
    });
    d.clock.runFor(1050);
    assert.strictEqual(d.hung, true);
    assert.strictEqual(d.boots, 1);
    d.clock.runFor(100);
    assert.strictEqual(d.boots, 2, "reset 1 s after the last kick (at 100 ms)");
    assert.strictEqual(d.hung, false);
  });
});

describe("runtime: process.memory()", () => {
  it("reports 14-byte blocks and grows when the script allocates globals", () => {
    const d = createDevice({ code: `var keep = []; function grow(n) { for (var i = 0; i < n; i++) keep.push({ v: i + 0.5 }); }`, memoryCacheMs: 0 });
    const m1 = d.eval("process.memory()") as { usage: number; total: number; free: number; blocksize: number };
    assert.strictEqual(m1.total, 16383);
    assert.strictEqual(m1.blocksize, 14);
    assert.strictEqual(m1.free, m1.total - m1.usage);
    d.eval("grow(200)");
    const m2 = d.eval("process.memory().usage") as number;
    // Each {v: float} costs 1 (object) + 2 (name + float) + 1 (array element) = 4 JsVars.
    assert.strictEqual(m2 - m1.usage, 800);
  });

  it("counts state kept in closures (an esbuild IIFE keeps all its state there)", () => {
    const d = createDevice({
      code: `(function () { var hidden = []; setInterval(function () { hidden.push(new Uint8Array(100)); }, 1000); })();`,
      memoryCacheMs: 0,
    });
    const before = d.memory().usage;
    d.clock.runFor(10000);
    // Each 100-byte Uint8Array: view 1 + flat buffer (1 + ⌈100/14⌉ = 9) + array element 1 = 11.
    assert.strictEqual(d.memory().usage - before, 110);
  });

  it("E.getSizeOf follows the same costs", () => {
    const d = createDevice({ code: "" });
    assert.strictEqual(d.eval("E.getSizeOf([1, 2, 3])"), 4);
    assert.strictEqual(d.eval("E.getSizeOf({ a: 1, b: 2.5, longname: 'x' })"), 1 + 1 + 2 + 3);
    assert.strictEqual(d.eval("E.getSizeOf(new Uint8Array(1024))"), 1 + 1 + Math.ceil(1024 / 14));
  });
});

describe("runtime: pins", () => {
  it("keeps a timeline of LED levels and buzzer PWM (duty, frequency)", () => {
    const d = createDevice({
      code: `
        digitalWrite(D2, 1);
        setTimeout(function () { digitalWrite(D2, 0); analogWrite(D27, 0.5, { freq: 2700 }); }, 100);
        setTimeout(function () { digitalWrite(D27, 0); }, 300);
      `,
    });
    d.clock.runFor(1000);
    const led = d.pinTimeline(2).filter((e) => e.type === "digital").map((e) => [e.tMs, e.value]);
    assert.deepStrictEqual(led, [[0, 1], [100, 0]]);
    const buz = d.pinTimeline(27).filter((e) => e.type === "pwm").map((e) => [e.tMs, e.value, e.freqHz]);
    assert.deepStrictEqual(buz, [[100, 0.5, 2700], [300, 0, 0]]);
    assert.ok(isTone(d.pinTimeline(27).filter((e) => e.type === "pwm")[0]), "a 50 % square wave at 2.7 kHz is a tone");
    assert.strictEqual(d.pins.pwmOf(27), null);
    assert.strictEqual(d.pins.level(2), 0);
  });

  it("a bouncing button: setWatch with debounce reports one press and one release", () => {
    // D4: a plain pin (not negated) with a pull-up on the board and a button to GND.
    const d = createDevice({
      boardPullUps: [4],
      code: `
        pinMode(D4, "input_pullup");
        var ev = [], raw = 0;
        setWatch(function (e) { ev.push((e.state ? "up" : "down") + "@" + Math.round(e.time * 1000)); }, D4, { repeat: true, edge: "both", debounce: 25 });
        setWatch(function () { raw++; }, D4, { repeat: true, edge: "both" });
      `,
    });
    d.press(4, { atMs: 1000, holdMs: 200, bounceMs: 5, bounces: 3 });
    d.clock.runFor(2000);
    // Bounce settles 5 ms after each edge; the debounced watch reports the settled edge's time.
    assert.strictEqual(d.eval("ev.join()"), "down@1005,up@1205");
    assert.strictEqual(d.eval("raw"), 14, "7 level changes per bouncing edge without debounce");
    assert.strictEqual(d.eval("digitalRead(D4)"), 1);
  });

  it("drive() holds a pin from outside at a virtual time and releases it to the board's pull-up", () => {
    const d = createDevice({ boardPullUps: [4], code: `var ev = []; setWatch(function (e) { ev.push(e.state + "@" + Math.round(e.time * 1000)); }, D4, { repeat: true });` });
    d.drive(4, 0, 500);
    d.drive(4, null, 2500);
    d.clock.runFor(3000);
    assert.strictEqual(d.eval("ev.join()"), "false@500,true@2500");
    assert.deepStrictEqual(d.pinTimeline(4).filter((e) => e.type === "external").map((e) => [e.tMs, e.value]), [[500, 0], [2500, null]]);
  });

  it("edge filters, repeat:false and clearWatch()", () => {
    const d = createDevice({
      boardPullUps: [4],
      code: `
        var falls = 0, once = 0;
        setWatch(function () { falls++; }, D4, { repeat: true, edge: "falling" });
        setWatch(function () { once++; }, D4, { edge: "both" });
        var msg = ""; try { clearWatch(undefined); } catch (e) { msg = e.message; }
      `,
    });
    for (let i = 0; i < 3; i++) d.press(4, { atMs: 100 + i * 500, holdMs: 100 });
    d.clock.runFor(2000);
    assert.strictEqual(d.eval("falls"), 3);
    assert.strictEqual(d.eval("once"), 1);
    assert.strictEqual(d.eval("msg"), "clearWatch(undefined) not allowed. Use clearWatch() instead.");
    d.eval("clearWatch()");
    d.press(4, { atMs: 3000 });
    d.clock.runFor(2000);
    assert.strictEqual(d.eval("falls"), 3);
  });

  it("setWatch only warns on the pins the ESP32 cannot watch (D6–D12) and returns undefined", () => {
    const d = createDevice({ code: "" });
    assert.strictEqual(d.eval(`typeof setWatch(function () {}, D12, {})`), "undefined");
    assert.ok(d.log.some((l) => l.text.indexOf("WARNING: Unable to set watch") === 0), d.log.map((l) => l.text).join("\n"));
    assert.strictEqual(d.eval(`typeof setWatch(function () {}, D13, {})`), "number");
  });

  it("digitalRead puts an auto pin into input; pinMode makes it sticky", () => {
    const d = createDevice({ code: "" });
    d.eval("digitalWrite(D4, 1)");
    assert.strictEqual(d.pins.modeOf(4), "output");
    assert.strictEqual(d.eval("digitalRead(D4)"), 0);
    assert.strictEqual(d.pins.modeOf(4), "input");
    d.eval("pinMode(D5, 'output'); digitalWrite(D5, 1)");
    assert.strictEqual(d.eval("digitalRead(D5)"), 1);
    assert.strictEqual(d.eval("getPinMode(D5)"), "output");
  });
});

describe("runtime: the ESP32 port's pin rules (sim/runtime/esp32-port.ts)", () => {
  it("D0 is NEGATED: a button pulling it low reads 1, in digitalRead and in a watch's e.state", () => {
    const d = createDevice({
      code: `
        pinMode(D0, "input");
        var ev = [];
        setWatch(function (e) { ev.push(e.state + "@" + Math.round(e.time * 1000)); }, D0, { repeat: true, edge: "both", debounce: 25 });
      `,
    });
    assert.strictEqual(d.eval("digitalRead(D0)"), 0, "released: the board's pull-up holds the pin high, Espruino reads 0");
    assert.strictEqual(d.pins.level(0), 1);
    d.drive(0, 0, 1000);
    d.clock.runFor(1500);
    assert.strictEqual(d.pins.level(0), 0, "the button pulls the pin low");
    assert.strictEqual(d.eval("digitalRead(D0)"), 1, "pressed reads 1");
    d.drive(0, null, 2000);
    d.clock.runFor(1000);
    assert.strictEqual(d.eval("ev.join()"), "true@1000,false@2000");
  });

  it("on a negated pin input_pullup enables the pull-down and input_pulldown the pull-up; other pins as named", () => {
    const d = createDevice({ code: "", boardPullUps: [] });
    d.eval(`pinMode(D0, "input_pullup")`);
    assert.strictEqual(d.pins.level(0), 0, "D0 input_pullup: pulled down");
    assert.strictEqual(d.eval("digitalRead(D0)"), 1, "... which Espruino reads as 1");
    d.eval(`pinMode(D0, "input_pulldown")`);
    assert.strictEqual(d.pins.level(0), 1, "D0 input_pulldown: pulled up");
    d.eval(`pinMode(D4, "input_pullup")`);
    assert.strictEqual(d.pins.level(4), 1);
    d.eval(`pinMode(D35, "input_pullup")`);
    assert.strictEqual(d.pins.level(35), null, "D34-D39 have no pull resistors");
  });

  it("setWatch turns the pin's pull-up on (jshPinWatch), whatever pinMode asked", () => {
    const d = createDevice({ code: `pinMode(D4, "input_pulldown"); var lv = digitalRead(D4); setWatch(function () {}, D4, { repeat: true });` });
    assert.strictEqual(d.eval("lv"), 0);
    assert.strictEqual(d.pins.level(4), 1);
  });

  it("D25/D26 are DAC pins: analogWrite writes a DC level and ignores freq (no tone); {soft} only prints an error", () => {
    const d = createDevice({ code: `analogWrite(D25, 0.5, { freq: 2700 }); analogWrite(D26, 0.5, { freq: 2700, soft: true });` });
    for (const n of [25, 26]) {
      const ev = d.pinTimeline(n).filter((e) => e.type === "pwm" || e.type === "dac");
      assert.deepStrictEqual(ev.map((e) => [e.type, e.value, e.freqHz]), [["dac", 128 / 255, undefined]], "D" + n);
      assert.ok(!ev.some(isTone), "no tone on D" + n);
      assert.strictEqual(d.pins.pwmOf(n), null);
    }
    assert.deepStrictEqual(d.log.map((l) => l.text), ["ERROR: pin does not support software PWM"]);
    assert.deepStrictEqual(d.errors, [], "not an exception");
  });

  it("LEDC: three pins may have a frequency of their own; a fourth gets no PWM", () => {
    const d = createDevice({ code: `analogWrite(D13, 0.5, { freq: 1000 }); analogWrite(D14, 0.5, { freq: 2000 }); analogWrite(D27, 0.5, { freq: 2700 }); analogWrite(D27, 0.5, { freq: 3000 }); analogWrite(D32, 0.5, { freq: 4000 }); analogWrite(D33, 0.5);` });
    assert.deepStrictEqual([13, 14, 27, 32, 33].map((n) => (d.pins.pwmOf(n) || { freqHz: 0 }).freqHz), [1000, 2000, 3000, 0, 5000]);
    assert.deepStrictEqual(d.log.map((l) => l.text), ["ERROR: no PWM channel available anymore"]);
  });

  it("D34-D39 cannot drive; D6-D11 (the SPI flash) are refused", () => {
    const d = createDevice({ code: "" });
    d.eval("digitalWrite(D34, 1)");
    assert.strictEqual(d.pins.level(34), null);
    assert.strictEqual(d.pinTimeline(34).filter((e) => e.type === "digital").length, 0);
    assert.throws(() => d.eval("digitalWrite(D6, 1)"), /SPI flash/);
  });

  it("Espruino's default pins start as input_pullup (jshPinDefaultPullup); reading an auto pin makes it a plain input", () => {
    const d = createDevice({ code: "", boardPullUps: [] });
    assert.strictEqual(d.eval("getPinMode(D27)"), "input_pullup");
    assert.strictEqual(d.pins.level(27), 1);
    assert.strictEqual(d.eval("getPinMode(D4)"), "input");
    assert.strictEqual(d.eval("digitalRead(D27)"), 0);
    assert.strictEqual(d.eval("getPinMode(D27)"), "input");
  });
});

describe("runtime: E helpers", () => {
  it("E.CRC32 is the IEEE CRC-32 of the bytes, for strings, arrays, typed arrays and ArrayBuffers", () => {
    const d = createDevice({ code: "" });
    // CRC-32 check value of "123456789" is 0xCBF43926.
    assert.strictEqual(d.eval("E.CRC32('123456789')"), 0xcbf43926);
    assert.strictEqual(d.eval("E.CRC32([49,50,51,52,53,54,55,56,57])"), 0xcbf43926);
    assert.strictEqual(d.eval("E.CRC32(E.toUint8Array('123456789'))"), 0xcbf43926);
    assert.strictEqual(d.eval("E.CRC32(E.toUint8Array('x123456789').subarray(1))"), 0xcbf43926);
    assert.strictEqual(d.eval("E.CRC32(E.toArrayBuffer('123456789'))"), 0xcbf43926);
  });

  it("E.toUint8Array / E.toString convert between binary strings and bytes in the device's realm", () => {
    const d = createDevice({ code: "" });
    assert.strictEqual(d.eval("E.toUint8Array('\\xff\\x00A') instanceof Uint8Array"), true);
    assert.strictEqual(d.eval("E.toUint8Array('\\xff\\x00A').join()"), "255,0,65");
    assert.strictEqual(d.eval("E.toUint8Array([1, 2], 3, 'a').join()"), "1,2,3,97");
    assert.strictEqual(d.eval("E.toString([72, 105])"), "Hi");
    assert.strictEqual(d.eval("E.toString(new Uint8Array([0xb0]))"), "\xb0");
  });
});

describe("runtime: Storage limits and console", () => {
  it("names longer than 28 characters and writes beyond the free space throw", () => {
    const d = createDevice({ code: "" });
    const msg = (code: string) => d.eval(`(function () { try { ${code}; return "ok"; } catch (e) { return e.message; } })()`);
    assert.strictEqual(msg(`require("Storage").write("${"n".repeat(29)}", "x")`), "Name too long (max 28 chars)");
    assert.strictEqual(msg(`require("Storage").write("big", new Uint8Array(${896 * 1024}))`), "Unable to find or create file");
    assert.strictEqual(msg(`require("Storage").write("${"n".repeat(28)}", "x")`), "ok");
  });

  it("console.log prints its arguments space-separated, objects as JSON, with the virtual time", () => {
    const d = createDevice({ code: `setTimeout(function () { console.log("a", 1, { b: [2] }, undefined); print("p"); }, 250);` });
    d.clock.runFor(300);
    assert.deepStrictEqual(d.log.map((l) => [l.tMs, l.text]), [[250, 'a 1 {"b":[2]} undefined'], [250, "p"]]);
  });

  it("digitalPulse drives the pin then restores it after the pulse", () => {
    const d = createDevice({ code: `digitalWrite(D4, 0); setTimeout(function () { digitalPulse(D4, 1, 5); }, 10);` });
    d.clock.runFor(50);
    assert.deepStrictEqual(d.pinTimeline(4).filter((e) => e.type === "digital").map((e) => [e.tMs, e.value]), [[0, 0], [10, 1], [15, 0]]);
  });
});

describe("runtime: reboot and power cycle", () => {
  it("E.reboot() resets the device (Storage kept); a reset keeps the display's RAM, a power cycle clears it", () => {
    const d = createDevice({
      code: `
        var s = require("Storage"); var n = (s.readJSON("n", 1) || 0) + 1; s.writeJSON("n", n);
        I2C1.setup({ sda: D21, scl: D22 });
        if (n === 1) { I2C1.writeTo(0x3C, [0, 0x8D, 0x14, 0xAF, 0x20, 0x00, 0xA1, 0xC8]); I2C1.writeTo(0x3C, [0x40, 0xFF]); }
        if (n === 1) setTimeout(function () { E.reboot(); }, 100);
      `,
      deferBoot: true,
    });
    const oled = d.attachSsd1306({ sda: 21, scl: 22 });
    d.boot();
    assert.strictEqual(oled.ram[0], 0xff);
    d.clock.runFor(200);
    assert.strictEqual(d.boots, 2);
    assert.strictEqual(d.lastResetReason, "reboot");
    assert.strictEqual(d.storage.get("n"), "2");
    assert.strictEqual(oled.ram[0], 0xff, "an ESP32 reset does not touch the display");
    assert.strictEqual(oled.state.displayOn, true);
    d.powerCycle();
    assert.strictEqual(oled.ram[0], 0);
    assert.strictEqual(oled.state.displayOn, false, "registers back to power-on values");
  });
});

describe("runtime: Espruino's string search", () => {
  // Measured on Espruino 2v29 built for Linux (the real-interpreter tier's interpreter): "abcd".indexOf("de") is 3,
  // "abcd".includes("de") true, "abcd".replace("de", "X") "abcX" (src/jswrap_string.c jswrap_string_indexOf).
  it("indexOf, includes and replace also match a key that runs past the end of the string", () => {
    const d = createDevice({ code: "" });
    const r = d.eval('JSON.stringify(["abcd".indexOf("de"), "abcd".indexOf("cd"), "abcd".indexOf("x"), "a|".indexOf("|1"), "|11:AFE|".indexOf("|13:"), ' +
      '"abcd".indexOf("de", 1), "abc".indexOf("abcd"), "abcd".includes("de"), "abcd".includes("xy"), "abcd".replace("de", "X"), "a#b".replace("#", "7"), "ab".lastIndexOf("b")])');
    assert.strictEqual(r, JSON.stringify([3, 2, -1, 1, 7, 3, -1, true, false, "abcX", "a7b", 1]));
  });
});
