/**
 * Detection latency: from the moment the simulated BMS's pack logic sets a protection flag (the model's exact
 * trip time, Pack.tripListeners) to (a) the LED pin changing to the code's pattern and (b) the first OLED frame
 * whose pixels read the code (OCR of the SSD1306 model). Byte-accurate timing from sim/runtime: UART byte times,
 * the BMS's turnaround, the ESP32's 5 ms RX polling, the firmware's own timers.
 *
 * Each trial is a fresh box and BMS (no history carried between trials), booted and settled, then a 160 A load
 * is switched on at a random moment; the BMS trips OCD exactly ocdDelayMs (1 s) later, so the trip falls at a
 * random phase of the poll cycle. The trials of one configuration use one seeded generator: runs repeat.
 *
 * The wire limit beside it is computed from frame sizes, baud, the model's turnaround and the firmware's minimum
 * spacing: a flag set at a uniformly random moment is in the first reply built after it, i.e. the reply to the
 * next request; so latency ≥ (wait for the next request end, uniform over one status cycle) + turnaround +
 * reply bytes × 10 / baud.
 */
import { Family } from "../../firmware/src/types";
import { profileOf } from "../../firmware/src/protocol/profiles";
import { buildRequest, REQ_JBD_STATUS, REQ_JK_ALL, REQ_DALY_ALARMS, REQ_DALY_PACK } from "../../firmware/src/protocol/allowlist";
import { DALY_ADDR_PC } from "../../firmware/src/protocol/daly";
import { createBms } from "../../sim/bms";
import { CpuCharge, makeRng } from "../../sim/runtime";
import { Rig, LedEdge } from "../../sim/rigs/rig";
import { DetectionCharge } from "./cpu-charge";
import { describe } from "./interpreter-time";

/** The heartbeat blip of the all-clear pattern (firmware/codes/patterns.ts PATTERN_CLEAR): not a code's LED. */
const HEARTBEAT_MS = 30;
const SETTLE_MS = 4000;
const PHASE_SPAN_MS = 2000;
const GIVE_UP_MS = 10000;

export interface Trial {
  tripMs: number;
  /** ms from trip to the LED change; null when it never came. */
  ledMs: number | null;
  oledMs: number | null;
  /** Chain: trip → end of the request whose reply carried the flag; that request → its reply's end; reply → LED. */
  waitMs: number | null;
  wireMs: number | null;
  boxMs: number | null;
}

export interface Stats {
  n: number;
  min: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(xs: number[]): Stats | null {
  if (!xs.length) return null;
  const s = xs.slice().sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  let sum = 0;
  for (const x of s) sum += x;
  return { n: s.length, min: s[0], p50: q(0.5), p99: q(0.99), max: s[s.length - 1], mean: sum / s.length };
}

/** First LED edge at or after t that is not part of an all-clear heartbeat blip. */
export function firstCodeLedEdge(edges: LedEdge[], t: number): number | null {
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    if (e.tMs < t) continue;
    const next = edges[i + 1];
    const prev = edges[i - 1];
    const blipStart = e.on && next && !next.on && Math.abs(next.tMs - e.tMs - HEARTBEAT_MS) < 0.5;
    const blipEnd = !e.on && prev && prev.on && Math.abs(e.tMs - prev.tMs - HEARTBEAT_MS) < 0.5;
    if (blipStart || blipEnd) continue;
    return e.tMs;
  }
  return null;
}

export interface LatencyConfig {
  board: string;
  family: Family;
  trials: number;
  seed: number;
  /** Firmware source (a variant); the built file otherwise. */
  code?: string;
  /** Interpreter time charged per callback (tools/bench/cpu-charge.ts); absent: JavaScript takes no time. */
  cpuMs?: CpuCharge;
  /** With cpuMs: what the detection's own read and engine callback cost (cpu-charge.ts detectionChargeFrom). */
  detection?: DetectionCharge;
}

/**
 * The trial's charge: cpuMs, but the read that takes the first reply built after the trip (it carries the new flags)
 * and the engine's callback after that read are charged what the detection's chain cost (DetectionCharge), not a
 * steady pack's means. A reply is built after the trip when it starts after it; the BMS model evaluates its pack when
 * a request comes (Pack.tripListeners carry the exact trip time). The read that takes it is the first once all its
 * bytes were handed to the interpreter (a read while the RX task had handed over only part of it finds the frame
 * incomplete, as a steady pack's reads sometimes do, and costs what those cost). The one of the two that changes the LED (the read,
 * DetectionCharge.inRead, or the engine's callback) is charged up to its LED write (an output counts at the end of the
 * charge so far: sim/runtime/device.ts outputTime), then its first look's drawing as the drawing the simulator adds
 * when a callback writes to the display (CpuCharge.drawMs), then the rest after its writes (CpuCharge.afterMs), each
 * for that callback only; the other its whole cost.
 */
function chargeWithDetection(base: CpuCharge, d: DetectionCharge): { charge: CpuCharge; watch: (rig: Rig) => void } {
  let armed = false;
  let need = 0;
  let got = 0;
  let whole = false;
  let read = false;
  let engine = false;
  const watch = (rig: Rig) => {
    // The BMS model answers with its state when a request's last byte reaches it (sim/runtime/wire.ts): the first
    // reply to carry the flag answers the first request that ended at or after the trip (one that started after the
    // trip can still answer a request that ended before it). The reply is announced when it starts on the line; its
    // bytes reach the interpreter after it, chunk by chunk.
    let requestEnd = -Infinity;
    rig.wire.on("tx", (e: { tMs: number }) => { requestEnd = e.tMs; });
    rig.wire.on("rx", (e: { tMs: number; bytes: Uint8Array }) => {
      const trip = rig.trips.find((x) => x.id === "ocd");
      if (trip && !armed && requestEnd >= trip.tMs) {
        armed = true;
        need = e.bytes.length;
      }
    });
    for (const n of Object.keys(rig.device.serial)) {
      rig.device.serial[n].sim.on("deliver", (chunk: string) => {
        if (armed && !whole && (got += chunk.length) >= need) whole = true;
      });
    }
  };
  const isEngine = new Map<Function, boolean>();
  const charge = ((kind, fn) => {
    charge.drawMs = base.drawMs;
    charge.afterMs = 0;
    if (whole && !read && kind === "read") {
      read = true;
      if (!d.inRead) return d.readMs;
      charge.drawMs = d.frameMs;
      charge.afterMs = d.restMs;
      return d.ledMs;
    }
    if (read && !engine && kind === "other") {
      let e = isEngine.get(fn);
      if (e === undefined) isEngine.set(fn, (e = describe(fn.toString()) === "engine"));
      if (e) {
        engine = true;
        if (d.inRead) return d.engineMs;
        charge.drawMs = d.frameMs;
        charge.afterMs = d.restMs;
        return d.ledMs;
      }
    }
    return base(kind, fn);
  }) as CpuCharge;
  return { charge: Object.assign(charge, { drawMs: base.drawMs, framedMs: base.framedMs, drawnMs: base.drawnMs, isDraw: base.isDraw, reads: base.reads, sentMs: base.sentMs }), watch };
}

export function runTrial(cfg: LatencyConfig, rand: () => number, index: number): Trial {
  const det = cfg.cpuMs && cfg.detection ? chargeWithDetection(cfg.cpuMs, cfg.detection) : null;
  const rig = new Rig({ board: cfg.board, family: cfg.family, code: cfg.code, seed: cfg.seed * 1000 + index, bms: { pack: { socPct: 60 } }, cpuMs: det ? det.charge : cfg.cpuMs });
  if (det) det.watch(rig);
  const rx: { tMs: number; startMs: number }[] = [];
  rig.wire.on("rx", (e: { tMs: number; bytes: Uint8Array }) => {
    rx.push({ tMs: e.tMs, startMs: e.tMs - byteMs(e.bytes.length, rig.bms.baud) });
  });
  rig.boot();
  rig.clock.runUntil(SETTLE_MS);
  const loadAt = SETTLE_MS + rand() * PHASE_SPAN_MS;
  rig.clock.at(loadAt, () => rig.bms.change(rig.clock.now(), (p) => { p.loadA = 160; }));
  let oledAt: number | null = null;
  rig.watchFrames((t) => {
    if (rig.trips.length && rig.codesShown().indexOf("OCD") >= 0) {
      oledAt = t;
      return true;
    }
    return false;
  });
  // The pack trips lazily (when the model is next asked), but with its exact trip time; run in steps until
  // both the glass and the LED show the code.
  const end = loadAt + GIVE_UP_MS;
  let ledAt: number | null = null;
  while (rig.clock.now() < end) {
    rig.clock.runFor(100);
    // A real BMS evaluates continuously; the model trips when asked, with the exact trip time either way.
    rig.bms.advance(rig.clock.now());
    const trip = rig.trips.find((x) => x.id === "ocd");
    if (!trip) continue;
    ledAt = firstCodeLedEdge(rig.led, trip.tMs);
    if (ledAt !== null && oledAt !== null) break;
  }
  const trip = rig.trips.find((x) => x.id === "ocd");
  if (!trip) return { tripMs: NaN, ledMs: null, oledMs: null, waitMs: null, wireMs: null, boxMs: null };
  const t: Trial = { tripMs: trip.tMs, ledMs: ledAt === null ? null : ledAt - trip.tMs, oledMs: oledAt === null ? null : oledAt - trip.tMs, waitMs: null, wireMs: null, boxMs: null };
  if (ledAt !== null) {
    // The reply that carried the flag: the last one that ended before the LED changed.
    const carrying = rx.filter((r) => r.tMs <= (ledAt as number) && r.tMs >= trip.tMs);
    const reply = carrying[carrying.length - 1];
    if (reply) {
      const reqs = rig.sent.filter((s) => s.tMs <= reply.startMs);
      const req = reqs[reqs.length - 1];
      if (req) {
        t.waitMs = req.tMs - trip.tMs;
        t.wireMs = reply.tMs - req.tMs;
        t.boxMs = ledAt - reply.tMs;
      }
    }
  }
  return t;
}

export function runLatency(cfg: LatencyConfig): Trial[] {
  const rand = makeRng(cfg.seed);
  const out: Trial[] = [];
  for (let i = 0; i < cfg.trials; i++) out.push(runTrial(cfg, rand, i));
  return out;
}

/** Byte time of n bytes at baud (10 bits a byte: start, 8 data, stop), ms. */
export function byteMs(n: number, baud: number): number {
  return (n * 10000) / baud;
}

export interface WireLimit {
  /** Status cycle: ms between two status requests at the firmware's (or the anchor's) pacing. */
  cycleMs: number;
  /** Best case: turnaround + status reply bytes. */
  minMs: number;
  p50Ms: number;
  p99Ms: number;
  detail: string;
}

/** Request/reply sizes: the firmware's own request bytes, the BMS model's reply to them. */
function exchange(family: Family, kind: number): { req: number; reply: number } {
  const req = buildRequest(kind, { dalyAddress: DALY_ADDR_PC, jbdStatus: null, userAsked: false });
  if (!req) throw new Error("no request bytes for kind " + kind);
  const bms = createBms(family, { pack: { socPct: 60 } });
  const replies = bms.receive(req, 0);
  let n = 0;
  for (const r of replies) n += r.length;
  return { req: req.length, reply: n };
}

/**
 * The wire limit for the firmware's pacing (statusPeriodMs = 0) or an anchor's fixed period.
 * JBD: status (0x03) every cycle (cells every 5 s ignored: one extra round in 5 s). JK: read-all every cycle.
 * Daly: status (0x98) then one extra (13-byte answer) per cycle.
 */
export function wireLimit(family: Family, statusPeriodMs: number): WireLimit {
  const prof = profileOf(family);
  const bms = createBms(family, {});
  const turn = bms.turnaroundMs;
  const st = exchange(family, family === "jbd" ? REQ_JBD_STATUS : family === "jk" ? REQ_JK_ALL : REQ_DALY_ALARMS);
  const round = (x: { req: number; reply: number }) => {
    const busy = byteMs(x.req, prof.baud) + turn + byteMs(x.reply, prof.baud) + prof.gapMs;
    return busy > prof.periodMs ? busy : prof.periodMs;
  };
  let cycle = round(st);
  let detail = st.req + " B request + " + turn + " ms turnaround + " + st.reply + " B reply at " + prof.baud + " Bd + " + prof.gapMs + " ms gap";
  if (family === "daly") {
    const ex = exchange(family, REQ_DALY_PACK);
    cycle += round(ex);
    detail += "; + one extra round (" + ex.req + " B / " + ex.reply + " B, ≥ " + prof.periodMs + " ms apart)";
  }
  if (statusPeriodMs > cycle) {
    cycle = statusPeriodMs;
    detail = "status every " + statusPeriodMs + " ms (anchor period)";
  }
  const tail = turn + byteMs(st.reply, prof.baud);
  return { cycleMs: cycle, minMs: tail, p50Ms: 0.5 * cycle + tail, p99Ms: 0.99 * cycle + tail, detail };
}
