/**
 * Espruino's string search on the real interpreter, and the simulator's copy of it (sim/runtime/device.ts):
 * Espruino 2v29's indexOf (and includes and replace, which use it) also matches a key that runs past the end of
 * the string, "abcd".indexOf("de") being 3 (src/jswrap_string.c jswrap_string_indexOf). The simulator must give
 * the interpreter's answers, so that firmware relying on -1 there fails on the host too.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { createDevice } from "../../sim/runtime/device";
import { ensureInterpreter } from "./support";

const EXPR = 'JSON.stringify(["abcd".indexOf("de"), "abcd".indexOf("cd"), "abcd".indexOf("x"), "a|".indexOf("|1"), "|11:AFE|".indexOf("|13:"), ' +
  '"abcd".indexOf("de", 1), "abc".indexOf("abcd"), "abcd".includes("de"), "abcd".includes("xy"), "abcd".replace("de", "X"), "a#b".replace("#", "7"), ' +
  '"ab".lastIndexOf("b"), "".indexOf(""), "ab".indexOf("")])';

describe("real interpreter: string search", function () {
  it("indexOf/includes/replace give the interpreter's answers in the simulator too", function () {
    const cmd = ensureInterpreter();
    const r = spawnSync(cmd[0], cmd.slice(1).concat(["-e", 'print("S " + ' + EXPR + ");quit();"]), { encoding: "utf8", timeout: 60000, stdio: ["ignore", "pipe", "pipe"] });
    const line = (r.stdout || "").split("\n").map((l) => l.trim()).find((l) => l.indexOf("S [") === 0);
    assert.ok(line, "no answer from the interpreter:\n" + r.stdout + r.stderr);
    const real = JSON.parse(line.slice(2));
    assert.deepEqual(real.slice(0, 3), [3, 2, -1], "the quirk itself: a key running past the end matches");
    assert.deepEqual(JSON.parse(String(createDevice({ code: "" }).eval(EXPR))), real);
  });
});
