/**
 * The fit budgets of issue 11, measured on the real interpreter (`make espruino`) and printed by `make bench`:
 * interpreter time per answered request, per second and for the longest callback (tools/bench/interpreter-time.ts),
 * top costs by callback kind and the ESP32 time they imply (the memory budget is a column of the real-interpreter
 * memory table, tools/bench.ts realMemorySection). Figures only: nothing here is asserted.
 */
import { Family } from "../../firmware/src/types";
import { measureFamily, FamilyTime } from "./interpreter-time";

/** ESP32 interpreter speed band, loop-iteration equivalents per ms (docs/espruino.md §8.4: an estimate). */
export const ESP32_LIE_PER_MS = [10, 30];

export const BUDGET = {
  /** Median interpreter time per answered status request, LIE: JBD and Daly 600, JK (its 267-byte frame) 1,200. */
  perAnswer: { jbd: 600, jk: 1200, daly: 600 } as { [f: string]: number },
  perSecondJbd: 6000,
  longestCallback: 3000,
  ownJsVars: 2500,
  /** While booting and while an upload is received. */
  peakJsVars: 3000,
};

export function mark(v: number, budget: number): string {
  return v <= budget ? "yes" : "**no**";
}

/** "a–b ms" on an ESP32 for `lie` at 30 and 10 LIE/ms. */
export function esp32Ms(lie: number): string {
  return (lie / ESP32_LIE_PER_MS[1]).toFixed(0) + "–" + (lie / ESP32_LIE_PER_MS[0]).toFixed(0) + " ms";
}

export async function measureFit(seconds: number, detections: number): Promise<FamilyTime[]> {
  const out: FamilyTime[] = [];
  for (const f of ["jbd", "jk", "daly"] as Family[]) out.push(await measureFamily(f, seconds, detections, "esp32-devkitc"));
  return out;
}

export function fitSection(times: FamilyTime[] | null, seconds: number): string[] {
  const out: string[] = ["## Fit on a stock ESP32 (real interpreter)", ""];
  if (times === null) {
    out.push("Not measured in this run: the interpreter is not built (`make espruino`).", "");
    return out;
  }
  out.push(
    "Interpreter time in loop-iteration equivalents (LIE): the CPU a piece of work takes on Espruino 2v29 for Linux with the",
    "ESP32's variable store (`make espruino`), divided by the CPU one empty `for (var i…)` iteration takes in the same run: a",
    "300-iteration loop every 100 ms, each time stated against the latest (the host's speed changes by tens of per cent from",
    "one second to the next; one calibration for a whole run moved every figure by up to 40 % between runs of the same firmware).",
    "The firmware runs as flashed (`.bootcde`, read from memory as on the ESP32: tools/espruino/mapped-flash.py), the simulated BMS at rest on its UART, " + seconds + " s per family after boot",
    "(tools/bench/interpreter-time.ts times every timer and UART callback with getTime()). ESP32 time: at " + ESP32_LIE_PER_MS[1] + "–" + ESP32_LIE_PER_MS[0] + " LIE per ms, an",
    "estimate (no figure measured on hardware yet).",
    "",
    "Per answer: the median of the poll loop's runs that take an answer (\"UART data\"), plus the mean share per answer of its",
    "other runs (sending the request, a read that came too soon: \"poll tick\"), of the UART listener that only gathers bytes",
    "and of the engine's callback that takes a changed status; the mean of all that work per answer beside it.",
    "",
    "| BMS | answers/s | per answer, median (UART work) | mean | budget | met | all work per s | longest callback | budget | met | per answer on an ESP32 |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const t of times) {
    const b = BUDGET.perAnswer[t.family];
    out.push("| " + t.family.toUpperCase() + " | " + (t.answered / t.seconds).toFixed(1) + " | " + t.perRequestLie + " | " + t.perRequestMeanLie + " | " + b + " | " + mark(t.perRequestLie, b) + " | " +
      t.perSecondLie + (t.family === "jbd" ? " (budget " + BUDGET.perSecondJbd + ": " + mark(t.perSecondLie, BUDGET.perSecondJbd) + ")" : "") + " | " +
      t.maxCallbackLie + " | " + BUDGET.longestCallback + " | " + mark(t.maxCallbackLie, BUDGET.longestCallback) + " | " + esp32Ms(t.perRequestLie) + " |");
  }
  const runs = times[0].detectionRuns.length;
  out.push("", "While a code appears (a short circuit, JK: its OCD; " + runs + " of them per family, the first right after the run at rest, each",
    "other on a fresh box at rest): the longest callback (the detection's read, the engine's new episode, the render that builds",
    "the code's screen, or the draw that draws and pushes it: firmware/main.ts render() and draw(), two callbacks), and those two",
    "(what the latency with time counted charges a render that found a changed screen and a callback that pushes a frame; at rest",
    "a render finds the screen model unchanged and nothing is drawn). The median over the " + runs + " runs, their range in brackets:",
    "one run's figure moves by up to 2× with the host's load (the same work measured 895 and 3,030 LIE in two runs).", "");
  out.push("| BMS | longest callback | budget | met | render (view, model) | draw (draw, push) |", "|---|---|---|---|---|---|");
  const spread = (t: FamilyTime, v: number, f: (r: FamilyTime["detectionRuns"][0]) => number) => {
    const xs = t.detectionRuns.map(f).filter((x) => x === x);
    return v + (xs.length > 1 ? " (" + Math.min.apply(null, xs) + "–" + Math.max.apply(null, xs) + ")" : "");
  };
  for (const t of times) {
    out.push("| " + t.family.toUpperCase() + " | " + spread(t, t.detectMaxLie, (r) => r.detectMaxLie) + " | " + BUDGET.longestCallback + " | " + mark(t.detectMaxLie, BUDGET.longestCallback) + " | " +
      spread(t, t.viewLie, (r) => r.viewLie) + " | " + spread(t, t.drawLie, (r) => r.drawLie) + " |");
  }
  out.push("", "Values moving (the load switching between 5 and 12 A every 0.7 s for 6 s, between the run at rest and the code): every",
    "once-a-second render builds the all-clear screen again and draws it, as on a pack whose current moves. The budget row is for a",
    "steady line; this is what a pack in use adds to it (medians of that render and of its draw; the draw's I2C bus time, ~26 ms",
    "at 400 kHz for the 1,031 bytes of a frame, is not interpreter time and not in these figures):", "");
  out.push("| BMS | all work per s | at rest | all-clear screen: render | draw |", "|---|---|---|---|---|");
  for (const t of times) out.push("| " + t.family.toUpperCase() + " | " + t.movingLie + " | " + t.perSecondLie + " | " + t.okViewLie + " | " + t.okDrawLie + " |");
  out.push("", "Top costs by callback kind (LIE over the run, calls, longest single call):", "");
  out.push("| BMS | kind | calls | LIE | per call | longest | share |", "|---|---|---|---|---|---|---|");
  for (const t of times) {
    const total = t.callbacks.reduce((a, c) => a + c.lie, 0);
    for (const c of t.callbacks) {
      out.push("| " + t.family.toUpperCase() + " | " + c.what + (c.sends ? ", request sent" : "") + " | " + c.calls + " | " + c.lie + " | " + Math.round(c.lie / c.calls) + " | " + c.maxLie + " | " + Math.round((100 * c.lie) / total) + " % |");
    }
  }
  out.push("", "Memory against its budgets (" + BUDGET.ownJsVars + " JsVars steady, " + BUDGET.peakJsVars + " at the peaks): the next section.", "");
  return out;
}
