/**
 * Regenerates docs/screens/*.png: every screen of the box, produced by running the built firmware file in the
 * simulator against simulated BMSes and photographing the SSD1306 model's pixels, i.e. what the real I2C byte
 * stream drew. Each picture is taken after a short scripted story (sim/rigs/box-bench.ts) and checked to show
 * what its name says before it is written.
 *
 *   npx ts-node --transpile-only tools/screens.ts [--board esp32-devkitc] [--out docs/screens]
 *
 * Build first (npm run build): it photographs build/<board>/firmware.js.
 */
import * as fs from "fs";
import * as path from "path";
import { renderPng } from "../sim/runtime/render";
import { makeBench, has, headline, INDUCE, PACK_FOR, Bench } from "../sim/rigs/box-bench";
import { Family } from "../firmware/src/types";
import { PackOptions } from "../sim/bms/pack";

interface Shot {
  name: string;
  family: Family;
  /** Pack options instead of PACK_FOR (a 4-cell pack). */
  pack?: PackOptions;
  /** Drives the bench to the moment of the picture; returns the text that must be on screen. */
  story: (b: Bench) => string;
}

function toOk(b: Bench): void {
  if (b.until((s) => headline(s) === "OK", 15000) < 0) throw new Error("no all-clear screen: " + b.screen());
  b.run(6000);
}
function code(c: string, extraMs = 0): (b: Bench) => string {
  return (b) => {
    toOk(b);
    b.change(INDUCE[c].set);
    b.until((s) => headline(s) === c, 240000);
    b.run(extraMs);
    return c;
  };
}

/** n episodes of OCD, each until the all-clear screen is back. */
function ocdTimes(b: Bench, n: number): void {
  for (let i = 0; i < n; i++) {
    b.change(INDUCE.OCD.set);
    b.until((s) => headline(s) === "OCD", 10000);
    b.run(3000);
    b.change(INDUCE.OCD.undo);
    b.until((s) => headline(s) === "OK", 80000);
    b.run(5000);
  }
}

/** OVP on cell i + 1 (0-based i), until it ends; then a short press on the all-clear screen. */
function cellsAfterOvp(i: number, want: string): (b: Bench) => string {
  return (b) => {
    toOk(b);
    b.change((p) => { p.socPct[i] = 106; p.chargerA = 20; p.chargerCvMv = null; });
    b.until((s) => headline(s) === "OVP", 120000);
    b.run(4000);
    b.change((p) => { p.chargerA = 0; p.socPct[i] = 97; });
    b.until((s) => headline(s) === "OK", 120000);
    b.run(2000);
    b.press(100);
    b.until((s) => has(s, want), 3000);
    return want;
  };
}

const SHOTS: Shot[] = [
  { name: "boot", family: "jbd", story: (b) => { b.run(1500); return "bmsbox"; } },
  { name: "ok", family: "jbd", pack: { cells: 16, socPct: 75, thermalTauMs: 60000, cellSocOffsetPct: [0, 0, -2, 0, 0, 0, 1.5, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, story: (b) => {
    toOk(b);
    b.change((p) => { p.loadA = 12.5; });
    b.run(4000);
    return "OK";
  } },
  { name: "code-ovp", family: "jbd", story: code("OVP", 3000) },
  { name: "code-uvp", family: "jbd", story: code("UVP", 3000) },
  { name: "code-occ", family: "jbd", story: code("OCC") },
  { name: "code-ocd", family: "jbd", story: code("OCD") },
  { name: "code-otp", family: "jbd", story: code("OTP") },
  { name: "code-utp", family: "daly", story: code("UTP") },
  { name: "code-ntc", family: "jk", story: code("NTC") },
  { name: "safety-sc", family: "jbd", story: (b) => {
    code("SC")(b);
    b.change(INDUCE.SC.undo);
    b.run(20000);
    return "latched";
  } },
  { name: "codes-rotate", family: "jbd", story: (b) => {
    toOk(b);
    b.change((p) => { INDUCE.OCD.set(p); INDUCE.NTC.set(p); });
    b.until((s) => has(s, "1/2"), 10000);
    return "1/2";
  } },
  { name: "refused", family: "jbd", story: (b) => {
    code("OCD")(b);
    b.press(2000);
    b.until((s) => has(s, "NO CLEAR"), 3000);
    return "NO CLEAR";
  } },
  { name: "confirm-sc", family: "jbd", story: (b) => {
    code("SC")(b);
    b.change(INDUCE.SC.undo);
    b.run(5000);
    b.press(2000);
    b.until((s) => has(s, "CLEAR SC?"), 3000);
    return "CLEAR SC?";
  } },
  { name: "cleared", family: "jbd", story: (b) => {
    code("SC")(b);
    b.change(INDUCE.SC.undo);
    b.run(5000);
    b.press(2000);
    b.run(2500);
    b.press(2000);
    b.until((s) => has(s, "CLEARED"), 4000);
    return "CLEARED";
  } },
  { name: "nodata", family: "jbd", story: (b) => {
    toOk(b);
    b.bms.powered = false;
    b.run(75000);
    return "NO DATA";
  } },
  { name: "diagnosis", family: "jbd", story: (b) => {
    toOk(b);
    // OCD on three heavy loads in a row: recurring; the clear asked for while it is present is answered
    // with the diagnosis instead of a plain refusal.
    ocdTimes(b, 3);
    b.change(INDUCE.OCD.set);
    b.until((s) => headline(s) === "OCD", 10000);
    b.run(2000);
    b.press(2000);
    b.until((s) => has(s, "again"), 3000);
    return "again";
  } },
  { name: "recurring", family: "jbd", story: (b) => {
    toOk(b);
    // OCD on every heavy load: from the third, the code screen names the cause, the evidence and the action
    // that follows from them, unasked.
    ocdTimes(b, 2);
    b.change(INDUCE.OCD.set);
    b.until((s) => headline(s) === "OCD", 10000);
    b.run(2000);
    return "Pack undersized";
  } },
  { name: "reminder", family: "jbd", story: (b) => {
    toOk(b);
    // After the third episode the all-clear screen keeps the reminder until a long press.
    ocdTimes(b, 3);
    return "OCD x3: pack undersized";
  } },
  // The cell screen: a short press on the all-clear screen after an OVP; 16 cells as bars, 4 as numbers.
  { name: "cells", family: "jbd", pack: { cells: 16, socPct: 75, thermalTauMs: 60000, cellSocOffsetPct: [0, 0, -2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, story: cellsAfterOvp(10, "CELLS 16") },
  { name: "cells-few", family: "jbd", story: cellsAfterOvp(1, "CELLS 4") },
  { name: "history", family: "jbd", story: (b) => {
    toOk(b);
    b.change(INDUCE.OVP.set);
    b.until((s) => headline(s) === "OVP", 10000);
    b.run(4000);
    b.change(INDUCE.OVP.undo);
    b.until((s) => headline(s) === "OK", 120000);
    b.press(100);
    b.run(200);
    b.press(100);
    b.until((s) => headline(s) === "HISTORY", 2000);
    return "HISTORY";
  } },
];

export function takeShots(board: string, outDir: string, only?: string[]): { name: string; ok: boolean; text: string }[] {
  fs.mkdirSync(outDir, { recursive: true });
  const out: { name: string; ok: boolean; text: string }[] = [];
  for (const shot of SHOTS) {
    if (only && only.indexOf(shot.name) < 0) continue;
    const b = makeBench(board, shot.family, shot.pack || PACK_FOR);
    const want = shot.story(b);
    const text = b.screen();
    const ok = has(text, want);
    if (ok) fs.writeFileSync(path.join(outDir, shot.name + ".png"), renderPng(b.oled, { scale: 3 }));
    out.push({ name: shot.name, ok, text });
  }
  return out;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const bi = args.indexOf("--board");
  const oi = args.indexOf("--out");
  const board = bi >= 0 ? args[bi + 1] : "esp32-devkitc";
  const out = oi >= 0 ? args[oi + 1] : path.join(__dirname, "..", "docs", "screens");
  const res = takeShots(board, out, args.filter((a, i) => !a.startsWith("--") && (i === 0 || !args[i - 1].startsWith("--"))).length ? args.filter((a, i) => !a.startsWith("--") && (i === 0 || !args[i - 1].startsWith("--"))) : undefined);
  let bad = 0;
  for (const r of res) {
    console.log((r.ok ? "ok   " : "FAIL ") + r.name + (r.ok ? "" : "\n" + r.text));
    if (!r.ok) bad++;
  }
  console.log(res.length - bad + " screens written to " + path.relative(process.cwd(), out));
  process.exit(bad ? 1 : 0);
}
