/** No data: its own state with age and reason; latched safety codes stay; nothing is raised or ended from stale values. NTC plausibility. */
import { OTP_SAFETY_MS } from "../../firmware/codes/severity";
import { strict as assert } from "assert";
import { B, feed, newEngine, snap } from "./helpers";
import { DEFAULT_BOOT_MS, DEFAULT_HOLD_MS, DEFAULT_STALE_MS } from "../../firmware/src/engine/engine";
import { PATTERN_NODATA } from "../../firmware/codes/patterns";
import { NTC_SUSPECT_MS } from "../../firmware/src/engine/plausibility";
import { HIST_KIND_EPISODE, H_CODE, H_KIND } from "../../firmware/src/engine/history";

const HOLD = DEFAULT_HOLD_MS;

describe("engine no data", () => {
  it("shows boot, then no data with reason 'never' when nothing ever answers", () => {
    const { e } = newEngine();
    e.onLink({ ok: false, family: null, lastGoodMs: null, reason: "never" }, 100);
    assert.equal(e.view(100).mode, "boot");
    const v = e.view(DEFAULT_BOOT_MS + 1);
    assert.equal(v.mode, "nodata");
    assert.equal(v.link.reason, "never");
    assert.equal(v.link.ageMs, null);
    assert.equal(v.indicator.name, PATTERN_NODATA.name);
  });

  it("shows the age of the last good status and the poller's reason", () => {
    const { e } = newEngine();
    feed(e, 0, 3000, 200, (x) => snap(x));
    e.onLink({ ok: false, family: "jbd", lastGoodMs: 2800, reason: "silent" }, 4000);
    const v = e.view(14000);
    assert.equal(v.mode, "nodata");
    assert.equal(v.link.reason, "silent");
    assert.equal(v.link.ageMs, 11200);
    assert.equal(v.status, null);
  });

  it("goes to no data by itself when statuses stop without a link report (stale)", () => {
    const { e } = newEngine();
    feed(e, 0, 3000, 200, (x) => snap(x));
    assert.equal(e.view(2800 + DEFAULT_STALE_MS).mode, "clear");
    const v = e.view(2801 + DEFAULT_STALE_MS);
    assert.equal(v.mode, "nodata");
    assert.equal(v.link.reason, "stale");
  });

  it("keeps a latched SC, hides other codes, and neither ends nor raises anything from stale values", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 1000, 200, (x) => snap(x, { codes: B.SC | B.OVP }));
    e.onLink({ ok: false, family: "jbd", lastGoodMs: 800, reason: "silent" }, t);
    // Long outage: much longer than the hold.
    for (let x = t; x < t + 5 * HOLD; x += 500) e.tick(x);
    t += 5 * HOLD;
    let v = e.view(t);
    assert.equal(v.mode, "safety");
    assert.deepEqual(v.codes.map((c) => c.code), ["SC"]);
    assert.equal(v.link.ok, false);
    // Nothing ended: both episodes still open in the history.
    assert.equal(e.open, B.SC | B.OVP);
    // A status that was already old when it arrived raises nothing.
    e.onSnapshot(snap(t - DEFAULT_STALE_MS - 1, { codes: B.UVP }), t);
    assert.equal(e.open & B.UVP, 0);
    // Clearing without data is refused with that reason.
    e.onGesture("long", t);
    v = e.view(t);
    assert.equal(v.mode, "refused");
    assert.equal(v.refusal!.reason, "No data from the BMS:");
    assert.equal(v.codes.length, 1);
    // Data returns without the codes: they end after the hold, counted from the first fresh status
    // without them (SC stays latched).
    e.onLink({ ok: true, family: "jbd", lastGoodMs: t + 1000, reason: null }, t + 1000);
    t = feed(e, t + 1000, t + 1000 + HOLD - 200, 200, (x) => snap(x));
    assert.equal(e.open, B.SC | B.OVP);
    t = feed(e, t, t + 400, 200, (x) => snap(x));
    assert.equal(e.open, 0);
    v = e.view(t);
    assert.deepEqual(v.codes.map((c) => [c.code, c.latched]), [["SC", true]]);
  });

  it("no reminder and no OTP escalation from stale values", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 1000, 200, (x) => snap(x, { codes: B.OTP | B.SC }));
    e.onGesture("short", t);
    e.onLink({ ok: false, family: "jbd", lastGoodMs: t, reason: "silent" }, t);
    for (let x = t; x < t + 2 * OTP_SAFETY_MS; x += 1000) e.tick(x);
    t += 2 * OTP_SAFETY_MS;
    assert.equal(e.latched, B.SC);
    assert.equal(e.silenced & B.SC, B.SC);
  });
});

describe("engine NTC plausibility", () => {
  it("raises NTC for a present sensor out of range, not for normal readings", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, 200, (x) => snap(x, { tempsC: [24, 25] }));
    assert.equal(e.view(t).codes.length, 0);
    t = feed(e, t, t + 1000, 200, (x) => snap(x, { tempsC: [24, 150] }));
    assert.deepEqual(e.view(t).codes.map((c) => c.code), ["NTC"]);
  });

  it("raises NTC for a jump a pack cannot make, and clears after the suspicion and the hold", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, 1000, (x) => snap(x, { tempsC: [24, 25] }));
    t = feed(e, t, t + 1000, 1000, (x) => snap(x, { tempsC: [24, 48] }));
    const v = e.view(t);
    assert.deepEqual(v.codes.map((c) => [c.code, c.side]), [["NTC", "none"]]);
    t = feed(e, t, t + NTC_SUSPECT_MS + HOLD + 2000, 1000, (x) => snap(x, { tempsC: [24, 48] }));
    assert.equal(e.view(t).codes.length, 0);
  });

  it("a slow warm-up is no fault", () => {
    const { e } = newEngine();
    const t = feed(e, 0, 10 * 60000, 1000, (x) => snap(x, { tempsC: [20 + Math.floor(x / 20000), 25] }));
    assert.equal(e.hist.len, 0);
    assert.equal(e.view(t).codes.length, 0);
  });

  it("counts the protocol's NTC bit and the engine's own finding as one episode", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, 1000, (x) => snap(x, { tempsC: [24, 25] }));
    // The protocol layer flags the sentinel (-40) and the engine sees the jump: still one NTC episode.
    t = feed(e, t, t + 5000, 1000, (x) => snap(x, { tempsC: [24, -40], codes: B.NTC }));
    let n = 0;
    for (let i = 0; i < e.hist.len; i++) if (e.hist.get(i, H_KIND) === HIST_KIND_EPISODE && e.hist.get(i, H_CODE) === 7) n++;
    assert.equal(n, 1);
    assert.equal(e.view(t).codes[0].count, 1);
  });
});

describe("engine no-data hints", () => {
  function lost(over: object, reason: "never" | "silent" | "garbage") {
    const { e } = newEngine();
    const t = feed(e, 0, 3000, 200, (x) => snap(x, over));
    e.onLink({ ok: false, family: "jk", lastGoodMs: 2800, reason: reason }, t);
    return e.view(t + 1000).link;
  }
  it("tells a BMS restarting after a trip from one asleep, one that stopped, and garbled data", () => {
    assert.equal(lost({ codes: B.OVP }, "silent").hint, "Silent after a trip: restarting?");
    assert.equal(lost({ currentMa: 0 }, "silent").hint, "Silent while idle: asleep?");
    assert.equal(lost({ currentMa: -20000 }, "silent").hint, "BMS stopped answering");
    assert.equal(lost({}, "garbage").hint, "Garbled data: check baud/wiring");
    const { e } = newEngine();
    e.onLink({ ok: false, family: null, lastGoodMs: null, reason: "never" }, 0);
    assert.equal(e.view(DEFAULT_BOOT_MS).link.hint, "Never answered: check wiring");
    assert.equal(lost({}, "silent").hint.length <= 32, true);
  });
  it("has no hint while the link is ok", () => {
    const { e } = newEngine();
    const t = feed(e, 0, 1000, 200, (x) => snap(x));
    assert.equal(e.view(t).link.hint, "");
    assert.equal(e.view(t).link.ok, true);
  });
});
