/**
 * The engine alone, bundled the way tools/build.ts bundles a board (esbuild, ES2015, ASCII), passes the
 * Espruino gate: engine compatibility is guarded even before (or apart from) the board wiring that uses it.
 * Also checks that the bundle runs: an IIFE evaluated in a bare context drives one episode end to end.
 */
import { strict as assert } from "assert";
import * as esbuild from "esbuild";
import * as path from "path";
import * as vm from "vm";
import { checkSource, formatProblem } from "../../tools/gate";
import { firmwareBuildOptions } from "../../tools/build";

const ROOT = path.resolve(__dirname, "../..");

function bundleEngine(minify: boolean): string {
  const entry =
    'import { Engine } from "./firmware/src/engine/engine";\n' +
    'import { consoleText } from "./firmware/src/engine/console";\n' +
    "var run = function (out) {\n" +
    "  var st = { f: {}, read: function (n) { return this.f[n]; }, write: function (n, d) { this.f[n] = d; } };\n" +
    "  var e = new Engine(st);\n" +
    "  var s = function (t, c) { return { family: 'jbd', tMs: t, packMv: 52000, currentMa: 0, socPct: 50, cellsMv: [3300, 3650, 3301], tempsC: [25], mosC: 30, chargeFet: true, dischargeFet: true, bits: [c], codes: c, chargeBlocked: 0, dischargeBlocked: 0, warnings: 0, faults: [], mosLock: false }; };\n" +
    "  for (var t = 0; t < 3000; t += 500) { e.onSnapshot(s(t, 1), t); e.tick(t); }\n" +
    "  out.mode = e.view(3000).mode;\n" +
    "  out.cell = e.view(3000).codes[0].cell;\n" +
    "  for (var t2 = 3000; t2 < 20000; t2 += 500) { e.onSnapshot(s(t2, 0), t2); e.tick(t2); }\n" +
    "  out.after = e.view(20000).mode;\n" +
    "  out.text = consoleText(e, 20000, \"status\") + consoleText(e, 20000, \"history\") + consoleText(e, 20000, \"counts\") + consoleText(e, 20000, \"codes\");\n" +
    "  out.stored = st.f['bmsbox.hist'];\n" +
    "};\n" +
    "run(OUT);\n";
  const options = firmwareBuildOptions(minify);
  options.stdin = { contents: entry, resolveDir: ROOT, loader: "ts", sourcefile: "engine-entry.ts" };
  return esbuild.buildSync(options).outputFiles[0].text;
}

describe("engine on Espruino", () => {
  for (const minify of [false, true]) {
    it("bundled alone" + (minify ? " (minified)" : "") + ": passes the gate and runs one episode", () => {
      const code = bundleEngine(minify);
      const problems = checkSource(code, "engine" + (minify ? ".min" : "") + ".js");
      assert.deepEqual(problems.map(formatProblem), []);
      const out: any = {};
      vm.runInNewContext(code, { OUT: out });
      assert.equal(out.mode, "codes");
      assert.equal(out.cell, 2);
      assert.equal(out.after, "clear");
      assert.ok(out.text.indexOf("OVP for 3 s, cell 2 3.650 V") >= 0, out.text);
      // Written once, when the episode ended (13 s: 3 s of OVP + the 10 s hold): OVP, 3 s, cell 2 at 3650 mV.
      assert.equal(out.stored, "BH1,13,0,0\n1,0,0,3,1,2,3650,0,30,25,0,0\n");
    });
  }
});
