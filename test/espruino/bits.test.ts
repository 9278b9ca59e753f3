/**
 * The protection-bit tables on the real interpreter (issue #11): protect.ts with the three families' Uint16Array
 * tables and label strings, bundled with the firmware's settings (tools/build.ts), must map every single bit to
 * exactly what the former tables gave (test/protocol/former-bits.ts). The host cannot show Espruino's own string
 * semantics: its String.indexOf "finds" a key whose first characters are the string's last ones, which a label
 * string ending in "|" once turned into "JBD b13 11:AFE|" (firmware/src/protocol/bits.ts).
 */
import { strict as assert } from "assert";
import { FORMER } from "../protocol/former-bits";
import { runOnInterpreter } from "./support";

const FAMILIES: [string, number][] = [["jbd", 16], ["jk", 16], ["daly", 56]];

/** Prints one line "R <family> <bit> [codes,chg,dsg,warnings,faults]" per single set bit. */
const ENTRY =
  'import { mapProtection } from "./firmware/src/protocol/protect";\n' +
  "var fams = " + JSON.stringify(FAMILIES) + ";\n" +
  "for (var f = 0; f < fams.length; f++) {\n" +
  "  for (var i = 0; i < fams[f][1]; i++) {\n" +
  '    var bits = fams[f][0] === "daly" ? [0, 0, 0, 0, 0, 0, 0, 0] : [0];\n' +
  '    if (fams[f][0] === "daly") bits[i >> 3] = 1 << (i & 7); else bits[0] = 1 << i;\n' +
  "    var m = mapProtection(fams[f][0] as any, bits);\n" +
  '    console.log("R " + fams[f][0] + " " + i + " " + JSON.stringify([m.codes, m.chg, m.dsg, m.warnings, m.faults]));\n' +
  "  }\n" +
  "}\n";

describe("real interpreter: the protection-bit tables", function () {
  const got: { [key: string]: string } = {};
  before(function () {
    for (const line of runOnInterpreter(ENTRY, "bits-entry.ts").split("\n")) {
      const m = /^R (\w+) (\d+) (.*)$/.exec(line.trim());
      if (m) got[m[1] + " " + m[2]] = m[3];
    }
  });
  for (const [fam, n] of FAMILIES) {
    it(`${fam}: each of the ${n} bits alone gives what the former table gave (codes, sides, warnings, fault strings)`, function () {
      for (let bit = 0; bit < n; bit++) {
        assert.ok(got[fam + " " + bit] !== undefined, fam + " bit " + bit + ": no answer from the interpreter");
        assert.deepEqual(JSON.parse(got[fam + " " + bit]), FORMER[fam][bit], fam + " bit " + bit);
      }
    });
  }
});
