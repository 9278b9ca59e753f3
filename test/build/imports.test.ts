/**
 * The import graph keeps the plan that docs/architecture.md draws. Every source file's imports (import, export …
 * from, require, import(): TypeScript's own pre-parser, so comments and strings are not read as imports) are
 * resolved to parts:
 *
 *   firmware/src, firmware/codes   the pure core: bytes and time in, screens and plans out (one part: the
 *                                  code tables use the core's types, the engine uses the tables)
 *   firmware/drivers               Espruino adapters, each handed its port
 *   firmware/main.ts               the composition root: the only firmware file that knows the board
 *   boards                         board data: imports nothing (it spells out the BMS choices itself)
 *   sim, tools, test               the host: sim is the base that tools and tests build on
 *
 * and checked: the core imports neither drivers nor boards nor the root; drivers import neither boards nor the
 * root; boards import no firmware; nothing on the device side imports the host; and no two parts import each other, directly or around a
 * longer cycle. The composition root is its own part: it is what wires boards and firmware together, so counting
 * it inside firmware/ would make a firmware ⇄ boards cycle out of the one import that must exist.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const TOP = ["firmware", "boards", "sim", "tools", "test"];
const CORE = "firmware/{src,codes}";

/** Source files under the top-level folders, as paths relative to the root with "/" separators. */
function sources(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = rel + "/" + e.name;
      if (e.isDirectory()) walk(r);
      else if (/\.(ts|js|cjs)$/.test(e.name) && r.indexOf("test/gate/samples/") !== 0) out.push(r);
    }
  };
  for (const t of TOP) walk(t);
  return out;
}

/** The part a file belongs to: firmware's own parts (src and codes together: codes use the core's types), else its top-level folder. */
function partOf(file: string): string {
  const seg = file.split("/");
  if (seg[0] !== "firmware" || seg.length < 2) return seg[0];
  return seg[1] === "src" || seg[1] === "codes" ? CORE : "firmware/" + seg[1];
}

interface Edge { from: string; to: string; file: string; target: string }

/** Every relative import between files of the project, with the part on each side. */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sources()) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      if (ref.fileName.charAt(0) !== ".") continue; // packages and Espruino's built-in modules
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.fileName));
      if (TOP.indexOf(target.split("/")[0]) < 0) continue; // e.g. test/support reading ../../.mocharc.json
      out.push({ from: partOf(file), to: partOf(target), file, target });
    }
  }
  return out;
}

const ALL = edges();

function offending(from: (p: string) => boolean, to: (p: string) => boolean): string[] {
  return ALL.filter((e) => from(e.from) && to(e.to)).map((e) => e.file + " -> " + e.target);
}

const DEVICE = (p: string) => p === "boards" || p.indexOf("firmware") === 0;
const HOST = (p: string) => p === "sim" || p === "tools" || p === "test";

/** A cycle among the parts (as "a -> b -> … -> a"), or null. Depth-first search, colouring parts on the stack. */
function findCycle(): string | null {
  const next: { [part: string]: string[] } = {};
  for (const e of ALL) {
    if (e.from === e.to) continue;
    (next[e.from] = next[e.from] || []);
    if (next[e.from].indexOf(e.to) < 0) next[e.from].push(e.to);
  }
  const state: { [part: string]: "open" | "done" } = {};
  const stack: string[] = [];
  const visit = (p: string): string | null => {
    if (state[p] === "done") return null;
    if (state[p] === "open") return stack.slice(stack.indexOf(p)).concat([p]).join(" -> ");
    state[p] = "open";
    stack.push(p);
    for (const q of next[p] || []) {
      const c = visit(q);
      if (c) return c;
    }
    stack.pop();
    state[p] = "done";
    return null;
  };
  for (const p of Object.keys(next).sort()) {
    const c = visit(p);
    if (c) return c;
  }
  return null;
}

/** One file per edge of a cycle, so a failure says where to look. */
function explain(cycle: string): string {
  const parts = cycle.split(" -> ");
  const lines: string[] = [];
  for (let i = 0; i + 1 < parts.length; i++) {
    const e = ALL.filter((x) => x.from === parts[i] && x.to === parts[i + 1])[0];
    lines.push("  " + e.file + " -> " + e.target);
  }
  return cycle + "\n" + lines.join("\n");
}

describe("the import graph (docs/architecture.md)", () => {
  it("finds the imports it checks (the parser sees the project's imports)", () => {
    assert.ok(ALL.length > 500, ALL.length + " imports");
    assert.ok(ALL.some((e) => e.from === "firmware/main.ts" && e.to === "boards"), "the composition root imports the board data");
  });

  it("the pure core (firmware/src, firmware/codes) imports nothing from drivers, the composition root or boards", () => {
    assert.deepStrictEqual(offending((p) => p === CORE, (p) => p === "firmware/drivers" || p === "firmware/main.ts" || p === "boards"), []);
  });

  it("drivers import nothing from boards or the composition root: they receive their port", () => {
    assert.deepStrictEqual(offending((p) => p === "firmware/drivers", (p) => p === "boards" || p === "firmware/main.ts"), []);
  });

  it("boards are data that import no firmware: the composition root imports them, not the other way", () => {
    assert.deepStrictEqual(offending((p) => p === "boards", (p) => p.indexOf("firmware") === 0), []);
  });

  it("the device side (firmware, boards) imports nothing from the host (sim, tools, test)", () => {
    assert.deepStrictEqual(offending(DEVICE, HOST), []);
  });

  it("no import cycle between the parts (top-level folders; firmware's core, drivers and root apart)", () => {
    const c = findCycle();
    assert.strictEqual(c, null, c ? "cycle: " + explain(c) : "");
  });
});
