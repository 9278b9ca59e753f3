/**
 * PollerListener.onCodes: a status answer whose protection bits raise a code is said before its decode (the LED and
 * the first look need nothing more); when the listener did that work, the answer is held and decoded at the host's
 * next step, at the time it came, so that no single callback carries both.
 */
import * as assert from "assert";
import { Poller } from "../../firmware/src/protocol/poller";
import { Snapshot, CODE_BIT } from "../../firmware/src/types";
import { hexBytes } from "../../sim/fixtures/fixture";
import { JBD_SP04_BASIC, JBD_SP04_CELLS, jbdDerived } from "../../sim/fixtures/jbd-frames";
import { crc32 } from "../../sim/runtime/device";

const STATUS = hexBytes(JBD_SP04_BASIC.hex);
const CELLS = hexBytes(JBD_SP04_CELLS.hex);

/** The status with its protection word (payload 16-17) set and the checksum made right. */
function withWord(w: number): Uint8Array {
  return jbdDerived({ 20: w >> 8, 21: w & 0xff });
}

function rig(draws: boolean) {
  const snaps: Snapshot[] = [];
  const codes: number[] = [];
  let sent: Uint8Array | null = null;
  const p = new Poller("jbd", { send: (b: Uint8Array) => { sent = b; }, setBaud: () => {} }, {
    onSnapshot: (s) => snaps.push(s), onLink: () => {}, onCodes: (c) => { codes.push(c); return draws; },
  }, { hash: crc32, reads: true });
  let t = 1000;
  p.start(t);
  /** The next request's answer: the status `frame` (cells for a cells request); returns what the step returned. */
  const answer = (frame: Uint8Array): { reg: number; wait: number } => {
    for (let i = 0; i < 200 && !sent; i++) p.step(null, (t += 10));
    const reg = (sent as unknown as Uint8Array)[2];
    sent = null;
    t += 60;
    return { reg, wait: p.step(reg === 0x04 ? CELLS : frame, t) };
  };
  for (let i = 0; i < 4; i++) answer(STATUS);
  return { p, snaps, codes, answer, now: () => t, step: (ms: number) => p.step(null, (t += ms)), sent: () => sent };
}

describe("poller: a status's codes go first (onCodes)", () => {
  it("a rising code is said before the decode; the listener drew, so the answer is decoded at the next step, at the time it came", () => {
    const r = rig(true);
    assert.deepStrictEqual(r.codes, [], "healthy statuses say nothing");
    const n = r.snaps.length;
    let a = r.answer(withWord(1 << 10));
    while (a.reg !== 0x03) a = r.answer(withWord(1 << 10));
    const came = r.now();
    assert.deepStrictEqual(r.codes, [CODE_BIT.SC], "b10: SC, before any snapshot");
    assert.strictEqual(r.snaps.length, n, "not decoded in that step");
    assert.strictEqual(a.wait, 1, "the next step is wanted at once");
    assert.strictEqual(r.sent(), null, "its request is still open: the next is not sent yet");
    r.step(2);
    assert.strictEqual(r.snaps.length, n + 1, "decoded at the next step");
    const s = r.snaps[n];
    assert.strictEqual(s.codes & CODE_BIT.SC, CODE_BIT.SC);
    assert.strictEqual(s.tMs, came, "at the time the answer came");
    // The same code again is no rise: decoded in the step that took it.
    a = r.answer(withWord(1 << 10));
    while (a.reg !== 0x03) a = r.answer(withWord(1 << 10));
    assert.strictEqual(r.codes.length, 1);
    assert.strictEqual(r.snaps[r.snaps.length - 1].tMs, r.now());
  });

  it("a listener that did nothing (false): decoded in the same step", () => {
    const r = rig(false);
    const n = r.snaps.length;
    let a = r.answer(withWord(1 << 9));
    while (a.reg !== 0x03) a = r.answer(withWord(1 << 9));
    assert.deepStrictEqual(r.codes, [CODE_BIT.OCD]);
    assert.strictEqual(r.snaps.length, n + 1);
  });

  it("not on a noisy line: the engine waits for a second status there", () => {
    const r = rig(true);
    r.p.step(new Uint8Array([0x00, 0x13]), r.now() + 1); // noise between answers: dropped, the line is noisy
    let a = r.answer(withWord(1 << 10));
    while (a.reg !== 0x03) a = r.answer(withWord(1 << 10));
    assert.deepStrictEqual(r.codes, []);
    assert.strictEqual(r.snaps[r.snaps.length - 1].codes & CODE_BIT.SC, CODE_BIT.SC);
  });
});
