/**
 * `bmsbox sim [--board B] [--bms jbd|jk|daly] [--scenario FILE] [--realtime|--fast] [--png DIR] [--json FILE]
 *             [--headless] [--verbose] [--console DEV]`
 *
 * Runs the built firmware against a simulated BMS under a scenario (default: sim/scenarios/default.json).
 * Headless (also when stdout is not a terminal): prints the timeline, checks the expectations, prints the speed
 * ratio and exits 1 on a failed expectation. Interactive: draws the OLED live with half-blocks, shows the LED,
 * the buzzer and the pack, and takes keys for the button and for injecting faults.
 * --console DEV: the box's console (its REPL, as on the ESP32's USB serial) on a serial port, e.g. one end of a
 * `socat` pseudo-terminal pair, for `bmsbox settings` or a terminal on the other end; it implies real time.
 */
import * as fs from "fs";
import * as path from "path";
import { spawnSync } from "child_process";
import { Family } from "../../firmware/src/types";
import { loadScenario, SCENARIO_DIR, FAMILIES } from "../scenario/format";
import { ScenarioRun, formatEvent, TimelineEvent } from "../scenario/runner";
import { formatMs } from "../scenario/time";
import { BOARD_IDS, DEFAULT_BOARD } from "../../boards";
import { renderTerminal } from "../runtime";
import { firmwarePath } from "../firmware-file";
import { parseArgs } from "./args";
import { bridgeConsole } from "./console-bridge";

const USAGE =
  "usage: bmsbox sim [--board " + BOARD_IDS.join("|") + "] [--bms jbd|jk|daly] [--scenario FILE]\n" +
  "                  [--realtime|--fast] [--png DIR] [--json FILE] [--headless] [--verbose] [--firmware FILE] [--console DEV]";

const KEYS_HELP =
  "keys: space short press · l long press · d double press · 1 short circuit · 2 heavy load · 3 charger ·\n" +
  "      4 heat · 5 cold · 6 unplug probe · 7 UART cut · 8 line noise · 9 cell 1 drift +5% · 0 box power cycle ·\n" +
  "      + / - speed · q quit";

/**
 * Runs tools/build.ts for one board as its own program, as `make build` does. A program rather than an import:
 * sim/ imports nothing from tools/ (tools and tests build on sim; docs/architecture.md).
 */
function build(board: string): boolean {
  const root = path.join(__dirname, "..", "..");
  const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(root, "tools", "build.ts"), "--board", board], {
    cwd: root, stdio: "inherit", env: Object.assign({}, process.env, { TS_NODE_PROJECT: path.join(root, "tsconfig.json") }),
  });
  return r.status === 0;
}

export async function run(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["board", "bms", "scenario", "png", "json", "firmware", "console"], ["realtime", "fast", "headless", "verbose", "help"]);
  if (typeof a === "string" || a.flags.help) {
    console.error((typeof a === "string" ? a + "\n" : "") + USAGE);
    return typeof a === "string" ? 2 : 0;
  }
  const board = a.values.board || DEFAULT_BOARD;
  if (BOARD_IDS.indexOf(board) < 0) return fail("unknown board " + board);
  const file = a.values.scenario || path.join(SCENARIO_DIR, "default.json");
  let scenario;
  try {
    scenario = loadScenario(file);
  } catch (e) {
    return fail((e as Error).message);
  }
  const family = (a.values.bms || scenario.families[0]) as Family;
  if (FAMILIES.indexOf(family) < 0) return fail("unknown BMS family " + family);
  if (scenario.families.indexOf(family) < 0) scenario.families.push(family); // run it anyway, on request
  const headless = !!a.flags.headless || !process.stdout.isTTY;
  const verbose = !!a.flags.verbose;
  const realtime = !!a.flags.realtime || !!a.values.console || (!headless && !a.flags.fast);
  const printed = (e: TimelineEvent): boolean => verbose || e.type === "note" || e.type === "code" || e.type === "button";
  // A clean clone has no build yet: build the board's firmware first (the same build `make build` runs).
  if (!a.values.firmware && !fs.existsSync(firmwarePath(board))) {
    console.log("building " + board + " first ...");
    if (!build(board)) return fail("the build failed (its problems are printed above)");
  }
  let runner: ScenarioRun;
  try {
    runner = new ScenarioRun(scenario, {
      board, family, firmware: a.values.firmware, pngDir: a.values.png, recordBytes: !!a.values.json,
      onEvent: headless ? (e) => { if (printed(e)) console.log(formatEvent(e)); } : undefined,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  const t0 = Date.now();
  let sp: { close(): void } | null = null;
  if (a.values.console) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { SerialPort } = require("serialport");
    const port = new SerialPort({ path: a.values.console, baudRate: 115200 });
    await new Promise<void>((resolve, reject) => port.on("open", resolve).on("error", reject));
    bridgeConsole(runner.device, port);
    sp = port;
    if (headless) console.log("box console on " + a.values.console);
  }
  runner.start();
  if (headless) {
    if (realtime) await runner.clock.runRealtime({ untilMs: scenario.durationMs }).done;
    else runner.runToEnd();
  } else {
    await interactive(runner, realtime ? 1 : 60);
  }
  runner.sampleScreen();
  if (sp) sp.close();
  const hostMs = Date.now() - t0;
  if (a.values.json) fs.writeFileSync(a.values.json, JSON.stringify(runner.timeline, null, 1));
  const results = runner.evaluate();
  let ok = true;
  console.log("\n" + scenario.name + " on " + board + " / " + family.toUpperCase() + ": " + formatMs(runner.clock.now()) + " simulated in " +
    (hostMs / 1000).toFixed(1) + " s, " + Math.round(runner.clock.now() / Math.max(1, hostMs)) + "x real time");
  for (const r of results) {
    ok = ok && r.ok;
    console.log((r.ok ? "  ok    " : "  FAIL  ") + r.label + " - " + r.detail);
  }
  console.log(ok ? "all expectations met" : "expectations FAILED");
  return ok ? 0 : 1;
}

function fail(msg: string): number {
  console.error("bmsbox sim: " + msg);
  return 2;
}

const SPEEDS = [1, 10, 60, 600, 3600];

/** The live terminal view: OLED, LED, buzzer, pack, last events; keys drive the button and faults. */
function interactive(run: ScenarioRun, startSpeed: number): Promise<void> {
  return new Promise((resolve) => {
    let speedIdx = Math.max(0, SPEEDS.indexOf(startSpeed));
    let ctl = run.clock.runRealtime({ speed: SPEEDS[speedIdx], untilMs: run.scenario.durationMs });
    const recent: string[] = [];
    const prevOnEvent = run.opts.onEvent;
    run.opts.onEvent = (e) => {
      if (prevOnEvent) prevOnEvent(e);
      if (e.type === "note" || e.type === "code" || e.type === "button") {
        recent.push(formatEvent(e));
        if (recent.length > 6) recent.shift();
      }
    };
    const toggles: { [k: string]: boolean } = {};
    const now = (): number => run.clock.now();
    const act = (o: Record<string, unknown>): void => run.apply(Object.assign({ atMs: now(), families: null }, o) as never);
    const toggle = (k: string, on: Record<string, unknown>, off: Record<string, unknown>): void => {
      toggles[k] = !toggles[k];
      act(toggles[k] ? on : off);
    };
    const draw = (): void => {
      const r = run.bms.pack.read();
      const led = lastState(run, "led");
      const buz = lastState(run, "buzzer");
      const lines = [
        "\x1b[H\x1b[2J" + run.scenario.name + " · " + run.opts.board + " · " + run.opts.family.toUpperCase() + " · t=" + formatMs(now()) + " · x" + SPEEDS[speedIdx],
        renderTerminal(run.oled, { frame: true }),
        "LED " + (led ? "\x1b[93m●\x1b[0m" : "○") + "   buzzer " + (buz ? "\x1b[91m♪ ON\x1b[0m" : "off") +
          "   pack " + (r.packMv / 1000).toFixed(2) + " V " + r.currentA.toFixed(1) + " A SOC " + r.socPct.toFixed(0) + "% " +
          r.tempsC.map((t, i) => (r.sensors[i] === "ok" ? t.toFixed(0) + "C" : r.sensors[i])).join("/") +
          "  FET chg " + (r.chargeFet ? "on" : "OFF") + " dsg " + (r.dischargeFet ? "on" : "OFF"),
        "cells " + r.cellsMv.join(" ") + " mV",
        recent.join("\n"),
        KEYS_HELP,
      ];
      process.stdout.write(lines.join("\n") + "\n");
    };
    const timer = setInterval(draw, 150);
    const stdin = process.stdin;
    const finish = (): void => {
      clearInterval(timer);
      ctl.stop();
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onKey);
      draw();
      resolve();
    };
    const onKey = (buf: Buffer): void => {
      const k = buf.toString();
      if (k === "q" || k === "\u0003") return finish();
      if (k === " ") run.press("short");
      else if (k === "l") run.press("long");
      else if (k === "d") run.press("double");
      else if (k === "1") toggle("sc", { do: "short", on: true }, { do: "short", on: false });
      else if (k === "2") toggle("load", { do: "load", amps: 150 }, { do: "load", amps: 0 });
      else if (k === "3") toggle("chg", { do: "charger", amps: 20 }, { do: "charger", amps: 0 });
      else if (k === "4") toggle("heat", { do: "heat", c: 45 }, { do: "heat", c: 0 });
      else if (k === "5") toggle("cold", { do: "ambient", c: -10 }, { do: "ambient", c: 20 });
      else if (k === "6") toggle("ntc", { do: "sensor", index: 0, state: "open" }, { do: "sensor", index: 0, state: "ok" });
      else if (k === "7") toggle("cut", { do: "disconnect" }, { do: "reconnect" });
      else if (k === "8") toggle("noise", { do: "noise", ber: 0.003 }, { do: "clean" });
      else if (k === "9") act({ do: "drift", cell: 1, socPct: 5 });
      else if (k === "0") act({ do: "power", state: "cycle" });
      else if (k === "+" || k === "-") {
        speedIdx = Math.min(SPEEDS.length - 1, Math.max(0, speedIdx + (k === "+" ? 1 : -1)));
        ctl.stop();
        ctl = run.clock.runRealtime({ speed: SPEEDS[speedIdx], untilMs: run.scenario.durationMs });
        ctl.done.then(() => { if (now() >= run.scenario.durationMs) finish(); });
      }
    };
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onKey);
    ctl.done.then(() => { if (now() >= run.scenario.durationMs) finish(); });
  });
}

function lastState(run: ScenarioRun, type: "led" | "buzzer"): boolean {
  for (let i = run.timeline.length - 1; i >= 0; i--) if (run.timeline[i].type === type) return !!run.timeline[i].on;
  return false;
}
