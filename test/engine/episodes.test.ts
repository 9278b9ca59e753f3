/** Episodes: rise without delay, auto-clear after the hold, flapping merged with a count, what an episode records, ordering. */
import { strict as assert } from "assert";
import { B, CELLS16, cellsWith, feed, newEngine, snap } from "./helpers";
import { DEFAULT_HOLD_MS } from "../../firmware/src/engine/engine";
import { H_CELL, H_DUR, H_MA, H_MV, H_N, H_TMAX, H_TMIN, HIST_KIND_EPISODE, H_KIND } from "../../firmware/src/engine/history";

const HOLD = DEFAULT_HOLD_MS;

describe("engine episodes", () => {
  it("raises a code on the first status that carries it, with no added delay", () => {
    const { e } = newEngine();
    feed(e, 0, 2000, 200, (t) => snap(t));
    assert.equal(e.view(1900).mode, "clear");
    e.onSnapshot(snap(2000, { codes: B.OVP, cellsMv: cellsWith(7, 3652) }), 2000);
    const v = e.view(2000);
    assert.equal(v.mode, "codes");
    assert.deepEqual(v.codes.map((c) => c.code), ["OVP"]);
    assert.equal(v.codes[0].present, true);
    assert.equal(v.codes[0].cell, 7);
    assert.equal(v.codes[0].cellMv, 3652);
  });

  it("clears itself after the hold, not before", () => {
    const { e } = newEngine();
    feed(e, 0, 5000, 200, (t) => snap(t, { codes: B.UVP }));
    // Gone from 5000 on: still shown (not present) until 5000 + HOLD.
    feed(e, 5000, 5000 + HOLD - 200, 200, (t) => snap(t));
    let v = e.view(5000 + HOLD - 200);
    assert.equal(v.codes.length, 1);
    assert.equal(v.codes[0].present, false);
    feed(e, 5000 + HOLD - 200, 5000 + HOLD + 200, 200, (t) => snap(t));
    v = e.view(5000 + HOLD + 200);
    assert.equal(v.mode, "clear");
    assert.equal(v.codes.length, 0);
    // One episode, 5 s long.
    assert.equal(e.hist.len, 1);
    assert.equal(e.hist.get(0, H_DUR), 5);
  });

  it("ends a held episode from tick alone while statuses keep coming slowly", () => {
    const { e } = newEngine();
    e.onSnapshot(snap(0, { codes: B.OCC }), 0);
    e.onSnapshot(snap(1000), 1000);
    e.tick(1000 + HOLD - 1);
    assert.equal(e.view(1000 + HOLD - 1).codes.length, 1);
    e.onSnapshot(snap(1000 + HOLD - 1), 1000 + HOLD - 1);
    e.tick(1000 + HOLD);
    assert.equal(e.view(1000 + HOLD).codes.length, 0);
  });

  it("merges flapping within the hold into one episode with a count", () => {
    const { e } = newEngine();
    // OVP on 1 s, off 3 s, four times: every gap shorter than the hold.
    let t = 0;
    for (let k = 0; k < 4; k++) {
      t = feed(e, t, t + 1000, 200, (x) => snap(x, { codes: B.OVP }));
      t = feed(e, t, t + 3000, 200, (x) => snap(x));
    }
    assert.equal(e.view(t).codes[0].count, 4);
    t = feed(e, t, t + HOLD + 1000, 200, (x) => snap(x));
    assert.equal(e.view(t).codes.length, 0);
    let episodes = 0;
    for (let i = 0; i < e.hist.len; i++) if (e.hist.get(i, H_KIND) === HIST_KIND_EPISODE) episodes++;
    assert.equal(episodes, 1);
    assert.equal(e.hist.get(0, H_N), 4);
    // A gap longer than the hold makes a second episode.
    t = feed(e, t, t + 1000, 200, (x) => snap(x, { codes: B.OVP }));
    t = feed(e, t, t + HOLD + 1000, 200, (x) => snap(x));
    assert.equal(e.hist.len, 2);
    assert.equal(e.hist.get(1, H_N), 1);
  });

  it("records the highest cell for OVP and the lowest non-zero cell for UVP", () => {
    const { e } = newEngine();
    const cells = CELLS16.slice();
    cells[2] = 2550; // cell 3 lowest connected
    cells[15] = 0; // cell 16 unconnected: never the UVP cell
    e.onSnapshot(snap(0, { codes: B.UVP, cellsMv: cells }), 0);
    e.onSnapshot(snap(200, { codes: B.OVP, cellsMv: cellsWith(11, 3710) }), 200);
    const v = e.view(200);
    const uvp = v.codes.filter((c) => c.code === "UVP")[0];
    const ovp = v.codes.filter((c) => c.code === "OVP")[0];
    assert.equal(uvp.cell, 3);
    assert.equal(uvp.cellMv, 2550);
    assert.equal(ovp.cell, 11);
    assert.equal(ovp.cellMv, 3710);
  });

  it("takes the cell from the next status when the first had none", () => {
    const { e } = newEngine();
    e.onSnapshot(snap(0, { codes: B.OVP, cellsMv: null }), 0);
    assert.equal(e.view(0).codes[0].cell, 0);
    e.onSnapshot(snap(200, { codes: B.OVP, cellsMv: cellsWith(5, 3690) }), 200);
    assert.equal(e.view(200).codes[0].cell, 5);
  });

  it("names the cell that tripped once fresh cells come, not the one of cells read before the trip", () => {
    const { e } = newEngine();
    // The status that raises OVP still carries cells read before the trip: cell 16 is highest there.
    e.onSnapshot(snap(0, { codes: B.OVP, cellsMv: CELLS16.slice() }), 0);
    assert.equal(e.view(0).codes[0].cell, 16);
    // The poller reads the cells again at the rise: cell 2 is far above the others.
    e.onSnapshot(snap(200, { codes: B.OVP, cellsMv: cellsWith(2, 3720) }), 200);
    assert.equal(e.view(200).codes[0].cell, 2);
    assert.equal(e.view(200).codes[0].cellMv, 3720);
    // Later, lower readings of the same episode do not move it away from the peak.
    e.onSnapshot(snap(400, { codes: B.OVP, cellsMv: cellsWith(5, 3650) }), 400);
    assert.equal(e.view(400).codes[0].cell, 2);
    assert.equal(e.hist.get(0, H_CELL), 2);
  });

  it("records the current at the trip from the previous status when the BMS already cut it (OCD)", () => {
    const { e } = newEngine();
    e.onSnapshot(snap(0, { currentMa: -182400 }), 0);
    e.onSnapshot(snap(200, { codes: B.OCD, currentMa: 0 }), 200);
    e.onSnapshot(snap(400, { codes: B.OCD, currentMa: 0 }), 400);
    assert.equal(e.view(400).codes[0].currentMa, -182400);
    assert.equal(e.hist.get(0, H_MA), -182400);
  });

  it("records temperatures over the episode", () => {
    const { e } = newEngine();
    e.onSnapshot(snap(0, { codes: B.OTP, tempsC: [58, 40], mosC: 50 }), 0);
    e.onSnapshot(snap(1000, { codes: B.OTP, tempsC: [61, 41], mosC: 50 }), 1000);
    e.onSnapshot(snap(2000, { codes: B.OTP, tempsC: [60, 38], mosC: 50 }), 2000);
    assert.equal(e.hist.get(0, H_TMAX), 61);
    assert.equal(e.hist.get(0, H_TMIN), 38);
    assert.equal(e.view(2000).codes[0].tempC, 61);
    assert.equal(e.hist.get(0, H_CELL), 0);
    assert.equal(e.hist.get(0, H_MV), 0);
  });

  it("orders several codes by severity, then age (oldest first)", () => {
    const { e } = newEngine();
    e.onSnapshot(snap(0, { codes: B.NTC }), 0);
    e.onSnapshot(snap(200, { codes: B.NTC | B.OVP }), 200);
    e.onSnapshot(snap(400, { codes: B.NTC | B.OVP | B.SC }), 400);
    const v = e.view(400);
    assert.deepEqual(v.codes.map((c) => c.code), ["SC", "NTC", "OVP"]);
    assert.deepEqual(v.codes.map((c) => c.sevName), ["safety", "act", "act"]);
    assert.equal(v.mode, "safety");
  });

  it("uses the side the BMS says is blocked, else the table's", () => {
    const { e } = newEngine();
    e.onSnapshot(snap(0, { codes: B.OTP | B.UTP, dischargeBlocked: B.OTP }), 0);
    const v = e.view(0);
    assert.equal(v.codes.filter((c) => c.code === "OTP")[0].side, "discharge");
    assert.equal(v.codes.filter((c) => c.code === "UTP")[0].side, "charge");
  });
});

describe("engine: why is charging or the load off", () => {
  it("names the codes that block the side whose FET is off, or the lock, or says there is no code", () => {
    const { e } = newEngine();
    e.onSnapshot(snap(0), 0);
    assert.equal(e.view(0).why, "");
    e.onSnapshot(snap(200, { codes: B.OVP | B.NTC, chargeFet: false }), 200);
    assert.equal(e.view(200).why, "Charging off: OVP");
    e.onSnapshot(snap(400, { codes: B.SC, dischargeFet: false }), 400);
    assert.equal(e.view(400).why, "Load off: SC");
    e.onSnapshot(snap(600, { codes: B.OTP, chargeFet: false, dischargeFet: false, chargeBlocked: B.OTP, dischargeBlocked: B.OTP }), 600);
    assert.equal(e.view(600).why, "Charge + load off: OTP");
    e.onSnapshot(snap(800, { chargeFet: false, mosLock: true }), 800);
    assert.equal(e.view(800).why, "Charging off: MOSFET lock");
    e.onSnapshot(snap(1000, { dischargeFet: false }), 1000);
    assert.equal(e.view(1000).why, "Load off by the BMS (no code)");
    e.onSnapshot(snap(1200, { codes: 0xff, chargeFet: false, dischargeFet: false }), 1200);
    assert.ok(e.view(1200).why!.length <= 32);
    assert.equal(e.view(1200).why, "Charge + load off: 7 codes");
  });
});
