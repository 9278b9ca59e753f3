/**
 * The built firmware on a slow interpreter: the simulator charges its callbacks interpreter time (DeviceOptions.cpuMs,
 * here fixed figures, not measured ones), so the order of the box's work shows in virtual time. What a person sees
 * first must come first: a first code's LED and first look in the read that took its status, from its protection bits
 * (firmware/main.ts onCodes), before the engine's callback.
 */
import * as assert from "assert";
import { Rig } from "../../sim/rigs/rig";
import { CpuCharge } from "../../sim/runtime";
import { describe as kindOf } from "../../tools/bench/interpreter-time";
import { firstCodeLedEdge } from "../../tools/bench/latency";
import { patternOf } from "../../firmware/codes/patterns";
import { SEV_ACT, SEV_SAFETY } from "../../firmware/codes/severity";
import { trackAt } from "../../firmware/drivers/indicator";

/** Reads READ_MS, the engine's callback ENGINE_MS, anything else nothing. */
const READ_MS = 20;
const ENGINE_MS = 80;

function charge(): CpuCharge {
  const kinds = new Map<Function, string>();
  const c = ((kind, fn) => {
    if (kind === "read") return READ_MS;
    if (kind !== "other") return 0;
    let k = kinds.get(fn);
    if (k === undefined) kinds.set(fn, (k = kindOf(fn.toString())));
    return k === "engine" ? ENGINE_MS : 0;
  }) as CpuCharge;
  // The poll loop's runs that take an answer are the reads (as the bench tells them: the listener ran since its last run).
  c.reads = (fn) => kindOf(fn.toString()) === "poll tick";
  return c;
}

describe("the firmware on a slow interpreter (callbacks charged interpreter time)", function () {
  this.timeout(60000);

  it("a first code's LED and first look come in the read that took its status, not after the engine's callback", () => {
    const rig = new Rig({ board: "esp32-devkitc", family: "jbd", seed: 7, bms: { pack: { socPct: 60 } }, cpuMs: charge() });
    // Each reply with the end of the request it answers (the BMS model answers with its state then).
    const rx: { tMs: number; requestEnd: number }[] = [];
    let requestEnd = -Infinity;
    rig.wire.on("tx", (e: { tMs: number }) => { requestEnd = e.tMs; });
    rig.wire.on("rx", (e: { tMs: number }) => rx.push({ tMs: e.tMs, requestEnd }));
    rig.boot();
    rig.clock.runUntil(4000);
    let oledAt = -1;
    rig.watchFrames((t) => {
      if (rig.codesShown().indexOf("OCD") < 0) return false;
      oledAt = t;
      return true;
    });
    rig.bms.change(rig.clock.now(), (p) => { p.loadA = 160; });
    rig.clock.runUntil(7000);
    rig.bms.advance(rig.clock.now());
    const trip = rig.trips.find((x) => x.id === "ocd");
    assert.ok(trip, "OCD tripped");
    const led = firstCodeLedEdge(rig.led, trip!.tMs);
    assert.ok(led !== null && oledAt > 0, "LED and OLED show the code");
    // The reply that carried the flag: the first to a request that ended at or after the trip.
    const reply = rx.find((r) => r.requestEnd >= trip!.tMs);
    assert.ok(reply);
    // RX grid (≤ 5 ms) + the read; the engine's callback would add its 80 ms before either.
    assert.ok(led! - reply!.tMs <= 5 + READ_MS + 1, "LED " + (led! - reply!.tMs) + " ms after the reply");
    assert.ok(oledAt - reply!.tMs < 5 + READ_MS + ENGINE_MS, "first look " + (oledAt - reply!.tMs) + " ms after the reply");
    // The LED is lit before the first look is drawn (main.ts onCodes): that is the code's pattern only because every
    // code's pattern starts lit.
    for (const sev of [SEV_SAFETY, SEV_ACT]) assert.ok(patternOf(sev).led[0] > 0 && trackAt(patternOf(sev).led, 0).on, "pattern " + sev + " starts lit");
  });
});
