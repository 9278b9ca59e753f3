/**
 * tools/shrink.ts: the flashed firmware's constant folding and property shortening. Both exist to save the
 * ESP32's JsVars (a kept top-level constant is one JsVar; a property name over 4 chars is a second one), and both
 * must leave behaviour alone: the system tests and the real-interpreter tier run the shrunk file; these tests pin
 * the rules that keep it safe.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { foldConstants, manglePropNames, reservedApiNames, shortNames, shrink, INLINE_NAME_CHARS } from "../../tools/shrink";
import { firmwarePath } from "../../sim/firmware-file";

const wrap = (body: string): string => '(function () {\n"use strict";\n' + body + "\n})();\n";

describe("tools/shrink: constant folding", () => {
  it("replaces reads of top-level number and boolean constants, computed ones too, and drops their declarations", () => {
    const r = foldConstants(wrap("var A = 5, B = A << 2, C = foo();\nvar D = true, N = -3, P = true ? 0 : 1;\nfunction f() { return A + B + N + (D ? 1 : 0) + C; }\nf();"));
    assert.deepEqual(r.folded.map((x) => x.name + "=" + x.value).sort(), ["A=5", "B=20", "D=true", "N=-3", "P=0"]);
    assert.match(r.code, /var C = foo\(\);/);
    assert.match(r.code, /return 5 \+ 20 \+ \(-3\) \+ \(true \? 1 : 0\) \+ C;/);
    assert.doesNotMatch(r.code, /var A|var D|B = /);
  });

  it("leaves a constant that is ever written, and a local or parameter that shadows one", () => {
    const r = foldConstants(wrap("var W = 3, K = 7;\nW++;\nfunction f(K) { return K + W; }\nfunction g() { var K = 1; return K; }\nf(K); g();"));
    assert.deepEqual(r.folded.map((x) => x.name), ["K"]);
    assert.match(r.code, /var W = 3;/);
    assert.match(r.code, /function f\(K\) \{ return K \+ W; \}/);
    assert.match(r.code, /var K = 1; return K;/);
    assert.match(r.code, /f\(7\)/);
  });

  it("keeps a shorthand property's key", () => {
    const r = foldConstants(wrap("var LIMIT = 9;\nvar o = { LIMIT };\nprint(o.LIMIT);"));
    assert.match(r.code, /\{ LIMIT: 9 \}/);
    assert.match(r.code, /o\.LIMIT/);
  });

  it("does not fold strings, objects or values that do not read back exactly", () => {
    const r = foldConstants(wrap('var S = "x", O = {}, Z = 1 / 0, M = -0;\nprint(S, O, Z, M);'));
    assert.deepEqual(r.folded, []);
  });
});

describe("tools/shrink: property names", () => {
  it("shortens our long names, never an Espruino or built-in name, a quoted one or one that a string names", () => {
    const js = wrap('var o = { packMv: 1, "status": 2, chirpMin: 3, ab: 4 };\nvar g = Graphics.createArrayBuffer(8, 8, 1, { vertical_byte: true });\n' +
      'g.setFont("6x8", 1); E.CRC32(g.buffer); o.packMv++; print(o["chirpMin"], o.ab, o.status);');
    assert.deepEqual(manglePropNames(js), ["packMv"]);
  });

  it("the reserved names include what @types/espruino lacks and the firmware declares (E.CRC32, setFont, vertical_byte)", () => {
    const r = reservedApiNames();
    for (const n of ["CRC32", "setFont", "vertical_byte", "writeTo", "drawString", "removeAllListeners", "length", "subarray"]) assert.ok(r.has(n), n);
  });

  it("gives each name a distinct short name that is no API name and no name the file keeps", () => {
    const names = ["alphaBeta", "gammaDelta"];
    const js = wrap("var o = { alphaBeta: 1, gammaDelta: 2, a: 3, b: 4 }; o.alphaBeta = o.gammaDelta + o.a + o.b;");
    const m = shortNames(js, names);
    const reserved = reservedApiNames();
    assert.equal(new Set(Object.values(m)).size, 2);
    for (const n of names) {
      assert.ok(m[n].length <= INLINE_NAME_CHARS && /^[A-Za-z_$][\w$]*$/.test(m[n]), m[n]);
      assert.ok(!reserved.has(m[n]) && m[n] !== "a" && m[n] !== "b" && m[n] !== "o", m[n]);
    }
    assert.equal(m.alphaBeta, Object.values(m).sort((x, y) => x.length - y.length)[0]);
  });

  it("shrink() runs: the same result, shorter", () => {
    const js = wrap("var LIM = 4;\nvar o = { counter: 0 };\nfor (var i = 0; i < LIM; i++) o.counter += i;\nglobal.__r = o.counter;");
    const out = shrink(js);
    assert.ok(out.length < js.length);
    assert.doesNotMatch(out, /counter|LIM/);
    const g: { __r?: number } = {};
    new Function("global", out)(g);
    assert.equal(g.__r, 6);
  });
});

describe("tools/shrink: the built firmware", () => {
  const file = firmwarePath("esp32-devkitc");
  /** The console commands (firmware/main.ts): quoted in the source, so kept; esbuild drops the quotes. */
  const COMMANDS = ["status", "codes", "history", "counts", "mem", "contrast", "settings", "set"];
  it("firmware.js keeps no foldable constant and no long property name that could be shortened", function () {
    if (!fs.existsSync(file)) throw new Error(file + " is missing: run npm run build");
    const js = fs.readFileSync(file, "utf8");
    assert.deepEqual(foldConstants(js).folded, []);
    assert.deepEqual(manglePropNames(js).filter((n) => COMMANDS.indexOf(n) < 0), []);
  });

  it("the console commands people type keep their names", () => {
    const js = fs.readFileSync(file, "utf8");
    for (const c of COMMANDS) assert.match(js, new RegExp("[{,]" + c + ":function|[{,]" + c + ":[A-Za-z_$]"), c);
  });
});
