/** History: bounded ring, written on episode end and rate-limited, survives a reboot; recurrence and latches rebuilt from it. */
import { strict as assert } from "assert";
import { B, cellsWith, feed, MemStorage, newEngine, snap } from "./helpers";
import { Engine, DEFAULT_BOOT_MS, DEFAULT_HOLD_MS, DEFAULT_WRITE_MIN_MS, HISTORY_FILE } from "../../firmware/src/engine/engine";
import { entryView } from "../../firmware/src/engine/words";
import { F_CUT, History, HIST_FIELDS, HIST_KIND_EPISODE, H_CELL, H_FLAGS, H_N, H_T, toInt, HIST_SIZE } from "../../firmware/src/engine/history";
import { consoleText } from "../../firmware/src/engine/console";

const HOLD = DEFAULT_HOLD_MS;
const MIN = 60 * 1000;

function episode(e: Engine, t: number, codes: number, durMs: number, over?: object): number {
  t = feed(e, t, t + durMs, 1000, (x) => snap(x, Object.assign({ codes: codes }, over || {})));
  return feed(e, t, t + HOLD + 2000, 1000, (x) => snap(x));
}

describe("engine history", () => {
  it("writes when an episode ends, not when it starts", () => {
    const { e, st } = newEngine();
    let t = feed(e, 0, 5000, 1000, (x) => snap(x, { codes: B.OVP }));
    assert.equal(st.writes.length, 0);
    t = feed(e, t, t + HOLD + 2000, 1000, (x) => snap(x));
    assert.equal(st.writes.length, 1);
    assert.equal(st.writes[0].name, HISTORY_FILE);
  });

  it("limits flash writes to one per writeMinMs however often episodes end", () => {
    const { e, st } = newEngine();
    let t = 0;
    // 40 episodes of UVP, one every ~13 s, for about 9 minutes.
    for (let k = 0; k < 40; k++) t = episode(e, t, B.UVP, 1000);
    const minutes = t / MIN;
    assert.ok(st.writes.length <= Math.floor(minutes) + 1, st.writes.length + " writes in " + minutes.toFixed(1) + " min");
    assert.ok(st.writes.length >= Math.floor(minutes) - 1, "pending entries are still written: " + st.writes.length);
    // Nothing is lost: a tick after the interval writes the rest.
    t = feed(e, t, t + DEFAULT_WRITE_MIN_MS + 1000, 1000, (x) => snap(x));
    const h = new History(HIST_SIZE);
    h.parse(st.files[HISTORY_FILE]);
    assert.equal(h.len, HIST_SIZE);
    assert.equal(e.writes, st.writes.length);
  });

  it("keeps the ring bounded: the oldest entries go first", () => {
    const h = new History(4);
    for (let k = 0; k < 10; k++) h.add(HIST_KIND_EPISODE, k % 8, k * 10);
    assert.equal(h.len, 4);
    assert.deepEqual([0, 1, 2, 3].map((i) => h.get(i, H_T)), [60, 70, 80, 90]);
    assert.equal(h.indexOf(h.lastId()), 3);
    assert.equal(h.indexOf(h.lastId() - 4), -1);
  });

  it("round-trips the ring through text and drops damaged lines", () => {
    const h = new History(8);
    const i = h.add(HIST_KIND_EPISODE, 0, 1234);
    h.set(i, H_CELL, 7);
    h.set(i, H_N, 3);
    const text = h.serialize(5000, 4, 2);
    const g = new History(8);
    assert.deepEqual(g.parse(text), [5000, 4, 2]);
    assert.equal(g.len, 1);
    assert.equal(g.get(0, H_CELL), 7);
    assert.equal(g.get(0, H_N), 3);
    assert.equal(g.parse(text + "1,2,x,4\n9,9,9,9,9,9,9,9,9,9,9,9\n" + "1," + "5,".repeat(HIST_FIELDS - 2) + "5\n")![0], 5000);
    assert.equal(g.len, 2);
    assert.equal(g.parse("garbage"), null);
    assert.equal(g.len, 0);
    assert.equal(g.parse(undefined), null);
    assert.equal(toInt("-12"), -12);
    assert.equal(toInt("1e3"), -2147483648);
  });

  it("survives a reboot: recurrence counts and diagnoses are rebuilt, the box clock resumes", () => {
    const st = new MemStorage();
    let { e } = newEngine(st);
    let t = 0;
    for (let k = 0; k < 3; k++) t = episode(e, t, B.OVP, 3000, { cellsMv: cellsWith(7, 3650) });
    e.flush(t);
    const before = consoleText(e, t, "counts");
    const diagBefore = e.view(t).diags.map((d) => d.text);
    assert.equal(diagBefore.length, 1);
    // Power cycle: a new engine on the same storage, its clock starting at 0 again.
    e = new Engine(st);
    assert.equal(consoleText(e, 0, "counts"), before);
    assert.deepEqual(e.view(0).diags.map((d) => d.text), diagBefore);
    assert.equal(e.box(0), Math.floor(t / 1000) * 1000);
    // New episodes after the reboot add to the same counts.
    t = episode(e, 1000, B.OVP, 3000, { cellsMv: cellsWith(7, 3650) });
    assert.equal(e.recurrence(0, t).win, 4);
  });

  it("restores an SC that nobody acknowledged before the power went, and not one that was cleared", () => {
    const st = new MemStorage();
    let { e } = newEngine(st);
    let t = episode(e, 0, B.SC, 1000);
    t = feed(e, t, t + DEFAULT_WRITE_MIN_MS, 1000, (x) => snap(x));
    e = new Engine(st);
    let v = e.view(0);
    assert.equal(v.mode, "safety");
    assert.deepEqual(v.codes.map((c) => [c.code, c.latched, c.present]), [["SC", true, false]]);
    // Clear it (confirmed) with fresh data; after the next reboot it stays cleared.
    t = feed(e, 0, 2000, 200, (x) => snap(x));
    e.onGesture("long", t);
    e.onGesture("long", t + 500);
    assert.equal(e.view(t + 500).codes.length, 0);
    e.flush(t + 1000);
    e = new Engine(st);
    assert.equal(e.view(0).codes.length, 0);
  });

  it("marks an episode that a reboot cut", () => {
    const st = new MemStorage();
    let { e } = newEngine(st);
    let t = feed(e, 0, 3000, 1000, (x) => snap(x, { codes: B.OCC }));
    e.flush(t);
    e = new Engine(st);
    assert.equal(e.hist.len, 1);
    assert.ok(e.hist.get(0, H_FLAGS) & F_CUT);
    assert.equal(entryView(e, 0, e.box(0)).cut, true);
    assert.equal(e.open, 0);
  });

  it("starts empty from missing or corrupt storage", () => {
    const st = new MemStorage();
    st.files[HISTORY_FILE] = "\u0000\u0001 not a history";
    const e = new Engine(st);
    assert.equal(e.hist.len, 0);
    assert.equal(e.box(0), 0);
    assert.equal(e.view(DEFAULT_BOOT_MS).mode, "nodata");
  });

  it("keeps going when the storage throws", () => {
    const e = new Engine({
      read: () => {
        throw new Error("flash");
      },
      write: () => {
        throw new Error("flash full");
      },
    });
    const t = episode(e, 0, B.UVP, 1000);
    assert.equal(e.writeErrors, 1);
    assert.equal(e.view(t).mode, "clear");
  });
});
