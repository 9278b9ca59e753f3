/**
 * The poller's "same bytes again" path (Poller.again, SAME_MAX_MS) and its answer-length hint (restMs): a BMS at
 * rest repeats its answers byte for byte, and the device skips decoding them. The snapshot a repeated status gives
 * must be the one the last full decode gave (same object, new time); anything changed, a noisy line or an old
 * decode takes the full path (a new snapshot object).
 */
import * as assert from "assert";
import { Poller, SAME_MAX_MS, VALUES_MS } from "../../firmware/src/protocol/poller";
import { Snapshot } from "../../firmware/src/types";
import { hexBytes } from "../../sim/fixtures/fixture";
import { JBD_SP04_BASIC, JBD_SP04_CELLS, jbdDerived } from "../../sim/fixtures/jbd-frames";
import { crc32 } from "../../sim/runtime/device";

const STATUS = hexBytes(JBD_SP04_BASIC.hex);
const CELLS = hexBytes(JBD_SP04_CELLS.hex);

/** A JBD poller on a fake line that answers each request `latencyMs` later with `answer(register)`. */
function rig(hash: boolean) {
  const snaps: Snapshot[] = [];
  let sent: Uint8Array | null = null;
  const io = { send: (b: Uint8Array) => { sent = b; }, setBaud: () => {} };
  const p = new Poller("jbd", io, { onSnapshot: (s) => snaps.push(s), onLink: () => {} }, hash ? { hash: crc32 } : {});
  let t = 1000;
  p.start(t);
  const status = { frame: STATUS };
  /** One request-answer cycle; returns the register that was asked for. */
  const cycle = (): number => {
    for (let i = 0; i < 200 && !sent; i++) p.tick((t += 10));
    const req = sent as unknown as Uint8Array;
    sent = null;
    const reg = req[2];
    t += 60;
    p.onBytes(reg === 0x04 ? CELLS : status.frame, t);
    return reg;
  };
  return { p, snaps, cycle, status, now: () => t, advance: (ms: number) => { t += ms; } };
}

/** A copy of the status with payload bytes changed (frame offset = payload + 4) and its checksum made right again. */
function withBytes(changes: { [payloadOffset: number]: number }): Uint8Array {
  const frame: { [offset: number]: number } = {};
  for (const k of Object.keys(changes)) frame[4 + Number(k)] = changes[Number(k)];
  return jbdDerived(frame);
}

/** Runs cycles until `n` more statuses were answered. */
function statuses(r: ReturnType<typeof rig>, n: number): void {
  const want = r.snaps.length + n;
  for (let i = 0; i < 50 && r.snaps.length < want; i++) r.cycle();
  assert.strictEqual(r.snaps.length, want);
}

describe("poller: the same answer again is not decoded again", () => {
  it("a repeated status re-sends the last snapshot object with the new time; its values are the decoded ones", () => {
    const r = rig(true);
    statuses(r, 3); // status, cells (changes what a status holds), status, status
    const n = r.snaps.length;
    const a = r.snaps[n - 2];
    const b = r.snaps[n - 1];
    assert.strictEqual(b, a, "same object");
    assert.strictEqual(b.tMs, r.now(), "with the time of the repeated answer");
    assert.strictEqual(b.packMv, 15600);
    assert.strictEqual(b.socPct, 100);
    assert.deepStrictEqual(b.cellsMv, [3909, 3901, 3895, 3901]);
    assert.strictEqual(r.p.st.answers, r.p.st.sent - (r.p.kind >= 0 ? 1 : 0), "every repeated answer still counts as an answer");
  });

  it("without a hash (the host's unit tests) every status is decoded into a new snapshot", () => {
    const r = rig(false);
    statuses(r, 4);
    const n = r.snaps.length;
    assert.notStrictEqual(r.snaps[n - 1], r.snaps[n - 2]);
  });

  it("a changed status (one protection bit) is decoded: a new snapshot with the new code", () => {
    const r = rig(true);
    statuses(r, 3);
    const before = r.snaps[r.snaps.length - 1];
    // Status word at payload offset 16 (frame offset 20-21): bit 0 = cell over-voltage; the checksum made right.
    r.status.frame = jbdDerived({ 21: STATUS[21] | 1 });
    statuses(r, 1);
    const after = r.snaps[r.snaps.length - 1];
    assert.notStrictEqual(after, before);
    assert.strictEqual(after.codes & 1, 1, "OVP");
  });

  it("after SAME_MAX_MS the next status is decoded in full again", () => {
    const r = rig(true);
    statuses(r, 3);
    const before = r.snaps[r.snaps.length - 1];
    r.advance(SAME_MAX_MS);
    statuses(r, 1);
    assert.notStrictEqual(r.snaps[r.snaps.length - 1], before);
  });

  it("on a noisy line (bytes dropped lately) every status is decoded", () => {
    const r = rig(true);
    statuses(r, 3);
    const before = r.snaps[r.snaps.length - 1];
    r.p.onBytes(new Uint8Array([0x00, 0x13]), r.now()); // noise between answers: dropped, the line is noisy
    statuses(r, 1);
    assert.notStrictEqual(r.snaps[r.snaps.length - 1], before);
  });

  it("a pack in use: a status whose values alone moved re-sends the decoded snapshot for VALUES_MS after its decode, then is decoded", () => {
    const r = rig(true);
    statuses(r, 3);
    const decoded = r.snaps[r.snaps.length - 1];
    const decodedAt = decoded.tMs;
    assert.strictEqual(decoded.currentMa, 0);
    // Current (payload 2-3, signed, 10 mA) now -5.00 A, and the voltage moved: values only.
    r.status.frame = withBytes({ 0: STATUS[4] ^ 1, 2: 0xfe, 3: 0x0c });
    const n = r.snaps.length;
    while (r.now() + 80 < decodedAt + VALUES_MS) statuses(r, 1);
    assert.ok(r.snaps.length > n, "statuses came within VALUES_MS");
    for (const s of r.snaps.slice(n)) assert.strictEqual(s, decoded, "the decoded snapshot again, with the new time");
    assert.strictEqual(r.p.st.answers, r.p.st.sent - (r.p.kind >= 0 ? 1 : 0), "each counts as an answer");
    r.advance(VALUES_MS);
    statuses(r, 1);
    const after = r.snaps[r.snaps.length - 1];
    assert.notStrictEqual(after, decoded);
    assert.strictEqual(after.currentMa, -5000);
  });

  it("a moved value beside a changed FET byte or protection word is decoded at once, whatever VALUES_MS says", () => {
    for (const change of [{ 20: STATUS[24] ^ 1 }, { 17: STATUS[21] | 2 }] as { [payloadOffset: number]: number }[]) {
      const r = rig(true);
      statuses(r, 3);
      const decoded = r.snaps[r.snaps.length - 1];
      r.status.frame = withBytes(Object.assign({ 2: 0xfe, 3: 0x0c }, change));
      statuses(r, 1);
      const after = r.snaps[r.snaps.length - 1];
      assert.notStrictEqual(after, decoded, JSON.stringify(change));
      assert.strictEqual(after.currentMa, -5000);
    }
  });

  it("bytes that differ from the last answer are never taken for it before the framer checked them (a corrupt frame is dropped)", () => {
    const snaps: Snapshot[] = [];
    let sent: Uint8Array | null = null;
    const p = new Poller("jbd", { send: (b: Uint8Array) => { sent = b; }, setBaud: () => {} }, { onSnapshot: (s) => snaps.push(s), onLink: () => {} }, { hash: crc32, reads: true });
    let t = 1000;
    p.start(t);
    const answer = (bytes: Uint8Array) => {
      for (let i = 0; i < 200 && !sent; i++) p.step(null, (t += 10));
      const reg = (sent as unknown as Uint8Array)[2];
      sent = null;
      t += 60;
      p.step(reg === 0x04 ? CELLS : bytes, t);
      return reg;
    };
    for (let i = 0; i < 6; i++) answer(STATUS);
    const n = snaps.length;
    const drops = p.fr.st.dropped;
    // Values moved but the checksum was not made right: corrupt. Its length and code bytes are those of the last status.
    const bad = new Uint8Array(STATUS);
    bad[6] = 0xfe;
    while (answer(bad) !== 0x03);
    assert.strictEqual(snaps.length, n, "no snapshot from a corrupt frame");
    assert.ok(p.fr.st.dropped > drops, "counted and dropped by the framer");
  });

  it("restMs: the wire time of the bytes of the answer still missing, from the last answer of the same kind", () => {
    const r = rig(true);
    statuses(r, 2);
    for (let i = 0; i < 200 && r.p.kind !== 0; i++) r.p.tick(r.now() + 10 * i);
    assert.strictEqual(r.p.kind, 0, "a status request in flight");
    // 36 bytes at 9600 baud (10 bits each): 10 received -> 26 missing -> 28 ms.
    assert.strictEqual(STATUS.length, 36);
    assert.strictEqual(r.p.restMs(10), 28);
    assert.strictEqual(r.p.restMs(STATUS.length), 0);
  });
});
