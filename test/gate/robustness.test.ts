/**
 * The gate never throws, whatever it is given: large real-world files (acorn, esbuild's JS API), every prefix of
 * the good sample (mostly unparsable), and random line deletions (fast-check). Problems come back sorted and with
 * a rule id that RULES documents.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { checkSource, GateProblem, RULES } from "../../tools/gate";

const ROOT = path.resolve(__dirname, "..", "..");
const GOOD = fs.readFileSync(path.join(__dirname, "samples", "good.js"), "utf8");

function wellFormed(problems: GateProblem[]): void {
  for (let i = 0; i < problems.length; i++) {
    const p = problems[i];
    assert.ok(Object.prototype.hasOwnProperty.call(RULES, p.rule), "undocumented rule " + p.rule);
    assert.ok(p.line >= 1 && p.column >= 0, JSON.stringify(p));
    if (i > 0) {
      const q = problems[i - 1];
      assert.ok(q.line < p.line || (q.line === p.line && q.column <= p.column), "not sorted at " + i);
    }
  }
}

describe("tools/gate robustness", () => {
  for (const rel of ["node_modules/acorn/dist/acorn.js", "node_modules/esbuild/lib/main.js"]) {
    it("does not throw on " + rel + " and finds what Node-only code has", () => {
      const problems = checkSource(fs.readFileSync(path.join(ROOT, rel), "utf8"), rel);
      wellFormed(problems);
      // Both are CommonJS modules for Node: they must at least be told that exports/module do not exist.
      assert.ok(problems.some((p) => p.rule === "exports"), rel);
    });
  }

  it("every line prefix of the good sample: no throw, only 'syntax' or well-formed problems", () => {
    const lines = GOOD.split("\n");
    for (let n = 0; n <= lines.length; n++) {
      const problems = checkSource(lines.slice(0, n).join("\n"), "prefix.js");
      wellFormed(problems);
      if (problems.length && problems[0].rule === "syntax") assert.strictEqual(problems.length, 1);
    }
  });

  it("random line deletions from the good sample never throw (fast-check)", () => {
    const lines = GOOD.split("\n");
    fc.assert(fc.property(fc.array(fc.nat({ max: lines.length - 1 }), { maxLength: 12 }), (drop) => {
      const kept = lines.filter((_l, i) => drop.indexOf(i) < 0);
      wellFormed(checkSource(kept.join("\n"), "mutant.js"));
    }), { numRuns: 150, seed: 2 });
  });
});
