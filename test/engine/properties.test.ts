/**
 * Properties of the engine over random time lines (fast-check): whatever the BMS, the link and the button do,
 * the engine never throws, shows every code a fresh status carries, keeps its ring bounded, writes flash at most
 * once per writeMinMs, asks for the lock release only on JBD with the lock set, and shows only latched codes
 * without data.
 */
import { HIST_SIZE } from "../../firmware/src/engine/history";
import { strict as assert } from "assert";
import fc from "fast-check";
import { feed, MemStorage, snap } from "./helpers";
import { Engine, DEFAULT_STALE_MS, DEFAULT_WRITE_MIN_MS } from "../../firmware/src/engine/engine";
import { Gesture } from "../../firmware/src/ports";
import { Family } from "../../firmware/src/types";

type Step =
  | { k: "snap"; dt: number; codes: number; cell: number; mv: number; ma: number; t1: number; fam: number; lock: boolean }
  | { k: "gesture"; dt: number; g: number }
  | { k: "link"; dt: number; ok: boolean; reason: number }
  | { k: "tick"; dt: number };

const FAMS: Family[] = ["jbd", "jk", "daly"];
const GESTURES: Gesture[] = ["short", "long", "double"];
const REASONS: ("never" | "silent" | "garbage")[] = ["never", "silent", "garbage"];

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant("snap" as const), dt: fc.integer({ min: 0, max: 20000 }), codes: fc.integer({ min: 0, max: 255 }), cell: fc.integer({ min: 0, max: 15 }), mv: fc.integer({ min: 0, max: 4500 }), ma: fc.integer({ min: -300000, max: 300000 }), t1: fc.integer({ min: -50, max: 130 }), fam: fc.integer({ min: 0, max: 2 }), lock: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("gesture" as const), dt: fc.integer({ min: 0, max: 15000 }), g: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("link" as const), dt: fc.integer({ min: 0, max: 5000 }), ok: fc.boolean(), reason: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("tick" as const), dt: fc.integer({ min: 0, max: 400000 }) }) },
);

describe("engine properties", () => {
  it("holds its invariants over random time lines", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), (steps) => {
        const st = new MemStorage();
        const writeTimes: number[] = [];
        const storage = {
          read: (n: string) => st.read(n),
          write: (n: string, d: string) => {
            writeTimes.push(t);
            st.write(n, d);
          },
        };
        const e = new Engine(storage);
        let t = 0;
        let lastFresh: { codes: number; t: number } | null = null;
        let lastSnap: { fam: Family; lock: boolean } | null = null;
        let linkOk = true;
        for (const s of steps) {
          t += s.dt;
          if (s.k === "snap") {
            const cells = [3300, 3301, 3302, 3303, 3304, 3305, 3306, 3307, 3308, 3309, 3310, 3311, 3312, 3313, 3314, 3315];
            cells[s.cell] = s.mv;
            const fam = FAMS[s.fam];
            e.onSnapshot(snap(t, { codes: s.codes, cellsMv: cells, currentMa: s.ma, tempsC: [s.t1, 25], family: fam, mosLock: s.lock }), t);
            lastFresh = { codes: s.codes, t: t };
            lastSnap = { fam: fam, lock: s.lock };
            linkOk = true;
          } else if (s.k === "gesture") {
            e.tick(t);
            const r = e.onGesture(GESTURES[s.g], t);
            if (r.releaseLock) {
              assert.ok(lastSnap && lastSnap.fam === "jbd" && lastSnap.lock, "release only on JBD with the lock set");
              assert.ok(lastFresh && t - lastFresh.t <= DEFAULT_STALE_MS && linkOk, "release only with fresh data");
            }
          } else if (s.k === "link") {
            e.onLink({ ok: s.ok, family: "jbd", lastGoodMs: lastFresh ? lastFresh.t : null, reason: s.ok ? null : REASONS[s.reason] }, t);
            linkOk = s.ok;
          } else e.tick(t);
          const v = e.view(t);
          // Unique codes, most severe first, then oldest first.
          const seen: { [c: string]: boolean } = {};
          for (let i = 0; i < v.codes.length; i++) {
            assert.ok(!seen[v.codes[i].code], "duplicate " + v.codes[i].code);
            seen[v.codes[i].code] = true;
            if (i > 0) {
              const a = v.codes[i - 1];
              const b = v.codes[i];
              assert.ok(a.sev < b.sev || (a.sev === b.sev && a.ageMs >= b.ageMs), "order");
            }
          }
          const fresh = linkOk && lastFresh !== null && t - lastFresh.t <= DEFAULT_STALE_MS;
          // Every code of a fresh status is shown.
          if (fresh) for (let ci = 0; ci < 8; ci++) if (lastFresh!.codes & (1 << ci)) assert.ok(v.codes.some((c) => c.ci === ci && c.present), "code " + ci + " not shown");
          // Without data only latched codes are shown.
          if (!fresh) for (const c of v.codes) assert.ok(c.latched && !c.present, c.code + " shown without data");
          assert.ok(e.hist.len <= HIST_SIZE);
          if (v.refusal) assert.ok(v.refusal.reason.length <= 32 && v.refusal.detail.length <= 32);
          if (v.history && v.history.entry) assert.ok(v.history.entry.line.length <= 32, v.history.entry.line);
        }
        for (let i = 1; i < writeTimes.length; i++) assert.ok(writeTimes[i] - writeTimes[i - 1] >= DEFAULT_WRITE_MIN_MS, "writes too close");
        // Whatever happened, the stored text reads back into the same ring.
        if (st.writes.length) {
          e.flush(t + 1);
          const again = new Engine(st);
          assert.equal(again.hist.len, e.hist.len);
        }
      }),
      { numRuns: 300, seed: 4242 },
    );
  });

  it("a quiet BMS never produces an entry", () => {
    const st = new MemStorage();
    const e = new Engine(st);
    feed(e, 0, 3600 * 1000, 1000, (x) => snap(x, { currentMa: x % 600000 < 300000 ? 5000 : -5000 }));
    assert.equal(e.hist.len, 0);
    assert.equal(st.writes.length, 0);
  });
});
