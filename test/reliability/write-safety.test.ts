/**
 * Write safety (issue 7): every byte the firmware sent on its UART is a read request or the one allowed clear
 * (sim/fixtures/allowed-bytes.ts, written from bms-protocols.md). The bytes are taken where the firmware
 * wrote them (the simulated Serial's "tx" events, before the line), so bytes sent at another family's baud
 * during autodetection are judged as sent, not as the BMS misheard them.
 *
 * Short form (npm test): every shipped scenario once, the family rotating from scenario to scenario, up to its
 * first minute; plus the one case that must write: a JBD with its software MOSFET lock set and a long
 * press. Long form (`make soak`): every scenario, every family, full length (tools/soak.ts).
 */
import * as assert from "assert";
import { Family } from "../../firmware/src/types";
import { builtFirmware } from "../../sim/firmware-file";
import { ScenarioRun } from "../../sim/scenario/runner";
import { loadScenario, shippedScenarioFiles } from "../../sim/scenario/format";
import { SerialTxEvent, SimSerial } from "../../sim/runtime";
import { Rig } from "../../sim/rigs/rig";
import { splitAllowed, JBD_RELEASE, JK_READ_ALL } from "../../sim/fixtures/allowed-bytes";

const BOARD = "esp32-devkitc";
const SHORT_MS = 60 * 1000;

/** Collects every byte the firmware wrote to any of its UARTs. */
export function recordTx(serials: { [name: string]: SimSerial }): number[][] {
  const out: number[][] = [];
  for (const k of Object.keys(serials)) {
    serials[k].sim.on("tx", (e: SerialTxEvent) => { out.push(Array.from(e.bytes)); });
  }
  return out;
}

describe("reliability: write safety", function () {
  // A missing build fails here, before any case (never a skip: a skipped reliability run would pass in silence).
  before(() => {
    builtFirmware(BOARD);
  });

  it("the allowed list itself: reads and the release are byte-exact, anything else is refused", () => {
    assert.deepStrictEqual(JBD_RELEASE, [0xdd, 0x5a, 0xe1, 0x02, 0x00, 0x00, 0xff, 0x1d, 0x77]);
    assert.strictEqual(splitAllowed([0xdd, 0xa5, 0x03, 0x00, 0xff, 0xfd, 0x77].concat(JK_READ_ALL)).length, 2);
    // a JBD write to another register (0xE1 = 1: charge FET off), a Daly write (0xD9 FET switch)
    assert.throws(() => splitAllowed([0xdd, 0x5a, 0xe1, 0x02, 0x00, 0x01, 0xff, 0x1c, 0x77]), /offset 0/);
    assert.throws(() => splitAllowed([0xa5, 0x40, 0xd9, 0x08, 1, 0, 0, 0, 0, 0, 0, 0, 0x87]), /offset 0/);
    assert.throws(() => splitAllowed([0xdd, 0xa5, 0x03, 0x00, 0xff, 0xfd, 0x77, 0x00]), /offset 7/);
  });

  const files = shippedScenarioFiles();
  files.forEach((file, i) => {
    const sc = loadScenario(file);
    const family = sc.families[i % sc.families.length] as Family;
    it("scenario " + sc.name + " (" + family + ", first " + Math.min(sc.durationMs, SHORT_MS) / 60000 + " min): only reads and the allowed clear", () => {
      const run = new ScenarioRun(sc, { board: BOARD, family });
      const sent = recordTx(run.device.serial);
      run.start();
      run.clock.runUntil(Math.min(sc.durationMs, SHORT_MS));
      let frames = 0;
      for (const chunk of sent) frames += splitAllowed(chunk).length;
      assert.ok(frames > 50, "the box polled: " + frames + " requests");
      assert.deepStrictEqual(run.bms.forbiddenWrites, []);
    });
  });

  it("JBD with its software lock set: a long press sends exactly the release, once, and nothing else is written", () => {
    const r = new Rig({ board: BOARD, family: "jbd", bms: { pack: { socPct: 60 } } });
    const sent = recordTx(r.device.serial);
    r.boot();
    r.clock.runFor(5000);
    r.bms.change(r.clock.now(), (p) => { p.lockCharge = true; p.lockDischarge = true; });
    r.clock.runFor(3000);
    r.device.press(r.pins.button.pin, { atMs: r.clock.now() + 10, holdMs: 2000, pressedLevel: 0 });
    r.clock.runFor(5000);
    const frames: { family: Family; write: boolean }[] = [];
    for (const chunk of sent) for (const f of splitAllowed(chunk)) frames.push(f);
    assert.strictEqual(frames.filter((f) => f.write).length, 1, "release writes sent");
    assert.strictEqual(r.bms.writes.length, 1);
    assert.strictEqual(r.bms.writes[0].allowed, true);
    assert.strictEqual(r.bms.pack.lockCharge || r.bms.pack.lockDischarge, false, "the BMS released its lock");
  });
});
