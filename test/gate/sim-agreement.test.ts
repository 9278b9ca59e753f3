/**
 * The gate and the simulator must agree on what Espruino lacks: every name the simulated device deletes from its
 * context (sim/runtime/device.ts MISSING) is one the gate rejects, so nothing fails in the simulator that the
 * build let through. (Skipped if the simulator module is not there.)
 */
import * as assert from "assert";
import * as path from "path";
import { checkSource } from "../../tools/gate";

interface Missing { globals: string[]; statics: Record<string, string[]>; prototypes: Record<string, string[]>; typedArrayStatics?: string[] }

function loadSimMissing(): Missing | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const mod = require(path.join("..", "..", "sim", "runtime", "device"));
    return mod && mod.MISSING ? (mod.MISSING as Missing) : null;
  } catch (e) {
    return null;
  }
}

function rulesOf(code: string): string[] {
  return checkSource(code, "probe.js").map((p) => p.rule);
}

describe("tools/gate agrees with the simulator's missing names", () => {
  const missing = loadSimMissing();

  it("every global the simulator deletes is a missing-global", function () {
    if (!missing) this.skip();
    const notFlagged = missing!.globals.filter((g) => rulesOf("var v = " + g + ";").indexOf("missing-global") < 0);
    assert.deepStrictEqual(notFlagged, []);
  });

  it("every static the simulator deletes is a missing-global", function () {
    if (!missing) this.skip();
    const notFlagged: string[] = [];
    for (const owner of Object.keys(missing!.statics)) {
      for (const name of missing!.statics[owner]) {
        if (rulesOf("var v = " + owner + "." + name + ";").indexOf("missing-global") < 0) notFlagged.push(owner + "." + name);
      }
    }
    for (const name of missing!.typedArrayStatics || []) {
      if (rulesOf("var v = Uint8Array." + name + ";").indexOf("missing-global") < 0) notFlagged.push("Uint8Array." + name);
    }
    assert.deepStrictEqual(notFlagged, []);
  });

  it("every prototype method the simulator deletes is a missing-method when called", function () {
    if (!missing) this.skip();
    const notFlagged: string[] = [];
    for (const owner of Object.keys(missing!.prototypes)) {
      for (const name of missing!.prototypes[owner]) {
        if (rulesOf("x." + name + "(1);").indexOf("missing-method") < 0) notFlagged.push(owner + ".prototype." + name);
      }
    }
    assert.deepStrictEqual(notFlagged, []);
  });
});
