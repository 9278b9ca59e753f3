/**
 * TypeScript through esbuild with the project's build settings (tools/build.ts: bundle, format iife, target
 * es2015, charset ascii, tsconfig.firmware.json), readable and minified, then through the gate. esbuild at es2015
 * leaves in what ES2015 has (destructuring, default/rest params, spread, for-let closures…): the gate must catch
 * each. It lowers what came later (**, ?., ??=, class fields, enums…) into forms Espruino runs: the gate must
 * accept those. This is the gap the gate exists for: Node runs all of it.
 */
import * as assert from "assert";
import * as esbuild from "esbuild";
import * as path from "path";
import { checkSource, formatProblem } from "../../tools/gate";
import { firmwareBuildOptions } from "../../tools/build";

const ROOT = path.resolve(__dirname, "..", "..");

/** The two wrappings the build has used: esbuild's own iife, and CommonJS output inside an IIFE banner/footer
 * (which keeps `require("Storage")` literal instead of esbuild's __require shim). */
type Wrapping = "iife" | "cjs+banner";

function compile(ts: string, minify: boolean, wrapping: Wrapping = "iife"): string {
  // The project's settings (tools/build.ts); "iife" swaps the wrapping for esbuild's own format.
  const options = firmwareBuildOptions(minify);
  options.stdin = { contents: ts, loader: "ts", resolveDir: ROOT, sourcefile: "snippet.ts" };
  if (wrapping === "iife") {
    options.format = "iife";
    delete options.banner;
    delete options.footer;
  }
  return esbuild.buildSync(options).outputFiles[0].text;
}

function rules(code: string): string[] {
  const r = checkSource(code, "snippet.js").map((p) => p.rule);
  return r.filter((x, i) => r.indexOf(x) === i).sort();
}

/** Left in by esbuild at es2015 → the gate must report `rule` (readable and minified builds alike). */
const LEFT_IN: { name: string; rule: string; ts: string; minifiedRule?: string }[] = [
  { name: "object destructuring", rule: "destructuring", ts: "const o = { a: 1, b: 2 };\nconst { a, b } = o;\nconsole.log(a + b);" },
  { name: "tuple destructuring", rule: "destructuring", ts: "function pair(): [number, number] { return [1, 2]; }\nconst [x, y] = pair();\nconsole.log(x, y);" },
  { name: "destructuring in a for-of head", rule: "destructuring", ts: "const pairs: [string, number][] = [['a', 1]];\nfor (const [k, v] of pairs) console.log(k, v);" },
  { name: "default parameter", rule: "default-param", ts: "function f(n: number = 1): number { return n * 2; }\nconsole.log(f());" },
  { name: "rest parameter", rule: "rest", ts: "function sum(...xs: number[]): number { let s = 0; for (const x of xs) s += x; return s; }\nconsole.log(sum(1, 2));" },
  { name: "spread call", rule: "spread", ts: "const xs = [1, 2];\nconsole.log(Math.max(...xs));" },
  { name: "array spread", rule: "spread", ts: "const xs = [1, 2];\nconst ys = [0, ...xs];\nconsole.log(ys);" },
  { name: "object spread (lowered to esbuild helpers)", rule: "spread", ts: "const base = { a: 1 };\nconst o = { ...base, b: 2 };\nconsole.log(o);",
    // Minified, the helper names are gone; what gives it away is the helper's Object.prototype.propertyIsEnumerable.
    minifiedRule: "prototype-read" },
  { name: "object rest (lowered to __objRest)", rule: "rest", ts: "const o: any = { a: 1, b: 2 };\nconst { a, ...others } = o;\nconsole.log(a, others);",
    minifiedRule: "prototype-read" },
  { name: "closure over a for-let variable", rule: "loop-closure", ts: "for (let i = 0; i < 3; i++) setTimeout(() => console.log(i), 10);" },
  { name: "closure over a for-of const", rule: "loop-closure", ts: "const cbs: (() => number)[] = [];\nfor (const x of [1, 2]) cbs.push(() => x);\nconsole.log(cbs.length);" },
  { name: "function used before its declaration", rule: "hoisting", ts: "console.log(twice(2));\nfunction twice(n: number): number { return n * 2; }" },
  { name: "async/await (lowered to a generator)", rule: "generator", ts: "async function f(): Promise<number> { return await Promise.resolve(1); }\nf().then((v) => console.log(v));" },
  { name: "generator", rule: "generator", ts: "function* g() { yield 1; }\nconsole.log(g().next());" },
  { name: "#private (lowered to WeakMap)", rule: "missing-global", ts: "class A { #n = 1; get n(): number { return this.#n; } }\nconsole.log(new A().n);" },
  { name: "labelled break", rule: "label", ts: "outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j === i) continue outer; console.log(i, j); } }" },
  { name: "tagged template", rule: "tagged-template", ts: "function tag(s: TemplateStringsArray): string { return s[0]; }\nconsole.log(tag`x`);" },
  { name: "class extends Error", rule: "extends-builtin", ts: "class BmsError extends Error { constructor(m: string) { super(m); } }\nconsole.log(new BmsError('x'));" },
  { name: "Map", rule: "missing-global", ts: "const m = new Map<string, number>();\nm.set('a', 1);\nconsole.log(m.get('a'));" },
  { name: "Number.isFinite", rule: "missing-global", ts: "console.log(Number.isFinite(1 / 3));" },
  { name: "array length assignment", rule: "length-assign", ts: "const xs = [1, 2, 3];\nxs.length = 0;\nconsole.log(xs);" },
  { name: "Array.prototype.slice read", rule: "prototype-read", ts: "function f(): number[] { return Array.prototype.slice.call(arguments); }\nconsole.log(f());" },
  { name: "regex with {n}", rule: "regex", ts: "console.log(/^\\d{3}$/.test('123'));" },
  // Newer regex syntax is turned into `new RegExp("…", "…")` by esbuild at es2015: still caught.
  { name: "regex with a named group (emitted as new RegExp)", rule: "regex", ts: "console.log(/(?<y>\\d+)/.exec('12'));" },
  { name: "regex with the s flag (emitted as new RegExp)", rule: "regex", ts: "console.log(/a.b/s.test('a b'));" },
  { name: "inherited static", rule: "static-inherit", ts: "class A { static make(): number { return 1; } }\nclass B extends A {}\nconsole.log(B.make());" },
  { name: "inherited static field", rule: "static-inherit", ts: "class A { static LIMIT = 3; }\nclass B extends A {}\nconsole.log(B.LIMIT);" },
];

/** Lowered by esbuild at es2015 into forms Espruino runs → the gate must report nothing. */
const LOWERED: { name: string; ts: string }[] = [
  { name: "** and **=", ts: "let x = 3;\nconst y = x ** 2;\nx **= 2;\nconsole.log(x, y);" },
  { name: "optional chaining", ts: "interface P { a?: { b?: () => number } }\nconst p: P = {};\nconsole.log(p.a?.b?.(), p.a?.['b']);" },
  { name: "??= ||= &&=", ts: "let a: number | null = null, b = 0, c = 1;\na ??= 1; b ||= 2; c &&= 3;\nconsole.log(a, b, c, a ?? 5);" },
  { name: "class fields, also initialisers using this", ts: "class A { a = 1; b = this.a + 1; f = () => this.a; static s = 2; }\nconsole.log(new A().b, new A().f(), A.s);" },
  { name: "parameter properties, abstract classes, generics", ts: "abstract class Shape<T> { constructor(public readonly id: T) {} abstract area(): number; }\nclass Sq extends Shape<string> { constructor(id: string, private side: number) { super(id); } area(): number { return this.side * this.side; } }\nconsole.log(new Sq('s', 2).area());" },
  { name: "enums, const enums and namespaces", ts: "enum Color { Red, Green = 5 }\nconst enum K { A = 1 }\nnamespace N { export const v = 2; }\nconsole.log(Color.Green, Color[0], K.A, N.v);" },
  { name: "let/const, for-of over arrays and typed arrays, templates", ts: "const buf = new Uint8Array([1, 2]);\nlet s = 0;\nfor (const b of buf) s += b;\nfor (const x of [3, 4]) s += x;\nfor (let i = 0; i < 2; i++) { const j = i; setTimeout(() => console.log(j), 0); }\nconsole.log(`s=${s}`);" },
  { name: "optional catch binding, getters, Promise then/catch", ts: "const o = { get v(): number { return 1; } };\ntry { JSON.parse('{'); } catch { console.log('bad'); }\nPromise.resolve(o.v).then((v) => v + 1).catch(() => 0);" },
  { name: "functions declared before use", ts: "function twice(n: number): number { return n * 2; }\nconst f = (n: number): number => twice(n) + 1;\nconsole.log(f(2));" },
];

describe("tools/gate on esbuild output (project settings)", () => {
  for (const [minify, wrapping] of [[false, "iife"], [true, "iife"], [false, "cjs+banner"], [true, "cjs+banner"]] as [boolean, Wrapping][]) {
    const mode = " (" + wrapping + (minify ? ", minified)" : ")");
    for (const c of LEFT_IN) {
      it("catches " + c.name + mode, () => {
        const code = compile(c.ts, minify, wrapping);
        const rule = minify && c.minifiedRule ? c.minifiedRule : c.rule;
        assert.ok(rules(code).indexOf(rule) >= 0, "expected rule " + rule + ", got " + JSON.stringify(rules(code)) + " in:\n" + code);
      });
    }
    for (const c of LOWERED) {
      it("accepts " + c.name + mode, () => {
        const code = compile(c.ts, minify, wrapping);
        assert.deepStrictEqual(checkSource(code, "snippet.js"), [], code);
      });
    }
  }

  it("a require of a built-in module stays literal with cjs+banner and passes; esbuild's iife __require shim does not", () => {
    const ts = "declare function require(m: string): any;\nconst s = require('Storage');\nconsole.log(s.read('x'));";
    assert.deepStrictEqual(checkSource(compile(ts, false, "cjs+banner"), "snippet.js"), []);
    const shim = checkSource(compile(ts, false, "iife"), "snippet.js");
    assert.ok(shim.some((p) => p.rule === "require" && p.message.indexOf("__require") >= 0), JSON.stringify(shim));
    assert.ok(shim.some((p) => p.rule === "missing-global" && p.message.indexOf("Proxy") === 0), JSON.stringify(shim));
  });

  it("a module that exports, bundled as cjs, is caught (module.exports in the flashed file)", () => {
    const code = compile("export const x = 1;\nconsole.log(x);", false, "cjs+banner");
    assert.ok(rules(code).indexOf("exports") >= 0, code);
  });

  it("problems in a readable build name the TypeScript module they came from", () => {
    const code = compile("const xs = [1, 2];\nconsole.log(Math.max(...xs));", false);
    const p = checkSource(code, "snippet.js");
    assert.deepStrictEqual(p.map((q) => q.rule + " " + q.source), ["spread snippet.ts"]);
    assert.ok(formatProblem(p[0]).endsWith(" (from snippet.ts)"), formatProblem(p[0]));
  });

  it("the readable build names the esbuild helper it flags", () => {
    const code = compile("const base = { a: 1 };\nconsole.log({ ...base, b: 2 });", false);
    const spread = checkSource(code, "snippet.js").filter((p) => p.rule === "spread");
    assert.ok(spread.some((p) => p.message.indexOf("__spreadValues") >= 0), JSON.stringify(spread));
  });
});
