/**
 * Host throughput of the protocol layer: framer + decoder (+ snapshot builder) frames per second, fed the
 * simulated BMS's own replies back to back in 64-byte chunks (a UART read's typical size), on one core.
 * A figure for the host; the ESP32 is far slower (espruino.md §3.3) and is not estimated from it.
 */
import { Family } from "../../firmware/src/types";
import { decodeFrame, makeFramer } from "../../firmware/src/protocol/families";
import { SnapshotBuilder } from "../../firmware/src/protocol/snapshot";
import { buildRequest, REQ_JBD_STATUS, REQ_JK_ALL, REQ_DALY_ALARMS } from "../../firmware/src/protocol/allowlist";
import { createBms } from "../../sim/bms";

export interface ThroughputResult {
  family: Family;
  frameBytes: number;
  frames: number;
  seconds: number;
  framesPerS: number;
  mbPerS: number;
}

export function measureThroughput(family: Family, minSeconds: number): ThroughputResult {
  const bms = createBms(family, { pack: { socPct: 60 } });
  const kind = family === "jbd" ? REQ_JBD_STATUS : family === "jk" ? REQ_JK_ALL : REQ_DALY_ALARMS;
  const req = buildRequest(kind, { dalyAddress: 0x40, jbdStatus: null, userAsked: false }) as Uint8Array;
  const reply = bms.receive(req, 1000)[0];
  const copies = 200;
  const stream = new Uint8Array(reply.length * copies);
  for (let i = 0; i < copies; i++) stream.set(reply, i * reply.length);
  const fr = makeFramer(family);
  const sb = new SnapshotBuilder(family, 0, 10000);
  let frames = 0;
  let now = 0;
  const onFrame = (f: Uint8Array) => {
    frames++;
    sb.accept(decodeFrame(family, f), now);
  };
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minSeconds) {
    for (let p = 0; p < stream.length; p += 64) fr.push(stream.subarray(p, p + 64), now, onFrame);
    now += 1;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return { family, frameBytes: reply.length, frames, seconds: elapsed, framesPerS: frames / elapsed, mbPerS: (frames * reply.length) / elapsed / 1e6 };
}
