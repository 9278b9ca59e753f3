/**
 * tools/inline-once.ts: the flashed build moves functions and methods called from one place into that place, to
 * save the JsVars every kept function costs on the ESP32. Each test runs the code before and after and compares
 * what it computes, and pins a rule that keeps the move safe; the system tests and the real-interpreter tier run
 * the whole firmware as moved.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import { inlineSingleUse, MAX_COPY_CHARS } from "../../tools/inline-once";
import { foldConstants, reservedApiNames } from "../../tools/shrink";
import { firmwarePath } from "../../sim/firmware-file";

const wrap = (body: string): string => '(function () {\n"use strict";\n' + body + "\n})();\n";
const NONE = new Set<string>();

/** What the wrapped code leaves in out (an array it pushes to). */
function run(js: string): unknown[] {
  const g: { out: unknown[] } = { out: [] };
  new Function("global", js)(g);
  return g.out;
}

/** Inlines, checks that the result computes the same as the original, and returns it. */
function same(body: string, reserved = NONE): ReturnType<typeof inlineSingleUse> {
  const js = wrap(body);
  const r = inlineSingleUse(js, reserved);
  assert.deepEqual(run(r.code), run(js), r.code);
  return r;
}

describe("tools/inline-once: moving what is called from one place", () => {
  it("moves a function called as a statement and a method called on this; the parameters take the arguments in order", () => {
    const r = same(`
      function add(list, a, b) { list.push(a * 10 + b); }
      var Acc = class { constructor() { this.n = 1; } bump(k) { this.n += k; } go(k) { this.bump(k); return this.n; } };
      function main() { add(global.out, 1, 2); const acc = new Acc(); global.out.push(acc.go(5)); }
      main();`);
    assert.deepEqual(r.inlined.sort(), ["Acc.bump", "add"]);
    assert.doesNotMatch(r.code, /function add|bump\(k\)/);
  });

  it("turns early returns into if/else when the value is used, and keeps returns as they are under `return f()`", () => {
    const r = same(`
      function sign(x) { if (x > 0) return 1; if (x < 0) { return -1; } return 0; }
      function firstBig(xs) { for (const x of xs) if (x > 9) return x; return -1; }
      function a(x) { const s = sign(x); return s * 2; }
      function b(xs) { return firstBig(xs); }
      function main() { for (const x of [5, -3, 0]) global.out.push(a(x)); global.out.push(b([1, 20, 30]), b([1])); }
      main();`);
    assert.ok(r.inlined.indexOf("sign") >= 0 && r.inlined.indexOf("firstBig") >= 0, r.inlined.join());
  });

  it("gives moved locals fresh names and starts `let x;` at undefined each time the moved body runs", () => {
    same(`
      function pick(i) { let r; if (i % 2) r = i; return r; }
      function main() { const i = 100; for (let k = 0; k < 4; k++) { const v = pick(k); global.out.push(v, i); } }
      main();`);
  });

  it("takes a call out of an expression only when nothing before it in the statement could see what it changes", () => {
    const r = same(`
      var st = { n: 1 };
      function bumpA() { st.n++; return st.n; }
      function bumpB() { st.n++; return st.n; }
      function main() { const list = []; list.push(bumpA()); global.out.push(st.n + bumpB(), list[0]); }
      main();`);
    assert.deepEqual(r.inlined, ["bumpA"]);
    assert.deepEqual(r.kept.filter((k) => k.name !== "main"), [{ name: "bumpB", why: "called inside an expression it cannot be taken out of" }]);
  });

  it("puts a one-expression body in place of a call inside a condition", () => {
    const r = same(`
      function twice(x) { return x * 2; }
      function main() { for (let i = 0; i < 3; i++) global.out.push(i > 0 && twice(i) > 2 ? "big" : "small"); }
      main();`);
    assert.deepEqual(r.inlined, ["twice"]);
  });

  it("copies a short body to each of its calls; a long one called twice stays one function", () => {
    const long = Array.from({ length: 100 }, (_, i) => "t += x * " + i + ";").join(" ");
    const r = same(`
      function u16(b, i) { return b[i] << 8 | b[i + 1]; }
      function heavy(x) { let t = 0; ${long} return t; }
      function main() {
        const b = [1, 2, 3, 4];
        let s = 0;
        for (let k = 0; k < 3; k++) s += u16(b, k) + u16(b, k > 1 ? 0 : k + 1);
        global.out.push(s, heavy(1), heavy(2));
      }
      main();`);
    assert.deepEqual(r.inlined, ["u16 (2 calls)"]);
    assert.ok(MAX_COPY_CHARS < long.length);
  });

  it("keeps what it cannot move safely, and says why", () => {
    const r = same(`
      var later = [];
      function withClosure() { return function () { return 1; }; }
      function shadowed() { return label; }
      var label = "outer";
      function keeper() { later.push(function () { return 2; }); global.out.push(helper()); }
      function helper() { return 3; }
      var Named = class { calledByName() { return 4; } flip() { return 5; } };
      function loopy(n) { for (let i = 0; i < n; i++) if (i > 2) return i; return -1; }
      function main() {
        const label = "inner";
        global.out.push(withClosure()(), shadowed(), label, new Named()["calledByName"](), new Named().flip());
        const v = loopy(5);
        global.out.push(v);
        keeper();
      }
      main();`, new Set(["flip"]));
    const why = (n: string): string | undefined => (r.kept.find((k) => k.name === n) || { why: undefined }).why;
    assert.equal(why("withClosure"), "a function inside");
    assert.equal(why("shadowed"), "a name it reads means something else at the call");
    assert.equal(why("helper"), "the caller makes a closure");
    assert.equal(why("loopy"), "a return inside a loop, switch or try");
    assert.ok(r.inlined.indexOf("main") < 0 && why("main") === "called at top level");
    // A method named in a string, or with a name native code may call, is no candidate at all.
    assert.doesNotMatch(r.inlined.join(), /calledByName|flip/);
  });

  it("a function handed to sort or forEach does not stop a move into its caller", () => {
    const r = same(`
      function first(xs) { return xs[0]; }
      function main() { const xs = [3, 1, 2]; xs.sort((a, b) => b - a); const f = first(xs); global.out.push(f); }
      main();`);
    assert.deepEqual(r.inlined, ["first"]);
  });
});

describe("tools/inline-once: the firmware", () => {
  it("moves most of the firmware's single-use functions; the kept ones each have a reason", function () {
    this.timeout(60000);
    const file = firmwarePath("esp32-devkitc", "readable");
    if (!fs.existsSync(file)) throw new Error(file + " is missing: run npm run build");
    const r = inlineSingleUse(foldConstants(fs.readFileSync(file, "utf8")).code, reservedApiNames());
    assert.ok(r.inlined.length >= 40, r.inlined.length + " moved");
    for (const k of r.kept) assert.ok(k.why.length > 0, k.name);
    // Callbacks (handed to setTimeout, on) are referenced, not called: never moved.
    assert.ok(r.inlined.indexOf("onBytes") < 0 && r.inlined.indexOf("poll") < 0);
  });
});
