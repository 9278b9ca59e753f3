/** The build turns each board into one plain script that passes the Espruino gate. */
import * as assert from "assert";
import * as fs from "fs";
import { BOARDS } from "../../tools/build";
import { FIRMWARE_FORMS, firmwarePath } from "../../sim/firmware-file";
import { checkSource } from "../../tools/gate";

describe("build output", () => {
  for (const board of BOARDS) {
    for (const form of FIRMWARE_FORMS) {
      const file = firmwarePath(board, form);
      it(board + " (" + form + "): one plain script that passes the gate", () => {
        assert.ok(fs.existsSync(file), file + " missing: npm test builds it first");
        const code = fs.readFileSync(file, "utf8");
        assert.deepStrictEqual(checkSource(code, file), []);
        assert.ok(!/\b(import|export)\s*[{*\w]/.test(code.replace(/"[^"]*"/g, "")), "no import/export");
        assert.ok(!/\bexports\./.test(code), "no exports");
        const requires = code.match(/require\(\s*["'][^"']*["']\s*\)/g) || [];
        for (const r of requires) assert.strictEqual(r.replace(/\s/g, ""), 'require("Storage")');
      });
    }
  }
});
