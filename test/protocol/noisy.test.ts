/**
 * The poller on a noisy line (docs/reliability.md "Why the noisy line fails"): a garbled answer is not a
 * silent BMS (no back-off, and the wait ends once the garbled answer is over), the link still goes down
 * with reason "garbage" after the usual number of polls without a valid frame, snapshots carry `noisy`
 * for NOISY_MS after the last corruption, and a code rising on a noisy line is re-read at once.
 * Virtual time only (sim/rigs/poller-harness.ts Harness).
 */
import { strict as assert } from "assert";
import { CODE_BIT } from "../../firmware/src/types";
import { NOISY_MS, GARBAGE_QUIET_MS, GARBAGE_DOWN_MS } from "../../firmware/src/protocol/poller";
import { profileOf } from "../../firmware/src/protocol/profiles";
import { hexBytes } from "../../sim/fixtures/fixture";
import { Harness, FakeBms, jbdBasic, jbdCells, dalyFrame } from "../../sim/rigs/poller-harness";

const GARBAGE = hexBytes("12 34 56 78 9A BC DE F0 11 22");

/** JBD: status word and a mode per request: "ok", "garbage" (10 bytes that never frame) or "silent". */
function jbdLine(state: { status: number; mode: "ok" | "garbage" | "silent" }): FakeBms {
  return (req) => {
    if (state.mode === "silent") return [];
    if (state.mode === "garbage") return [GARBAGE];
    if (req[2] === 0x03) return [jbdBasic(state.status)];
    if (req[2] === 0x04) return [jbdCells([3300, 3310, 3320, 3330])];
    return [];
  };
}

function gaps(h: Harness, from: number, to: number): number[] {
  const t = h.sent.filter((s) => s.t >= from && s.t < to).map((s) => s.t);
  return t.slice(1).map((x, i) => x - t[i]);
}

describe("protocol/poller on a noisy line", () => {
  it("garbled answers: no back-off, the next request leaves once the garbage is over, not at the timeout", () => {
    const st: { status: number; mode: "ok" | "garbage" | "silent" } = { status: 0, mode: "ok" };
    const h = new Harness("jbd", jbdLine(st), 20);
    h.start();
    h.run(1000);
    st.mode = "garbage";
    h.run(1000 + GARBAGE_DOWN_MS + 500);
    const g = gaps(h, 1100, 1000 + GARBAGE_DOWN_MS + 500);
    assert.ok(g.length > 20, "requests during garbage: " + g.length);
    // request 8 ms + turnaround 20 + 10 bytes 11 ms = ~39 ms, then GARBAGE_QUIET_MS of quiet.
    for (const d of g) assert.ok(d >= 39 + GARBAGE_QUIET_MS && d <= 39 + GARBAGE_QUIET_MS + 15, "gap " + d);
    assert.equal(h.poller.boost, 0);
    const l = h.poller.copyLink();
    assert.equal(l.ok, false);
    assert.equal(l.reason, "garbage");
    // Silence still backs off and reads "silent".
    st.mode = "silent";
    const t0 = h.t;
    h.run(t0 + 8000);
    const s = gaps(h, t0 + 100, t0 + 8000);
    assert.ok(s.length >= 4 && s[s.length - 1] > s[0] && s[s.length - 1] >= profileOf("jbd").timeoutMs + 400, "silent gaps " + s.join(","));
    assert.equal(h.poller.copyLink().reason, "silent");
  });

  it("a garbled answer that ends early still keeps the family's period between requests (Daly 120 ms)", () => {
    // Daly: a short garbled reply is over ~50 ms after the request; the next request must still wait for the
    // 120 ms period from the previous request's start ([AK]: faster requests get dropped).
    // Every other status request is answered (so the poller knows the round trip), the others get 2 bytes of noise.
    let n = 0;
    const daly: FakeBms = (req) => (req[2] === 0x98 && n++ % 2 === 1 ? [hexBytes("12 34")] : [dalyFrame(req[2], [1, 8, 0, 0, 0x75, 0x30, 3, 0])]);
    const h = new Harness("daly", daly, 5);
    h.start();
    h.run(5000);
    const g = gaps(h, 0, 5000);
    assert.ok(g.length > 10, "requests: " + g.length);
    for (const d of g) assert.ok(d >= profileOf("daly").periodMs, "gap " + d);
  });

  it("garbage reason after 3 polls and GARBAGE_DOWN_MS without a valid frame, not before", () => {
    const st: { status: number; mode: "ok" | "garbage" | "silent" } = { status: 0, mode: "ok" };
    const h = new Harness("jbd", jbdLine(st), 20);
    h.start();
    h.run(1000);
    const t0 = h.sent.length;
    st.mode = "garbage";
    // run until the link goes down, then count the garbled polls
    let down = -1;
    for (let t = 1000; t < 1000 + 2 * GARBAGE_DOWN_MS && down < 0; t += 5) {
      h.run(t);
      if (!h.poller.copyLink().ok) down = t;
    }
    assert.ok(down > 0);
    assert.ok(down - 1000 >= GARBAGE_DOWN_MS - 100 && down - 1000 <= GARBAGE_DOWN_MS + 100, "down after " + (down - 1000) + " ms");
    assert.ok(h.poller.st.timeouts >= 3);
    assert.equal(h.poller.copyLink().reason, "garbage");
    assert.ok(h.sent.length - t0 >= 3);
    st.mode = "ok";
    h.run(down + 500);
    assert.equal(h.poller.copyLink().ok, true);
  });

  it("snapshots are marked noisy for NOISY_MS after corruption, clean before and after", () => {
    const st: { status: number; mode: "ok" | "garbage" | "silent" } = { status: 0, mode: "ok" };
    const h = new Harness("jbd", jbdLine(st), 20);
    h.start();
    h.run(2000);
    assert.ok(h.snaps.length > 10);
    assert.ok(h.snaps.every((s) => s.noisy === false));
    st.mode = "garbage";
    h.run(2100);
    st.mode = "ok";
    const n0 = h.snaps.length;
    h.run(2100 + NOISY_MS - 1000);
    const during = h.snaps.slice(n0);
    assert.ok(during.length > 100 && during.every((s) => s.noisy === true));
    h.run(2100 + NOISY_MS + 2000);
    assert.equal(h.snaps[h.snaps.length - 1].noisy, false);
  });

  it("a frame with one corrupted byte before a good one (checksum failure) marks the line noisy", () => {
    let k = 0;
    const bms: FakeBms = (req) => {
      if (req[2] !== 0x03) return [jbdCells([3300, 3310, 3320, 3330])];
      const f = jbdBasic(0);
      if (k++ === 20) f[6] ^= 0x01;
      return [f];
    };
    const h = new Harness("jbd", bms, 20);
    h.start();
    h.run(3000);
    assert.ok(h.poller.fr.st.sum >= 1);
    const firstNoisy = h.snaps.findIndex((s) => s.noisy === true);
    assert.ok(firstNoisy > 10);
    assert.ok(h.snaps.slice(firstNoisy).every((s) => s.noisy === true));
  });

  it("JBD: a code rising on a noisy line is read again at once (status before cells), cells after it is confirmed", () => {
    const st: { status: number; mode: "ok" | "garbage" | "silent" } = { status: 0, mode: "ok" };
    const h = new Harness("jbd", jbdLine(st), 20);
    h.start();
    h.run(10500);
    st.mode = "garbage";
    h.run(10600);
    st.mode = "ok";
    h.run(11000);
    st.status = 0x0200; // b9: discharge over-current (OCD)
    const n0 = h.sent.length;
    h.run(11400);
    const regs = h.sent.slice(n0).map((s) => s.bytes[2]);
    const firstCode = h.snaps.findIndex((s) => (s.codes & CODE_BIT.OCD) !== 0);
    assert.ok(firstCode > 0 && h.snaps[firstCode].noisy === true);
    // status (code seen), status (confirmation), then the cells of the confirmed trip
    assert.deepEqual(regs.slice(0, 3), [0x03, 0x03, 0x04]);
  });

  it("JBD on a clean line: cells right after the status where the code rose (unchanged)", () => {
    const st: { status: number; mode: "ok" | "garbage" | "silent" } = { status: 0, mode: "ok" };
    const h = new Harness("jbd", jbdLine(st), 20);
    h.start();
    h.run(11000);
    st.status = 0x0200;
    const n0 = h.sent.length;
    h.run(11400);
    const regs = h.sent.slice(n0).map((s) => s.bytes[2]);
    assert.deepEqual(regs.slice(0, 2), [0x03, 0x04]);
  });

  it("Daly: on a noisy line a rising code makes the next request the status (0x98) again", () => {
    const state = { bits: [0, 0, 0, 0, 0, 0, 0, 0], garbage: false };
    const bms: FakeBms = (req) => {
      if (state.garbage) return [GARBAGE];
      const c = req[2];
      if (c === 0x98) return [dalyFrame(0x98, state.bits)];
      if (c === 0x94) return [dalyFrame(0x94, [4, 1, 0, 0, 0, 0, 0, 0])];
      if (c === 0x95) return [dalyFrame(0x95, [1, 12, 228, 12, 228, 12, 228, 0]), dalyFrame(0x95, [2, 12, 228, 0, 0, 0, 0, 0])];
      if (c === 0x96) return [dalyFrame(0x96, [1, 62, 0, 0, 0, 0, 0, 0])];
      return [dalyFrame(c, [1, 8, 0, 0, 0x75, 0x30, 3, 0])];
    };
    const h = new Harness("daly", bms, 20);
    h.start();
    h.run(6000);
    state.garbage = true;
    h.run(6300);
    state.garbage = false;
    h.run(7000);
    // wait for a status request to go out, then raise the code for its answer
    const last98 = () => h.sent.filter((s) => s.bytes[2] === 0x98).length;
    const k = last98();
    let t = 7000;
    while (last98() === k) h.run((t += 1));
    state.bits = [0, 0, 0x08, 0, 0, 0, 0, 0]; // b19: discharge over-current level 2 (OCD)
    h.run(t + 800);
    const hit = h.snaps.find((s) => (s.codes & CODE_BIT.OCD) !== 0);
    assert.ok(hit && hit.noisy === true, "noisy OCD snapshot");
    const cmds = h.sent.filter((s) => s.t >= hit.tMs).map((s) => s.bytes[2]);
    assert.equal(cmds[0], 0x98, "confirming status first: " + cmds.map((c) => c.toString(16)).join(" "));
  });

  /** Daly with 2 sensors at 25/26 °C; the 0x96 answer number `bad` (1-based) carries sensor 1 at −39 °C. */
  function dalyTemps(state: { bad: number; n96: number; garbage: boolean }): FakeBms {
    return (req) => {
      if (state.garbage) return [GARBAGE];
      const c = req[2];
      if (c === 0x98) return [dalyFrame(0x98, [0, 0, 0, 0, 0, 0, 0, 0])];
      if (c === 0x94) return [dalyFrame(0x94, [4, 2, 0, 0, 0, 0, 0, 0])];
      if (c === 0x95) return [dalyFrame(0x95, [1, 12, 228, 12, 228, 12, 228, 0]), dalyFrame(0x95, [2, 12, 228, 0, 0, 0, 0, 0])];
      if (c === 0x96) {
        state.n96++;
        return [dalyFrame(0x96, [1, state.n96 === state.bad ? 1 : 65, 66, 0, 0, 0, 0, 0])];
      }
      return [dalyFrame(c, [1, 8, 0, 0, 0x75, 0x30, 3, 0])];
    };
  }

  it("Daly, noisy: one temperature burst far from the held one is not repeated into every status", () => {
    const st = { bad: -1, n96: 0, garbage: false };
    const h = new Harness("daly", dalyTemps(st), 20);
    h.start();
    h.run(5000);
    assert.deepEqual(h.snaps[h.snaps.length - 1].tempsC, [25, 26]);
    st.garbage = true;
    h.run(5300);
    st.garbage = false;
    h.run(6000);
    st.bad = st.n96 + 1;
    const n0 = h.snaps.length;
    // The temperatures are one of three extras, each read about every 3.3 s here (DALY_EXTRA_EVERY_MS).
    h.run(20000);
    assert.ok(st.n96 > st.bad + 2, "temperature reads: " + st.n96);
    const after = h.snaps.slice(n0);
    assert.ok(after.every((s) => s.noisy === true));
    assert.ok(after.every((s) => s.tempsC.length === 2 && s.tempsC[0] === 25), "a status carried the corrupted reading");
    assert.ok(after.every((s) => (s.codes & CODE_BIT.NTC) === 0));
  });

  it("Daly, clean line: a new temperature burst is taken at once (unchanged)", () => {
    const st = { bad: -1, n96: 0, garbage: false };
    const h = new Harness("daly", dalyTemps(st), 20);
    h.start();
    h.run(5000);
    st.bad = st.n96 + 1;
    const n0 = h.snaps.length;
    h.run(12000);
    const after = h.snaps.slice(n0);
    assert.ok(after.some((s) => s.tempsC[0] === -39));
    assert.ok(after.every((s) => s.noisy === false));
  });

  it("Daly, noisy: a new level read twice is taken", () => {
    const st = { bad: -1, n96: 0, garbage: false };
    const bms = dalyTemps(st);
    let hot = false;
    const h = new Harness("daly", (req, t, baud) => {
      if (hot && req[2] === 0x96) return [dalyFrame(0x96, [1, 95, 66, 0, 0, 0, 0, 0])];
      return bms(req, t, baud);
    }, 20);
    h.start();
    h.run(5000);
    st.garbage = true;
    h.run(5300);
    st.garbage = false;
    h.run(6000);
    hot = true;
    h.run(12000);
    assert.deepEqual(h.snaps[h.snaps.length - 1].tempsC, [55, 26]);
  });
});
