/**
 * Framer + decoder throughput on the host: each family's captured frames streamed in 64-byte chunks
 * through the firmware's framer, every frame decoded and its protection bits mapped to codes.
 * Prints frames/s per family. A benchmark, not a test: host numbers say nothing exact about the ESP32
 * (espruino.md §3.3: the interpreter is orders of magnitude slower), only about relative cost.
 *
 *   npx ts-node --transpile-only tools/bench-protocol.ts [seconds-per-family]
 */
import { Family } from "../firmware/src/types";
import { makeFramer, decodeFrame } from "../firmware/src/protocol/families";
import { mapWithNtc } from "../firmware/src/protocol/protect";
import { hexBytes } from "../sim/fixtures/fixture";
import { JBD_SP04_BASIC, JBD_SP04_CELLS, JBD_CELL_OV } from "../sim/fixtures/jbd-frames";
import { JK_MPP_14S } from "../sim/fixtures/jk-frames";
import { DALY_KR_16S_SOC_LOW } from "../sim/fixtures/daly-frames";
import { CODE_BIT } from "../firmware/src/types";
import { Harness, FakeBms, jbdBasic, jbdCells, jkFrame, dalyFrame } from "../sim/rigs/poller-harness";

function stream(hexes: string[], copies: number): Uint8Array {
  const one = hexes.map(hexBytes);
  let n = 0;
  for (const b of one) n += b.length;
  const out = new Uint8Array(n * copies);
  let o = 0;
  for (let c = 0; c < copies; c++) {
    for (const b of one) {
      out.set(b, o);
      o += b.length;
    }
  }
  return out;
}

function bench(family: Family, data: Uint8Array, seconds: number): { fps: number; bytesPerS: number; frames: number } {
  let frames = 0;
  let codes = 0;
  const onFrame = (f: Uint8Array): void => {
    const d = decodeFrame(family, f);
    if (d.bits) codes |= mapWithNtc(family, d.bits, d.tempsC).codes;
    frames++;
  };
  const t0 = process.hrtime.bigint();
  const until = t0 + BigInt(Math.round(seconds * 1e9));
  let bytes = 0;
  let t = 0;
  while (process.hrtime.bigint() < until) {
    const fr = makeFramer(family);
    for (let i = 0; i < data.length; i += 64) {
      fr.push(data.subarray(i, i + 64), t, onFrame);
    }
    t += 1;
    bytes += data.length;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (codes < 0) console.log(codes);
  return { fps: frames / s, bytesPerS: bytes / s, frames };
}

/**
 * Flag → snapshot latency of the poller in virtual time against a fake BMS with the given turnaround:
 * the flag is set at many phases of the poll cycle; returns sorted latencies (ms).
 */
function latencies(family: Family, turnaroundMs: number, runs: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const st = { on: false };
    let bms: FakeBms;
    if (family === "jbd") {
      bms = (req) => (req[1] !== 0xa5 ? [] : req[2] === 0x03 ? [jbdBasic(st.on ? 0x0200 : 0)] : [jbdCells([3300, 3301, 3302, 3303])]);
    } else if (family === "jk") {
      bms = () => [jkFrame(st.on ? 0x0040 : 0)];
    } else {
      bms = (req) => {
        const c = req[2];
        if (c === 0x98) return [dalyFrame(0x98, [0, 0, st.on ? 0x08 : 0, 0, 0, 0, 0, 0])];
        if (c === 0x94) return [dalyFrame(0x94, [4, 1, 0, 0, 0, 0, 0, 0])];
        if (c === 0x95) return [dalyFrame(0x95, [1, 12, 228, 12, 228, 12, 228, 0]), dalyFrame(0x95, [2, 12, 228, 0, 0, 0, 0, 0])];
        if (c === 0x96) return [dalyFrame(0x96, [1, 62, 0, 0, 0, 0, 0, 0])];
        return [dalyFrame(c, [1, 8, 0, 0, 0x75, 0x30, 3, 0])];
      };
    }
    const h = new Harness(family, bms, turnaroundMs);
    h.start();
    // Spread flag times over 10 s so every phase of the cycle and of the extras' rotation is hit.
    const setAt = 3000 + ((r * 7919) % 10000);
    h.run(setAt);
    st.on = true;
    h.run(setAt + 2000);
    const hit = h.snaps.find((x) => x.tMs >= setAt && (x.codes & CODE_BIT.OCD) !== 0);
    out.push(hit ? hit.tMs - setAt : Infinity);
  }
  return out.sort((a, b) => a - b);
}

function pct(v: number[], p: number): number {
  return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
}

if (require.main === module) {
  const seconds = Number(process.argv[2] || "1");
  const cases: [Family, Uint8Array, string][] = [
    ["jbd", stream([JBD_SP04_BASIC.hex, JBD_SP04_CELLS.hex, JBD_CELL_OV.hex], 100), "0x03/0x04 frames, 15–36 bytes"],
    ["jk", stream([JK_MPP_14S.hex], 100), "read-all, 285 bytes"],
    ["daly", stream([DALY_KR_16S_SOC_LOW.hex], 100), "13-byte frames"],
  ];
  console.log("framer + decoder + code mapping, host " + process.version + ", " + seconds + " s per family");
  for (const [fam, data, what] of cases) {
    const r = bench(fam, data, seconds);
    console.log(
      fam.padEnd(5) + Math.round(r.fps).toLocaleString("en").padStart(12) + " frames/s  " +
        (r.bytesPerS / 1e6).toFixed(1).padStart(6) + " MB/s  (" + what + ")",
    );
  }
  console.log("\npoller flag → snapshot latency, virtual time, 300 flag phases, fake BMS turnaround as the simulator's models");
  for (const [fam, ta, target] of [["jbd", 10, 150], ["jk", 30, 250], ["daly", 20, 400]] as [Family, number, number][]) {
    const v = latencies(fam, ta, 300);
    console.log(
      fam.padEnd(5) + "turnaround " + String(ta).padStart(2) + " ms: p50 " + pct(v, 50) + " ms, p99 " + pct(v, 99) +
        " ms, max " + v[v.length - 1] + " ms (display target p99 " + target + " ms)",
    );
  }
}
