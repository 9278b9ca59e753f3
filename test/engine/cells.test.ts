/**
 * The cell screen in the engine (issue #12 item 2): how it opens and closes, that the gestures that reach it
 * never silence, clear or acknowledge anything, and which cell it highlights.
 */
import { strict as assert } from "assert";
import { B, cellsWith, feed, newEngine, snap } from "./helpers";
import { DEFAULT_CELLS_IDLE_MS, DEFAULT_HOLD_MS, DEFAULT_STALE_MS } from "../../firmware/src/engine/engine";

const HOLD = DEFAULT_HOLD_MS;

describe("cell screen", () => {
  it("a short press on the all-clear screen opens it with every cell; any press goes back; it closes when idle", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 3000, 200, (x) => snap(x));
    assert.equal(e.view(t).mode, "clear");
    const rev = e.rev;
    e.onGesture("short", t);
    assert.ok(e.rev > rev, "the screen is redrawn");
    let v = e.view(t);
    assert.equal(v.mode, "cells");
    assert.equal(v.cells!.mv.length, 16);
    assert.deepEqual([v.cells!.code, v.cells!.cell], ["", 0], "no OVP/UVP yet: nothing highlighted");
    for (const g of ["short", "long"] as const) {
      e.onGesture(g, t + 100);
      assert.equal(e.view(t + 100).mode, "clear", g + " goes back");
      assert.equal(e.hist.len, 0, g + " cleared or acknowledged nothing");
      e.onGesture("short", t + 200);
    }
    const r = e.rev;
    t = feed(e, t + 200, t + 200 + DEFAULT_CELLS_IDLE_MS + 1000, 500, (x) => snap(x));
    assert.equal(e.view(t).mode, "clear", "closes by itself");
    assert.ok(e.rev > r, "and says so through rev");
  });

  it("highlights the cell of the last OVP/UVP episode, and shows only fresh cells", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, 200, (x) => snap(x, { codes: B.OVP, cellsMv: cellsWith(7, 3652) }));
    t = feed(e, t, t + HOLD + 1000, 200, (x) => snap(x));
    e.onGesture("short", t);
    const v = e.view(t);
    assert.equal(v.mode, "cells");
    assert.deepEqual([v.cells!.code, v.cells!.cell, v.cells!.open], ["OVP", 7, false]);
    assert.ok(v.cells!.agoMs >= HOLD);
    // A newer UVP names its cell instead.
    e.onGesture("short", t);
    t = feed(e, t, t + 2000, 200, (x) => snap(x, { codes: B.UVP, cellsMv: cellsWith(3, 2500) }));
    t = feed(e, t, t + HOLD + 1000, 200, (x) => snap(x));
    e.onGesture("short", t);
    assert.deepEqual([e.view(t).cells!.code, e.view(t).cells!.cell], ["UVP", 3]);
    // No fresh status: the no-data screen, never stale cells.
    assert.equal(e.view(t + DEFAULT_STALE_MS + 1000).mode, "nodata");
  });

  it("while a code is shown a short press silences (never opens cells); double cycles history, cells, back", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, 200, (x) => snap(x, { codes: B.OVP, cellsMv: cellsWith(7, 3652) }));
    e.onGesture("short", t);
    let v = e.view(t);
    assert.equal(v.mode, "codes");
    assert.ok(v.codes[0].silenced);
    e.onGesture("double", t + 100);
    assert.equal(e.view(t + 100).mode, "history");
    e.onGesture("double", t + 200);
    v = e.view(t + 200);
    assert.equal(v.mode, "cells");
    assert.deepEqual([v.cells!.code, v.cells!.cell, v.cells!.open], ["OVP", 7, true], "the current episode's cell");
    assert.equal(v.codes.length, 1, "the code stays, latched or not");
    e.onGesture("long", t + 300);
    v = e.view(t + 300);
    assert.equal(v.mode, "codes", "a long press on the cell screen only goes back");
    assert.equal(v.refusal, null, "no clear was attempted");
    e.onGesture("double", t + 400);
    e.onGesture("double", t + 500);
    e.onGesture("double", t + 600);
    assert.equal(e.view(t + 600).mode, "codes", "double from the cell screen goes back");
  });

  it("a new code closes the cell screen: what is wrong now comes first", () => {
    const { e } = newEngine();
    let t = feed(e, 0, 2000, 200, (x) => snap(x));
    e.onGesture("short", t);
    assert.equal(e.view(t).mode, "cells");
    t = feed(e, t, t + 1000, 200, (x) => snap(x, { codes: B.OCD, currentMa: -150000 }));
    const v = e.view(t);
    assert.equal(v.mode, "codes");
    assert.ok(!v.codes[0].silenced);
    e.onGesture("short", t);
    assert.ok(e.view(t).codes[0].silenced, "the next short press silences it as always");
  });

  it("a reminder on the all-clear screen survives a visit to the cell screen (only a long press there acknowledges)", () => {
    const { e } = newEngine();
    let t = 0;
    for (let k = 0; k < 3; k++) {
      t = feed(e, t, t + 2000, 200, (x) => snap(x, { codes: B.OCD, currentMa: -150000 }));
      t = feed(e, t, t + HOLD + 60000, 1000, (x) => snap(x, { currentMa: -150000 }));
    }
    assert.equal(e.view(t).reminders.length, 1);
    e.onGesture("short", t);
    e.onGesture("long", t + 100);
    assert.equal(e.view(t + 100).mode, "clear");
    assert.equal(e.view(t + 100).reminders.length, 1, "still there");
  });
});
