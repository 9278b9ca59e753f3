/**
 * The real built files of both boards (readable and minified) pass the gate, and the CLI works on them:
 * `npx ts-node --transpile-only tools/gate.ts FILE…` prints problems as file:line:col: rule: message and exits 1
 * on any. `npm test` builds first; when running this file alone, run `npm run build` before.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BOARDS } from "../../tools/build";
import { FIRMWARE_FORMS, firmwarePath } from "../../sim/firmware-file";
import { checkSource, formatProblem, main, RULES } from "../../tools/gate";

const ROOT = path.resolve(__dirname, "..", "..");

function captureMain(files: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => { out.push(a.map(String).join(" ")); };
  console.error = (...a: unknown[]) => { err.push(a.map(String).join(" ")); };
  try {
    return { code: main(files), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe("tools/gate on the built firmware", () => {
  for (const board of BOARDS) {
    for (const form of FIRMWARE_FORMS) {
      const file = firmwarePath(board, form);
      it(path.relative(ROOT, file) + " passes the gate", () => {
        assert.ok(fs.existsSync(file), file + " missing: run `npm run build` first");
        const code = fs.readFileSync(file, "utf8");
        assert.ok(code.length > 100, "suspiciously small build");
        assert.deepStrictEqual(checkSource(code, file).map(formatProblem), []);
      });
    }
  }
});

describe("tools/gate CLI", () => {
  let dir = "";
  let bad = "";
  let good = "";
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-"));
    bad = path.join(dir, "bad.js");
    good = path.join(dir, "good.js");
    fs.writeFileSync(bad, "var m = new Map();\nfunction f(a = 1) { return a; }\n");
    fs.writeFileSync(good, "var a = [1, 2];\nconsole.log(a.indexOf(2));\n");
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("main(): prints every problem as file:line:col: rule: message and returns 1", () => {
    const r = captureMain([good, bad]);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.out, [
      bad + ":1:13: missing-global: Map does not exist on Espruino",
      bad + ":2:12: default-param: default parameter value is a SyntaxError on Espruino; test for undefined in the body",
    ]);
  });

  it("main(): returns 0 on clean files and 1 on a missing one, 2 without arguments or with an unknown option", () => {
    assert.strictEqual(captureMain([good]).code, 0);
    assert.strictEqual(captureMain([path.join(dir, "nope.js")]).code, 1);
    assert.strictEqual(captureMain([]).code, 2);
    assert.strictEqual(captureMain(["--nope"]).code, 2);
  });

  it("main(['--rules']): one line per rule, id first", () => {
    const r = captureMain(["--rules"]);
    assert.strictEqual(r.code, 0);
    assert.deepStrictEqual(r.out.map((l) => l.split(":")[0]), Object.keys(RULES));
  });

  it("the command line: exit status 1 and the problems on stdout for a bad file, 0 for a good one", function () {
    this.timeout(60000); // two ts-node start-ups
    const run = (f: string) => spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "tools", "gate.ts"), f],
      { cwd: ROOT, encoding: "utf8" });
    const b = run(bad);
    assert.strictEqual(b.status, 1, b.stderr);
    assert.strictEqual(b.stdout.trim().split("\n").length, 2, b.stdout);
    assert.ok(b.stdout.indexOf(":2:12: default-param:") > 0, b.stdout);
    const g = run(good);
    assert.strictEqual(g.status, 0, g.stderr);
    assert.strictEqual(g.stdout, "");
  });
});
