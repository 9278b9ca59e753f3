/**
 * The protocol core inside the Espruino-like runtime (sim/runtime), not Node: the poller, framers and
 * decoders bundled alone (esbuild, ES2015, like tools/build.ts), passed through the Espruino gate, run
 * on the virtual clock against each simulated BMS on a byte-timed UART. Proves the code runs where the
 * device's built-ins are missing, and measures autodetect time and flag → snapshot latency there.
 */
import { strict as assert } from "assert";
import * as esbuild from "esbuild";
import * as path from "path";
import { createDevice, Device } from "../../sim/runtime";
import { createBms, SimBms } from "../../sim/bms";
import { checkSource } from "../../tools/gate";
import { Family } from "../../firmware/src/types";

const ROOT = path.join(__dirname, "..", "..");

/** Device-side entry: a minimal composition root with the poller on Serial2 (RX D16, TX D17). */
const ENTRY = `
import { Poller } from "./firmware/src/protocol/poller";
function now(): number { return Math.floor(getTime() * 1000); }
const port = Serial2;
port.setup(9600, { rx: D16, tx: D17 });
const p = new Poller("auto", {
  send: function (b: Uint8Array) { port.write(b); },
  setBaud: function (baud: number) { port.setup(baud, { rx: D16, tx: D17 }); },
}, {
  onSnapshot: function (s: any) {
    console.log("S " + s.family + " " + s.tMs + " " + s.codes + " " + s.packMv + " " + (s.cellsMv ? s.cellsMv.length : -1));
  },
  onLink: function (l: any) { console.log("L " + l.ok + " " + l.family + " " + l.reason); },
});
port.on("data", function (d: string) { p.onBytes(E.toUint8Array(d), now()); });
function poll(): void {
  const d = p.tick(now());
  setTimeout(poll, d < 2 ? 2 : d > 1000 ? 1000 : d);
}
p.start(now());
poll();
`;

let bundled = "";
function bundle(): string {
  if (bundled) return bundled;
  bundled = esbuild.buildSync({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: "protocol-entry.ts", loader: "ts" },
    bundle: true,
    write: false,
    format: "iife",
    target: "es2015",
    charset: "ascii",
    tsconfig: path.join(ROOT, "tsconfig.firmware.json"),
    logLevel: "silent",
  }).outputFiles[0].text;
  return bundled;
}

function bench(family: Family): { dev: Device; bms: SimBms; lines: () => string[] } {
  const dev = createDevice({ code: bundle(), deferBoot: true, memoryClosures: false });
  const bms = createBms(family, { pack: { cells: 4, socPct: 60 } });
  dev.attachUart(bms, { rx: 16, tx: 17 });
  dev.boot();
  return { dev, bms, lines: () => dev.log.map((l) => l.text) };
}

describe("protocol core in the Espruino-like runtime", function () {
  this.timeout(60000);

  it("the bundle passes the Espruino gate", () => {
    assert.deepEqual(checkSource(bundle(), "protocol-entry.js"), []);
  });

  for (const family of ["jbd", "jk", "daly"] as Family[]) {
    it(`${family}: autodetect locks within 1 s, snapshots flow with the pack's values, an OCD shows up fast`, () => {
      const b = bench(family);
      b.dev.clock.runFor(3000);
      assert.deepEqual(b.dev.errors, [], "no uncaught errors");
      const lock = b.lines().find((l) => l.startsWith("L true " + family));
      assert.ok(lock, b.lines().slice(0, 10).join("\n"));
      const first = b.lines().find((l) => l.startsWith("S " + family))!;
      assert.ok(Number(first.split(" ")[2]) < 1000, "first snapshot at " + first);
      const last = b.lines().filter((l) => l.startsWith("S "))!.pop()!.split(" ");
      assert.equal(last[3], "0", "no codes on a healthy pack");
      assert.ok(Number(last[4]) > 12000 && Number(last[4]) < 14500, "4S LFP pack voltage " + last[4]);
      if (family !== "daly") assert.equal(last[5], "4", "4 cells");
      const t0 = b.dev.clock.now();
      b.bms.change(t0, (pk) => {
        pk.loadA = 150;
      });
      b.dev.clock.runFor(5000);
      const hit = b.lines().find((l) => l.startsWith("S ") && Number(l.split(" ")[2]) >= t0 && (Number(l.split(" ")[3]) & 8) !== 0);
      assert.ok(hit, "OCD snapshot");
      // The simulated BMS trips after its own OCD delay (~1 s); the snapshot follows within a poll cycle.
      const dt = Number(hit!.split(" ")[2]) - t0;
      assert.ok(dt < 1500, "OCD snapshot " + dt + " ms after the load step");
    });
  }
});
