/**
 * The engine on a noisy line (Snapshot.noisy, set by the poller for a minute after any corruption): a code
 * is shown only when two consecutive statuses carry it, and one status without it does not split an open
 * episode; a clean line keeps "a code rises on the first status that carries it". The same holds for the
 * engine's own NTC rules (a 20 °C jump, an out-of-range reading). Injected clock only.
 */
import { strict as assert } from "assert";
import { snap, feed, newEngine, B } from "./helpers";

const P = 50; // ms between statuses (a JBD-like tight loop)

describe("engine on a noisy line", () => {
  it("noisy: one status with a code (a corrupted frame that passed its checksum) shows nothing, starts no episode", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, P, (x) => snap(x, { noisy: true }));
    e.onSnapshot(snap(t, { codes: B.OTP | B.OVP, noisy: true }), t);
    assert.equal(e.view(t).mode, "clear");
    t = feed(e, t + P, t + 20000, P, (x) => snap(x, { noisy: true }));
    const v = e.view(t);
    assert.equal(v.mode, "clear");
    assert.equal(v.codes.length, 0);
    assert.equal(e.hist.len, 0);
  });

  it("noisy: two consecutive statuses with the code show it at the second", () => {
    const { e } = newEngine();
    const t = feed(e, 0, 2000, P, (x) => snap(x, { noisy: true }));
    e.onSnapshot(snap(t, { codes: B.OCD, currentMa: -160000, noisy: true }), t);
    assert.equal(e.view(t).codes.length, 0);
    e.onSnapshot(snap(t + P, { codes: B.OCD, currentMa: 0, noisy: true }), t + P);
    const v = e.view(t + P);
    assert.equal(v.mode, "codes");
    assert.deepEqual(v.codes.map((c) => c.code), ["OCD"]);
    assert.equal(e.hist.len, 1);
  });

  it("clean line: shown on the first status that carries it", () => {
    const { e } = newEngine();
    const t = feed(e, 0, 2000, P, (x) => snap(x));
    e.onSnapshot(snap(t, { codes: B.OCD }), t);
    assert.deepEqual(e.view(t).codes.map((c) => c.code), ["OCD"]);
    // noisy absent counts as clean
    const { e: e2 } = newEngine();
    e2.onSnapshot(snap(100, { codes: B.UVP, noisy: false }), 100);
    assert.deepEqual(e2.view(100).codes.map((c) => c.code), ["UVP"]);
  });

  it("noisy: a code is not confirmed by statuses that are not consecutive", () => {
    const { e } = newEngine();
    let t = 1000;
    for (let k = 0; k < 20; k++, t += 2 * P) {
      e.onSnapshot(snap(t, { codes: B.SC, noisy: true }), t);
      e.onSnapshot(snap(t + P, { noisy: true }), t + P);
      e.tick(t + P);
    }
    assert.equal(e.view(t).codes.length, 0);
    assert.equal(e.hist.len, 0);
  });

  it("noisy: one status without a present code neither ends nor re-counts its episode", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 3000, P, (x) => snap(x, { codes: B.OTP, tempsC: [66, 64], noisy: true }));
    e.onSnapshot(snap(t, { noisy: true, tempsC: [66, 64] }), t);
    t = feed(e, t + P, t + 3000, P, (x) => snap(x, { codes: B.OTP, tempsC: [66, 64], noisy: true }));
    const v = e.view(t);
    assert.deepEqual(v.codes.map((c) => c.code), ["OTP"]);
    assert.equal(v.codes[0].count, 1);
    assert.equal(v.codes[0].present, true);
  });

  it("noisy: a code still falls after two statuses without it, then clears after the hold", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, P, (x) => snap(x, { codes: B.UVP, noisy: true }));
    e.onSnapshot(snap(t, { noisy: true }), t);
    assert.equal(e.view(t).codes[0].present, true);
    e.onSnapshot(snap(t + P, { noisy: true }), t + P);
    assert.equal(e.view(t + P).codes[0].present, false);
    t = feed(e, t + 2 * P, t + 12000, P, (x) => snap(x, { noisy: true }));
    assert.equal(e.view(t).mode, "clear");
  });

  it("NTC jump rule, noisy: a one-status 20 °C jump is ignored; a jump that holds for a second status raises NTC", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, P, (x) => snap(x, { tempsC: [25, 26], noisy: true }));
    e.onSnapshot(snap(t, { tempsC: [25, 90], noisy: true }), t);
    t = feed(e, t + P, t + 5000, P, (x) => snap(x, { tempsC: [25, 26], noisy: true }));
    assert.equal(e.view(t).codes.length, 0, "single jump");
    // out of range once (a corrupted byte): ignored too
    e.onSnapshot(snap(t, { tempsC: [25, -100], noisy: true }), t);
    t = feed(e, t + P, t + 5000, P, (x) => snap(x, { tempsC: [25, 26], noisy: true }));
    assert.equal(e.view(t).codes.length, 0, "single out-of-range");
    // a connector that really moved: the new level holds
    e.onSnapshot(snap(t, { tempsC: [25, 60], noisy: true }), t);
    assert.equal(e.view(t).codes.length, 0);
    e.onSnapshot(snap(t + P, { tempsC: [25, 61], noisy: true }), t + P);
    assert.deepEqual(e.view(t + P).codes.map((c) => c.code), ["NTC"]);
  });

  it("NTC jump rule, noisy: two corrupted statuses in a row that jump the same sensor to different values raise nothing", () => {
    // seen in the JK soak at BER 1e-3: 22 → 54 → 2 → 22 (about 1 accepted JK frame in 8 is corrupted there)
    const { e } = newEngine();
    let t = feed(e, 0, 2000, P, (x) => snap(x, { tempsC: [22, 22], noisy: true }));
    e.onSnapshot(snap(t, { tempsC: [22, 54], noisy: true }), t);
    e.onSnapshot(snap(t + P, { tempsC: [22, 2], noisy: true }), t + P);
    t = feed(e, t + 2 * P, t + 5000, P, (x) => snap(x, { tempsC: [22, 22], noisy: true }));
    assert.equal(e.view(t).codes.length, 0);
    // the same sensor out of range in one status and another sensor in the next: not confirmed either
    e.onSnapshot(snap(t, { tempsC: [-90, 22], noisy: true }), t);
    e.onSnapshot(snap(t + P, { tempsC: [22, 150], noisy: true }), t + P);
    t = feed(e, t + 2 * P, t + 5000, P, (x) => snap(x, { tempsC: [22, 22], noisy: true }));
    assert.equal(e.view(t).codes.length, 0);
    // one sensor out of range twice: an open probe
    e.onSnapshot(snap(t, { tempsC: [22, 150], noisy: true }), t);
    e.onSnapshot(snap(t + P, { tempsC: [22, 150], noisy: true }), t + P);
    assert.deepEqual(e.view(t + P).codes.map((c) => c.code), ["NTC"]);
  });

  it("NTC jump rule, clean line: raised on the first status with the jump (unchanged)", () => {
    const { e } = newEngine();
    const t = feed(e, 0, 2000, P, (x) => snap(x, { tempsC: [25, 26] }));
    e.onSnapshot(snap(t, { tempsC: [25, 90] }), t);
    assert.deepEqual(e.view(t).codes.map((c) => c.code), ["NTC"]);
  });
});
