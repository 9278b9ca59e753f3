/**
 * sim/espruino/real-box.ts intSlots and intSteps: the memory bench's growth row excepts the int step (a counter past
 * 8,191 takes a JsVar of its own). The dump lines are Espruino 2v29's trace() format (src/jsvar.c _jsvTrace), as the
 * Linux build printed them for `{a: 5, b: 9000}` and a global `x = 70000`.
 */
import * as assert from "assert";
import { intSlots, intSteps } from "../../sim/espruino/real-box";

const BEFORE = [
  '          #45[r1,l2] Name String [1 blocks] "a" = int 5',
  '          #46[r1,l2] Name String [1 blocks] "b"                            #47[r1,l0] Integer 9000  ',
  '      #32[r1,l2] Name String [1 blocks] "x"        #33[r1,l0] Integer 70000  ',
  '          #65[r1,l2] Name Integer 1            #59[r1,l0] Object { ',
  '          #66[r1,l2] Name String [1 blocks] "n" = int -8192',
].join("\n");

describe("bench: the int step in the memory growth", () => {
  it("counts ints in their name's JsVar and ints with a JsVar of their own; an array index is neither", () => {
    assert.deepStrictEqual(intSlots(BEFORE), { inline: 2, standalone: 2 });
  });

  it("a counter that passed 8,191 is one step; a new property is not, and a small new int hides a step rather than add one", () => {
    const passed = BEFORE.replace('"a" = int 5', '"a"      #48[r1,l0] Integer 8192  ');
    assert.deepStrictEqual(intSlots(passed), { inline: 1, standalone: 3 });
    assert.strictEqual(intSteps(intSlots(BEFORE), intSlots(passed)), 1);
    // A new property holding a large int: real growth, not the step.
    const added = BEFORE + '\n  #70[r1,l2] Name String [1 blocks] "big"   #71[r1,l0] Integer 123456  ';
    assert.strictEqual(intSteps(intSlots(BEFORE), intSlots(added)), 0);
    // A step and a new small int at once: the inline count stays, so nothing is excepted (never more than happened).
    assert.strictEqual(intSteps(intSlots(BEFORE), intSlots(passed + '\n  #72[r1,l2] Name String [1 blocks] "c" = int 3')), 0);
    assert.strictEqual(intSteps(intSlots(passed), intSlots(BEFORE)), 0);
  });
});
