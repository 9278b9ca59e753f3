/**
 * Fuzzing, short form (issue 7; the long form — 1,000,000 inputs per family — is `make soak`): mutated and
 * random frames through framer → decoder → snapshot builder (tools/soak/fuzz.ts). Guards: nothing throws, no
 * frame that fails its checksum is ever emitted (so no code can come from one), the framer stays within its
 * bound. The validator the fuzzer trusts is itself checked first, so a broken validator cannot pass everything.
 */
import * as assert from "assert";
import { Family } from "../../firmware/src/types";
import { runFuzz, validFrame, fixChecksum, seedFrames, mutate } from "../../tools/soak/fuzz";
import { makeRng } from "../../sim/runtime";
import { hexBytes } from "../../sim/fixtures/fixture";
import { JBD_SP04_BASIC } from "../../sim/fixtures/jbd-frames";
import { JK_MPP_14S, JK_ISSUE120_BAD_SUM } from "../../sim/fixtures/jk-frames";
import { DALY_MPP_PACK } from "../../sim/fixtures/daly-frames";

const FAMS: Family[] = ["jbd", "jk", "daly"];
const COUNT: { [f: string]: number } = { jbd: 20000, jk: 4000, daly: 20000 };

describe("reliability: fuzzing the protocol layer (short form)", () => {
  it("the independent validator accepts real captures and refuses one flipped bit anywhere", () => {
    const caps: [Family, Uint8Array][] = [["jbd", hexBytes(JBD_SP04_BASIC.hex)], ["jk", hexBytes(JK_MPP_14S.hex)], ["daly", hexBytes(DALY_MPP_PACK.hex)]];
    for (const [fam, f] of caps) {
      assert.ok(validFrame(fam, f), fam + " capture is valid");
      for (let i = 0; i < f.length; i++) {
        // JBD's checksum covers status, length and data, not the register byte (bms-protocols.md §1.2).
        if (fam === "jbd" && i === 1) continue;
        // JK's checksum field is 4 bytes of which only the low 2 carry the sum (§2.2): the high 2 are not checked.
        if (fam === "jk" && (i === f.length - 4 || i === f.length - 3)) continue;
        const g = Uint8Array.from(f);
        g[i] ^= 0x10;
        assert.ok(!validFrame(fam, g), fam + ": bit flip at " + i + " still valid");
      }
      const g = Uint8Array.from(f);
      g[Math.floor(g.length / 2)] ^= 0xff;
      fixChecksum(fam, g);
      assert.ok(validFrame(fam, g), fam + ": fixChecksum makes a changed frame valid again");
    }
    // esphome-jk-bms #120: a published frame whose checksum does not match
    assert.ok(!validFrame("jk", hexBytes(JK_ISSUE120_BAD_SUM.hex)));
  });

  it("mutations are mostly invalid, some valid (both paths are exercised)", () => {
    for (const fam of FAMS) {
      const seeds = seedFrames(fam);
      const rand = makeRng(3);
      let valid = 0;
      for (let i = 0; i < 2000; i++) if (validFrame(fam, mutate(fam, seeds, rand))) valid++;
      assert.ok(valid > 50 && valid < 1000, fam + ": " + valid + " of 2000 mutated inputs are valid frames");
    }
  });

  for (const fam of FAMS) {
    it(fam + ": " + COUNT[fam].toLocaleString("en") + " mutated/random inputs: no exception, no invalid frame emitted, framer bounded", () => {
      const r = runFuzz(fam, COUNT[fam], 11);
      assert.deepStrictEqual(r.failures, []);
      assert.strictEqual(r.exceptions, 0);
      assert.strictEqual(r.invalidEmitted, 0);
      assert.ok(r.maxPending <= r.bound, r.maxPending + " > " + r.bound);
      // the run did reach the decoder and the code path
      assert.ok(r.emitted > COUNT[fam] / 10, "frames emitted: " + r.emitted);
      assert.ok(r.withCodes > 0, "snapshots with codes: " + r.withCodes);
    });
  }
});
