/**
 * `bmsbox serve --bms jbd|jk|daly --port DEV [--soc N] [--load A] [--charger A] [--scenario FILE]`
 *
 * A simulated BMS on a real serial port (via `serialport`), to bench-test a real box: it answers the box's
 * requests byte-exactly after its turnaround, its pack advances in real time, and a scenario's BMS-side timeline
 * (loads, charger, heat, probes …) can be played against it. Ctrl-C stops it and lists any forbidden write.
 */
import { Family } from "../../firmware/src/types";
import { createBms, SimBms } from "../bms";
import { hex } from "../bms/base";
import { FAMILIES, loadScenario } from "../scenario/format";
import { applyToBms, describeAction } from "../scenario/runner";
import { parseArgs } from "./args";

/** What serve needs from a port: bytes in, bytes out (a SerialPort, or a fake stream in tests). */
export interface PortLike {
  on(event: "data", fn: (b: Buffer) => void): unknown;
  write(b: Buffer): unknown;
}

export interface Served {
  /** Replies written, by time. */
  readonly sent: { tMs: number; bytes: Uint8Array }[];
  stop(): void;
}

/**
 * Connects a model to a port. `now` gives ms; `later(fn, ms)` schedules (setTimeout, or a virtual clock in tests).
 * Each reply frame goes out after the model's turnaround, the next after the previous one's wire time.
 */
export function serveBms(bms: SimBms, port: PortLike, now: () => number, later: (fn: () => void, ms: number) => void): Served {
  const sent: { tMs: number; bytes: Uint8Array }[] = [];
  let stopped = false;
  port.on("data", (b: Buffer) => {
    if (stopped) return;
    const replies = bms.receive(Uint8Array.from(b), now());
    let delay = bms.turnaroundMs;
    for (const f of replies) {
      later(() => {
        if (stopped) return;
        port.write(Buffer.from(f));
        sent.push({ tMs: now(), bytes: f });
      }, delay);
      delay += (f.length * 10000) / bms.baud;
    }
  });
  return { sent, stop: () => { stopped = true; } };
}

export async function run(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["bms", "port", "soc", "load", "charger", "scenario"], ["help"]);
  if (typeof a === "string" || a.flags.help || !a.values.port || !a.values.bms) {
    console.error((typeof a === "string" ? a + "\n" : "") + "usage: bmsbox serve --bms jbd|jk|daly --port DEV [--soc N] [--load A] [--charger A] [--scenario FILE]");
    return 2;
  }
  const family = a.values.bms as Family;
  if (FAMILIES.indexOf(family) < 0) {
    console.error("bmsbox serve: unknown BMS family " + family);
    return 2;
  }
  const scenario = a.values.scenario ? loadScenario(a.values.scenario) : null;
  const opts = scenario ? Object.assign({}, scenario.bms, scenario.perFamily[family] || {}) : {};
  if (a.values.soc) opts.pack = Object.assign({}, opts.pack || {}, { socPct: Number(a.values.soc) });
  const bms = createBms(family, opts);
  const t0 = Date.now();
  const now = (): number => Date.now() - t0;
  if (a.values.load) bms.change(0, (p) => { p.loadA = Number(a.values.load); });
  if (a.values.charger) bms.change(0, (p) => { p.chargerA = Number(a.values.charger); });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { SerialPort } = require("serialport");
  const port = new SerialPort({ path: a.values.port, baudRate: bms.baud });
  await new Promise<void>((resolve, reject) => port.on("open", resolve).on("error", reject));
  const served = serveBms(bms, port, now, (fn, ms) => { setTimeout(fn, ms); });
  console.log("simulated " + family.toUpperCase() + " BMS on " + a.values.port + " at " + bms.baud + " baud (Ctrl-C to stop)");
  if (scenario) {
    for (const act of scenario.timeline) {
      if (act.families && act.families.indexOf(family) < 0) continue;
      setTimeout(() => {
        if (applyToBms(bms, act, now())) console.log("[" + Math.round(now() / 1000) + " s] " + describeAction(act));
      }, act.atMs);
    }
  }
  const tick = setInterval(() => {
    bms.advance(now());
    const r = bms.pack.read();
    process.stdout.write("\r" + Math.round(now() / 1000) + " s  " + (r.packMv / 1000).toFixed(2) + " V " + r.currentA.toFixed(1) + " A  " +
      Object.keys(bms.answered).map((k) => k + ":" + bms.answered[k]).join(" ") + "  replies " + served.sent.length + "   ");
  }, 1000);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  clearInterval(tick);
  served.stop();
  port.close();
  console.log("\nforbidden writes: " + (bms.forbiddenWrites.length ? bms.forbiddenWrites.map((f) => hex(f)).join(" | ") : "none"));
  return bms.forbiddenWrites.length ? 1 : 0;
}
