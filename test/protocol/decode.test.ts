/**
 * Decoders on the captured fixtures: numeric values and masks, JK current encodings, NTC rule,
 * unused slots, 0 mV cells, extra bytes, and never throwing on bad input.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { Family, CODE_BIT } from "../../firmware/src/types";
import { decodeFrame } from "../../firmware/src/protocol/families";
import { jbdDecode } from "../../firmware/src/protocol/jbd";
import { jkDecode, jkTempC } from "../../firmware/src/protocol/jk";
import { dalyDecode } from "../../firmware/src/protocol/daly";
import { mapWithNtc, ntcSuspect } from "../../firmware/src/protocol/protect";
import { hexBytes } from "../../sim/fixtures/fixture";
import * as J from "../../sim/fixtures/jbd-frames";
import * as K from "../../sim/fixtures/jk-frames";
import * as D from "../../sim/fixtures/daly-frames";
import { jkFrame, jbdBasic } from "../../sim/rigs/poller-harness";

function frames13(h: string): Uint8Array[] {
  const b = hexBytes(h);
  const out: Uint8Array[] = [];
  for (let i = 0; i + 13 <= b.length; i += 13) out.push(b.subarray(i, i + 13));
  return out;
}

describe("protocol/decode", () => {
  describe("jbd", () => {
    it("SP04S034 basic info: 15600 mV, 0 mA, SOC 100, both FETs, 4 cells, 3 sensors 22/22/22 °C, status 0", () => {
      const d = jbdDecode(hexBytes(J.JBD_SP04_BASIC.hex));
      assert.equal(d.request, false);
      assert.equal(d.cmd, 0x03);
      assert.equal(d.packMv, 15600);
      assert.equal(d.currentMa, 0);
      assert.equal(d.socPct, 100);
      assert.equal(d.chargeFet, true);
      assert.equal(d.dischargeFet, true);
      assert.equal(d.cellCount, 4);
      assert.deepEqual(d.tempsC, [22, 22, 22]);
      assert.deepEqual(d.bits, [0]);
    });

    it("SP04S034 cells: 3909 3901 3895 3901 mV", () => {
      assert.deepEqual(jbdDecode(hexBytes(J.JBD_SP04_CELLS.hex)).cellsMv, [3909, 3901, 3895, 3901]);
    });

    it("SP25S003 with NTC count 0 has no temperatures (never NTC) and a charge-only FET byte", () => {
      const d = jbdDecode(hexBytes(J.JBD_SP25_BASIC_NO_NTC.hex));
      assert.deepEqual(d.tempsC, []);
      assert.equal(d.cellCount, 16);
      assert.equal(d.chargeFet, true);
      assert.equal(d.dischargeFet, false);
      assert.equal(mapWithNtc("jbd", d.bits as number[], d.tempsC).codes, 0);
    });

    it("SP25S003 cells: 16th cell at 0 mV is kept as 0 and raises no code", () => {
      const d = jbdDecode(hexBytes(J.JBD_SP25_CELLS_ZERO.hex));
      assert.equal((d.cellsMv as number[]).length, 16);
      assert.equal((d.cellsMv as number[])[15], 0);
      assert.equal((d.cellsMv as number[])[0], 3600);
      assert.equal(d.bits, null);
    });

    it("DP04S007: 9 extra bytes after the temperatures are ignored (13750 mV, SOC 96, 26 °C)", () => {
      const d = jbdDecode(hexBytes(J.JBD_DP04_EXTRA.hex));
      assert.equal(d.err, null);
      assert.equal(d.packMv, 13750);
      assert.equal(d.socPct, 96);
      assert.deepEqual(d.tempsC, [26]);
      assert.deepEqual(d.bits, [0]);
    });

    it("cell over-voltage capture: bits 0x0001 → OVP blocking charge, charge FET off", () => {
      const d = jbdDecode(hexBytes(J.JBD_CELL_OV.hex));
      assert.deepEqual(d.bits, [0x0001]);
      assert.equal(d.packMv, 14280);
      assert.equal(d.chargeFet, false);
      const m = mapWithNtc("jbd", d.bits as number[], d.tempsC);
      assert.equal(m.codes, CODE_BIT.OVP);
      assert.equal(m.chg, CODE_BIT.OVP);
      assert.equal(m.dsg, 0);
    });

    it("MOS lock capture: bits 0x1000 → no code, no fault (state only)", () => {
      const d = jbdDecode(hexBytes(J.JBD_MOS_LOCK.hex));
      assert.deepEqual(d.bits, [0x1000]);
      const m = mapWithNtc("jbd", d.bits as number[], d.tempsC);
      assert.equal(m.codes, 0);
      assert.deepEqual(m.faults, []);
    });

    it("negative current is signed 10 mA (F8 24 = −20120 mA, [JBD-PDF] example)", () => {
      const f = jbdBasic(0);
      const p = Array.from(f.subarray(4, f.length - 3));
      p[2] = 0xf8;
      p[3] = 0x24;
      const d = jbdDecode(jbdBasicPayload(p));
      assert.equal(d.currentMa, -20120);
    });

    it("replies whose register byte reads A5 (simat/BatteryMonitor #12) decode by shape or by the request's register", () => {
      const b = hexBytes(J.JBD_SIMAT_A5_REPLIES.hex);
      const basic = jbdDecode(b.subarray(0, 34));
      assert.equal(basic.request, false);
      assert.equal(basic.cmd, 0x03);
      assert.deepEqual([basic.packMv, basic.socPct, basic.cellCount], [49840, 0, 12]);
      assert.deepEqual(basic.tempsC, [19, 18]);
      assert.deepEqual(basic.bits, [0]);
      const cells = jbdDecode(b.subarray(34, 65));
      assert.equal(cells.cmd, 0x04);
      assert.deepEqual(cells.cellsMv, [4153, 4154, 4152, 4154, 4156, 4153, 4151, 4153, 4155, 4159, 4150, 4154]);
      const model = jbdDecode(b.subarray(65), 0x05);
      assert.equal(model.cmd, 0x05);
      assert.equal(model.bits, null);
    });

    it("the request is recognised as a request (echo), not decoded as data", () => {
      const d = jbdDecode(hexBytes(J.JBD_REQUEST_BASIC.hex));
      assert.equal(d.request, true);
      assert.equal(d.packMv, null);
    });

    it("a basic-info frame shorter than its NTC count is an error value, not a throw", () => {
      const p = Array.from(jbdBasic(0).subarray(4, 4 + 23));
      p[22] = 5;
      const d = jbdDecode(jbdBasicPayload(p));
      assert.match(d.err as string, /NTC/);
      assert.equal(d.bits, null);
    });
  });

  describe("jk", () => {
    const d = jkDecode(hexBytes(K.JK_MPP_14S.hex));
    it("mpp-solar 14S: 14 cells, 55780 mV, +4530 mA (C0 = 1, bit 15 = charging), SOC 100", () => {
      assert.deepEqual(d.cellsMv, [3984, 3985, 3988, 3982, 3986, 3985, 3985, 3985, 3987, 3982, 3985, 3984, 3984, 3981]);
      assert.equal(d.packMv, 55780);
      assert.equal(d.currentMa, 4530);
      assert.equal(d.socPct, 100);
      assert.equal(d.cellCount, 14);
    });
    it("mpp-solar 14S: MOS 33 °C apart from T1 28 / T2 30 (0x86 = 2 sensors), FETs on, alarms 0", () => {
      assert.equal(d.mosC, 33);
      assert.deepEqual(d.tempsC, [28, 30]);
      assert.equal(d.chargeFet, true);
      assert.equal(d.dischargeFet, true);
      assert.deepEqual(d.bits, [0]);
      assert.equal(d.err, null);
    });
    it("syssi doc example: 14 cells from 3821 mV, 53590 mV, +2080 mA, SOC 15, MOS 29, T 30/28, 0x8C 7 → both FETs", () => {
      const e = jkDecode(hexBytes(K.JK_SYSSI_DOC_14S.hex));
      assert.equal(e.cmd, 0x06);
      assert.equal(e.cellsMv!.length, 14);
      assert.equal(e.cellsMv![0], 3821);
      assert.equal(e.cellsMv![13], 3826);
      assert.deepEqual([e.packMv, e.currentMa, e.socPct, e.mosC], [53590, 2080, 15, 29]);
      assert.deepEqual(e.tempsC, [30, 28]);
      assert.deepEqual([e.chargeFet, e.dischargeFet], [true, true]);
    });
    it("the fixture offsets used for derived frames point at tags 0x8B, 0x82, 0xC0", () => {
      const b = hexBytes(K.JK_MPP_14S.hex);
      assert.equal(b[K.JK_MPP_OFF_8B], 0x8b);
      assert.equal(b[K.JK_MPP_OFF_82], 0x82);
      assert.equal(b[K.JK_MPP_OFF_C0], 0xc0);
    });
    it("current with C0 = 1 and bit 15 clear is discharge: 0x07D0 → −20000 mA", () => {
      const f = jkFrame(0, { 68: 0x07, 69: 0xd0 });
      assert.equal(jkDecode(f).currentMa, -20000);
    });
    it("current with C0 = 0 (old firmware) uses offset 10000: 0x2710 → 0 mA, 0x2648 → +2000 mA", () => {
      assert.equal(jkDecode(jkFrame(0, { 275: 0x00, 68: 0x27, 69: 0x10 })).currentMa, 0);
      assert.equal(jkDecode(jkFrame(0, { 275: 0x00, 68: 0x26, 69: 0x48 })).currentMa, 2000);
    });
    it("temperature encoding: 100 → 100 °C, 101 → −1 °C, 140 → −40 °C", () => {
      assert.equal(jkTempC(100), 100);
      assert.equal(jkTempC(101), -1);
      assert.equal(jkTempC(140), -40);
    });
    it("0x86 = 1: only T1 is a present sensor; an open T2 (raw 140) then raises no NTC", () => {
      const one = jkDecode(jkFrame(0, { 73: 1, 63: 140 }));
      assert.deepEqual(one.tempsC, [28]);
      assert.equal(mapWithNtc("jk", one.bits as number[], one.tempsC).codes & CODE_BIT.NTC, 0);
      const two = jkDecode(jkFrame(0, { 63: 140 }));
      assert.deepEqual(two.tempsC, [28, -40]);
      assert.equal(mapWithNtc("jk", two.bits as number[], two.tempsC).codes, CODE_BIT.NTC);
    });
    it("derived cell over-voltage (0x8B = 0x0400) → OVP blocking charge", () => {
      const dd = jkDecode(hexBytes(K.JK_DERIVED_CELL_OV.hex));
      assert.deepEqual(dd.bits, [0x0400]);
      const m = mapWithNtc("jk", dd.bits as number[], dd.tempsC);
      assert.equal(m.codes, CODE_BIT.OVP);
      assert.equal(m.chg, CODE_BIT.OVP);
    });
    it("the request (type 0) is a request", () => {
      assert.equal(jkDecode(hexBytes(K.JK_REQUEST.hex)).request, true);
    });
    it("the settings after 0x8C are walked once per layout: the same frame again reads 0xC0 where it was, with the same result", () => {
      const full = jkDecode(hexBytes(K.JK_SYSSI_DOC_14S.hex));
      const again = jkDecode(hexBytes(K.JK_SYSSI_DOC_14S.hex));
      assert.deepEqual(again, full);
      // Proof the tail was not walked again: a settings tag byte spoilt behind 0x8C (tag 0xBA, 24 bytes, right before
      // 0xC0) goes unseen, where a full walk stops at it. The checksum has vouched for a real frame's bytes.
      const b = hexBytes(K.JK_MPP_14S.hex);
      jkDecode(b);
      assert.equal(b[K.JK_MPP_OFF_C0 - 25], 0xba);
      const spoilt = b.slice();
      spoilt[K.JK_MPP_OFF_C0 - 25] = 0x01;
      const seen = jkDecode(spoilt);
      assert.deepEqual([seen.err, seen.currentMa, seen.bits], [null, 4530, [0]]);
      // Another layout (0xC0 not where it was) is walked in full again.
      const moved = b.slice();
      moved[K.JK_MPP_OFF_C0] = 0x01;
      assert.match(jkDecode(moved).err as string, /unknown tag 0x01 at 274/);
      assert.match(jkDecode(spoilt).err as string, /unknown tag 0x01 at 249/);
    });
    it("an unknown tag before 0x8B leaves an error value and no bits", () => {
      const dd = jkDecode(jkFrame(0, { 74: 0x01 }));
      assert.match(dd.err as string, /unknown tag/);
      assert.equal(dd.bits, null);
    });
  });

  describe("daly", () => {
    it("0x90 (mpp-solar): 53200 mV, raw +2100 mA, SOC 89 %", () => {
      const d = dalyDecode(hexBytes(D.DALY_MPP_PACK.hex));
      assert.equal(d.packMv, 53200);
      assert.equal(d.currentMa, 2100);
      assert.equal(d.socPct, 89);
    });
    it("0x90 (maland16 README): 57000 mV, 0 mA, SOC 49 %", () => {
      const d = dalyDecode(hexBytes(D.DALY_MALAND_PACK.hex));
      assert.deepEqual([d.packMv, d.currentMa, d.socPct], [57000, 0, 49]);
    });
    it("0x94: 16 cells, 1 sensor; 0x93: idle, both MOS on", () => {
      const c = dalyDecode(hexBytes(D.DALY_MPP_CONFIG.hex));
      assert.deepEqual([c.cellCount, c.tempCount], [16, 1]);
      const s = dalyDecode(hexBytes(D.DALY_MPP_STATE.hex));
      assert.deepEqual([s.state, s.chargeFet, s.dischargeFet], [0, true, true]);
    });
    it("0x95 burst: frame numbers 1…16, three cells each", () => {
      const fs = frames13(D.DALY_MPP_CELLS_16F.hex).map(dalyDecode);
      assert.deepEqual(fs.map((d) => d.index), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
      assert.deepEqual(fs[0].cellsMv, [3325, 3326, 3326]);
      assert.deepEqual(fs[5].cellsMv, [3324, 0, 0]);
    });
    it("0x98 real alarm capture 00 00 80 …: SOC low L2 is a visible fault, not a code", () => {
      const fs = frames13(D.DALY_KR_16S_SOC_LOW.hex).map(dalyDecode);
      const a = fs.find((d) => d.cmd === 0x98)!;
      assert.deepEqual(a.bits, [0, 0, 0x80, 0, 0, 0, 0, 0]);
      const m = mapWithNtc("daly", a.bits as number[], null);
      assert.equal(m.codes, 0);
      assert.equal(m.warnings, 0);
      assert.deepEqual(m.faults, ["DALY b23 SOC lo L2"]);
    });
    it("0x96 temperatures are °C + 40 (0x3E → 22 °C); the unknown 0xD8 reply is an error value", () => {
      const fs = frames13(D.DALY_KR_16S_SOC_LOW.hex).map(dalyDecode);
      assert.deepEqual(fs.find((d) => d.cmd === 0x96)!.tempsC, [22, -40, -40, -40, -40, -40, -40]);
      assert.equal(fs.find((d) => d.cmd === 0xd8)!.err, "command not decoded");
    });
    it("the request from host 0x40 is a request (echo)", () => {
      assert.equal(dalyDecode(hexBytes(D.DALY_REQUEST.hex)).request, true);
    });
  });

  describe("NTC sentinel rule", () => {
    it("−40 °C or 120 °C on a present sensor, or −30 °C beside a normal one → NTC; cold pack alone → no", () => {
      assert.equal(ntcSuspect([25, -40]), true);
      assert.equal(ntcSuspect([120]), true);
      assert.equal(ntcSuspect([22, -30]), true);
      assert.equal(ntcSuspect([-31, -30]), false);
      assert.equal(ntcSuspect([-10, 25]), false);
      assert.equal(ntcSuspect([]), false);
      assert.equal(ntcSuspect(null), false);
    });
    it("JBD: an open probe at raw 0 K (−273 °C) among three raises NTC", () => {
      const d = jbdDecode(jbdBasic(0, 3, [2951, 0, 2948]));
      assert.deepEqual(d.tempsC, [22, -273, 22]);
      assert.equal(mapWithNtc("jbd", d.bits as number[], d.tempsC).codes, CODE_BIT.NTC);
    });
  });

  it("decoders never throw on any bytes (length checked first), for every family", () => {
    for (const fam of ["jbd", "jk", "daly"] as Family[]) {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 400 }), (b) => {
          decodeFrame(fam, b);
        }),
        { numRuns: 300 },
      );
    }
  });
});

/** Wraps a basic-info payload into a frame (checksum computed in helpers). */
function jbdBasicPayload(p: number[]): Uint8Array {
  const { jbdFrame } = require("../../sim/rigs/poller-harness");
  return jbdFrame(0x03, p);
}

describe("protocol/decode: length first", () => {
  it("short or inconsistent frames give an error value with no fields, for every family", () => {
    for (const [fam, b] of [
      ["jbd", Uint8Array.from([0xdd, 0x03])],
      ["jbd", hexBytes("DD 03 00 1D 06 18 00")],
      ["jk", hexBytes("4E 57 01 1B 00 00")],
      ["daly", hexBytes("A5 01 98 08 00")],
    ] as [Family, Uint8Array][]) {
      const d = decodeFrame(fam, b);
      assert.equal(d.err, "length mismatch", fam);
      assert.equal(d.bits, null);
      assert.equal(d.packMv, null);
      assert.equal(d.request, false);
    }
  });
});
