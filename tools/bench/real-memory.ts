/**
 * The memory rows of the fit budget (issue 11), on the real interpreter (`make espruino`) with peak counting
 * (process.memory().peak, tools/espruino/peak.py), per family. Figures only: nothing here is asserted.
 *
 *   ts-node tools/bench/real-memory.ts [--polls 10000] [--families jbd,jk,daly] [--json]
 *     -> a table; --json writes build/espruino/memory.json
 *
 * The run, as a person would meet it:
 *  1. the upload (tools/upload.ts, what `make flash` sends after the CLI's reset(), which stops a running firmware
 *     first): the peak from the start to just before its load();
 *  2. the history file holds a full ring (HIST_SIZE entries) before the box boots, as on a box that has seen much;
 *  3. load(): the peak while booting, read once the all-clear screen shows; the firmware's own JsVars then
 *     (steps 1–3 run twice: on a box that counts peaks, then on one that does not, see measureFamilyMemory);
 *  4. every screen once: a code (SC, or OCD on JK), muted, the refusal of a clear, its clear (with the SC
 *     confirmation), the cell screen, the history browser; then the own JsVars again;
 *  5. `polls` more answered requests at rest: the own JsVars at GROWTH_FROM of them (when polls is larger) and at the
 *     end; the growth is counted from GROWTH_FROM (the budget's "between 1k and 10k polls"), else from step 4. Of it,
 *     the int step: a trace() dump at both ends counts the integers that took a JsVar of their own meanwhile (a
 *     counter past 8,191; RealBox.intSlots), which the budget excepts.
 * The families run side by side (each box is a separate interpreter in real time and mostly idle): a 10k-poll run
 * takes as long as its slowest family, Daly or JK at ~4–5 answers a second, about 40 minutes.
 * "Own" is process.memory().usage less what the shims alone take (RealBox.shimsOnly, same interpreter). Each of steps 3–5
 * reads it READINGS times, READ_GAP_MS apart, and keeps the lowest, the steady state: one reading can catch an answer on
 * its way in (the UART's gathered string, ~25 JsVars for a JK read-all) or values being decoded, which moved single
 * readings of the same run by ±30. The highest of all readings is kept beside.
 */
import * as fs from "fs";
import * as path from "path";
import { Family } from "../../firmware/src/types";
import { History, HIST_SIZE, HIST_KIND_EPISODE, H_DUR, H_N } from "../../firmware/src/engine/history";
import { HISTORY_FILE } from "../../firmware/src/engine/engine";
import { CI_OCD } from "../../firmware/src/types";
import { intSteps, RealBox, RealMemory, shortCircuitCode } from "../../sim/espruino/real-box";

export const MEMORY_FILE = path.join(__dirname, "..", "..", "build", "espruino", "memory.json");

export interface FamilyMemory {
  family: Family;
  uploadPeak: number;
  bootPeak: number;
  afterBoot: number;
  afterScreens: number;
  /** After GROWTH_FROM answered requests at rest (null: the run was not longer than that). */
  atGrowthFrom: number | null;
  afterPolls: number;
  polls: number;
  /** The highest single reading of steps 3–5. */
  highest: number;
  /**
   * JsVars of the growth that are the int step: integers (counters) that passed 8,191 between the growth's two readings
   * and took a JsVar each (intSteps of trace() dumps taken right after each).
   */
  intSteps: number;
}

/** Readings per step, and the time between them. */
export const READINGS = 5;
export const READ_GAP_MS = 400;

/** The budget's growth is counted between 1k and 10k polls: the first polls fill in what boot leaves empty. */
export const GROWTH_FROM = 1000;

/** Growth over the run's polls at rest: from GROWTH_FROM polls when the run reached past it, else from every screen. */
export function growthOf(m: FamilyMemory): number {
  return m.afterPolls - (m.atGrowthFrom === null ? m.afterScreens : m.atGrowthFrom);
}

/** The growth beside the int step (the budget's: "0, the documented int→JsVar step excepted"). */
export function growthBesideInts(m: FamilyMemory): number {
  return growthOf(m) - m.intSteps;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A full history ring as the firmware stores it: HIST_SIZE OCD episodes, an hour apart. */
export function fullHistoryText(): string {
  const h = new History(HIST_SIZE);
  for (let i = 0; i < HIST_SIZE; i++) {
    const k = h.add(HIST_KIND_EPISODE, CI_OCD, 3600 * (i + 1));
    h.set(k, H_DUR, 2);
    h.set(k, H_N, 1);
  }
  return h.serialize(3600 * (HIST_SIZE + 1), 0, 0);
}

async function everyScreen(box: RealBox, family: Family): Promise<void> {
  const code = shortCircuitCode(family);
  const from = box.lines.length;
  box.bms.change(box.now(), (p) => { p.loadA = 10; });
  await sleep(500);
  box.bms.change(box.now(), (p) => { p.shortA = 2000; });
  await box.waitLine(new RegExp("code " + code + " active"), 15000, from);
  await box.waitFor(code + " on the OLED", () => box.screen().split("\n")[0] === code, 5000);
  await box.press(200);
  await box.waitFor("muted", () => /muted/.test(box.screen()), 5000);
  await box.press(2000);
  await box.waitFor("the refusal", () => /NO CLEAR/.test(box.screen()), 5000);
  await box.press(200);
  await box.clearShortCircuit(code);
  await box.press(200);
  await box.waitFor("the cell screen", () => /^CELLS \d/.test(box.screen()), 5000);
  await box.press(200);
  await box.waitFor("the all-clear screen", () => /^OK/.test(box.screen()), 5000);
  // Double press: two short presses within 0.4 s.
  await box.press(120);
  await sleep(100);
  await box.press(120);
  await box.waitFor("the history browser", () => /^HISTORY/.test(box.screen()), 5000);
  await box.press(2000);
  await box.waitFor("the all-clear screen", () => /^OK/.test(box.screen()), 5000);
}

/** Flashes a box with a full history file stored before its load(); `upload` gets the memory just before load(). */
function flashWithHistory(family: Family, peak: boolean, upload: (m: RealMemory) => void): Promise<RealBox> {
  const history = fullHistoryText();
  return RealBox.flash({
    board: "esp32-devkitc",
    family,
    peak,
    beforeLoad: async (b) => {
      upload(await b.memory());
      b.type("require(\"Storage\").write(" + JSON.stringify(HISTORY_FILE) + "," + JSON.stringify(history) + ");");
      await sleep(250);
    },
  });
}

/**
 * Peaks come from a box that counts them (slow: it counts the JsVars in use every 4th allocation), steps 3–5 from
 * one that does not, so that the run goes at the firmware's own pace.
 */
export async function measureFamilyMemory(family: Family, polls: number, shims: RealMemory, peakShims: RealMemory): Promise<FamilyMemory> {
  const own = (m: RealMemory): number => m.usage - shims.usage;
  const peakOf = (m: RealMemory | null): number => (!m || m.peak === undefined ? NaN : m.peak - peakShims.usage);
  let upload: RealMemory | null = null;
  let bootPeak = NaN;
  let box = await flashWithHistory(family, true, (m) => { upload = m; });
  try {
    await box.waitLine(/data ok/, 120000);
    await box.waitFor("the all-clear screen", () => /^OK/.test(box.screen()), 60000);
    bootPeak = peakOf(await box.memory());
  } finally {
    await box.stop();
  }
  box = await flashWithHistory(family, false, () => undefined);
  try {
    await box.waitLine(/data ok/, 60000);
    await box.waitFor("the all-clear screen", () => /^OK/.test(box.screen()), 30000);
    let highest = -Infinity;
    const steady = async (): Promise<number> => {
      let low = Infinity;
      for (let i = 0; i < READINGS; i++) {
        if (i > 0) await sleep(READ_GAP_MS);
        const v = own(await box.memory());
        if (v < low) low = v;
        if (v > highest) highest = v;
      }
      return low;
    };
    const boot = await steady();
    await everyScreen(box, family);
    const screens = await steady();
    const n0 = box.answered();
    let atGrowthFrom: number | null = null;
    if (polls > GROWTH_FROM) {
      while (box.answered() - n0 < GROWTH_FROM) await sleep(250);
      atGrowthFrom = await steady();
    }
    // The integer slots where the growth is counted from, and at its end (after the readings: a dump costs no JsVars
    // but holds the interpreter for a moment).
    const ints0 = await box.intSlots();
    while (box.answered() - n0 < polls) await sleep(1000);
    const end = await steady();
    const ints1 = await box.intSlots();
    if (box.errors().length) throw new Error(family + ": the firmware reported errors: " + box.errors().join(" | "));
    return {
      family,
      uploadPeak: peakOf(upload),
      bootPeak,
      afterBoot: boot,
      afterScreens: screens,
      atGrowthFrom,
      afterPolls: end,
      polls: box.answered() - n0,
      highest,
      intSteps: intSteps(ints0, ints1),
    };
  } finally {
    await box.stop();
  }
}

export async function measureRealMemory(polls: number, families: Family[] = ["jbd", "jk", "daly"]): Promise<FamilyMemory[]> {
  const shims = await RealBox.shimsOnly();
  const peakShims = await RealBox.shimsOnly({ peak: true });
  return Promise.all(families.map((f) => measureFamilyMemory(f, polls, shims, peakShims)));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--polls");
  const polls = i >= 0 ? Number(args[i + 1]) : 10000;
  const f = args.indexOf("--families");
  const families = (f >= 0 ? args[f + 1].split(",") : ["jbd", "jk", "daly"]) as Family[];
  measureRealMemory(polls, families).then((rows) => {
    console.log("| BMS | upload peak | boot peak | after boot | every screen, history full | after " + GROWTH_FROM + " polls | after " + polls + " more polls | highest reading | growth | of it, int step |");
    for (const r of rows) console.log("| " + [r.family.toUpperCase(), r.uploadPeak, r.bootPeak, r.afterBoot, r.afterScreens, r.atGrowthFrom === null ? "–" : r.atGrowthFrom, r.afterPolls + " (" + r.polls + ")", r.highest, growthOf(r), r.intSteps].join(" | ") + " |");
    if (args.indexOf("--json") >= 0) fs.writeFileSync(MEMORY_FILE, JSON.stringify(rows, null, 2) + "\n");
  }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
