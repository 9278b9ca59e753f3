/**
 * Poller properties (fast-check) against a BMS that misbehaves at random per request: answers, stays
 * silent, sends garbage, echoes, truncates, or answers late. Whatever happens: nothing throws, only
 * allowlisted bytes go out, one request is in flight at a time (the next leaves only after a valid
 * answer, after a garbled answer has ended and the line stayed quiet GARBAGE_QUIET_MS, or after the
 * timeout), and the family's minimum spacing holds.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { Family } from "../../firmware/src/types";
import { isAllowedWrite } from "../../firmware/src/protocol/allowlist";
import { profileOf } from "../../firmware/src/protocol/profiles";
import { GARBAGE_QUIET_MS } from "../../firmware/src/protocol/poller";
import { Harness, FakeBms, jbdBasic, jbdCells, jkFrame, dalyFrame } from "../../sim/rigs/poller-harness";

type Act = { kind: "ok" | "silent" | "garbage" | "truncate" | "late"; extraMs: number };

function honest(family: Family, req: Uint8Array): Uint8Array[] {
  if (family === "jbd") return req[2] === 0x03 ? [jbdBasic(0)] : req[2] === 0x04 ? [jbdCells([3300, 3300, 3300, 3300])] : [];
  if (family === "jk") return [jkFrame(0)];
  const c = req[2];
  if (c === 0x94) return [dalyFrame(0x94, [4, 1, 0, 0, 0, 0, 0, 0])];
  if (c === 0x95) return [dalyFrame(0x95, [1, 12, 228, 12, 228, 12, 228, 0]), dalyFrame(0x95, [2, 12, 228, 0, 0, 0, 0, 0])];
  if (c === 0x96) return [dalyFrame(0x96, [1, 62, 0, 0, 0, 0, 0, 0])];
  return [dalyFrame(c, [1, 8, 0, 0, 0x75, 0x30, 3, 0])];
}

describe("protocol/poller properties", () => {
  for (const family of ["jbd", "jk", "daly"] as Family[]) {
    it(`${family}: random misbehaviour never breaks pacing, single flight or the allowlist`, () => {
      const prof = profileOf(family);
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              kind: fc.constantFrom("ok", "ok", "ok", "silent", "garbage", "truncate", "late") as fc.Arbitrary<Act["kind"]>,
              extraMs: fc.integer({ min: 0, max: 600 }),
            }),
            { minLength: 1, maxLength: 60 },
          ),
          fc.boolean(),
          (acts, echo) => {
            let n = 0;
            /** Delivery time of the last byte of each request's valid answer (undefined: none). */
            const validAt: (number | undefined)[] = [];
            /** Delivery time of the last byte of each garbled answer (garbage or truncated). */
            const junkAt: (number | undefined)[] = [];
            let h: Harness;
            const junk = (i: number, req: Uint8Array, b: Uint8Array): Uint8Array[] => {
              h.turnaroundMs = 20;
              junkAt[i] = h.t + h.wireMs(req.length) + 20 + h.wireMs(b.length);
              return [b];
            };
            const bms: FakeBms = (req) => {
              const a = acts[n % acts.length];
              const i = n++;
              const reply = honest(family, req);
              if (a.kind === "silent") return [];
              if (a.kind === "garbage") return junk(i, req, Uint8Array.from([0x11, 0x22, 0x33, 0xdd, 0x4e, 0xa5, 0x00]));
              if (a.kind === "truncate") return junk(i, req, reply[0].subarray(0, Math.max(1, reply[0].length - 3)));
              if (a.kind === "late") h.turnaroundMs = 20 + a.extraMs;
              else h.turnaroundMs = 20;
              // The harness schedules replies after turnaround + wire time; record when the last byte lands.
              let at = h.t + h.wireMs(req.length) + h.turnaroundMs;
              for (const r of reply) at += h.wireMs(r.length);
              validAt[i] = at;
              return reply;
            };
            h = new Harness(family, bms, 20);
            h.echo = echo;
            h.start();
            h.run(20000);
            const sends = h.sent;
            assert.ok(sends.length > 3);
            for (const s of sends) assert.ok(isAllowedWrite(s.bytes));
            for (let i = 1; i < sends.length; i++) {
              const dt = sends[i].t - sends[i - 1].t;
              // The poller cannot tell which request a reply answers (the protocols carry no sequence
              // number): a request may leave early only when some valid reply landed since the previous one.
              let at: number | undefined;
              for (const v of validAt) if (v !== undefined && v > sends[i - 1].t && v <= sends[i].t) at = at === undefined ? v : Math.max(at, v);
              const answered = at !== undefined;
              let junkEnd: number | undefined;
              for (const v of junkAt) if (v !== undefined && v > sends[i - 1].t && v <= sends[i].t) junkEnd = junkEnd === undefined ? v : Math.max(junkEnd, v);
              // A garbled answer may end the wait early, but only once the line has been quiet after it.
              const garbledOver = junkEnd !== undefined && sends[i].t - junkEnd >= GARBAGE_QUIET_MS;
              assert.ok(answered || garbledOver || dt >= prof.timeoutMs, `request ${i} left ${dt} ms after the previous one, unanswered`);
              assert.ok(dt >= prof.periodMs, `period ${dt} < ${prof.periodMs}`);
              if (answered) assert.ok(sends[i].t - (at as number) >= prof.gapMs, "gap after the answer");
            }
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
