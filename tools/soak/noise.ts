/**
 * Noisy line soak: the built firmware against a BMS model for many simulated hours with a bit-error rate on
 * every reply (default 1e-3 per bit: a 34-byte JBD reply is hit ~24 % of the time, a 267-byte JK reply ~88 %),
 * with real faults injected every `everyMs` (alternately OCD: 160 A load for 5 s, and OCC: 80 A charger for
 * 6 s; both release by themselves after the BMS's 32 s). Judged from the glass (OCR of every OLED frame), the
 * LED and the buzzer pins:
 *  - false codes: any code on the glass outside an injected fault's window (trip → its release + the 10 s hold
 *    + margin), or any code other than the injected one inside it;
 *  - detection: each injected fault's trip → LED change and trip → first OLED frame with its code, compared
 *    with `limitMs` (twice the noise-free p99, measured by the caller);
 *  - also counted: NO DATA screens (noise costs answers; a link that drops is not a code but is reported).
 */
import { Family } from "../../firmware/src/types";
import { Rig } from "../../sim/rigs/rig";
import { firstCodeLedEdge } from "../bench/latency";

export interface Injection {
  code: string;
  atMs: number;
  tripMs: number | null;
  ledMs: number | null;
  oledMs: number | null;
}

export interface NoiseReport {
  family: Family;
  hours: number;
  ber: number;
  injections: Injection[];
  falseCodes: { tMs: number; codes: string[] }[];
  noDataScreens: number;
  flippedBits: number;
  replies: number;
  requests: number;
  firmwareErrors: number;
  hostMs: number;
}

const WINDOW_MS = 60000;

export function runNoiseSoak(board: string, family: Family, hours: number, ber: number, everyMs: number, seed: number): NoiseReport {
  const t0 = Date.now();
  const rig = new Rig({ board, family, seed, bms: { pack: { socPct: 60, capacityAh: 1000 } }, keepSent: false });
  const durationMs = hours * 3600000;
  const injections: Injection[] = [];
  for (let t = everyMs, k = 0; t + WINDOW_MS < durationMs; t += everyMs, k++) {
    const occ = k % 2 === 1;
    const inj: Injection = { code: occ ? "OCC" : "OCD", atMs: t, tripMs: null, ledMs: null, oledMs: null };
    injections.push(inj);
    rig.clock.at(t, () => rig.bms.change(t, (p) => { if (occ) p.chargerA = 80; else p.loadA = 160; }));
    rig.clock.at(t + (occ ? 6000 : 5000), () => rig.bms.change(rig.clock.now(), (p) => { p.chargerA = 0; p.loadA = 0; }));
    // the BMS evaluates continuously: bring the model to the trip time even if no request comes then
    rig.clock.at(t + 2500, () => rig.bms.advance(rig.clock.now()));
  }
  const screens: { tMs: number; codes: string[]; noData: boolean }[] = [];
  let lastKey = "";
  rig.oled.onChange = (t: number) => {
    const text = rig.screenText();
    const codes = rig.codesShown();
    const noData = (text.split("\n")[0] || "") === "NO DATA";
    const key = codes.join(",") + (noData ? "!" : "");
    if (key !== lastKey) {
      screens.push({ tMs: t, codes, noData });
      lastKey = key;
    }
  };
  rig.boot();
  rig.clock.runFor(5000);
  rig.wire.setFaults({ bitErrorRate: ber });
  rig.clock.runUntil(durationMs);

  // Match trips to injections.
  for (const inj of injections) {
    const id = inj.code === "OCC" ? "occ" : "ocd";
    const trip = rig.trips.find((x) => x.id === id && x.tMs >= inj.atMs && x.tMs < inj.atMs + 10000);
    if (!trip) continue;
    inj.tripMs = trip.tMs;
    const led = firstCodeLedEdge(rig.led, trip.tMs);
    inj.ledMs = led === null || led > trip.tMs + WINDOW_MS ? null : led - trip.tMs;
    const s = screens.find((x) => x.tMs >= trip.tMs && x.codes.indexOf(inj.code) >= 0);
    inj.oledMs = s && s.tMs < trip.tMs + WINDOW_MS ? s.tMs - trip.tMs : null;
  }
  // False codes: a screen with a code outside every window, or another code inside one.
  const falseCodes: { tMs: number; codes: string[] }[] = [];
  for (const s of screens) {
    if (!s.codes.length) continue;
    const inj = injections.find((x) => x.tripMs !== null && s.tMs >= x.tripMs && s.tMs < x.tripMs + 32000 + WINDOW_MS);
    const ok = inj && s.codes.every((c) => c === inj.code);
    if (!ok) falseCodes.push({ tMs: s.tMs, codes: s.codes });
  }
  return {
    family, hours, ber, injections, falseCodes,
    noDataScreens: screens.filter((s) => s.noData).length,
    flippedBits: rig.wire.stats.flippedBits,
    replies: rig.wire.stats.replies,
    requests: rig.requests,
    firmwareErrors: rig.device.errors.length,
    hostMs: Date.now() - t0,
  };
}
