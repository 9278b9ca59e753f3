/**
 * The settings file's reader (firmware/src/settings.ts): every bad value is reported and falls back to its
 * default; nothing throws, whatever the file holds.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { readSettings, settingError, defaultSettings, badLine, dalySignOf, showSetting, SETTING_KEYS, SETTINGS_FILE } from "../../firmware/src/settings";

describe("settings file", () => {
  it("no file: all defaults, the board's family, nothing reported", () => {
    const r = readSettings(undefined, "jk");
    assert.deepStrictEqual(r.s, { bms: "jk", dalyAddr: 0x40, dalySign: "auto", chirpMin: 10, buzzer: true, contrast: 0xcf });
    assert.deepStrictEqual(r.bad, []);
    assert.strictEqual(badLine(r.bad), "");
  });

  it("good values are taken, each key on its own", () => {
    const r = readSettings(JSON.stringify({ bms: "daly", dalyAddr: 0x80, dalySign: "inverted", chirpMin: 0, buzzer: false, contrast: 0 }), "auto");
    assert.deepStrictEqual(r.bad, []);
    assert.deepStrictEqual(r.s, { bms: "daly", dalyAddr: 0x80, dalySign: "inverted", chirpMin: 0, buzzer: false, contrast: 0 });
    assert.strictEqual(dalySignOf(r.s), -1);
    assert.strictEqual(dalySignOf(readSettings('{"dalySign":"raw"}', "auto").s), 1);
    assert.strictEqual(dalySignOf(defaultSettings("auto")), 0);
  });

  it("a bad value keeps its default and says which value, why and what is used; good keys beside it still count", () => {
    const r = readSettings('{"contrast":300,"bms":"daly"}', "auto");
    assert.strictEqual(r.s.contrast, 0xcf);
    assert.strictEqual(r.s.bms, "daly");
    assert.deepStrictEqual(r.bad, ["contrast: 300 is not a whole number 0..255, using 207"]);
    assert.strictEqual(badLine(r.bad), "bad setting: contrast");
  });

  it("every kind of bad value and key is reported", () => {
    const r = readSettings('{"bms":"victron","dalyAddr":64.5,"dalySign":"up","chirpMin":-1,"buzzer":"off","contrast":"high","colour":1}', "jbd");
    assert.deepStrictEqual(r.s, defaultSettings("jbd"));
    assert.strictEqual(r.bad.length, 7);
    assert.ok(r.bad[1].indexOf("dalyAddr: 64.5 is not 0x40 (64) or 0x80 (128), using 0x40") === 0, r.bad[1]);
    assert.strictEqual(r.bad[6], "colour: unknown setting, ignored");
    assert.strictEqual(badLine(r.bad), "7 bad settings");
  });

  it("a file that is not a JSON object: all defaults, said once", () => {
    for (const t of ["", "{bms:daly}", "[1,2]", "null", "42", '"daly"']) {
      const r = readSettings(t, "auto");
      assert.deepStrictEqual(r.s, defaultSettings("auto"), t);
      assert.deepStrictEqual(r.bad, [SETTINGS_FILE + ": not a JSON object, using all defaults"], t);
      assert.strictEqual(badLine(r.bad), "bad settings file");
    }
  });

  it("any text at all: never throws, every value in range, the boot line fits the 21-character glass", () => {
    const anyValue = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(0x80));
    const file = fc.oneof(
      fc.string(),
      fc.dictionary(fc.oneof(fc.constantFrom(...SETTING_KEYS), fc.string()), anyValue).map((o) => JSON.stringify(o)),
    );
    fc.assert(fc.property(file, (t) => {
      const r = readSettings(t, "auto");
      for (const k of SETTING_KEYS) assert.strictEqual(settingError(k, (r.s as unknown as { [k: string]: unknown })[k]), "", k);
      assert.ok(badLine(r.bad).length <= 21, badLine(r.bad));
    }));
  });

  it("values print as they are typed back", () => {
    assert.strictEqual(showSetting("dalyAddr", 0x80), "0x80");
    assert.strictEqual(showSetting("buzzer", false), "false");
    assert.strictEqual(showSetting("dalySign", "inverted"), "inverted");
  });
});
