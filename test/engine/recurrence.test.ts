/** Recurrence and each diagnosis of codes.md, per window and per charge/discharge cycle; "stop clearing". */
import { strict as assert } from "assert";
import { B, cellsWith, feed, newEngine, snap } from "./helpers";
import { Engine, DEFAULT_HOLD_MS } from "../../firmware/src/engine/engine";
import { entryView } from "../../firmware/src/engine/words";
import { Snapshot } from "../../firmware/src/types";
import { F_RECURRING, H_FLAGS } from "../../firmware/src/engine/history";
import { consoleText } from "../../firmware/src/engine/console";
import { toModel } from "../../firmware/src/view/from-engine";
import { SCREEN_OK } from "../../firmware/src/view/model";

const HOLD = DEFAULT_HOLD_MS;
const MIN = 60 * 1000;

/** One episode of `codes` lasting durMs, then quiet until it has ended; returns the time after. */
function episode(e: Engine, t: number, codes: number, durMs: number, over?: Partial<Snapshot>, after?: Partial<Snapshot>): number {
  t = feed(e, t, t + durMs, 1000, (x) => snap(x, Object.assign({ codes: codes }, over || {})));
  return feed(e, t, t + HOLD + 2000, 1000, (x) => snap(x, after || {}));
}

/** A discharge phase then a charge phase (each longer than the cycle confirmation); `inCharge` runs inside the charge. */
function cycle(e: Engine, t: number, inCharge: ((t: number) => number) | null, inDischarge?: ((t: number) => number) | null): number {
  t = feed(e, t, t + 90 * 1000, 1000, (x) => snap(x, { currentMa: -8000 }));
  if (inDischarge) t = inDischarge(t);
  t = feed(e, t, t + 90 * 1000, 1000, (x) => snap(x, { currentMa: 12000 }));
  if (inCharge) t = inCharge(t);
  return t;
}

function diagOf(e: Engine, t: number, code: string) {
  return e.view(t).diags.filter((d) => d.code === code)[0];
}

describe("engine recurrence and diagnosis", () => {
  it("OVP on the same cell in 4 of the last 5 charges -> balancer or cell (per cycle, outside the window)", () => {
    // A 15 min window, so the evidence has to come from the cycles.
    const { e } = newEngine(undefined, { windowMs: 15 * MIN });
    let t = 0;
    const ovp7 = (x: number) => episode(e, x, B.OVP, 20000, { currentMa: 0, cellsMv: cellsWith(7, 3655) }, { currentMa: 0 });
    for (let k = 0; k < 5; k++) t = cycle(e, t, k === 3 ? null : ovp7);
    const d = diagOf(e, t, "OVP");
    assert.ok(d, "diagnosis expected");
    assert.equal(d.recurring, true);
    assert.equal(d.text, "OVP on cell 7, 4 of the last 5 charges -> balancer or cell problem");
    assert.equal(d.evidence, "Cell 7: 4 of last 5 charges");
    assert.equal(d.cause, "Balancer or bad cell");
    assert.equal(e.cyc.chg, 5);
  });

  it("OVP on changing cells -> charge voltage too high", () => {
    const { e } = newEngine();
    let t = 0;
    const cells = [3, 9, 14, 1];
    for (let k = 0; k < 4; k++) t = cycle(e, t, (x) => episode(e, x, B.OVP, 5000, { currentMa: 0, cellsMv: cellsWith(cells[k], 3660) }));
    const d = diagOf(e, t, "OVP");
    assert.equal(d.text, "OVP on changing cells, 4 of the last 4 charges -> charge voltage set too high for the pack");
    assert.equal(d.cause, "Charge voltage too high");
  });

  it("UVP on the same cell -> weak cell, named", () => {
    const { e } = newEngine();
    let t = 0;
    const low = cellsWith(3, 2540);
    for (let k = 0; k < 3; k++) t = cycle(e, t, null, (x) => episode(e, x, B.UVP, 5000, { currentMa: 0, cellsMv: low }));
    const d = diagOf(e, t, "UVP");
    assert.equal(d.text, "UVP on cell 3, 3 of the last 3 discharges -> weak cell (cell 3)");
    assert.equal(d.cause, "Weak cell: cell 3");
    assert.equal(d.evidence, "Cell 3: 3 of last 3 discharges");
  });

  it("OCD on every heavy load -> pack undersized, with the current at the trip", () => {
    const { e } = newEngine();
    let t = 0;
    for (let k = 0; k < 6; k++) {
      t = feed(e, t, t + 3000, 1000, (x) => snap(x, { currentMa: -(175000 + k * 1000) }));
      t = episode(e, t, B.OCD, 3000, { currentMa: 0 });
    }
    const d = diagOf(e, t, "OCD");
    assert.equal(d.text, "OCD at 180 A on 6 heavy loads -> pack undersized for the load / inverter");
    assert.equal(d.evidence, "180 A on 6 heavy loads");
  });

  it("OCC, OTP, UTP and NTC again and again -> their causes, with the evidence", () => {
    const occ = newEngine().e;
    const otp = newEngine().e;
    const utp = newEngine().e;
    const ntc = newEngine().e;
    let t = 0;
    for (let k = 0; k < 3; k++) {
      t = feed(occ, t, t + 2000, 1000, (x) => snap(x, { currentMa: 61000 }));
      t = episode(occ, t, B.OCC, 2000, { currentMa: 0 });
      // Temperatures move by a few degrees only: a jump of 20 °C would be a sensor fault (plausibility).
      t = episode(otp, t, B.OTP, 5000, { tempsC: [59 + k, 40] }, { tempsC: [55, 40] });
      t = episode(utp, t, B.UTP, 5000, { tempsC: [-3 - k, 0] }, { tempsC: [0, 2] });
      t = episode(ntc, t, B.NTC, 5000);
    }
    assert.equal(diagOf(occ, t, "OCC").text, "OCC 3 times in 24 h (up to 61 A) -> charge source too strong, or a stuck contactor");
    assert.equal(diagOf(otp, t, "OTP").text, "OTP 3 times in 24 h, up to 61 C -> a heat source: loose or corroded terminal, poor ventilation");
    assert.equal(diagOf(utp, t, "UTP").text, "UTP 3 times in 24 h, down to -5 C -> the pack needs heating or a warmer place");
    assert.equal(diagOf(ntc, t, "NTC").text, "NTC 3 times in 24 h -> damaged sensor or connector");
    assert.equal(diagOf(otp, t, "OTP").evidence, "3 times in 24 h, 61 C");
    assert.equal(diagOf(occ, t, "OCC").evidence, "3 times in 24 h, 61 A");
    for (const x of [occ, otp, utp, ntc]) assert.equal(x.view(t).diags.length, 1);
  });

  it("two episodes are not a recurrence; episodes older than the window stop counting", () => {
    const { e } = newEngine(undefined, { windowMs: 30 * MIN });
    let t = 0;
    for (let k = 0; k < 2; k++) t = episode(e, t, B.OCC, 2000);
    assert.equal(diagOf(e, t, "OCC"), undefined);
    t = episode(e, t, B.OCC, 2000);
    assert.equal(diagOf(e, t, "OCC").recurring, true);
    assert.equal(e.view(t - 1).codes.length, 0);
    // 31 minutes later the first ones have left the window.
    t = feed(e, t, t + 31 * MIN, 5000, (x) => snap(x));
    assert.equal(diagOf(e, t, "OCC"), undefined);
  });

  it("any SC -> inspect the wiring; a second SC -> do not reconnect", () => {
    const { e } = newEngine();
    let t = episode(e, 0, B.SC, 1000);
    let d = diagOf(e, t, "SC");
    assert.equal(d.recurring, false);
    assert.equal(d.text, "SC 1 time -> wiring fault: inspect before reconnecting");
    e.onGesture("long", t);
    e.onGesture("long", t + 1000);
    t = episode(e, t + 2000, B.SC, 1000);
    d = diagOf(e, t, "SC");
    assert.equal(d.recurring, true);
    assert.equal(d.cause, "Do NOT reconnect: 2nd short");
  });

  it("marks a recurring code on its screen and answers its clear with 'stop clearing, diagnose'", () => {
    const { e } = newEngine();
    let t = 0;
    for (let k = 0; k < 2; k++) t = episode(e, t, B.UTP, 3000, { tempsC: [-4, -2] }, { tempsC: [-1, 0] });
    t = feed(e, t, t + 3000, 1000, (x) => snap(x, { codes: B.UTP, tempsC: [-4, -2] }));
    let v = e.view(t);
    assert.equal(v.codes[0].recurring, 3);
    t = feed(e, t, t + 2000, 1000, (x) => snap(x, { tempsC: [-1, 0] }));
    e.onGesture("long", t);
    v = e.view(t);
    assert.equal(v.mode, "diagnosis");
    assert.equal(v.stopClearing, true);
    assert.equal(v.diag!.code, "UTP");
    assert.equal(v.codes.length, 0);
    assert.ok(e.hist.get(e.hist.len - 1, H_FLAGS) & F_RECURRING);
    // A non-recurring clear says "cleared", not the diagnosis.
    const f = newEngine().e;
    let u = episode(f, 0, B.UTP, 3000);
    u = feed(f, u, u + 3000, 1000, (x) => snap(x, { codes: B.UTP }));
    u = feed(f, u, u + 2000, 1000, (x) => snap(x));
    f.onGesture("long", u);
    assert.equal(f.view(u).mode, "cleared");
  });

  describe("recurrence, unprompted (issue #12)", () => {
    it("OVP on changing cells: from the third charge the code screen says the cause, the evidence and 'lower the charge voltage'", () => {
      const { e } = newEngine();
      let t = 0;
      const cells = [3, 9, 14];
      for (let k = 0; k < 2; k++) t = cycle(e, t, (x) => episode(e, x, B.OVP, 5000, { currentMa: 0, cellsMv: cellsWith(cells[k], 3660) }));
      t = cycle(e, t, null);
      t = feed(e, t, t + 3000, 1000, (x) => snap(x, { codes: B.OVP, currentMa: 0, cellsMv: cellsWith(cells[2], 3660) }));
      const c = e.view(t).codes[0];
      assert.equal(c.code, "OVP");
      assert.equal(c.recurring, 3);
      assert.equal(c.cause, "Charge voltage too high");
      assert.equal(c.evidence, "Any cell: 3 of last 3 charges");
      assert.equal(c.action, "Lower charge voltage");
      assert.deepEqual(e.view(t).reminders, [], "no reminder while the episode is on");
      // After the episode: the all-clear screen keeps the reminder; status, history and console say the same.
      t = feed(e, t, t + HOLD + 2000, 1000, (x) => snap(x, { currentMa: 0 }));
      const v = e.view(t);
      assert.equal(v.mode, "clear");
      assert.deepEqual(v.reminders.map((r) => r.text), ["OVP x3: charge V too high"]);
      assert.equal(toModel(v, t, "b", "1").status!.remind, "OVP x3: charge V too high");
      assert.ok(consoleText(e, t, "status").includes("Reminder: OVP x3: charge V too high"));
      assert.ok(consoleText(e, t, "history").split("\n")[0].includes("recurring: OVP x3: charge V too high"));
      assert.ok(entryView(e, e.hist.len - 1, e.box(t)).remind === "OVP x3: charge V too high");
    });

    it("OVP on the same cell: the action names the balancer and the cell", () => {
      const { e } = newEngine();
      let t = 0;
      for (let k = 0; k < 2; k++) t = cycle(e, t, (x) => episode(e, x, B.OVP, 5000, { currentMa: 0, cellsMv: cellsWith(7, 3655) }));
      t = cycle(e, t, null);
      t = feed(e, t, t + 3000, 1000, (x) => snap(x, { codes: B.OVP, currentMa: 0, cellsMv: cellsWith(7, 3655) }));
      const c = e.view(t).codes[0];
      assert.equal(c.cause, "Balancer or bad cell");
      assert.equal(c.action, "Check balancer, then cell 7");
      assert.equal(c.evidence, "Cell 7: 3 of last 3 charges");
      t = feed(e, t, t + HOLD + 2000, 1000, (x) => snap(x, { currentMa: 0 }));
      assert.deepEqual(e.view(t).reminders.map((r) => r.text), ["OVP x3: balancer/cell 7"]);
    });

    it("OCD on every heavy load: cause and 'reduce the load or size the pack' during the third; the reminder stays until a long press", () => {
      const st = newEngine();
      const e = st.e;
      let t = 0;
      for (let k = 0; k < 3; k++) {
        t = feed(e, t, t + 3000, 1000, (x) => snap(x, { currentMa: -180000 }));
        if (k < 2) t = episode(e, t, B.OCD, 3000, { currentMa: 0 });
      }
      t = feed(e, t, t + 2000, 1000, (x) => snap(x, { codes: B.OCD, currentMa: 0 }));
      const c = e.view(t).codes[0];
      assert.equal(c.cause, "Pack undersized");
      assert.equal(c.evidence, "180 A on 3 heavy loads");
      assert.equal(c.action, "Reduce the load or size the pack");
      t = feed(e, t, t + HOLD + 2000, 1000, (x) => snap(x));
      assert.deepEqual(e.view(t).reminders.map((r) => r.text), ["OCD x3: pack undersized"]);
      // It survives a reboot (counted from the stored history).
      e.flush(t);
      const e2 = newEngine(st.st).e;
      let u = feed(e2, 0, 3000, 1000, (x) => snap(x));
      assert.deepEqual(e2.view(u).reminders.map((r) => r.text), ["OCD x3: pack undersized"]);
      // A long press acknowledges it (entered in the history as cleared).
      e2.onGesture("long", u);
      assert.deepEqual(e2.view(u).cleared!.codes, ["OCD"]);
      u = feed(e2, u, u + 10000, 1000, (x) => snap(x));
      assert.deepEqual(e2.view(u).reminders, []);
      assert.equal(e2.view(u).mode, "clear");
      assert.equal(toModel(e2.view(u), u, "b", "1").screen, SCREEN_OK);
      assert.equal(toModel(e2.view(u), u, "b", "1").status!.remind, "");
    });

    it("the reminder ends by itself when the window passes without the code", () => {
      const { e } = newEngine(undefined, { windowMs: 30 * MIN });
      let t = 0;
      for (let k = 0; k < 3; k++) t = episode(e, t, B.OCC, 2000);
      assert.deepEqual(e.view(t).reminders.map((r) => r.text), ["OCC x3: charger too strong"]);
      t = feed(e, t, t + 29 * MIN, 5000, (x) => snap(x));
      assert.equal(e.view(t).reminders.length, 1);
      t = feed(e, t, t + 2 * MIN, 5000, (x) => snap(x));
      assert.deepEqual(e.view(t).reminders, []);
    });
  });
});
