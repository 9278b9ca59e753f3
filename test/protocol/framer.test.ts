/**
 * Framers: every captured fixture, split at every offset, with noise before and after, gives the same
 * frames; properties over random bytes (never throw, never emit a frame failing its checksum, stay
 * within the buffer bound); drop counters by reason.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { Family } from "../../firmware/src/types";
import { makeFramer, maxFrameOf, checkOf } from "../../firmware/src/protocol/families";
import { FrameFixture, hexBytes } from "../../sim/fixtures/fixture";
import { JBD_FIXTURES, JBD_JBDTOOL_CHUNKED, JBD_TRUNCATED } from "../../sim/fixtures/jbd-frames";
import { JK_FIXTURES, JK_ISSUE120_BAD_SUM, JK_ISSUE247_LOST_BYTE } from "../../sim/fixtures/jk-frames";
import { DALY_FIXTURES } from "../../sim/fixtures/daly-frames";
import { concat } from "../../sim/rigs/poller-harness";

const SETS: [Family, FrameFixture[]][] = [
  ["jbd", JBD_FIXTURES],
  ["jk", JK_FIXTURES],
  ["daly", DALY_FIXTURES],
];

/** Noise that includes each family's start bytes and end markers, to force resyncs. */
const NOISE_BEFORE = hexBytes("00 FF 77 DD 4E 57 A5 68 01 DD 03 00");
const NOISE_AFTER = hexBytes("FF DD A5 4E 77 00");

function frameHexes(family: Family, chunks: Uint8Array[], flushAtMs: number): string[] {
  const fr = makeFramer(family);
  const out: string[] = [];
  const take = (f: Uint8Array): void => {
    out.push(Buffer.from(f).toString("hex"));
  };
  for (const c of chunks) fr.push(c, 0, take);
  fr.expire(flushAtMs, take);
  return out;
}

/** Independent checksum verification of an emitted frame (not using the firmware's check). */
function verifies(family: Family, f: Uint8Array): boolean {
  const n = f.length;
  let s = 0;
  if (family === "jbd") {
    if (f[0] !== 0xdd || f[n - 1] !== 0x77 || n !== f[3] + 7) return false;
    for (let i = 2; i < n - 3; i++) s += f[i];
    return ((0x10000 - s) & 0xffff) === ((f[n - 3] << 8) | f[n - 2]);
  }
  if (family === "jk") {
    if (f[0] !== 0x4e || f[1] !== 0x57 || f[n - 5] !== 0x68 || n !== ((f[2] << 8) | f[3]) + 2) return false;
    for (let i = 0; i < n - 4; i++) s += f[i];
    return (s & 0xffff) === ((f[n - 2] << 8) | f[n - 1]);
  }
  if (f[0] !== 0xa5 || n !== 13) return false;
  for (let i = 0; i < 12; i++) s += f[i];
  return (s & 0xff) === f[12];
}

describe("protocol/framer", () => {
  for (const [family, fixtures] of SETS) {
    describe(family, () => {
      for (const fx of fixtures) {
        const bytes = hexBytes(fx.hex);
        it(`${fx.name}: ${fx.frames} frame(s), each verifying its checksum`, () => {
          const frames = frameHexes(family, [bytes], 10000);
          assert.equal(frames.length, fx.frames);
          for (const h of frames) assert.ok(verifies(family, Buffer.from(h, "hex")));
        });
        it(`${fx.name}: split at every offset with noise before and after → the same frames`, () => {
          const whole = frameHexes(family, [bytes], 10000);
          const full = concat([NOISE_BEFORE, bytes, NOISE_AFTER]);
          for (let i = 0; i <= full.length; i++) {
            const got = frameHexes(family, [full.subarray(0, i), full.subarray(i)], 10000);
            assert.deepEqual(got, whole, "split at " + i);
          }
        });
      }
    });
  }

  it("a whole frame pushed alone, nothing held, is handed out as the very bytes pushed; with bytes held it is framed from the buffer", () => {
    const f = hexBytes(JBD_FIXTURES[0].hex).slice(0, hexBytes(JBD_FIXTURES[0].hex)[3] + 7);
    const fr = makeFramer("jbd");
    const got: Uint8Array[] = [];
    fr.push(f, 0, (x) => got.push(x));
    assert.equal(got.length, 1);
    assert.ok(got[0] === f, "no copy");
    assert.equal(fr.st.frames, 1);
    assert.equal(fr.pending(), 0);
    fr.push(f.subarray(0, 3), 10, () => assert.fail("not whole yet"));
    fr.push(f.subarray(3), 20, (x) => got.push(Uint8Array.from(x)));
    assert.equal(got.length, 2);
    assert.ok(got[1] !== f && Buffer.from(got[1]).equals(Buffer.from(f)));
    assert.equal(fr.st.frames, 2);
  });

  it("jbd: the jbdtool trace read by read (reply split 7 + 29, strays before DD) gives 5 frames and counts 4 noise bytes", () => {
    const fr = makeFramer("jbd");
    let n = 0;
    for (const c of JBD_JBDTOOL_CHUNKED.chunks as string[]) fr.push(hexBytes(c), 0, () => n++);
    assert.equal(n, 5);
    assert.equal(fr.st.frames, 5);
    assert.equal(fr.st.noise, 4);
    assert.equal(fr.st.dropped, 4);
  });

  it("jbd: a truncated reply waits, then goes stale after the 150 ms gap and is dropped", () => {
    const fr = makeFramer("jbd");
    let n = 0;
    fr.push(hexBytes(JBD_TRUNCATED.hex), 1000, () => n++);
    assert.equal(fr.pending(), 7);
    fr.expire(1149, () => n++);
    assert.equal(fr.pending(), 7);
    fr.expire(1150, () => n++);
    assert.equal(fr.pending(), 0);
    assert.equal(n, 0);
    // The stale start byte is a gap drop; the 6 bytes behind it cannot start a frame (noise).
    assert.equal(fr.st.gap, 1);
    assert.equal(fr.st.noise, 6);
    assert.equal(fr.st.dropped, 7);
  });

  it("jbd: a reply whose second half comes after the gap is not glued to stale bytes", () => {
    const full = hexBytes(JBD_FIXTURES[0].hex);
    const fr = makeFramer("jbd");
    const got: number[] = [];
    fr.push(full.subarray(0, 10), 0, (f) => got.push(f.length));
    fr.push(full.subarray(10), 500, (f) => got.push(f.length));
    assert.equal(got.length, 0);
    fr.push(full, 600, (f) => got.push(f.length));
    assert.deepEqual(got, [36]);
  });

  it("jk: esphome-jk-bms #120 is rejected on its checksum (one sum event), stray DF FF are noise", () => {
    const fr = makeFramer("jk");
    let n = 0;
    fr.push(hexBytes(JK_ISSUE120_BAD_SUM.hex), 0, () => n++);
    assert.equal(n, 0);
    assert.equal(fr.st.sum, 1);
    assert.equal(fr.st.dropped, 287);
    assert.equal(fr.st.noise, 286);
  });

  it("jk: esphome-jk-bms #247 (one byte lost) waits for the missing byte, then a good frame after it is still found", () => {
    const bad = hexBytes(JK_ISSUE247_LOST_BYTE.hex);
    const good = hexBytes(JK_FIXTURES[0].hex);
    const frames = frameHexes("jk", [bad, good], 10000);
    assert.deepEqual(frames, [Buffer.from(good).toString("hex")]);
  });

  it("daly: a frame with a wrong length byte and one with a wrong checksum are counted by reason", () => {
    const fr = makeFramer("daly");
    const good = hexBytes(DALY_FIXTURES[0].hex);
    const badLen = Uint8Array.from(good);
    badLen[3] = 9;
    const badSum = Uint8Array.from(good);
    badSum[12] ^= 0x01;
    let n = 0;
    fr.push(concat([badLen, badSum, good]), 0, () => n++);
    assert.equal(n, 1);
    assert.equal(fr.st.len, 1);
    assert.equal(fr.st.sum, 1);
    assert.equal(fr.st.dropped, 26);
  });

  describe("properties (fast-check)", () => {
    for (const family of ["jbd", "jk", "daly"] as Family[]) {
      it(`${family}: random chunks at random times never throw, never emit a frame failing its checksum, stay within the bound`, () => {
        fc.assert(
          fc.property(
            fc.array(fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 400 })), { maxLength: 20 }),
            (chunks) => {
              const fr = makeFramer(family);
              let t = 0;
              for (const [bytes, dt] of chunks) {
                t += dt;
                fr.push(bytes, t, (f) => {
                  if (!verifies(family, f)) throw new Error("emitted a bad frame");
                  if (checkOf(family)(f, 0, f.length) !== f.length) throw new Error("frame fails its own check");
                });
                if (fr.pending() > maxFrameOf(family)) throw new Error("buffer bound exceeded");
                if (fr.buf.length !== maxFrameOf(family)) throw new Error("buffer grew");
              }
            },
          ),
          { numRuns: 300 },
        );
      });

      it(`${family}: a real frame inside random noise is always found`, () => {
        const fx = SETS.find((s) => s[0] === family)![1].find((f) => f.frames === 1 && f.kind === "capture")!;
        const frame = hexBytes(fx.hex);
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 600 }), fc.uint8Array({ maxLength: 600 }), fc.nat(), (pre, post, cut) => {
            const all = concat([pre, frame, post]);
            const k = cut % (all.length + 1);
            const got = frameHexes(family, [all.subarray(0, k), all.subarray(k)], 100000);
            const want = Buffer.from(frame).toString("hex");
            if (got.indexOf(want) < 0) throw new Error("frame lost");
          }),
          { numRuns: 200 },
        );
      });
    }
  });
});

describe("protocol/framer re-entrancy", () => {
  it("bytes pushed from inside the frame callback (a synchronous loopback) are framed after the current frame", () => {
    const fr = makeFramer("daly");
    const a = hexBytes(DALY_FIXTURES[0].hex);
    const b = hexBytes(DALY_FIXTURES[1].hex);
    const seen: string[] = [];
    let first = true;
    fr.push(a, 0, function cb(f) {
      seen.push(Buffer.from(f).toString("hex"));
      if (first) {
        first = false;
        fr.push(b, 0, cb);
        assert.equal(f[2], a[2], "the view handed out is untouched");
      }
    });
    assert.deepEqual(seen, [Buffer.from(a).toString("hex"), Buffer.from(b).toString("hex")]);
  });
});
