/**
 * One test per bit of every family's protection field, through a real frame and the decoder: which code
 * (or level-1 warning, or no-code fault label, or state) it yields and which side it blocks. The expected
 * rows are written here from bms-protocols.md §0/§1.4/§2.4/§3.4, not read from the firmware tables.
 * Plus table shape: every bit has an entry; labels are unique and short. Plus: the compact tables (a
 * Uint16Array and a label string per family) give, bit by bit, the same result as the former tables
 * (arrays of numbers and strings).
 */
import { strict as assert } from "assert";
import { CODE_BIT, CodeName } from "../../firmware/src/types";
import { jbdDecode } from "../../firmware/src/protocol/jbd";
import { jkDecode } from "../../firmware/src/protocol/jk";
import { dalyDecode } from "../../firmware/src/protocol/daly";
import { mapProtection, mapWithNtc } from "../../firmware/src/protocol/protect";
import { JBD_BITS, jbdLabels } from "../../firmware/codes/jbd-bits";
import { JK_BITS, jkLabels } from "../../firmware/codes/jk-bits";
import { DALY_BITS, dalyLabels } from "../../firmware/codes/daly-bits";
import { BIT_FAULT, Mapped } from "../../firmware/src/protocol/bits";
import { jbdBasic, jkFrame, dalyFrame } from "../../sim/rigs/poller-harness";
import { FORMER } from "./former-bits";

/** [code, side] for a code bit; "W code side" for a warning; "F label" for a fault; "S" for a state. */
type Row = string;

function check(m: Mapped, row: Row): void {
  const parts = row.split(" ");
  if (parts[0] === "S") {
    assert.equal(m.codes, 0);
    assert.equal(m.warnings, 0);
    assert.deepEqual(m.faults, []);
    return;
  }
  if (parts[0] === "F") {
    assert.equal(m.codes, 0, "no code");
    assert.equal(m.warnings, 0, "no warning");
    assert.deepEqual(m.faults, [row.substring(2)]);
    return;
  }
  const warn = parts[0] === "W";
  const code = CODE_BIT[(warn ? parts[1] : parts[0]) as CodeName];
  const side = warn ? parts[2] : parts[1];
  assert.deepEqual(m.faults, []);
  if (warn) {
    assert.equal(m.codes, 0, "a warning is not a code");
    assert.equal(m.warnings, code);
    return;
  }
  assert.equal(m.codes, code);
  assert.equal(m.warnings, 0);
  assert.equal(m.chg, side === "chg" || side === "both" ? code : 0, "charge side");
  assert.equal(m.dsg, side === "dsg" || side === "both" ? code : 0, "discharge side");
}

const JBD_ROWS: Row[] = [
  "OVP chg", "UVP dsg", "OVP chg", "UVP dsg", "OTP chg", "UTP chg", "OTP dsg", "UTP dsg",
  "OCC chg", "OCD dsg", "SC dsg", "F JBD b11 AFE", "S", "F JBD b13", "F JBD b14", "F JBD b15",
];

const JK_ROWS: Row[] = [
  "F JK b0 low cap", "OTP both", "OVP chg", "UVP dsg", "OTP both", "OCC chg", "OCD dsg", "F JK b7 cell diff",
  "OTP both", "UTP chg", "OVP chg", "UVP dsg", "F JK b12 309A", "F JK b13 309B", "F JK b14", "F JK b15",
];

const DALY_ROWS: Row[] = [
  "W OVP chg", "OVP chg", "W UVP dsg", "UVP dsg", "W OVP chg", "OVP chg", "W UVP dsg", "UVP dsg",
  "W OTP chg", "OTP chg", "W UTP chg", "UTP chg", "W OTP dsg", "OTP dsg", "W UTP dsg", "UTP dsg",
  "W OCC chg", "OCC chg", "W OCD dsg", "OCD dsg",
  "F DALY b20 SOC hi L1", "F DALY b21 SOC hi L2", "F DALY b22 SOC lo L1", "F DALY b23 SOC lo L2",
  "F DALY b24 cell diff L1", "F DALY b25 cell diff L2", "F DALY b26 temp diff L1", "F DALY b27 temp diff L2",
  "F DALY b28", "F DALY b29", "F DALY b30", "F DALY b31",
  "OTP chg", "OTP dsg", "NTC none", "NTC none",
  "F DALY b36 chg MOS stuck", "F DALY b37 dsg MOS stuck", "F DALY b38 chg MOS open", "F DALY b39 dsg MOS open",
  "F DALY b40 AFE", "F DALY b41 cell sense", "NTC none", "F DALY b43 EEPROM",
  "F DALY b44 RTC", "F DALY b45 precharge", "F DALY b46 ext comm", "F DALY b47 int comm",
  "F DALY b48 current mod", "F DALY b49 volt mod", "SC dsg", "W UVP chg", "S", "F DALY b53", "F DALY b54", "F DALY b55",
];

describe("protocol/bits", () => {
  describe("jbd status word (0x03 offset 16), through a real frame", () => {
    JBD_ROWS.forEach((row, bit) => {
      it(`bit ${bit} → ${row}`, () => {
        const d = jbdDecode(jbdBasic(1 << bit));
        assert.deepEqual(d.bits, [1 << bit]);
        check(mapWithNtc("jbd", d.bits as number[], d.tempsC), row);
      });
    });
  });

  describe("jk alarm word (tag 0x8B), through a real frame", () => {
    JK_ROWS.forEach((row, bit) => {
      it(`bit ${bit} → ${row}`, () => {
        const d = jkDecode(jkFrame(1 << bit));
        assert.deepEqual(d.bits, [1 << bit]);
        check(mapWithNtc("jk", d.bits as number[], d.tempsC), row);
      });
    });
  });

  describe("daly failure status (0x98 bytes 0–6), through a frame", () => {
    DALY_ROWS.forEach((row, idx) => {
      it(`byte ${idx >> 3} bit ${idx & 7} (index ${idx}) → ${row}`, () => {
        const data = [0, 0, 0, 0, 0, 0, 0, 0];
        data[idx >> 3] = 1 << (idx & 7);
        const d = dalyDecode(dalyFrame(0x98, data));
        assert.deepEqual(d.bits, data);
        check(mapWithNtc("daly", d.bits as number[], null), row);
      });
    });
    it("byte 7 (fault code) non-zero → fault label with its value", () => {
      const d = dalyDecode(dalyFrame(0x98, [0, 0, 0, 0, 0, 0, 0, 0x2c]));
      assert.deepEqual(mapWithNtc("daly", d.bits as number[], null).faults, ["DALY fault 0x2C"]);
    });
  });

  it("several bits at once combine: JBD 0x0301 → OVP|OCC|OCD with their sides", () => {
    const m = mapWithNtc("jbd", [0x0301], []);
    assert.equal(m.codes, CODE_BIT.OVP | CODE_BIT.OCC | CODE_BIT.OCD);
    assert.equal(m.chg, CODE_BIT.OVP | CODE_BIT.OCC);
    assert.equal(m.dsg, CODE_BIT.OCD);
  });

  describe("table shape", () => {
    const fams: [string, Uint16Array, string, number][] = [
      ["JBD", JBD_BITS, jbdLabels(), 16],
      ["JK", JK_BITS, jkLabels(), 16],
      ["DALY", DALY_BITS, dalyLabels(), 56],
    ];
    for (const [name, table, labels, n] of fams) {
      it(`${name}: a Uint16Array of exactly ${n} entries (the bits the protocol defines)`, () => {
        assert.ok(table instanceof Uint16Array);
        assert.equal(table.length, n);
      });
      it(`${name}: labels are "|bit:label" entries for BIT_FAULT bits, each bit once, faults unique and ≤ 24 chars`, () => {
        // Never a trailing "|" or an empty label: Espruino's indexOf would then match a key against the
        // string's last characters (firmware/src/protocol/bits.ts).
        assert.ok(labels.startsWith("|") && !labels.endsWith("|"), "entries start with |; no | at the end");
        const seenBit: { [k: string]: boolean } = {};
        const seenFault: { [k: string]: boolean } = {};
        for (const entry of labels.slice(1).split("|")) {
          const m = /^(0|[1-9]\d*):([^|]+)$/.exec(entry);
          assert.ok(m, "entry " + JSON.stringify(entry));
          const bit = Number(m![1]);
          assert.ok(bit < n, entry);
          assert.equal(table[bit], BIT_FAULT, "a labelled bit has no code: " + entry);
          assert.ok(!seenBit[bit], "bit labelled twice: " + entry);
          seenBit[bit] = true;
          const fault = name + " b" + bit + " " + m![2];
          assert.ok(fault.length <= 24, fault);
          assert.ok(!seenFault[fault], "duplicate " + fault);
          seenFault[fault] = true;
        }
      });
    }
  });

  describe("the compact tables give what the former tables gave", () => {
    for (const [fam, n] of [["jbd", 16], ["jk", 16], ["daly", 56]] as [string, number][]) {
      it(`${fam}: each of the ${n} bits alone → the same codes, sides, warnings and fault strings`, () => {
        assert.equal(FORMER[fam].length, n);
        for (let bit = 0; bit < n; bit++) {
          const bits = fam === "daly" ? [0, 0, 0, 0, 0, 0, 0, 0] : [0];
          if (fam === "daly") bits[bit >> 3] = 1 << (bit & 7);
          else bits[0] = 1 << bit;
          const m = mapProtection(fam as any, bits);
          assert.deepEqual([m.codes, m.chg, m.dsg, m.warnings, m.faults], FORMER[fam][bit], fam + " bit " + bit);
        }
      });
    }
  });
});

describe("protocol/bits properties (fast-check)", () => {
  const fc = require("fast-check");
  it("for any raw bits: sides ⊆ codes, masks within the 8 codes, one fault label per set no-code bit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }), (w: number, bytes: number[]) => {
        const cases: [string, number[]][] = [["jbd", [w]], ["jk", [w]], ["daly", bytes]];
        for (const [fam, bits] of cases) {
          const m = mapWithNtc(fam as any, bits, null);
          if ((m.chg | m.codes) !== m.codes || (m.dsg | m.codes) !== m.codes) throw new Error("side outside codes");
          if (m.codes > 0xff || m.warnings > 0xff) throw new Error("mask too wide");
          const table = fam === "jbd" ? JBD_BITS : fam === "jk" ? JK_BITS : DALY_BITS;
          let labels = 0;
          for (let i = 0; i < table.length; i++) {
            const set = fam === "daly" ? (bits[i >> 3] >> (i & 7)) & 1 : (w >> i) & 1;
            if (set && table[i] === BIT_FAULT) labels++;
          }
          if (fam === "daly" && bits[7] !== 0) labels++;
          if (m.faults.length !== labels) throw new Error("fault labels " + m.faults.length + " != " + labels);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
