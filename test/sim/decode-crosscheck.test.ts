/**
 * The models' replies, decoded by the firmware's own decoders and bit mapping (firmware/src/protocol), say what
 * the physics says: voltages, current sign and size, SOC, temperatures, FETs, and the code of each protection.
 */
import * as assert from "assert";
import { JbdBms, JkBms, DalyBms, SimBms } from "../../sim/bms";
import { Pack } from "../../sim/bms/pack";
import { jbdDecode, jbdRead } from "../../firmware/src/protocol/jbd";
import { jkDecode, jkReadAll } from "../../firmware/src/protocol/jk";
import { dalyDecode, dalyRead } from "../../firmware/src/protocol/daly";
import { mapWithNtc } from "../../firmware/src/protocol/protect";
import { CODE_BIT } from "../../firmware/src/types";

function reply(b: SimBms, req: Uint8Array, t: number): Uint8Array[] {
  const r = b.receive(req, t);
  assert.ok(r.length > 0, "model answered");
  return r;
}

function dalyBits(b: DalyBms, t: number): number[] {
  const d = dalyDecode(reply(b, dalyRead(0x40, 0x98), t)[0]);
  assert.strictEqual(d.err, null);
  return d.bits as number[];
}

describe("sim/bms replies through the firmware decoders", () => {
  it("JBD: pack, signed current, SOC, FETs, temperatures, cells", () => {
    const b = new JbdBms({ pack: { cells: 4, socPct: 50, ambientC: 25 } });
    b.change(0, (p: Pack) => { p.loadA = 12.5; });
    const d = jbdDecode(reply(b, jbdRead(0x03), 0)[0], 0x03);
    const r = b.pack.read();
    assert.strictEqual(d.err, null);
    assert.strictEqual(d.packMv, Math.round(r.packMv / 10) * 10);
    assert.strictEqual(d.currentMa, -12500);
    assert.strictEqual(d.socPct, 50);
    assert.deepStrictEqual([d.chargeFet, d.dischargeFet], [true, true]);
    assert.deepStrictEqual(d.tempsC, [25, 25]);
    const c = jbdDecode(reply(b, jbdRead(0x04), 100)[0], 0x04);
    assert.deepStrictEqual(c.cellsMv, b.pack.read().cellsMv);
  });
  it("JBD: every protection the pack raises maps to its code", () => {
    const cases: [string, (p: Pack) => void, number][] = [
      ["ocd", (p) => { p.loadA = 150; }, CODE_BIT.OCD],
      ["occ", (p) => { p.chargerA = 80; p.chargerCvMv = null; }, CODE_BIT.OCC],
      ["sc", (p) => { p.shortA = 2000; }, CODE_BIT.SC],
      ["chgUt", (p) => { p.ambientC = -5; p.tempC = -5; }, CODE_BIT.UTP],
    ];
    for (const c of cases) {
      const b = new JbdBms({ pack: { socPct: 50 } });
      b.change(0, c[1]);
      b.advance(5000);
      const d = jbdDecode(reply(b, jbdRead(0x03), 5000)[0], 0x03);
      assert.strictEqual(mapWithNtc("jbd", d.bits as number[], d.tempsC).codes, c[2], c[0]);
    }
  });
  it("JBD: an open probe decodes to −40 °C and the sentinel rule raises NTC", () => {
    const b = new JbdBms({ pack: { ambientC: 20 } });
    b.change(0, (p: Pack) => { p.sensors[1] = "open"; });
    const d = jbdDecode(reply(b, jbdRead(0x03), 1000)[0], 0x03);
    assert.deepStrictEqual(d.tempsC, [20, -40]);
    assert.strictEqual(mapWithNtc("jbd", d.bits as number[], d.tempsC).codes, CODE_BIT.NTC);
  });
  it("JBD: a probe reading a constant −30 °C (smagicld/xiaoxiangBMS#75) next to a normal one also raises NTC", () => {
    const b = new JbdBms({ openSensorC: -30, pack: { ambientC: 20 } });
    b.change(0, (p: Pack) => { p.sensors[1] = "open"; });
    const d = jbdDecode(reply(b, jbdRead(0x03), 1000)[0], 0x03);
    assert.deepStrictEqual(d.tempsC, [20, -30]);
    assert.strictEqual(mapWithNtc("jbd", d.bits as number[], d.tempsC).codes, CODE_BIT.NTC);
  });
  it("JK: values, charging current sign, alarm bits → codes", () => {
    const b = new JkBms({ pack: { cells: 8, socPct: 60, ambientC: 24 } });
    b.change(0, (p: Pack) => { p.chargerA = 20; p.chargerCvMv = null; });
    const d = jkDecode(reply(b, jkReadAll(), 0)[0]);
    assert.strictEqual(d.err, null);
    assert.strictEqual(d.currentMa, 20000);
    assert.strictEqual(d.socPct, 60);
    assert.deepStrictEqual(d.cellsMv, b.pack.read().cellsMv);
    assert.deepStrictEqual(d.tempsC, [24, 24]);
    b.change(1000, (p: Pack) => { p.chargerA = 0; p.loadA = 150; });
    b.advance(3000);
    const e = jkDecode(reply(b, jkReadAll(), 3000)[0]);
    assert.strictEqual(e.currentMa, 0, "the FET is open: no current");
    assert.strictEqual(mapWithNtc("jk", e.bits as number[], e.tempsC).codes, CODE_BIT.OCD);
  });
  it("Daly: 0x90 current with offset 30000 and both signs; 0x98 level-2 bits → codes, level 1 not", () => {
    const b = new DalyBms({ pack: { socPct: 50 } });
    b.change(0, (p: Pack) => { p.loadA = 10; });
    const d = dalyDecode(reply(b, dalyRead(0x40, 0x90), 0)[0]);
    assert.strictEqual(d.currentMa, -10000);
    assert.strictEqual(d.socPct, 50);
    b.change(100, (p: Pack) => { p.loadA = 100; }); // 100 A: above the 80 % warning, below the 120 A limit
    assert.strictEqual(mapWithNtc("daly", dalyBits(b, 200), null).codes, 0, "warning only");
    b.change(300, (p: Pack) => { p.loadA = 150; });
    b.advance(2000);
    assert.strictEqual(mapWithNtc("daly", dalyBits(b, 2000), null).codes, CODE_BIT.OCD);
  });
  it("Daly: a shorted probe sets the sensor-fault bit → NTC; a short circuit → SC", () => {
    const b = new DalyBms({ pack: { socPct: 50 } });
    b.change(0, (p: Pack) => { p.sensors[0] = "short"; });
    assert.strictEqual(mapWithNtc("daly", dalyBits(b, 1000), null).codes & CODE_BIT.NTC, CODE_BIT.NTC);
    const c = new DalyBms({ pack: { socPct: 50 } });
    c.change(0, (p: Pack) => { p.shortA = 2000; });
    c.advance(10);
    assert.strictEqual(mapWithNtc("daly", dalyBits(c, 10), null).codes, CODE_BIT.SC);
  });
});
