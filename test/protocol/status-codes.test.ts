/**
 * statusCodes (protect.ts): the codes a status answer's protection bits carry, read from the checked frame before it is
 * decoded (the poller's early word to the LED, PollerListener.onCodes). Every single bit and some combinations of each
 * family's field must give exactly the codes the full path gives: mapProtection of the decoded bits.
 */
import * as assert from "assert";
import { statusCodes, mapProtection } from "../../firmware/src/protocol/protect";
import { jbdDecode } from "../../firmware/src/protocol/jbd";
import { jkDecode } from "../../firmware/src/protocol/jk";
import { dalyDecode } from "../../firmware/src/protocol/daly";
import { hexBytes } from "../../sim/fixtures/fixture";
import { jbdDerived } from "../../sim/fixtures/jbd-frames";
import { jkDerived, JK_MPP_14S, JK_MPP_OFF_8B } from "../../sim/fixtures/jk-frames";
import { dalyFrame } from "../../sim/bms/daly";

/** JBD basic info with the protection word (payload 16-17) set and the checksum made right. */
function jbdWith(word: number): Uint8Array {
  return jbdDerived({ 20: word >> 8, 21: word & 0xff });
}

/** Every single bit of a 16-bit field, then some combinations. */
function words(): number[] {
  const out: number[] = [0];
  for (let b = 0; b < 16; b++) out.push(1 << b);
  out.push(0x0003, 0x0600, 0x0610, 0xffff, 0x1200, 0x8421);
  return out;
}

describe("statusCodes: the codes of a status's protection bits before its decode", () => {
  it("JBD: each bit of the protection word as mapProtection of the decoded word", () => {
    for (const w of words()) {
      const f = jbdWith(w);
      const d = jbdDecode(f);
      assert.strictEqual(statusCodes("jbd", f), mapProtection("jbd", d.bits as number[]).codes, "word 0x" + w.toString(16));
    }
    assert.strictEqual(statusCodes("jbd", jbdWith(1 << 10)), 1 << 6, "b10 short circuit: SC");
  });

  it("JK: tag 0x8B's word where the last decode of a frame of this length found it; unknown elsewhere", () => {
    jkDecode(hexBytes(JK_MPP_14S.hex));
    for (const w of words()) {
      const f = jkDerived({ [JK_MPP_OFF_8B + 1]: w >> 8, [JK_MPP_OFF_8B + 2]: w & 0xff });
      assert.strictEqual(statusCodes("jk", f), mapProtection("jk", jkDecode(f).bits as number[]).codes, "word 0x" + w.toString(16));
    }
    // A frame of another length: where its 0x8B sits is not known before a decode.
    const longer = new Uint8Array(hexBytes(JK_MPP_14S.hex).length + 3);
    longer.set(jkDerived({ [JK_MPP_OFF_8B + 1]: 0xff, [JK_MPP_OFF_8B + 2]: 0xff }));
    assert.strictEqual(statusCodes("jk", longer), 0);
  });

  it("Daly: each bit of the seven alarm bytes of 0x98 as mapProtection of the decoded bytes (level-1 warnings are no code)", () => {
    for (let k = 0; k < 7; k++) {
      for (let b = 0; b < 8; b++) {
        const data = [0, 0, 0, 0, 0, 0, 0, 0];
        data[k] = 1 << b;
        const f = dalyFrame(0x01, 0x98, data);
        assert.strictEqual(statusCodes("daly", f), mapProtection("daly", dalyDecode(f).bits as number[]).codes, "byte " + k + " bit " + b);
      }
    }
    const all = dalyFrame(0x01, 0x98, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert.strictEqual(statusCodes("daly", all), mapProtection("daly", dalyDecode(all).bits as number[]).codes);
    assert.notStrictEqual(statusCodes("daly", all), 0);
    assert.strictEqual(statusCodes("daly", dalyFrame(0x01, 0x90, [0, 0, 0, 0, 0, 0, 0, 0xff])), 0, "not a 0x98 answer");
  });
});
