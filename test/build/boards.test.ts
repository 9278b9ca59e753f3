/**
 * The boards as data: one list (boards/index.ts), each board file plain data that the host imports, and every
 * board passing the board lint (tools/board-lint.ts: the ESP32 port's pin rules). The lint must also catch the
 * mistakes the boards once made: the buzzer on a DAC pin (D25, D26) and D0 read as active-low.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { BOARD_LIST, BOARD_IDS, boardEntry } from "../../boards";
import { BoardConfig, BoardCircuit } from "../../boards/board";
import { lintBoard } from "../../tools/board-lint";
import { entrySource } from "../../tools/build";

const ROOT = path.join(__dirname, "..", "..");

function variant(id: string, patch: Partial<BoardConfig>): BoardConfig {
  return Object.assign({}, boardEntry(id).board, patch);
}

function lintOf(id: string, patch: Partial<BoardConfig>, circuit?: BoardCircuit): string[] {
  return lintBoard(variant(id, patch), circuit || boardEntry(id).circuit);
}

describe("boards: data, one list, the ESP32 port's pin rules", () => {
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
      // The entry hands startBox the board's own data, as a literal (tools/build.ts says why).
      const start = entrySource(id).split("\n").filter((l) => l.indexOf("startBox(") === 0);
      assert.strictEqual(start.length, 1);
      assert.deepStrictEqual(new Function("return " + start[0].slice("startBox(".length, -2))(), boardEntry(id).board);
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

  for (const e of BOARD_LIST) {
    it(e.board.id + ": passes the board lint", () => {
      assert.deepStrictEqual(lintBoard(e.board, e.circuit), []);
    });
  }

  it("the lint refuses a buzzer on a DAC pin (the boards' old D25 / D26)", () => {
    const devkitc = lintOf("esp32-devkitc", { buzzer: { pin: "D25", freqHz: 2700 } });
    assert.ok(devkitc.some((p) => /buzzer: D25 is a DAC pin/.test(p)), devkitc.join("\n"));
    const heltec = lintOf("heltec-wifi-kit-32", { buzzer: { pin: "D26", freqHz: 2700 } });
    assert.ok(heltec.some((p) => /buzzer: D26 is a DAC pin/.test(p)), heltec.join("\n"));
  });

  it("the lint refuses D0 read as active-low, and input_pullup on it (the boards' old button data)", () => {
    for (const id of BOARD_IDS) {
      const old = lintOf(id, { button: { pin: "D0", pressedReads: 0, mode: "input_pullup" } });
      assert.ok(old.some((p) => /gestures would come out inverted/.test(p)), old.join("\n"));
      assert.ok(old.some((p) => /enables the pull-down \(the pin is NEGATED\)/.test(p)), old.join("\n"));
      const polarityOnly = lintOf(id, { button: { pin: "D0", pressedReads: 0, mode: "input" } });
      assert.ok(polarityOnly.some((p) => /inverted/.test(p)), polarityOnly.join("\n"));
    }
  });

  it("the lint knows the other port rules: flash pins, input-only pins, strapping buzzer, unwatchable or floating button, pins used twice", () => {
    const id = "esp32-devkitc";
    const has = (ps: string[], re: RegExp) => assert.ok(ps.some((p) => re.test(p)), ps.join("\n"));
    has(lintOf(id, { led: { pin: "D7", activeHigh: true } }), /SPI flash/);
    has(lintOf(id, { led: { pin: "D34", activeHigh: true } }), /input only/);
    has(lintOf(id, { buzzer: { pin: "D12", freqHz: 2700 } }), /strapping/);
    has(lintOf(id, { button: { pin: "D12", pressedReads: 0, mode: "input_pullup" } }), /setWatch does not work/);
    has(lintOf(id, { button: { pin: "D35", pressedReads: 0, mode: "input_pullup" } }, { pullUps: [], buttonTo: "GND" }), /nothing holds D35/);
    has(lintOf(id, { buzzer: { pin: "D2", freqHz: 2700 } }), /already used by led/);
    has(lintOf(id, { led: { pin: "D40" as "D2", activeHigh: true } }), /not an ESP32 pin/);
    // A plain pin with the chip's pull-up and a button to GND is fine.
    assert.deepStrictEqual(lintOf(id, { button: { pin: "D4", pressedReads: 0, mode: "input_pullup" } }, { pullUps: [], buttonTo: "GND" }), []);
  });
});
