/**
 * sim/espruino/real-box.ts intSlots and intSteps: the memory bench's growth row excepts the int step (a counter past
 * 8,191 takes a JsVar of its own). The dump lines are Espruino 2v29's trace() format (src/jsvar.c _jsvTrace), as the
 * Linux build printed them for `{a: 5, b: 9000}`, a global `x = 70000` and an array.
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
  it("finds each property's int, in its name's JsVar or in one of its own; an object is neither", () => {
    const s = intSlots(BEFORE);
    assert.deepStrictEqual([...s.inline], ['45 String [1 blocks] "a"', '66 String [1 blocks] "n"']);
    assert.deepStrictEqual([...s.standalone], ['46 String [1 blocks] "b"', '32 String [1 blocks] "x"']);
  });

  it("a counter that passed 8,191 is one step; a property added meanwhile, large or small, is not", () => {
    const passed = BEFORE.replace('"a" = int 5', '"a"      #48[r1,l0] Integer 8192  ');
    assert.strictEqual(intSteps(intSlots(BEFORE), intSlots(passed)), 1);
    const added = passed + '\n  #70[r1,l2] Name String [1 blocks] "big"   #71[r1,l0] Integer 123456  \n  #72[r1,l2] Name String [1 blocks] "c" = int 3';
    assert.strictEqual(intSteps(intSlots(BEFORE), intSlots(added)), 1);
    // The same text under another name JsVar (a property removed and made again) is not a step; nor is the way back.
    assert.strictEqual(intSteps(intSlots(BEFORE), intSlots(BEFORE.replace('#45[r1,l2] Name String [1 blocks] "a" = int 5', '#80[r1,l2] Name String [1 blocks] "a"   #81[r1,l0] Integer 9999  '))), 0);
    assert.strictEqual(intSteps(intSlots(passed), intSlots(BEFORE)), 0);
  });
});
