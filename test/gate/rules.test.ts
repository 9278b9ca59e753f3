/**
 * The Espruino gate, rule by rule: each small bad sample must be rejected with the right rule id on exactly the
 * expected lines (so a rule that fires everywhere fails too), and nothing else may fire on it unless listed.
 * Samples are written as lines so that the expected line numbers can be read off the array index + 1.
 */
import * as assert from "assert";
import { checkSource, RULES, GateProblem } from "../../tools/gate";

interface Bad { name: string; rule: string; lines: number[]; code: string[]; alsoRules?: string[] }

const BAD: Bad[] = [
  // --- syntax -------------------------------------------------------------------------------------------
  { name: "destructuring declaration", rule: "destructuring", lines: [2, 3], code: [
    "var o = { a: 1, b: 2 };",
    "var { a, b } = o;",
    "const [x, y] = [1, 2];"] },
  { name: "destructuring assignment (swap)", rule: "destructuring", lines: [2], code: [
    "var a = 1, b = 2;",
    "[a, b] = [b, a];"] },
  { name: "destructuring parameter", rule: "destructuring", lines: [1, 2], code: [
    "function f({ x, y }) { return x + y; }",
    "var g = ([p, q]) => p * q;",
    "f({ x: 1, y: 2 }); g([1, 2]);"] },
  { name: "destructuring for-of head", rule: "destructuring", lines: [2], code: [
    "var pairs = [[1, 2]];",
    "for (const [k, v] of pairs) console.log(k, v);"] },
  { name: "destructuring catch parameter", rule: "destructuring", lines: [2], code: [
    "try { throw { message: 'x' }; }",
    "catch ({ message }) { console.log(message); }"] },
  { name: "default parameter", rule: "default-param", lines: [1, 2], code: [
    "function f(a, b = 2) { return a + b; }",
    "var g = (n = 1) => n;",
    "f(1); g();"] },
  { name: "rest parameter", rule: "rest", lines: [1], code: [
    "function f(first, ...others) { return others.length; }",
    "f(1, 2, 3);"] },
  { name: "rest element in a pattern", rule: "rest", lines: [2], alsoRules: ["destructuring"], code: [
    "var list = [1, 2, 3];",
    "var [head, ...tail] = list;"] },
  { name: "spread in a call, an array and an object", rule: "spread", lines: [2, 3, 4], code: [
    "var a = [1, 2];",
    "Math.max(...a);",
    "var b = [0, ...a];",
    "var c = { ...{ x: 1 }, y: 2 };"] },
  { name: "computed object key", rule: "computed-key", lines: [2], code: [
    "var k = 'a';",
    "var o = { [k]: 1, plain: 2 };"] },
  { name: "computed class member", rule: "computed-key", lines: [3], code: [
    "var k = 'm';",
    "class A {",
    "  [k]() { return 1; }",
    "  plain() { return 2; }",
    "}"] },
  { name: "tagged template", rule: "tagged-template", lines: [2], code: [
    "function tag(s) { return s[0]; }",
    "var t = tag`hello`;",
    "var u = `plain ${t}`;"] },
  { name: "generator", rule: "generator", lines: [1, 2], code: [
    "function* count() { yield 1; }",
    "function* all() { yield* count(); }",
    "count(); all();"] },
  { name: "async and await", rule: "async", lines: [1, 2, 3], code: [
    "async function load() {",
    "  await Promise.resolve(1);",
    "  var f = async () => 2;",
    "  return f;",
    "}",
    "load();"] },
  { name: "labelled statement, break and continue", rule: "label", lines: [1, 3, 4], code: [
    "outer: for (var i = 0; i < 3; i++) {",
    "  for (var j = 0; j < 3; j++) {",
    "    if (j === 1) continue outer;",
    "    if (i === 2) break outer;",
    "    if (j === 2) break;",
    "  }",
    "}"] },
  { name: "#private field and method", rule: "private", lines: [2, 3, 4], code: [
    "class A {",
    "  #n = 1;",
    "  #inc() { this.#n++; }",
    "  static has(o) { return #n in o; }",
    "}"] },
  { name: "new.target", rule: "new-target", lines: [2], code: [
    "function A() {",
    "  if (!new.target) throw new Error('use new');",
    "}",
    "new A();"] },
  { name: "exponent operator and assignment", rule: "exponent", lines: [2, 3], code: [
    "var x = 3;",
    "var y = x ** 2;",
    "x **= 2;"] },
  { name: "optional chaining", rule: "optional-chain", lines: [2, 3, 4], code: [
    "var o = null;",
    "var a = o?.b;",
    "var c = o?.f();",
    "var d = o?.[0];"] },
  { name: "logical assignment", rule: "logical-assign", lines: [2, 3, 4], code: [
    "var a = null, b = 0, c = 1;",
    "a ??= 1;",
    "b ||= 2;",
    "c &&= 3;",
    "var d = a ?? b;"] },
  { name: "bare class field", rule: "class-field", lines: [2], code: [
    "class A {",
    "  x;",
    "  y = 1;",
    "}"] },
  { name: "class field initialiser using this", rule: "class-field-this", lines: [3, 4], code: [
    "class A {",
    "  a = 1;",
    "  b = this.a + 1;",
    "  f = () => this.a;",
    "  g = function () { return this; };",
    "}"] },
  { name: "class static block", rule: "static-block", lines: [2], code: [
    "class A {",
    "  static { A.ready = true; }",
    "}"] },
  { name: "class extends a built-in", rule: "extends-builtin", lines: [1, 2], code: [
    "class BmsError extends Error { constructor(m) { super(m); } }",
    "class Bytes extends Array {}",
    "class Mine {}",
    "class Sub extends Mine {}"] },
  { name: "class extends an expression or a property path", rule: "extends-expression", lines: [2, 4], code: [
    "function mk() { return class {}; }",
    "class B extends mk() {}",
    "var ns = { Base: class {} };",
    "class C extends ns.Base {}",
    "const Base = ns.Base;",
    "class D extends Base {}"] },
  { name: "class member named by a literal or a reserved word", rule: "class-member-name", lines: [2, 3, 4, 5], code: [
    "class Store {",
    "  'read-all'() { return 1; }",
    "  42() { return 2; }",
    "  delete(k) { return k; }",
    "  static default() { return 3; }",
    "  get size() { return 0; }",
    "  erase(k) { return k; }",
    "}",
    "var o = { delete: 1, default: 2, 'a-b': 3 };"] },
  { name: "inherited static method", rule: "static-inherit", lines: [4], code: [
    "class A { static make() { return 1; } }",
    "class B extends A { static own() { return 2; } }",
    "A.make(); B.own();",
    "B.make();"] },
  { name: "inherited static field (assigned after the class, as tsc/esbuild lower it)", rule: "static-inherit", lines: [5], code: [
    "var Base = class {};",
    "Base.LIMIT = 3;",
    "var Sub = class extends Base {};",
    "Sub.OWN = 1; Sub.OWN; Base.LIMIT;",
    "var x = Sub.LIMIT;"] },
  { name: "super in an object-literal method", rule: "object-super", lines: [2], code: [
    "var base = { hi() { return 1; } };",
    "var o = { __proto__: base, hi() { return super.hi() + 1; } };"] },
  { name: "arguments inside an arrow", rule: "arrow-arguments", lines: [2], code: [
    "function f() {",
    "  var g = () => arguments[0];",
    "  return arguments.length + g();",
    "}"] },
  { name: "import and export declarations", rule: "import-export", lines: [1, 2, 3], code: [
    "import { x } from './x';",
    "export const y = x + 1;",
    "export default y;"] },
  { name: "dynamic import and import.meta", rule: "import-export", lines: [1, 2], code: [
    "var m = import('./mod');",
    "var u = import.meta.url;"] },
  { name: "exports and module.exports", rule: "exports", lines: [1, 2], code: [
    "exports.a = 1;",
    "module.exports = { b: 2 };"] },
  { name: "using declaration", rule: "using", lines: [2], code: [
    "{",
    "  using res = open();",
    "}"] },
  // --- runtime names ------------------------------------------------------------------------------------
  { name: "missing global constructors", rule: "missing-global", lines: [1, 2, 3, 4, 5, 6, 7, 8], code: [
    "var m = new Map();",
    "var s = new Set([1]);",
    "var w = new WeakMap(), ws = new WeakSet();",
    "var sym = Symbol('x');",
    "var p = new Proxy({}, {}); Reflect.ownKeys({});",
    "var big = BigInt(1);",
    "throw new RangeError('r');",
    "var e1 = new EvalError('e'), e2 = new URIError('u');"] },
  { name: "missing statics", rule: "missing-global", lines: [1, 2, 3, 4, 5, 6, 7, 8, 9], code: [
    "var a = Array.from('ab'), b = Array.of(1);",
    "var c = Number.isFinite(1) && Number.isInteger(1) && Number.isNaN(1);",
    "var d = Number.parseFloat('1') + Number.parseInt('2');",
    "var e = Number.EPSILON + Number.MAX_SAFE_INTEGER;",
    "var f = Math.trunc(1.5) + Math.log2(2) + Math.log10(10) + Math.hypot(3, 4) + Math.cbrt(8);",
    "Object.freeze({}); Object.seal({}); Object.is(1, 1); Object.preventExtensions({});",
    "Promise.race([]); Promise.allSettled([]); Promise.any([]);",
    "var r = String.raw;",
    "var t = Date.UTC(2020, 1, 1) + Uint8Array.from([1]).length;"] },
  { name: "missing methods", rule: "missing-method", lines: [2, 3, 4, 5, 6, 7], code: [
    "var a = [[1], [2]], s = ' x ';",
    "a.flat(); a.flatMap(function (x) { return x; }); a.lastIndexOf(1); a.reduceRight(function (p, c) { return p; });",
    "a.at(-1); a.findLast(function () { return true; });",
    "s.trimStart(); s.trimEnd(); s.localeCompare('y'); s.codePointAt(0);",
    "s.matchAll(/x/g);",
    "(1.5).toPrecision(2);",
    "Promise.resolve(1).finally(function () {});"] },
  { name: "toFixed", rule: "to-fixed", lines: [2], code: [
    "var v = 3.999;",
    "var s = v.toFixed(2);"] },
  { name: "JSON replacer and reviver", rule: "json-args", lines: [2, 3], code: [
    "var o = { a: 1 };",
    "JSON.stringify(o, ['a']);",
    "JSON.parse('{}', function (k, v) { return v; });",
    "JSON.stringify(o, null, 2);",
    "JSON.stringify(o, void 0, 2); JSON.stringify(o, undefined, 1);"] },
  { name: "split with a limit", rule: "split-limit", lines: [2], code: [
    "var s = 'a,b,c';",
    "var two = s.split(',', 2);",
    "var all = s.split(',');"] },
  { name: ".length assignment", rule: "length-assign", lines: [2, 3, 4, 5], code: [
    "var a = [1, 2, 3], o = { list: [1] };",
    "a.length = 0;",
    "o.list.length = 1;",
    "a['length'] = 2;",
    "a.length--;",
    "var n = a.length;"] },
  { name: "X.prototype.<builtin> reads", rule: "prototype-read", lines: [1, 2, 3, 4, 5], code: [
    "var slice = Array.prototype.slice;",
    "var args = Array.prototype.slice.call([1, 2]);",
    "var ts = Object.prototype.toString.call([]);",
    "var bind = Function.prototype.bind;",
    "var sub = Uint8Array.prototype.subarray;",
    "var own = Object.prototype.hasOwnProperty;",
    "Array.prototype.myLast = function () { return this[this.length - 1]; };"] },
  { name: "require of a non-built-in module and non-literal require", rule: "require", lines: [2, 3, 4], code: [
    "var st = require('Storage');",
    "var ss = require('SSD1306');",
    "var name = 'Storage'; var m = require(name);",
    "var r = require;"] },
  // --- hoisting -----------------------------------------------------------------------------------------
  { name: "call before the declaration at top level", rule: "hoisting", lines: [1], code: [
    "start();",
    "function start() { return 1; }",
    "start();"] },
  { name: "use before the declaration inside a function body", rule: "hoisting", lines: [2, 3], code: [
    "function outer() {",
    "  var h = helper;",
    "  return helper() + h();",
    "  function helper() { return 1; }",
    "}",
    "outer();"] },
  { name: "function passed as a callback before its declaration", rule: "hoisting", lines: [1], code: [
    "setTimeout(tick, 10);",
    "function tick() {}"] },
  { name: "early call of a function that uses a later declaration", rule: "hoisting", lines: [2], code: [
    "function boot() { return later(); }",
    "boot();",
    "function later() { return 2; }",
    "boot();"] },
  { name: "early call through two levels", rule: "hoisting", lines: [3], code: [
    "function a() { return b(); }",
    "function b() { return c(); }",
    "a();",
    "function c() { return 3; }"] },
  { name: "IIFE that uses a later declaration", rule: "hoisting", lines: [1], code: [
    "(function () { init(); })();",
    "function init() {}"] },
  { name: "forEach callback that uses a later declaration", rule: "hoisting", lines: [2], code: [
    "var pins = [1, 2];",
    "pins.forEach(function (p) { setup(p); });",
    "pins.forEach(function (p) { setTimeout(function () { setup(p); }, 0); });",
    "function setup(p) { return p; }"] },
  { name: "named function handed to map that uses a later declaration", rule: "hoisting", lines: [3], code: [
    "function scale(v) { return v * factor(); }",
    "function noop(v) { return v; }",
    "var xs = [1, 2].map(scale);",
    "var ys = [1, 2].map(noop);",
    "function factor() { return 2; }"] },
  { name: "early new of a class whose constructor uses a later function", rule: "hoisting", lines: [2], code: [
    "class Box { constructor() { this.v = make(); } }",
    "var b = new Box();",
    "function make() { return 1; }"] },
  { name: "early call of an object-literal method that uses a later declaration", rule: "hoisting", lines: [3], code: [
    "function setup() {",
    "  var ui = { draw: function () { return glyph(); }, idle: function () { return 0; } };",
    "  ui.draw();",
    "  ui.idle();",
    "  function glyph() { return 1; }",
    "}"] },
  { name: "early call of a static method that uses a later declaration", rule: "hoisting", lines: [2], code: [
    "class Codes { static table() { return build(); } static size() { return 8; } }",
    "var t = Codes.table();",
    "var n = Codes.size();",
    "function build() { return []; }"] },
  { name: "class used before its declaration", rule: "hoisting", lines: [1], code: [
    "var x = new Later();",
    "class Later {}"] },
  { name: "early call inside the bundle's IIFE", rule: "hoisting", lines: [3], code: [
    "(() => {",
    "  var cfg = { a: 1 };",
    "  main(cfg);",
    "  function main(c) { return c.a; }",
    "})();"] },
  // --- loop closures ------------------------------------------------------------------------------------
  { name: "closure over a for-let variable", rule: "loop-closure", lines: [2, 5], code: [
    "for (let i = 0; i < 3; i++) {",
    "  setTimeout(function () { console.log(i); }, 0);",
    "}",
    "for (let k = 0; k < 3; k++) {",
    "  setTimeout(() => console.log(k), 0);",
    "}"] },
  { name: "closure over a for-of / for-in let/const variable", rule: "loop-closure", lines: [2, 5], code: [
    "for (const item of [1, 2]) {",
    "  setTimeout(() => console.log(item), 0);",
    "}",
    "for (let key in { a: 1 }) {",
    "  var f = function () { return key; };",
    "}"] },
  { name: "closure that runs later even though it sits in a synchronous callback", rule: "loop-closure", lines: [2, 3, 4], code: [
    "for (let i = 0; i < 3; i++) {",
    "  var later = [1].map(function () { return function () { return i; }; });",
    "  [1].forEach(function () { setTimeout(function () { console.log(i); }, 0); });",
    "  [1].then(function () { return i; });",
    "  [1].some(function (x) { return x === i; });",
    "}"] },
  { name: "closure in an object method inside the loop", rule: "loop-closure", lines: [3], code: [
    "var handlers = [];",
    "for (let n = 0; n < 2; n++) {",
    "  handlers.push({ run() { return n; } });",
    "}"] },
  // --- regex --------------------------------------------------------------------------------------------
  { name: "regex constructs Espruino mis-parses", rule: "regex", lines: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], code: [
    "var a = /^\\d{2}$/;",
    "var b = /^(?:ab)$/;",
    "var c = /x(?=y)/;",
    "var d = /(?<=y)x/;",
    "var e = /\\bword\\b/;",
    "var f = /(?<year>\\d+)/;",
    "var g = /(a)\\1/;",
    "var h = /(ab)+/;",
    "var i = /(\\.\\d+)?$/;",
    "var j = /^ae?f$/;",
    "var k = /^a(f|g)$/;",
    "var l = new RegExp('\\\\d{1,3}', 'g');",
    "var m = /^\\d+$/g;"] },
  { name: "regex flags other than g and i", rule: "regex", lines: [1, 2], code: [
    "var a = /^x/m;",
    "var b = /x/y;",
    "var c = /x/gi;"] },
  { name: "error .name and instanceof a built-in error type", rule: "error-type", lines: [2, 3], code: [
    "try { JSON.parse('{'); } catch (e) {",
    "  if (e.name === 'SyntaxError') console.log(1);",
    "  if (e instanceof TypeError) console.log(2);",
    "  if (e instanceof Error) console.log(e.message);",
    "}",
    "var o = { name: 'x' }; o.name;"] },
  { name: "clearTimeout/clearInterval without an id or with undefined", rule: "clear-timer", lines: [2, 3, 5], code: [
    "var id = setTimeout(function () {}, 10);",
    "clearTimeout();",
    "clearInterval();",
    "clearTimeout(id);",
    "clearTimeout(undefined); clearInterval(void 0);"] },
  { name: "bare return before an expression (ASI)", rule: "asi-return", lines: [3], code: [
    "function f(x) {",
    "  if (x) return 1;",
    "  return",
    "  x + 1;",
    "}",
    "function g() { return; }",
    "function h() {",
    "  return",
    "}"] },
  { name: "non-ASCII text and characters above 0xFF in strings", rule: "non-ascii", lines: [1, 2, 3], code: [
    "var a = '25 \u00b0C';",
    "var b = '25 \\u2103';",
    "var c = `${a} \u2014 ${b}`;",
    "var d = '25 \\xB0C';"] },
  { name: "BigInt literal", rule: "bigint", lines: [1], code: [
    "var n = 10n;"] },
  { name: "parse error", rule: "syntax", lines: [2], code: [
    "var a = 1;",
    "var = 2;"] },
];

function run(code: string[]): GateProblem[] {
  return checkSource(code.join("\n"), "sample.js");
}

describe("tools/gate rules: each bad sample is rejected with its rule and line", () => {
  for (const bad of BAD) {
    it(bad.rule + ": " + bad.name, () => {
      const problems = run(bad.code);
      const got = problems.filter((p) => p.rule === bad.rule).map((p) => p.line);
      const unique = got.filter((l, i) => got.indexOf(l) === i);
      assert.deepStrictEqual(unique, bad.lines, "lines for " + bad.rule + "; all problems:\n" + JSON.stringify(problems, null, 1));
      const allowed = [bad.rule].concat(bad.alsoRules || []);
      const others = problems.filter((p) => allowed.indexOf(p.rule) < 0);
      assert.deepStrictEqual(others, [], "unexpected other rules");
    });
  }

  it("every rule id used by the samples is documented in RULES", () => {
    for (const bad of BAD) assert.ok(Object.prototype.hasOwnProperty.call(RULES, bad.rule), bad.rule);
  });

  it("every documented rule has at least one bad sample", () => {
    const used = BAD.map((b) => b.rule);
    const missing = Object.keys(RULES).filter((r) => used.indexOf(r) < 0);
    assert.deepStrictEqual(missing, []);
  });

  it("problems carry file, 1-based line and 0-based column of the construct", () => {
    const p = checkSource("var a = 1;\n  var b = a ** 2;", "x/y.js");
    assert.deepStrictEqual(p.map((q) => [q.file, q.line, q.column, q.rule]), [["x/y.js", 2, 10, "exponent"]]);
  });

  it("reports every problem, in source order", () => {
    const p = run(["var m = new Map();", "var x = 2 ** 3;", "var { a } = {};", "a.length = 0;"]);
    assert.deepStrictEqual(p.map((q) => q.line + ":" + q.rule), ["1:missing-global", "2:exponent", "3:destructuring", "4:length-assign"]);
  });
});
