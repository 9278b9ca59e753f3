/**
 * The fixtures themselves: each carries its provenance and says what it shows; counts per family; the
 * "wrapped" and "derived" ones are honest about what was added or changed.
 */
import { strict as assert } from "assert";
import { FrameFixture, hexBytes } from "../../sim/fixtures/fixture";
import { JBD_FIXTURES } from "../../sim/fixtures/jbd-frames";
import { JK_FIXTURES, JK_MPP_14S, JK_DERIVED_CELL_OV } from "../../sim/fixtures/jk-frames";
import { DALY_FIXTURES } from "../../sim/fixtures/daly-frames";

const ALL: [string, FrameFixture[]][] = [["jbd", JBD_FIXTURES], ["jk", JK_FIXTURES], ["daly", DALY_FIXTURES]];

describe("test fixtures", () => {
  for (const [fam, list] of ALL) {
    it(`${fam}: every fixture has a unique name, a source, what it shows, and hex bytes`, () => {
      const names = new Set<string>();
      for (const f of list) {
        assert.ok(!names.has(f.name), f.name);
        names.add(f.name);
        assert.ok(f.source.length > 10, f.name);
        assert.ok(f.shows.length > 10, f.name);
        assert.ok(hexBytes(f.hex).length > 0, f.name);
        assert.ok(f.name.startsWith(fam), f.name);
      }
    });
  }

  it("counts: JBD 12, JK 6 (1 derived), Daly 9; at least one malformed per JBD/JK", () => {
    assert.equal(JBD_FIXTURES.length, 12);
    assert.equal(JK_FIXTURES.length, 6);
    assert.equal(DALY_FIXTURES.length, 9);
    assert.ok(JBD_FIXTURES.some((f) => f.frames === 0));
    assert.equal(JK_FIXTURES.filter((f) => f.frames === 0).length, 2);
    assert.equal(JK_FIXTURES.filter((f) => f.kind === "derived").length, 1);
  });

  it("the derived JK frame differs from its capture only in the alarm word and the checksum", () => {
    const a = hexBytes(JK_MPP_14S.hex);
    const b = hexBytes(JK_DERIVED_CELL_OV.hex);
    const diff: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    const allowed = [86, 87, a.length - 2, a.length - 1];
    assert.ok(diff.every((i) => allowed.indexOf(i) >= 0), "changed offsets " + diff.join(","));
    assert.ok(diff.indexOf(86) >= 0, "the alarm word changed");
  });
});
