/**
 * The gate and the simulator read what Espruino lacks from one table (sim/runtime/espruino-missing.ts): the
 * simulator deletes the names from its context (test/runtime/device.test.ts checks that), and here the gate is
 * checked to reject each one, so nothing fails in the simulator that the build let through.
 */
import * as assert from "assert";
import { checkSource } from "../../tools/gate";
import { MISSING, TYPED_ARRAYS } from "../../sim/runtime/espruino-missing";

function rulesOf(code: string): string[] {
  return checkSource(code, "probe.js").map((p) => p.rule);
}

describe("tools/gate rejects every name in the table of what Espruino lacks", () => {
  it("every global is a missing-global", () => {
    const notFlagged = MISSING.globals.filter((g) => rulesOf("var v = " + g + ";").indexOf("missing-global") < 0);
    assert.deepStrictEqual(notFlagged, []);
  });

  it("every static is a missing-global, on every typed array too", () => {
    const notFlagged: string[] = [];
    const check = (owner: string, name: string) => {
      if (rulesOf("var v = " + owner + "." + name + ";").indexOf("missing-global") < 0) notFlagged.push(owner + "." + name);
    };
    for (const owner of Object.keys(MISSING.statics)) for (const name of MISSING.statics[owner]) check(owner, name);
    for (const t of TYPED_ARRAYS) for (const name of MISSING.typedArrayStatics) check(t, name);
    assert.deepStrictEqual(notFlagged, []);
  });

  it("every prototype method is a missing-method when called", () => {
    const notFlagged: string[] = [];
    for (const owner of Object.keys(MISSING.prototypes)) {
      for (const name of MISSING.prototypes[owner]) {
        if (rulesOf("x." + name + "(1);").indexOf("missing-method") < 0) notFlagged.push(owner + ".prototype." + name);
      }
    }
    assert.deepStrictEqual(notFlagged, []);
  });
});
