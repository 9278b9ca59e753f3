/** The boards as data: one list (boards/index.ts), each board file plain data that the host imports. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { BOARD_LIST, BOARD_IDS } from "../../boards";
import { BoardConfig, BoardCircuit } from "../../boards/board";
import { entrySource } from "../../tools/build";

const ROOT = path.join(__dirname, "..", "..");

describe("boards: data, one list", () => {
  it("one list of boards with unique ids; boards/<id>.ts exports that very data", () => {
    assert.deepStrictEqual(BOARD_IDS.slice().sort(), BOARD_IDS.filter((x, i) => BOARD_IDS.indexOf(x) === i).sort());
    for (const e of BOARD_LIST) {
      const file = path.join(ROOT, "boards", e.board.id + ".ts");
      assert.ok(fs.existsSync(file), file);
      const mod = require(file) as { BOARD: BoardConfig; CIRCUIT: BoardCircuit };
      assert.strictEqual(mod.BOARD, e.board);
      assert.strictEqual(mod.CIRCUIT, e.circuit);
    }
  });

  it("board files are data: no Espruino globals, no start call (the build's entry calls startBox)", () => {
    for (const id of BOARD_IDS) {
      const src = fs.readFileSync(path.join(ROOT, "boards", id + ".ts"), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      assert.ok(!/\bstartBox\b|\bSerial\d\b|\bI2C\d\b|\bD\d+\b/.test(src.replace(/"[^"]*"/g, '""')), id + ": pins and buses only as names in strings");
      assert.strictEqual(entrySource(id).split("\n").filter((l) => l.indexOf("startBox(BOARD)") >= 0).length, 1);
    }
  });

  it("nothing under sim/ reads TypeScript source (the simulator imports the boards' data)", () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of fs.readdirSync(d)) {
        const p = path.join(d, f);
        if (fs.statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".ts")) files.push(p);
      }
    };
    walk(path.join(ROOT, "sim"));
    for (const f of files) {
      const src = fs.readFileSync(f, "utf8");
      // Reading files is fine (firmware builds, uploads); reading the boards folder or a .ts file is not.
      assert.ok(!(/readFileSync|readdirSync/.test(src) && (/["']boards["']/.test(src) || /\.ts["']/.test(src))), path.relative(ROOT, f) + " reads TypeScript source");
    }
  });
});
