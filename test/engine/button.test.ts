/** Latching, silence vs clear, refusal, SC confirmation, reminders, the JBD lock release, OTP escalation. */
import { strict as assert } from "assert";
import { B, cellsWith, feed, newEngine, snap } from "./helpers";
import { DEFAULT_CONFIRM_MS, DEFAULT_HISTORY_IDLE_MS, DEFAULT_HOLD_MS, DEFAULT_MESSAGE_MS, DEFAULT_REMINDER_MS } from "../../firmware/src/engine/engine";
import { entryView } from "../../firmware/src/engine/words";
import { PATTERN_ACT, PATTERN_SAFETY } from "../../firmware/codes/patterns";
import { OTP_SAFETY_MS } from "../../firmware/codes/severity";

const HOLD = DEFAULT_HOLD_MS;
const MIN = 60 * 1000;

describe("engine button and latching", () => {
  it("keeps SC latched after the BMS releases it, until a confirmed clear", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 1000, 200, (x) => snap(x, { codes: B.SC }));
    t = feed(e, t, t + 5 * MIN, 200, (x) => snap(x));
    let v = e.view(t);
    assert.equal(v.mode, "safety");
    assert.deepEqual(v.codes.map((c) => [c.code, c.present, c.latched]), [["SC", false, true]]);
    // Still buzzing: nobody acknowledged it.
    assert.deepEqual(v.indicator.buzz, PATTERN_SAFETY.buzz);
    // First long press only asks for confirmation.
    let r = e.onGesture("long", t);
    assert.equal(r.releaseLock, false);
    v = e.view(t);
    assert.equal(v.mode, "confirm");
    assert.equal(v.confirm!.code, "SC");
    assert.equal(v.codes.length, 1);
    // Second long press within 10 s clears it.
    r = e.onGesture("long", t + 4000);
    v = e.view(t + 4000);
    assert.equal(v.mode, "cleared");
    assert.deepEqual(v.cleared!.codes, ["SC"]);
    assert.equal(v.codes.length, 0);
    t = feed(e, t + 4000, t + 4000 + DEFAULT_MESSAGE_MS, 200, (x) => snap(x));
    assert.equal(e.view(t).mode, "clear");
  });

  it("lets the SC confirmation expire after 10 s; a late second press asks again", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 400, 200, (x) => snap(x, { codes: B.SC }));
    t = feed(e, t, t + HOLD + 1000, 200, (x) => snap(x));
    e.onGesture("long", t);
    t = feed(e, t, t + DEFAULT_CONFIRM_MS + 200, 200, (x) => snap(x));
    assert.equal(e.view(t).mode, "safety");
    e.onGesture("long", t);
    assert.equal(e.view(t).mode, "confirm");
    assert.equal(e.view(t).codes.length, 1);
    // A short press cancels the confirmation; SC stays.
    e.onGesture("short", t + 1000);
    assert.equal(e.view(t + 1000).confirm, null);
    assert.equal(e.view(t + 1000).codes.length, 1);
  });

  it("short press silences the buzzer only; the code stays shown", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 1000, 200, (x) => snap(x, { codes: B.SC }));
    e.onGesture("short", t);
    const v = e.view(t);
    assert.equal(v.mode, "safety");
    assert.equal(v.codes.length, 1);
    assert.equal(v.codes[0].silenced, true);
    assert.equal(v.silenced, true);
    assert.deepEqual(v.indicator.buzz, []);
    assert.deepEqual(v.indicator.led, PATTERN_SAFETY.led);
  });

  it("refuses to clear while the cause is present, with the reason", () => {
    const { e } = newEngine();
    const t = feed(e, 0, 1000, 200, (x) => snap(x, { codes: B.OVP, cellsMv: cellsWith(7, 3652) }));
    const r = e.onGesture("long", t);
    assert.equal(r.releaseLock, false);
    const v = e.view(t);
    assert.equal(v.mode, "refused");
    assert.equal(v.refusal!.code, "OVP");
    assert.equal(v.refusal!.reason, "OVP still reported by BMS");
    assert.equal(v.refusal!.detail, "Cell 7 at 3.652 V");
    assert.equal(v.codes.length, 1);
    // After the message the code screen is back.
    assert.equal(e.view(t + DEFAULT_MESSAGE_MS).mode, "codes");
    // The refusal is in the history.
    assert.equal(entryView(e, e.hist.len - 1, e.box(t)).line, "Refused OVP");
  });

  it("clears a code within its hold at once when its cause is gone", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 1000, 200, (x) => snap(x, { codes: B.OCD }));
    t = feed(e, t, t + 2000, 200, (x) => snap(x));
    assert.equal(e.view(t).codes.length, 1);
    e.onGesture("long", t);
    assert.equal(e.view(t).codes.length, 0);
    assert.deepEqual(e.view(t).cleared!.codes, ["OCD"]);
  });

  it("reminds again while a silenced safety cause persists, not once it is gone", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 1000, 200, (x) => snap(x, { codes: B.SC }));
    e.onGesture("short", t);
    t = feed(e, t, t + DEFAULT_REMINDER_MS - 1000, 500, (x) => snap(x, { codes: B.SC }));
    assert.deepEqual(e.view(t).indicator.buzz, []);
    t = feed(e, t, t + 2000, 500, (x) => snap(x, { codes: B.SC }));
    let v = e.view(t);
    assert.equal(v.codes[0].silenced, false);
    assert.deepEqual(v.indicator.buzz, PATTERN_SAFETY.buzz);
    // Silence again; the cause goes away: no further reminder, code stays latched.
    e.onGesture("short", t);
    t = feed(e, t, t + 3 * DEFAULT_REMINDER_MS, 1000, (x) => snap(x));
    v = e.view(t);
    assert.equal(v.codes[0].latched, true);
    assert.equal(v.codes[0].silenced, true);
    assert.deepEqual(v.indicator.buzz, []);
  });

  it("plays three beeps for an act code, then stays quiet; a new code beeps again", () => {
    const { e } = newEngine();
    feed(e, 0, 200, 200, (x) => snap(x, { codes: B.UVP }));
    assert.deepEqual(e.view(100).indicator.buzz, PATTERN_ACT.buzz);
    assert.deepEqual(e.view(PATTERN_ACT.onceMs + 100).indicator.buzz, []);
    assert.deepEqual(e.view(PATTERN_ACT.onceMs + 100).indicator.led, PATTERN_ACT.led);
    const t = feed(e, 200, 5000, 200, (x) => snap(x, { codes: B.UVP }));
    e.onSnapshot(snap(t, { codes: B.UVP | B.OCD }), t);
    assert.deepEqual(e.view(t + 100).indicator.buzz, PATTERN_ACT.buzz);
  });

  it("asks for the JBD MOSFET-lock release only on JBD with the lock set and nothing refused", () => {
    // JBD, lock set, nothing active: the clear asks for the release.
    let { e } = newEngine();
    let t = feed(e, 0, 1000, 200, (x) => snap(x, { mosLock: true }));
    assert.equal(e.onGesture("long", t).releaseLock, true);
    assert.equal(e.view(t).cleared!.lockReleased, true);
    // JBD, lock not set: nothing is asked.
    ({ e } = newEngine());
    t = feed(e, 0, 1000, 200, (x) => snap(x));
    assert.equal(e.onGesture("long", t).releaseLock, false);
    // Another family never asks, even with the flag.
    ({ e } = newEngine());
    t = feed(e, 0, 1000, 200, (x) => snap(x, { family: "jk", mosLock: true }));
    assert.equal(e.onGesture("long", t).releaseLock, false);
    // A refused clear does not release the lock.
    ({ e } = newEngine());
    t = feed(e, 0, 1000, 200, (x) => snap(x, { mosLock: true, codes: B.UVP }));
    assert.equal(e.onGesture("long", t).releaseLock, false);
    assert.equal(e.view(t).mode, "refused");
    // SC latched: the release waits for the confirmation.
    ({ e } = newEngine());
    t = feed(e, 0, 400, 200, (x) => snap(x, { mosLock: true, codes: B.SC }));
    t = feed(e, t, t + HOLD + 1000, 200, (x) => snap(x, { mosLock: true }));
    assert.equal(e.onGesture("long", t).releaseLock, false);
    assert.equal(e.onGesture("long", t + 1000).releaseLock, true);
    // Silence never asks.
    assert.equal(e.onGesture("short", t + 2000).releaseLock, false);
  });

  it("escalates OTP that persists past its limit to safety and latches it", () => {
    const { e } = newEngine();
    let t = feed(e, 0, OTP_SAFETY_MS - 1000, 1000, (x) => snap(x, { codes: B.OTP, tempsC: [60, 58] }));
    let v = e.view(t);
    assert.equal(v.codes[0].sevName, "act");
    assert.equal(v.mode, "codes");
    e.onGesture("short", t);
    t = feed(e, t, t + 2000, 1000, (x) => snap(x, { codes: B.OTP, tempsC: [60, 58] }));
    v = e.view(t);
    assert.equal(v.codes[0].sevName, "safety");
    assert.equal(v.mode, "safety");
    // Escalation alerts again although it was silenced.
    assert.equal(v.codes[0].silenced, false);
    assert.deepEqual(v.indicator.buzz, PATTERN_SAFETY.buzz);
    // Released by the BMS: stays latched.
    t = feed(e, t, t + 2 * HOLD, 1000, (x) => snap(x, { tempsC: [52, 50] }));
    v = e.view(t);
    assert.deepEqual(v.codes.map((c) => [c.code, c.present, c.latched]), [["OTP", false, true]]);
    // OTP needs no confirmation: one long press clears it.
    e.onGesture("long", t);
    assert.equal(e.view(t).codes.length, 0);
  });

  it("puts an OTP that is already falling in the wait class: wait text, slow LED, no sound", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, 1000, (x) => snap(x, { codes: B.OTP, tempsC: [62, 50] }));
    assert.equal(e.view(t).codes[0].sevName, "act");
    t = feed(e, t, t + 60000, 1000, (x) => snap(x, { codes: B.OTP, tempsC: [62 - Math.floor((x - 2000) / 10000), 50] }));
    const v = e.view(t);
    assert.equal(v.codes[0].sevName, "wait");
    assert.equal(v.codes[0].action, "Cooling already: wait");
    assert.equal(v.indicator.name, "wait");
    assert.deepEqual(v.indicator.buzz, []);
  });

  it("double press opens the history browser; short steps back in time; it closes when idle", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 1000, 200, (x) => snap(x, { codes: B.OCD, currentMa: -150000 }));
    t = feed(e, t, t + HOLD + 1000, 200, (x) => snap(x));
    t = feed(e, t, t + 1000, 200, (x) => snap(x, { codes: B.OVP, cellsMv: cellsWith(7, 3652) }));
    t = feed(e, t, t + HOLD + 1000, 200, (x) => snap(x));
    e.onGesture("double", t);
    let v = e.view(t);
    assert.equal(v.mode, "history");
    assert.equal(v.history!.total, 2);
    assert.equal(v.history!.entry!.line, "OVP c7 3.652 V");
    e.onGesture("short", t + 100);
    v = e.view(t + 100);
    assert.equal(v.history!.entry!.line, "OCD -150 A");
    t = feed(e, t + 100, t + 100 + DEFAULT_HISTORY_IDLE_MS + 500, 500, (x) => snap(x));
    assert.equal(e.view(t).mode, "clear");
  });
});
