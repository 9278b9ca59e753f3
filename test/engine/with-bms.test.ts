/**
 * Host-level time line through the real parts: the simulated JBD BMS (sim/bms, pack physics and its own
 * protection logic) ↔ the protocol poller (firmware/src/protocol) ↔ the engine. Five days of cycling a pack
 * whose cell 3 has 10 % less capacity and a broken balancer: the BMS trips OVP on cell 3 near the end of every
 * charge, and the engine must turn that into "OVP on cell 3 … -> balancer or cell problem". Bytes go straight
 * from one to the other after the BMS's turnaround plus their wire time (byte-accurate timing is the simulator's).
 */
import { strict as assert } from "assert";
import { JbdBms, JkBms, SimBms } from "../../sim/bms";
import { Poller } from "../../firmware/src/protocol/poller";
import { Engine } from "../../firmware/src/engine/engine";
import { MemStorage } from "./helpers";
import { LinkState } from "../../firmware/src/ports";
import { Snapshot } from "../../firmware/src/types";

describe("engine with the simulated JBD BMS and the real poller", () => {
  it("cell 3 running high on every charge becomes an OVP-on-cell-3 diagnosis", function () {
    this.timeout(120000);
    const bms = new JbdBms({ pack: { cells: 4, capacityAh: 1, socPct: 60, cellCapacityScale: [1, 1, 0.9, 1], balancer: { broken: true } } });
    const engine = new Engine(new MemStorage());
    let t = 0;
    const inbox: { at: number; bytes: Uint8Array }[] = [];
    let snaps = 0;
    const poller = new Poller(
      "jbd",
      {
        send: (bytes: Uint8Array) => {
          bms.advance(t);
          // Delivered after the request and the reply have crossed the wire at 9600 baud (10 bits a byte).
          for (const r of bms.receive(bytes, t)) inbox.push({ at: t + bms.turnaroundMs + Math.ceil(((bytes.length + r.length) * 10000) / bms.baud), bytes: r });
        },
        setBaud: () => undefined,
      },
      {
        onSnapshot: (s: Snapshot) => {
          snaps++;
          engine.onSnapshot(s, t);
        },
        onLink: (l: LinkState) => engine.onLink(l, t),
      },
    );
    poller.start(t);
    const ovpStarts: number[] = [];
    let wasOvp = false;
    function run(until: number, stopOnOvpAfterMs: number): void {
      let firstOvp = -1;
      while (t < until) {
        t += 20;
        bms.advance(t);
        while (inbox.length && inbox[0].at <= t) poller.onBytes(inbox.shift()!.bytes, t);
        poller.tick(t);
        engine.tick(t);
        const ovp = engine.view(t).codes.some((c) => c.code === "OVP" && c.present);
        if (ovp && !wasOvp) ovpStarts.push(t);
        wasOvp = ovp;
        if (ovp && firstOvp < 0) firstOvp = t;
        if (stopOnOvpAfterMs >= 0 && firstOvp >= 0 && t - firstOvp > stopOnOvpAfterMs) return;
      }
    }
    for (let day = 0; day < 5; day++) {
      // Evening: a 10 A load for 3 minutes (30 % of the 1 Ah pack).
      bms.change(t, (p) => {
        p.chargerA = 0;
        p.loadA = 10;
      });
      run(t + 3 * 60000, -1);
      // Day: a 6 A charger until a minute after the first OVP.
      bms.change(t, (p) => {
        p.loadA = 0;
        p.chargerA = 6;
      });
      run(t + 30 * 60000, 60000);
    }
    bms.change(t, (p) => {
      p.chargerA = 0;
    });
    run(t + 30000, -1);
    assert.ok(snaps > 1000, "statuses: " + snaps);
    assert.ok(ovpStarts.length >= 5, "OVP trips seen: " + ovpStarts.length);
    assert.equal(engine.cyc.chg, 5);
    const v = engine.view(t);
    const d = v.diags.filter((x) => x.code === "OVP")[0];
    assert.ok(d, "an OVP diagnosis: " + JSON.stringify(v.diags));
    assert.equal(d.text, "OVP on cell 3, 5 of the last 5 charges -> balancer or cell problem");
    assert.equal(bms.forbiddenWrites.length, 0);
    // One episode per trip of the BMS's own cell-OV protection: none missed, none invented.
    assert.equal(engine.hist.len, bms.pack.prot["cellOv"].trips);
    assert.equal(engine.recurrence(0, t).all, 5);
  });

  /** BMS ↔ poller ↔ engine on a 20 ms step; returns a runner. */
  function rig(bms: SimBms) {
    const engine = new Engine(new MemStorage());
    const inbox: { at: number; bytes: Uint8Array }[] = [];
    // run is set below, once the poller it drives exists.
    const r: { t: number; engine: Engine; snaps: number; run: (until: number) => void } = { t: 0, engine: engine, snaps: 0, run: () => undefined };
    const poller = new Poller(
      bms.family,
      {
        send: (bytes: Uint8Array) => {
          bms.advance(r.t);
          for (const x of bms.receive(bytes, r.t)) inbox.push({ at: r.t + bms.turnaroundMs + Math.ceil(((bytes.length + x.length) * 10000) / bms.baud), bytes: x });
        },
        setBaud: () => undefined,
      },
      {
        onSnapshot: (s: Snapshot) => {
          r.snaps++;
          engine.onSnapshot(s, r.t);
        },
        onLink: (l: LinkState) => engine.onLink(l, r.t),
      },
    );
    poller.start(0);
    r.run = (until: number) => {
      while (r.t < until) {
        r.t += 20;
        bms.advance(r.t);
        while (inbox.length && inbox[0].at <= r.t) poller.onBytes(inbox.shift()!.bytes, r.t);
        poller.tick(r.t);
        engine.tick(r.t);
      }
    };
    return r;
  }

  it("OCD on every heavy load: the current at the trip comes from the status before the BMS cut it", function () {
    this.timeout(60000);
    const bms = new JbdBms({ pack: { cells: 4, capacityAh: 100, socPct: 80 } });
    const r = rig(bms);
    r.run(5000);
    for (let k = 0; k < 3; k++) {
      // A 150 A inverter surge (OCD at 120 A after 1 s), removed after 3 s; the BMS releases 32 s later.
      bms.change(r.t, (p) => (p.loadA = 150));
      r.run(r.t + 3000);
      bms.change(r.t, (p) => (p.loadA = 0));
      r.run(r.t + 60000);
    }
    assert.equal(bms.pack.prot["ocd"].trips, 3);
    assert.equal(r.engine.recurrence(3, r.t).all, 3);
    const d = r.engine.view(r.t).diags.filter((x) => x.code === "OCD")[0];
    assert.equal(d.text, "OCD at 150 A on 3 heavy loads -> pack undersized for the load / inverter");
  });

  it("a JK that restarts at a trip: no data with age and reason, nothing raised or ended while silent", function () {
    this.timeout(60000);
    const bms = new JkBms({ pack: { cells: 4, capacityAh: 100, socPct: 60 }, rebootAfterTripMs: 30000 });
    const r = rig(bms);
    r.run(5000);
    assert.equal(r.engine.view(r.t).mode, "clear");
    bms.change(r.t, (p) => (p.loadA = 150));
    let v = r.engine.view(r.t);
    let t0 = r.t;
    // Until the BMS goes quiet the engine must have seen the OCD (or the BMS went silent first).
    while (r.t < t0 + 20000) {
      r.run(r.t + 100);
      v = r.engine.view(r.t);
      if (!v.link.ok) break;
    }
    assert.equal(v.link.ok, false, "the JK went silent");
    // The model goes silent at the instant of the trip, so no status ever carried the OCD: the engine cannot
    // know a trip happened and says only what it knows (a load was flowing, so not asleep).
    assert.equal(r.engine.open, 0);
    bms.change(r.t, (p) => (p.loadA = 0));
    const openBefore = r.engine.open;
    r.run(r.t + 20000);
    v = r.engine.view(r.t);
    assert.equal(v.mode, "nodata");
    assert.equal(v.link.hint, "BMS stopped answering");
    assert.equal(v.link.reason, "silent");
    assert.ok(v.link.ageMs! >= 20000, "age " + v.link.ageMs);
    // Nothing raised or ended while it was silent.
    assert.equal(r.engine.open, openBefore);
    assert.equal(v.codes.length, 0);
    // It answers again: back to all clear after the hold.
    r.run(r.t + 60000);
    assert.equal(r.engine.view(r.t).mode, "clear");
  });
});
