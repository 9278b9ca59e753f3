/**
 * Fuzzing the protocol layer (framer → decoder → snapshot builder) of one family with mutated and random
 * frames, fed as one continuous stream in random chunks with random gaps, as the UART would deliver it.
 *
 * Properties checked on every input (a failure is recorded with the input's hex):
 *  - nothing throws (framer, decoder, snapshot builder);
 *  - every frame the framer emits passes this file's own validation (start/end markers, length, checksum:
 *    written here from bms-protocols.md, not imported from the firmware), so no code can come from a frame
 *    that fails its checksum;
 *  - the framer's pending bytes never exceed the family's largest frame and its buffer never grows.
 *
 * Seeds: the captured fixtures (sim/fixtures, real frames with provenance) and the simulated BMSes' replies to
 * every request the firmware sends. Mutations: bit flips, byte changes, insertions, deletions, truncations,
 * duplicated slices, content changes with the checksum recomputed (valid frames with odd content: they must
 * decode without throwing), start markers followed by random bytes, and pure random bytes.
 */
import { Family } from "../../firmware/src/types";
import { decodeFrame, makeFramer, maxFrameOf } from "../../firmware/src/protocol/families";
import { SnapshotBuilder } from "../../firmware/src/protocol/snapshot";
import { buildRequest, REQ_JBD_STATUS, REQ_JBD_CELLS, REQ_JK_ALL, REQ_DALY_PACK, REQ_DALY_STATE, REQ_DALY_CONFIG, REQ_DALY_CELLS, REQ_DALY_TEMPS, REQ_DALY_ALARMS } from "../../firmware/src/protocol/allowlist";
import { createBms } from "../../sim/bms";
import { makeRng } from "../../sim/runtime";
import { hexBytes, toHex } from "../../sim/fixtures/fixture";
import { JBD_FIXTURES } from "../../sim/fixtures/jbd-frames";
import { JK_FIXTURES } from "../../sim/fixtures/jk-frames";
import { DALY_FIXTURES } from "../../sim/fixtures/daly-frames";

/** Independent validation of one whole frame (bms-protocols.md §1.2 JBD, §2.2 JK, §3.2 Daly). */
export function validFrame(family: Family, f: Uint8Array): boolean {
  const n = f.length;
  let sum = 0;
  if (family === "jbd") {
    if (n < 7 || f[0] !== 0xdd || f[n - 1] !== 0x77 || f[3] + 7 !== n) return false;
    for (let i = 2; i < n - 3; i++) sum += f[i];
    return ((f[n - 3] << 8) | f[n - 2]) === ((0x10000 - sum) & 0xffff);
  }
  if (family === "jk") {
    if (n < 21 || f[0] !== 0x4e || f[1] !== 0x57 || ((f[2] << 8) | f[3]) + 2 !== n || f[n - 5] !== 0x68) return false;
    for (let i = 0; i < n - 4; i++) sum += f[i];
    return ((f[n - 2] << 8) | f[n - 1]) === (sum & 0xffff);
  }
  if (n !== 13 || f[0] !== 0xa5 || f[3] !== 8) return false;
  for (let i = 0; i < 12; i++) sum += f[i];
  return f[12] === (sum & 0xff);
}

/** Recomputes a frame's checksum in place (for "valid frame, odd content" mutations). */
export function fixChecksum(family: Family, f: Uint8Array): void {
  const n = f.length;
  let sum = 0;
  if (family === "jbd" && n >= 7) {
    f[3] = n - 7;
    for (let i = 2; i < n - 3; i++) sum += f[i];
    const c = (0x10000 - sum) & 0xffff;
    f[n - 3] = c >> 8;
    f[n - 2] = c & 0xff;
  } else if (family === "jk" && n >= 21) {
    f[2] = ((n - 2) >> 8) & 0xff;
    f[3] = (n - 2) & 0xff;
    for (let i = 0; i < n - 4; i++) sum += f[i];
    f[n - 2] = (sum >> 8) & 0xff;
    f[n - 1] = sum & 0xff;
  } else if (family === "daly" && n === 13) {
    for (let i = 0; i < 12; i++) sum += f[i];
    f[12] = sum & 0xff;
  }
}

const REQUESTS: { [f: string]: number[] } = {
  jbd: [REQ_JBD_STATUS, REQ_JBD_CELLS],
  jk: [REQ_JK_ALL],
  daly: [REQ_DALY_ALARMS, REQ_DALY_PACK, REQ_DALY_STATE, REQ_DALY_CONFIG, REQ_DALY_CELLS, REQ_DALY_TEMPS],
};

/** Seed frames: fixtures as published, plus the simulated BMS's answers (healthy and with protections). */
export function seedFrames(family: Family): Uint8Array[] {
  const out: Uint8Array[] = [];
  const fx = family === "jbd" ? JBD_FIXTURES : family === "jk" ? JK_FIXTURES : DALY_FIXTURES;
  for (const f of fx) out.push(hexBytes(f.hex));
  const states: ((p: { loadA: number; heatC: number; shortA: number }) => void)[] = [
    () => undefined,
    (p) => { p.loadA = 160; },
    (p) => { p.heatC = 60; },
    (p) => { p.shortA = 2000; },
  ];
  for (const st of states) {
    const bms = createBms(family, { pack: { socPct: 50 } });
    bms.change(0, (p) => st(p as never));
    bms.advance(5000);
    for (const k of REQUESTS[family]) {
      const req = buildRequest(k, { dalyAddress: 0x40, jbdStatus: null, userAsked: false });
      if (!req) continue;
      out.push(req);
      for (const r of bms.receive(req, 5000 + k)) out.push(r);
    }
  }
  return out;
}

export interface FuzzReport {
  family: Family;
  inputs: number;
  bytes: number;
  /** Frames the framer emitted (valid by construction, or found inside garbage). */
  emitted: number;
  /** Emitted frames that fail the independent validation: must be 0. */
  invalidEmitted: number;
  /** Snapshots built and those carrying at least one code (all from valid frames). */
  snapshots: number;
  withCodes: number;
  exceptions: number;
  maxPending: number;
  bound: number;
  /** First few failures, with the input that caused them. */
  failures: string[];
  hostMs: number;
}

export function mutate(family: Family, seeds: Uint8Array[], rand: () => number): Uint8Array {
  const pick = () => seeds[Math.floor(rand() * seeds.length)];
  const byte = () => Math.floor(rand() * 256);
  const op = Math.floor(rand() * 10);
  const src = pick();
  const b = Array.from(src);
  const at = () => Math.floor(rand() * Math.max(1, b.length));
  switch (op) {
    case 0: { // 1–3 bit flips
      const k = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < k; i++) b[at()] ^= 1 << Math.floor(rand() * 8);
      return Uint8Array.from(b);
    }
    case 1: b[at()] = byte(); return Uint8Array.from(b);
    case 2: b.splice(at(), 0, byte()); return Uint8Array.from(b);
    case 3: b.splice(at(), 1); return Uint8Array.from(b);
    case 4: return Uint8Array.from(b.slice(0, at()));
    case 5: { // a slice duplicated
      const i = at();
      const j = i + Math.floor(rand() * 20);
      return Uint8Array.from(b.slice(0, j).concat(b.slice(i)));
    }
    case 6: { // content changed, checksum recomputed: a valid frame with odd content
      const k = 1 + Math.floor(rand() * 6);
      for (let i = 0; i < k; i++) {
        const p = 4 + Math.floor(rand() * Math.max(1, b.length - 8));
        if (p < b.length) b[p] = byte();
      }
      const f = Uint8Array.from(b);
      fixChecksum(family, f);
      return f;
    }
    case 7: { // a start marker and a plausible length, then random bytes
      const n = 4 + Math.floor(rand() * (family === "jk" ? 320 : 40));
      const f = new Uint8Array(n);
      for (let i = 0; i < n; i++) f[i] = byte();
      if (family === "jbd") { f[0] = 0xdd; f[2] = rand() < 0.5 ? 0 : 0x80; f[3] = Math.max(0, n - 7); }
      else if (family === "jk") { f[0] = 0x4e; f[1] = 0x57; f[2] = ((n - 2) >> 8) & 0xff; f[3] = (n - 2) & 0xff; }
      else { f[0] = 0xa5; f[3] = 8; }
      return f;
    }
    case 8: { // two frames glued, the first cut short
      const other = Array.from(pick());
      return Uint8Array.from(b.slice(0, at()).concat(other));
    }
    default: { // pure random bytes
      const n = 1 + Math.floor(rand() * 300);
      const f = new Uint8Array(n);
      for (let i = 0; i < n; i++) f[i] = byte();
      return f;
    }
  }
}

/** Runs `count` inputs through one framer/decoder/snapshot chain. */
export function runFuzz(family: Family, count: number, seed: number): FuzzReport {
  const t0 = Date.now();
  const rand = makeRng(seed);
  const seeds = seedFrames(family);
  const fr = makeFramer(family);
  const bufLen = fr.buf.length;
  const bound = maxFrameOf(family);
  const sb = new SnapshotBuilder(family, 0, 10000);
  const r: FuzzReport = { family, inputs: 0, bytes: 0, emitted: 0, invalidEmitted: 0, snapshots: 0, withCodes: 0, exceptions: 0, maxPending: 0, bound, failures: [], hostMs: 0 };
  let now = 0;
  let current: Uint8Array = new Uint8Array(0);
  const fail = (what: string) => {
    if (r.failures.length < 5) r.failures.push(what + " | input " + toHex(current).slice(0, 300));
  };
  const onFrame = (f: Uint8Array) => {
    r.emitted++;
    if (!validFrame(family, f)) {
      r.invalidEmitted++;
      fail("invalid frame emitted: " + toHex(f).slice(0, 120));
      return;
    }
    const d = decodeFrame(family, f);
    if (d.request) return;
    const s = sb.accept(d, now);
    if (s) {
      r.snapshots++;
      if (s.codes !== 0) r.withCodes++;
    }
  };
  for (let i = 0; i < count; i++) {
    current = mutate(family, seeds, rand);
    r.inputs++;
    r.bytes += current.length;
    // Random chunking; sometimes a gap longer than the inter-byte timeout between inputs.
    now += rand() < 0.2 ? 300 : Math.floor(rand() * 20);
    let p = 0;
    try {
      while (p < current.length) {
        const k = 1 + Math.floor(rand() * 64);
        fr.push(current.subarray(p, p + k), now, onFrame);
        p += k;
        now += rand() < 0.05 ? 2 : 0;
        const pend = fr.pending();
        if (pend > r.maxPending) r.maxPending = pend;
        if (pend > bound || fr.buf.length !== bufLen) fail("framer over its bound: " + pend + " pending, buffer " + fr.buf.length);
      }
      // Decoders see only verified frames in the firmware, but must not throw on any input either.
      decodeFrame(family, current);
    } catch (e) {
      r.exceptions++;
      fail("exception: " + String(e));
    }
  }
  r.hostMs = Date.now() - t0;
  return r;
}
