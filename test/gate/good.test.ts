/**
 * The gate must accept what Espruino runs: samples/good.js exercises every allowed construct (classes, arrows,
 * templates, let/const not captured, for…of over arrays, ??, typed arrays, getters, Promise then/catch, trailing
 * commas, esbuild's harmless helpers, names that only look like missing globals) and must give zero problems.
 * It is also run under Node, so the sample is real, working code and not a string the gate happens to like.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import { checkSource, formatProblem } from "../../tools/gate";

const GOOD = path.join(__dirname, "samples", "good.js");

describe("tools/gate accepts what Espruino supports", () => {
  const code = fs.readFileSync(GOOD, "utf8");

  it("samples/good.js: zero problems", () => {
    const problems = checkSource(code, GOOD);
    assert.deepStrictEqual(problems.map(formatProblem), []);
  });

  it("samples/good.js runs under Node with Espruino-like stubs (it is real code)", () => {
    const logs: string[] = [];
    let initHandlers = 0;
    const sandbox: Record<string, unknown> = {
      console: { log: (...a: unknown[]) => logs.push(a.map(String).join(" ")) },
      setTimeout: () => 0,
      require: (name: string) => { assert.strictEqual(name, "Storage"); return { read: () => undefined }; },
      E: { on: (ev: string) => { if (ev === "init") initHandlers++; } },
    };
    vm.runInNewContext(code, sandbox);
    assert.strictEqual(initHandlers, 1);
    assert.ok(logs.length >= 1);
    assert.ok(logs[logs.length - 1].indexOf("base x sub") === 0, logs[logs.length - 1]);
  });

  it("a local variable named like a missing global is not the global", () => {
    const p = checkSource("function f() { var Map = {}; return new Map.Thing(); }\nvar Symbol = 1; Symbol + 1;", "x.js");
    assert.deepStrictEqual(p, []);
  });

  it("a shadowed global is only ours inside its scope", () => {
    const p = checkSource("function f() { const Set = 1; return Set; }\nvar s = new Set();", "x.js");
    assert.deepStrictEqual(p.map((q) => q.line + ":" + q.rule), ["2:missing-global"]);
  });

  it("a loop variable copied into a body const may be captured, or read by callbacks that run at once", () => {
    const p = checkSource([
      "for (let i = 0; i < 2; i++) { const c = i; setTimeout(() => c, 0); }",
      "for (const x of [1]) { let y = x; setTimeout(function () { return y; }, 0); }",
      "for (let i = 0; i < 2; i++) { for (let j = 0; j < 2; j++) { i + j; } }",
      // Callbacks that run before the call returns read the current iteration's value: fine on Espruino.
      "for (const x of [1, 2]) { if ([3].some((y) => y === x)) console.log([4].map(function (z) { return z + x; }).filter((w) => w > x)); }",
      "for (let i = 0; i < 2; i++) { [1].forEach((a) => [2].forEach((b) => a + b + i)); (function () { return i; })(); }",
    ].join("\n"), "x.js");
    assert.deepStrictEqual(p, []);
  });

  it("calls after the declaration, and early calls of functions that use only earlier ones, pass", () => {
    const p = checkSource([
      "function a() { return 1; }",
      "function b() { return a(); }",
      "b();",
      "function c() { return d(); }",
      "function d() { return 1; }",
      "c();",
      "function e() { setTimeout(function () { f(); }, 0); }",
      "e();",
      "function f() {}",
    ].join("\n"), "x.js");
    assert.deepStrictEqual(p, []);
  });
});
