/* A good sample for the Espruino gate: every construct here is one Espruino 2v29 runs like Node
 * (shared/reference/espruino.md §2 rows marked Yes). The gate must report nothing. */
"use strict";
(() => {
  // Helpers esbuild emits at target es2015 that Espruino runs: Math.pow for **, defineProperty for fields.
  var __pow = Math.pow;
  var __defProp = Object.defineProperty;
  var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
  var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);
  var __hasOwnProp = Object.prototype.hasOwnProperty;

  // Functions declared before use; mutual recursion is fine because calls run later.
  function isEven(n) { return n === 0 ? true : isOdd(n - 1); }
  function isOdd(n) { return n === 0 ? false : isEven(n - 1); }
  // A closure may name a function declared later, as long as it runs after that declaration.
  function later() { return helperDeclaredLater(); }
  function helperDeclaredLater() { return 1; }
  later();

  // Classes: constructor, methods, getters/setters, statics, extends, super, class expressions.
  class Base {
    constructor(name) { this.name = name; this._v = 0; }
    get v() { return this._v; }
    set v(x) { this._v = x; }
    static make(name) { return new Base(name); }
    describe() { return "base " + this.name; }
  }
  class Sub extends Base {
    constructor(name) { super(name); this.extra = 1; }
    describe() { return super.describe() + " sub"; }
    static make(name) { return new Sub(name); }
  }
  const Anon = class { hi() { return "hi"; } };
  class WithFields {
    constructor() { __publicField(this, "count", 0); }
    static create() { return new WithFields(); }
  }
  __publicField(WithFields, "LIMIT", 3);
  class Lit { n = 5; static s = 2; }
  var sub = Sub.make("x"), base = Base.make("y"), lim = WithFields.LIMIT + new Lit().n;
  sub.v = 3;
  var desc = sub.describe() + base.describe() + new Anon().hi() + WithFields.create().count + sub.v + lim;

  // let/const not captured by loop closures; let declared inside the body is per-iteration.
  for (let i = 0; i < 3; i++) {
    const j = i;
    setTimeout(() => console.log(j), 0);
  }
  for (let i = 0; i < 3; i++) desc += i;
  var total = 0;
  for (const x of [1, 2, 3]) total += x;
  for (const b of new Uint8Array([1, 2])) total += b;
  for (var k in { a: 1 }) total += k.length;
  var fns = [];
  for (var m = 0; m < 2; m++) fns.push(function () { return m; });

  // Template literals (nested, multi-line), arrows, ??, shorthand and methods, getters in literals.
  var name = "box";
  var t = `a ${name} ${`inner ${total}`}
second line`;
  var maybe = null;
  var val = maybe ?? 4;
  var o = { name, total, get twice() { return this.total * 2; }, m() { return this.name; } };
  var arrow = (a, b) => a + b;
  var sq = __pow(3, 2);

  // Typed arrays, DataView, Promises.
  var buf = new Uint8Array(8);
  buf.set([1, 2], 0);
  var view = new DataView(buf.buffer);
  view.setUint16(0, 0x1234, true);
  var part = buf.subarray(2, 4);
  Promise.resolve(1).then((x) => x + 1).catch((e) => 0);
  new Promise((resolve) => resolve(1)).then(function () {});

  // Supported library calls: includes, fill, find, padStart, Object.assign/keys/entries, [].slice.call.
  var arr = [3, 1, 2].concat([4]);
  arr.sort(function (p, q) { return p - q; });
  var has = arr.includes(2) && arr.indexOf(3) >= 0 && "abc".indexOf("b") > 0;
  var copy = Object.assign({}, o, { extra: 1 });
  var keys = Object.keys(copy).join(",") + Object.entries(copy).length;
  var padded = "7".padStart(3, "0") + "x".repeat(2);
  var args = (function () { return [].slice.call(arguments); })(1, 2);
  var own = __hasOwnProp.call(o, "name") && Object.prototype.hasOwnProperty.call(o, "total");
  arr.splice(0);
  var n = arr.length;
  var parsed = parseInt("12", 10) + parseFloat("1.5") + (isNaN(1) ? 0 : 1) + (isFinite(1) ? 1 : 0);
  var rounded = Math.round(2.4) + Math.floor(2.6) + Math.sign(-3) + Math.pow(2, 3);
  var json = JSON.stringify({ a: 1 }) + JSON.stringify({ b: 2 }, null, 2) + JSON.parse("{}");
  var parts = "a,b".split(",");

  // Names that would be flagged as globals, but are ours: locals, properties, typeof guards.
  const Set = function () { this.items = []; };
  var mine = new Set();
  var registry = { Map: 1, Symbol: 2 };
  var r1 = registry.Map + registry.Symbol;
  var hasMap = typeof Map !== "undefined";
  function local(Map) { return Map; }
  var util = { at: 1, from: 2 };
  var u = util.at + util.from;
  Array.prototype.lastOf = function () { return this[this.length - 1]; };

  // Trivial regexes: classes, ranges, \d \w \s, ^ $, * and + on atoms, top-level alternation, simple groups.
  var re1 = /^[0-9A-F]+$/i;
  var re2 = /(\d+)-(\d+)/g;
  var re3 = /a|b/;
  var re4 = /[?{(|]x*/;
  var re5 = /colou?/;
  var re6 = new RegExp("^\\s*\\w+");

  // Espruino built-in modules, try/catch/finally, optional catch binding, switch fall-through.
  var storage = require("Storage");
  try { storage.read("x"); } catch (e) { console.log(e.message); } finally { total++; }
  try { JSON.parse("{"); } catch { total--; }
  switch (total) { case 1: case 2: total = 0; break; default: total = 1; }
  var tmp = [1, 2,];
  function trailing(a, b,) { return a + b; }
  trailing(1, 2,);

  // Numbers: hex, binary, separators, shifts.
  var bits = (0xff & 0b1010) | (1_000 >>> 0) << 2;

  console.log(desc, t, val, o, arrow(1, 2), sq, part, has, keys, padded, args, own, n, parsed, rounded, json, parts,
    mine, r1, hasMap, local(1), u, re1, re2, re3, re4, re5, re6, tmp, bits, isEven(4), fns, view);
  E.on("init", function () { console.log("boot"); });
})();
