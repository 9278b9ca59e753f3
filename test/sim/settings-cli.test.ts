/**
 * `bmsbox settings` against the simulated box over a real serial line: a socat pseudo-terminal pair, the box's
 * console bridged onto one end (`bmsbox sim --console`, sim/commands/console-bridge.ts), the command's own
 * `serialport` on the other. Checks what it prints, what the box stores, that it sends exactly the console
 * commands it needs, that a bad value sends nothing, and that the stored settings are what the box runs with
 * after load(). Also: the Daly current sign setting reaches the poller (raw and inverted read differently).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawn, ChildProcess } from "child_process";
import { validateScenario } from "../../sim/scenario/format";
import { ScenarioRun } from "../../sim/scenario/runner";
import { bridgeConsole, ConsoleBridge } from "../../sim/commands/console-bridge";
import { run as settingsCommand } from "../../sim/commands/settings";
import { SETTINGS_FILE } from "../../firmware/src/settings";
import { builtFirmware } from "../../sim/firmware-file";

/** A Daly that answers only host address 0x80 and inverts its current; the scenario's own settings, if any. */
function dalyRun(settings?: object, invertCurrent = true): ScenarioRun {
  const s = validateScenario({
    name: "t", duration: "10m", families: ["daly"], timeline: [{ at: "0s", do: "load", amps: 20 }],
    bms: { hostAddress: 0x80, invertCurrent, pack: { socPct: 70 } }, settings,
  });
  return new ScenarioRun(s, { board: "esp32-devkitc", family: "daly" });
}

function screen(r: ScenarioRun): string {
  r.sampleScreen();
  return r.screens[r.screens.length - 1].text.replace(/\n/g, " | ");
}

/** Runs the command in this process, its console.log gathered. */
/**
 * Waits (host time, up to ms) until cond holds: the command exits once its last bytes have left its end of the pty
 * pair, and the bridge on the other end may read them a moment later.
 */
async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = console.log;
  const err = console.error;
  console.log = (s: string) => { out.push(s); };
  console.error = (s: string) => { out.push(s); };
  try {
    return { code: await settingsCommand(args), out: out.join("\n") };
  } finally {
    console.log = log;
    console.error = err;
  }
}

describe("bmsbox settings over a serial line to the simulated box", function () {
  this.timeout(30000);
  let dir: string;
  let socat: ChildProcess;
  let boxEnd: string;
  let hostEnd: string;
  let r: ScenarioRun;
  let bridge: ConsoleBridge;
  let boxPort: { close(cb?: () => void): void };

  before(async function () {
    builtFirmware("esp32-devkitc");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bmsbox-settings-"));
    boxEnd = path.join(dir, "box");
    hostEnd = path.join(dir, "host");
    socat = spawn("socat", ["pty,raw,echo=0,link=" + boxEnd, "pty,raw,echo=0,link=" + hostEnd], { stdio: "ignore" });
    for (let i = 0; i < 100 && !(fs.existsSync(boxEnd) && fs.existsSync(hostEnd)); i++) await new Promise((res) => setTimeout(res, 50));
    assert.ok(fs.existsSync(hostEnd), "socat made the pseudo-terminal pair");
    r = dalyRun();
    r.start();
    r.clock.runUntil(20000);
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { SerialPort } = require("serialport");
    const p = new SerialPort({ path: boxEnd, baudRate: 115200 });
    await new Promise<void>((res, rej) => p.on("open", res).on("error", rej));
    boxPort = p;
    bridge = bridgeConsole(r.device, p);
  });

  after(async function () {
    if (bridge) bridge.stop();
    if (boxPort) await new Promise<void>((res) => boxPort.close(() => res()));
    if (socat) socat.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the box on defaults (auto, 0x40) does not find a Daly that answers only 0x80", () => {
    assert.ok(/NO DATA/.test(screen(r)), screen(r));
  });

  it("get prints every setting, sending box.settings() and nothing else", async () => {
    const g = await cli(["--port", hostEnd, "get"]);
    assert.strictEqual(g.code, 0, g.out);
    assert.strictEqual(g.out, "bms=auto\ndalyAddr=0x40\ndalySign=auto\nchirpMin=10\nbuzzer=true\ncontrast=207");
    assert.deepStrictEqual(bridge.lines, ["\x10box.settings()"]);
  });

  it("a bad value sends nothing at all", async () => {
    const g = await cli(["--port", hostEnd, "set", "bms=daly", "contrast=300"]);
    assert.strictEqual(g.code, 2);
    assert.ok(/contrast: 300 is not a whole number 0..255/.test(g.out) && /nothing sent/.test(g.out), g.out);
    assert.strictEqual(bridge.lines.length, 1);
    assert.strictEqual(r.device.storage.get(SETTINGS_FILE), undefined);
  });

  it("set stores each key with one box.set, --load restarts the box, which then reads the Daly at 0x80", async () => {
    const g = await cli(["--port", hostEnd, "--load", "set", "bms=daly", "dalyAddr=0x80", "dalySign=inverted"]);
    assert.strictEqual(g.code, 0, g.out);
    assert.ok(/setting dalyAddr=0x80 stored; load\(\) applies it/.test(g.out), g.out);
    await until(() => bridge.lines.length >= 5, 3000);
    assert.deepStrictEqual(bridge.lines.slice(1), [
      '\x10box.set("bms","daly")', '\x10box.set("dalyAddr",128)', '\x10box.set("dalySign","inverted")', "\x10load()",
    ]);
    assert.deepStrictEqual(JSON.parse(r.device.storage.get(SETTINGS_FILE) as string), { bms: "daly", dalyAddr: 128, dalySign: "inverted" });
    const boots = r.device.boots;
    r.clock.runUntil(r.clock.now() + 15000);
    assert.strictEqual(r.device.boots, boots + 1, "load() restarted the firmware");
    assert.ok(r.device.log.some((l) => /BMS daly$/.test(l.text)), "the box starts on the settings' family");
    assert.ok(/-20\.0A/.test(screen(r)), screen(r));
    const g2 = await cli(["--port", hostEnd, "get"]);
    assert.ok(/^bms=daly\ndalyAddr=0x80\ndalySign=inverted\n/.test(g2.out), g2.out);
    assert.deepStrictEqual(r.device.errors, []);
  });
});

describe("settings reach the box's Daly options (simulated Storage)", () => {
  before(() => builtFirmware("esp32-devkitc"));
  // Under "auto" the 0x93 charge/discharge state fixes the sign; these two show the setting is what decides.
  it("dalySign raw on a Daly that inverts its current: the discharge reads as a charge", () => {
    const r = dalyRun({ bms: "daly", dalyAddr: 128, dalySign: "raw" });
    r.start();
    r.clock.runUntil(15000);
    assert.ok(/\+?20\.0A/.test(screen(r)) && !/-20\.0A/.test(screen(r)), screen(r));
  });
  it("dalySign inverted on a Daly with the usual sign: likewise flipped", () => {
    const r = dalyRun({ bms: "daly", dalyAddr: 128, dalySign: "inverted" }, false);
    r.start();
    r.clock.runUntil(15000);
    assert.ok(/\+?20\.0A/.test(screen(r)) && !/-20\.0A/.test(screen(r)), screen(r));
  });
  it("a setting written by box.set from the console is what the next start reads; box.settings() prints it", () => {
    const r = dalyRun();
    r.start();
    r.clock.runUntil(2000);
    r.device.eval('box.set("chirpMin", 0)');
    r.device.eval('box.set("buzzer", "loud")');
    r.device.eval("box.settings()");
    const log = r.device.log.map((l) => l.text).join("\n");
    assert.ok(/setting chirpMin=0 stored; load\(\) applies it/.test(log), log);
    assert.ok(/setting buzzer: "loud" is not true or false, not stored/.test(log), log);
    assert.ok(/\nchirpMin=10\n/.test(log), "still the value in force until load(): " + log);
    assert.strictEqual(r.device.storage.get(SETTINGS_FILE), '{"chirpMin":0}');
  });
});
