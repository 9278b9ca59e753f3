/**
 * tools/bench/cpu-charge.ts: what the simulator charges a callback from a run on the real interpreter. A family whose
 * answers all came in one chunk there (Daly) had its listener hand each answer over; in the simulator the same answer
 * comes in chunks, so the hand-over timer takes the listener's cost and each chunk only what gathering costs.
 */
import * as assert from "assert";
import { cpuChargeFrom, gatherLie } from "../../tools/bench/cpu-charge";
import { bodyOf, CallbackCost, FamilyTime } from "../../tools/bench/interpreter-time";

function cb(what: string, kind: string, calls: number, lie: number, body: string): CallbackCost {
  return { kind, calls, lie, maxLie: lie / calls, what, each: [], body };
}

function family(f: "jbd" | "daly", callbacks: CallbackCost[]): FamilyTime {
  return {
    family: f, seconds: 10, msPerLie: 0.02, answered: 10, perRequestLie: 0, perRequestMeanLie: 0, perSecondLie: 0, maxCallbackLie: 0,
    callbacks, drawLie: 1500, viewLie: 2000, detectMaxLie: 2000, detectCallbacks: [],
    movingLie: 0, okViewLie: 800, okDrawLie: 700, movingCallbacks: [],
  };
}

// The firmware's hand-over timer (drivers/uart.ts flush) as the bench recognises it: its source converts the bytes.
function flush(): void {
  const s = "";
  (globalThis as any).E.toUint8Array(s);
}

describe("bench: interpreter time charged in the simulator", () => {
  const jbd = family("jbd", [cb("UART data", "timer", 10, 5000, "x"), cb("UART listener", "uart", 20, 600, "")]);
  const daly = family("daly", [cb("UART listener", "uart", 10, 6000, "")]);

  it("gathering costs what the listener took where answers came in chunks", () => {
    assert.strictEqual(gatherLie([jbd, daly]), 30);
    assert.strictEqual(gatherLie([daly]), null);
  });

  it("answers whole on the interpreter: the hand-over timer is charged the listener's mean, each chunk the gathering", () => {
    const c = cpuChargeFrom(daly, 100, gatherLie([jbd, daly]));
    assert.strictEqual(c("uart", () => 0), 3);
    assert.strictEqual(c("other", flush), 60);
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

  it("answers in chunks on the interpreter: the listener keeps its own mean", () => {
    const c = cpuChargeFrom(jbd, 100, gatherLie([jbd, daly]));
    assert.strictEqual(c("uart", () => 0), 3);
    const d = cpuChargeFrom(daly, 100, null);
    assert.strictEqual(d("uart", () => 0), 60);
    assert.strictEqual(d("other", flush), 0);
  });
});
