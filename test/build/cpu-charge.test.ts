/**
 * tools/bench/cpu-charge.ts: what the simulator charges a callback from a run on the real interpreter. The poll loop's
 * timer is one function with two costs: its runs that read an answer (the UART held bytes) and its other runs.
 */
import * as assert from "assert";
import { cpuChargeFrom, detectionChargeFrom } from "../../tools/bench/cpu-charge";
import { bodyOf, CallbackCost, detectionChain, detectionSummary, DetectionRun, FamilyTime } from "../../tools/bench/interpreter-time";

function cb(what: string, kind: string, calls: number, lie: number, body: string): CallbackCost {
  return { kind, sends: false, calls, lie, maxLie: lie / calls, what, each: [], body };
}

function family(f: "jbd" | "daly", callbacks: CallbackCost[]): FamilyTime {
  return {
    family: f, seconds: 10, msPerLie: 0.02, answered: 10, perRequestLie: 0, perRequestMeanLie: 0, perSecondLie: 0, maxCallbackLie: 0,
    callbacks, drawLie: 1500, viewLie: 2000, detectMaxLie: 2000, detectCallbacks: [], chainInRead: false, chainReadLie: NaN, chainEngineLie: NaN, chainLedLie: NaN, chainFrameLie: NaN,
    movingLie: 0, okViewLie: 800, okDrawLie: 700, movingCallbacks: [], detectionRuns: [],
  };
}

// The firmware's poll loop (firmware/main.ts poll) as the bench recognises it: its source kicks the watchdog.
function poll(): void {
  (globalThis as any).E.kickWatchdog();
}

describe("bench: interpreter time charged in the simulator", () => {
  const jbd = family("jbd", [cb("UART data", "read", 10, 5000, bodyOf(poll.toString())), cb("poll tick", "timer", 20, 1600, bodyOf(poll.toString()))]);

  it("the poll loop: a run while the UART holds bytes is charged the reads' mean, any other run the other runs' mean", () => {
    const c = cpuChargeFrom(jbd, 100);
    assert.strictEqual(c("read", poll), 50);
    assert.strictEqual(c("other", poll), 8);
    assert.strictEqual(c.reads!(poll), true);
  });

  it("the runs that sent a request apart: charged those that did not, the difference added when one sends", () => {
    const sending = (c: CallbackCost): CallbackCost => ({ ...c, sends: true });
    const t = family("jbd", [
      cb("UART data", "read", 10, 3000, bodyOf(poll.toString())),
      sending(cb("UART data", "read", 10, 4000, bodyOf(poll.toString()))),
      sending(cb("poll tick", "timer", 20, 3600, bodyOf(poll.toString()))),
    ]);
    const c = cpuChargeFrom(t, 100);
    // A read: 300 LIE before it runs, 100 more if it sends (the host sent the next request in most reads).
    assert.strictEqual(c("read", poll), 30);
    assert.strictEqual(c.sentMs!("read", poll), 10);
    // The other runs were only seen sending: charged that before they run, nothing on top.
    assert.strictEqual(c("other", poll), 18);
    assert.strictEqual(c.sentMs!("other", poll), 0);
    assert.strictEqual(c.sentMs!("other", () => 0), 0);
  });

  it("another timer that runs while an answer waits is charged as any other run of it", () => {
    function indicate(): number {
      return 1;
    }
    const t = family("jbd", jbd.callbacks.concat([cb("indicator", "timer", 4, 400, bodyOf(indicate.toString()))]));
    const c = cpuChargeFrom(t, 100);
    assert.strictEqual(c.reads!(indicate), false);
    assert.strictEqual(c("read", indicate), 10);
    assert.strictEqual(c("other", indicate), 10);
    assert.strictEqual(c("uart", () => 0), 0, "no listener in the run: nothing to charge one");
    const l = cpuChargeFrom(family("jbd", jbd.callbacks.concat([cb("UART listener", "uart", 70, 1400, "")])), 100);
    assert.strictEqual(l("uart", () => 0), 2, "the listener: its own mean");
  });

  it("a timer callback seen only while the code appeared is charged its mean then; one never seen costs nothing", () => {
    function codeRender(): number {
      return 42;
    }
    const t = family("jbd", [cb("UART data", "timer", 10, 5000, "x")]);
    t.detectCallbacks = [cb("indicator", "timer", 2, 400, bodyOf(codeRender.toString())), cb("UART data", "timer", 1, 9000, "x")];
    const c = cpuChargeFrom(t, 100);
    assert.strictEqual(c("other", codeRender), 20);
    assert.strictEqual(c("other", () => 7), 0);
  });

  it("a render that found a changed screen: the once-a-second one costs the all-clear screen's, any other the code's", () => {
    // As the bench recognises them: the once-a-second callback re-arms itself, a render asks the engine for its view.
    function everySecond(): void {
      setTimeout(everySecond, 1000);
    }
    function render(): void {
      (globalThis as any).eng.view(0);
    }
    const c = cpuChargeFrom(jbd, 100);
    assert.strictEqual(c.framedMs!(everySecond), 80);
    assert.strictEqual(c.framedMs!(render), 200);
    const old = family("jbd", []);
    old.okViewLie = NaN;
    assert.strictEqual(cpuChargeFrom(old, 100).framedMs!(everySecond), 200, "a run without the moving phase: the code's");
  });

  it("the draw after the once-a-second render costs the all-clear screen's draw with values moving, after any other the code's", () => {
    function everySecond(): void {
      setTimeout(everySecond, 1000);
    }
    function render(): void {
      (globalThis as any).eng.view(0);
    }
    const t = family("jbd", jbd.callbacks);
    t.drawLie = 900;
    const c = cpuChargeFrom(t, 100);
    assert.strictEqual(c.drawMs, 90);
    assert.strictEqual(c.drawnMs!(everySecond), 70, "okDrawLie 700");
    assert.strictEqual(c.drawnMs!(render), 90);
    t.okDrawLie = NaN;
    assert.strictEqual(cpuChargeFrom(t, 100).drawnMs!(everySecond), 90, "a run without the moving phase: the code's");
  });

  it("the detection's read and engine callback (to its LED write, to its display write, the rest): as the run measured the chain, else the longest then", () => {
    const t = family("jbd", jbd.callbacks.concat([cb("engine", "timer", 10, 1500, "e")]));
    t.detectCallbacks = [cb("UART data", "read", 2, 1400, "p"), cb("engine", "timer", 1, 2000, "e")];
    // Without a chain: the longest read (maxLie 700 here) and engine callback (2000) while the code appeared, the LED at its end.
    assert.deepStrictEqual(detectionChargeFrom(t, 100), { inRead: false, readMs: 70, engineMs: 200, ledMs: 200, frameMs: 0, restMs: 0 });
    t.chainReadLie = 900;
    t.chainEngineLie = 1200;
    t.chainLedLie = 300;
    t.chainFrameLie = 800;
    assert.deepStrictEqual(detectionChargeFrom(t, 100), { inRead: false, readMs: 90, engineMs: 120, ledMs: 30, frameMs: 50, restMs: 40 });
    // No display write in it: the rest after the LED, all before the end.
    t.chainFrameLie = 0;
    assert.deepStrictEqual(detectionChargeFrom(t, 100), { inRead: false, readMs: 90, engineMs: 120, ledMs: 30, frameMs: 90, restMs: 0 });
    // Never less than a steady pack's: the reads' mean at rest is 500 LIE, the engine's 150.
    t.chainReadLie = 300;
    t.chainEngineLie = 100;
    t.chainLedLie = 50;
    assert.deepStrictEqual(detectionChargeFrom(t, 100), { inRead: false, readMs: 50, engineMs: 15, ledMs: 5, frameMs: 10, restMs: 0 });
    // The read changed the LED and drew the first look: its parts split the read, the engine's callback is charged whole.
    t.chainInRead = true;
    t.chainReadLie = 1600;
    t.chainEngineLie = 700;
    t.chainLedLie = 900;
    t.chainFrameLie = 1400;
    assert.deepStrictEqual(detectionChargeFrom(t, 100), { inRead: true, readMs: 160, engineMs: 70, ledMs: 90, frameMs: 50, restMs: 20 });
  });

  it("the detection's chain is the first callback that drove the LED and drew: a read with the engine's callback after it, or an engine callback", () => {
    // [1 read | 2 engine, its time, LED write at, display write at, (engine) the read before], µs.
    const inRead = [[2, 300, 0, 0, 400], [1, 1600, 900, 1400, 0], [2, 700, 0, 0, 1600], [2, 650, 200, 0, 500]];
    assert.deepStrictEqual(detectionChain(inRead), { inRead: true, read: 1600, engine: 700, led: 900, frame: 1400 });
    const inEngine = [[2, 300, 0, 0, 400], [2, 1500, 700, 1200, 900], [2, 400, 100, 0, 500]];
    assert.deepStrictEqual(detectionChain(inEngine), { inRead: false, read: 900, engine: 1500, led: 700, frame: 1200 });
    // No display write anywhere: the first that drove the LED.
    assert.deepStrictEqual(detectionChain([[2, 300, 0, 0, 400], [2, 500, 100, 0, 450]]), { inRead: false, read: 450, engine: 500, led: 100, frame: 0 });
    assert.strictEqual(detectionChain([[2, 300, 0, 0, 400]]), undefined);
  });

  it("several short circuits: the medians of their longest callback, render and draw, and the whole chain of the run at the median first look", () => {
    const run = (max: number, view: number, draw: number, read: number, frame: number): DetectionRun => ({
      detectMaxLie: max, viewLie: view, drawLie: draw, chainInRead: true, chainReadLie: read, chainEngineLie: 600, chainLedLie: 300, chainFrameLie: frame, callbacks: [],
    });
    // A host hiccup made the second run's render 3,030: the median is the typical 1,400.
    const runs = [run(1500, 1400, 580, 1200, 850), run(3030, 3030, 600, 1300, 900), run(1450, 1350, 560, 1250, 800), run(1480, 1420, NaN, 1900, 1700), run(1390, 1380, 570, 1100, 820)];
    const s = detectionSummary(runs);
    assert.strictEqual(s.detectMaxLie, 1480);
    assert.strictEqual(s.viewLie, 1400);
    // The run without a draw is left out of the draws' median (560, 570, 580, 600).
    assert.strictEqual(s.drawLie, 575);
    // First looks at 800, 820, 850, 900, 1700: the run at 850, its read with it.
    assert.strictEqual(s.chain, runs[0]);
    // An even count takes the lower middle; runs that never drew are left out, and with none, the first run.
    assert.strictEqual(detectionSummary(runs.slice(1, 3)).chain, runs[2]);
    const blind = run(1000, 900, 500, 1000, NaN);
    assert.strictEqual(detectionSummary([blind, run(1, 1, 1, 1, 700)]).chain.chainFrameLie, 700);
    assert.strictEqual(detectionSummary([blind]).chain, blind);
  });

  it("draw() is known by its body when the run at rest never drew (seen only while the code appeared)", () => {
    // As the bench recognises it: draw() forgets its own timer. At rest the screen did not change, so draw() ran only
    // while the code appeared; it is still the draw, charged at least drawMs from its start, not that on top of its mean.
    function draw(): void {
      (globalThis as any).S.drwT = undefined;
    }
    const t = family("jbd", jbd.callbacks);
    t.detectCallbacks = [cb("draw", "timer", 1, 1500, bodyOf(draw.toString()))];
    const c = cpuChargeFrom(t, 100);
    assert.strictEqual(c.isDraw!(draw), true);
    assert.strictEqual(c.isDraw!(poll), false);
  });
});
