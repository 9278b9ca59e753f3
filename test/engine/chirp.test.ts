/**
 * Losing the BMS is worth a sound, once (issue 12 item 4): after chirpAfterMs without data a box that had data
 * chirps (CHIRP_TRACK, for CHIRP_WINDOW_MS), again every CHIRP_EVERY_MS, until data returns or a short press;
 * a BMS never heard since boot never chirps; 0 turns it off.
 */
import { strict as assert } from "assert";
import { feed, newEngine, snap } from "./helpers";
import { CHIRP_EVERY_MS, CHIRP_TRACK, CHIRP_WINDOW_MS, DEFAULT_CHIRP_AFTER_MS } from "../../firmware/src/engine/engine";

const AFTER = DEFAULT_CHIRP_AFTER_MS;
const buzz = (e: ReturnType<typeof newEngine>["e"], t: number) => e.view(t).indicator.buzz;

describe("engine: the lost-BMS chirp", () => {
  it("the default waits 10 minutes", () => {
    assert.equal(AFTER, 10 * 60 * 1000);
  });

  it("quiet until chirpAfterMs after the last status, then the chirp for its window, then quiet until the next", () => {
    const { e } = newEngine();
    const last = feed(e, 0, 3000, 200, (x) => snap(x)) - 200; // the last status came at 2800
    e.onLink({ ok: false, family: "jbd", lastGoodMs: last, reason: "silent" }, last + 1000);
    assert.equal(e.view(last + 20000).mode, "nodata");
    assert.deepEqual(buzz(e, last + AFTER - 1), []);
    assert.deepEqual(buzz(e, last + AFTER), CHIRP_TRACK);
    assert.deepEqual(buzz(e, last + AFTER + CHIRP_WINDOW_MS - 1), CHIRP_TRACK);
    assert.deepEqual(buzz(e, last + AFTER + CHIRP_WINDOW_MS), []);
    assert.deepEqual(buzz(e, last + AFTER + CHIRP_EVERY_MS - 1), []);
    assert.deepEqual(buzz(e, last + AFTER + CHIRP_EVERY_MS), CHIRP_TRACK);
  });

  it("a short press silences it for this outage; the next outage chirps again", () => {
    const { e } = newEngine();
    let last = feed(e, 0, 3000, 200, (x) => snap(x)) - 200;
    e.onLink({ ok: false, family: "jbd", lastGoodMs: last, reason: "silent" }, last + 1000);
    e.onGesture("short", last + AFTER + 100);
    assert.deepEqual(buzz(e, last + AFTER + CHIRP_EVERY_MS), []);
    // Data returns, then goes again.
    const back = last + AFTER + CHIRP_EVERY_MS + 1000;
    e.onLink({ ok: true, family: "jbd", lastGoodMs: back, reason: null }, back);
    last = feed(e, back, back + 2000, 200, (x) => snap(x)) - 200;
    assert.deepEqual(buzz(e, last + 100), []);
    e.onLink({ ok: false, family: "jbd", lastGoodMs: last, reason: "silent" }, last + 1000);
    assert.deepEqual(buzz(e, last + AFTER), CHIRP_TRACK);
  });

  it("a BMS never heard since boot never chirps", () => {
    const { e } = newEngine();
    e.onLink({ ok: false, family: null, lastGoodMs: null, reason: "never" }, 100);
    for (let t = 0; t < 3 * CHIRP_EVERY_MS; t += 1000) assert.deepEqual(buzz(e, t), [], "at " + t);
  });

  it("0 turns it off", () => {
    const { e } = newEngine(undefined, { chirpAfterMs: 0 });
    const last = feed(e, 0, 3000, 200, (x) => snap(x)) - 200; // the last status came at 2800
    e.onLink({ ok: false, family: "jbd", lastGoodMs: last, reason: "silent" }, last + 1000);
    for (let t = last; t < last + 2 * CHIRP_EVERY_MS; t += 1000) assert.deepEqual(buzz(e, t), [], "at " + t);
  });
});
