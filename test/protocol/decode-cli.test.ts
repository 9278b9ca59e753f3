/**
 * `bmsbox decode`: JSON per frame from the firmware's own framers/decoders, family detection, errors
 * with reasons, multi-frame lines, stdin; and the real bin entry point once.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { run, decodeBytes, parseHex } from "../../sim/commands/decode";
import { JBD_CELL_OV, JBD_SP25_BASIC_NO_NTC } from "../../sim/fixtures/jbd-frames";
import { JK_MPP_14S, JK_ISSUE120_BAD_SUM } from "../../sim/fixtures/jk-frames";
import { DALY_KR_16S_SOC_LOW, DALY_MPP_CELLS_16F } from "../../sim/fixtures/daly-frames";

function capture(args: string[]): { code: number; lines: any[] } {
  const lines: any[] = [];
  const orig = console.log;
  console.log = (s: string) => lines.push(JSON.parse(s));
  try {
    const code = run(args);
    return { code, lines };
  } finally {
    console.log = orig;
  }
}

describe("bmsbox decode", () => {
  it("JBD cell-OV capture (quoted, auto family): codes [OVP], bits [1], values, FETs", () => {
    const r = capture([JBD_CELL_OV.hex]);
    assert.equal(r.code, 0);
    assert.equal(r.lines.length, 1);
    const o = r.lines[0];
    assert.deepEqual(
      [o.ok, o.family, o.direction, o.command, o.error, o.codes, o.warnings, o.bits],
      [true, "jbd", "response", "0x03", null, ["OVP"], [], [1]],
    );
    assert.deepEqual([o.packMv, o.currentMa, o.socPct], [14280, 0, 100]);
    assert.deepEqual(o.tempsC, [22, 21, 20]);
    assert.deepEqual(o.fets, { charge: false, discharge: true });
  });

  it("unquoted single bytes are joined into one frame; --family jbd", () => {
    const r = capture(["--family", "jbd"].concat(JBD_SP25_BASIC_NO_NTC.hex.split(" ")));
    assert.equal(r.lines.length, 1);
    assert.deepEqual([r.lines[0].ok, r.lines[0].codes, r.lines[0].tempsC], [true, [], []]);
  });

  it("0x-prefixed, comma-separated single bytes are one frame too", () => {
    const r = capture("0xA5, 0x01, 0x98, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x4A".split(" "));
    assert.equal(r.lines.length, 1);
    assert.deepEqual([r.lines[0].ok, r.lines[0].codes], [true, ["SC"]]);
  });

  it("JK capture: 14 cells, +4530 mA, codes [] ; #120: ok false with the checksum numbers", () => {
    const a = decodeBytes(parseHex(JK_MPP_14S.hex)!, "auto");
    assert.equal(a[0].family, "jk");
    assert.equal(a[0].cellsMv!.length, 14);
    assert.equal(a[0].currentMa, 4530);
    assert.deepEqual(a[0].codes, []);
    const b = decodeBytes(parseHex(JK_ISSUE120_BAD_SUM.hex)!, "jk");
    assert.equal(b[0].ok, false);
    assert.equal(b[0].error, "checksum mismatch: frame says 0x4882, bytes sum to 0x47F0");
  });

  it("a Daly read-out line prints one object per frame; the 0x98 one carries bits and the SOC-low fault", () => {
    const r = capture([DALY_KR_16S_SOC_LOW.hex]);
    assert.equal(r.lines.length, 15);
    const a = r.lines.find((o) => o.command === "0x98");
    assert.deepEqual(a.bits, [0, 0, 128, 0, 0, 0, 0, 0]);
    assert.deepEqual(a.faults, ["DALY b23 SOC lo L2"]);
    assert.deepEqual(a.codes, []);
    const cells = decodeBytes(parseHex(DALY_MPP_CELLS_16F.hex)!, "daly");
    assert.deepEqual(cells.map((o) => o.index), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    assert.equal(r.lines.find((o) => o.command === "0xD8").error, "command not decoded");
  });

  it("requests are reported as requests with codes null; bad input gives ok false and exit 1", () => {
    const r = capture(["DD A5 03 00 FF FD 77", "A5 40 90 08 00 00 00 00 00 00 00 00 7D", "DD 03 00 1D 06 18 00", "12 34", "xyz"]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.lines.map((o) => [o.ok, o.family, o.direction, o.codes]), [
      [true, "jbd", "request", null],
      [true, "daly", "request", null],
      [false, "jbd", null, null],
      [false, null, null, null],
      [false, null, null, null],
    ]);
    assert.equal(r.lines[2].error, "truncated: 7 bytes, header says 36");
    assert.match(r.lines[4].error, /^not hex/);
  });

  it("bad --family is a usage error (exit 2)", () => {
    const orig = console.error;
    console.error = () => undefined;
    try {
      assert.equal(run(["--family", "ant", "00"]), 2);
    } finally {
      console.error = orig;
    }
  });

  it("the package bin reads frames from stdin (node sim/bin/bmsbox.js decode)", function () {
    this.timeout(30000);
    const root = path.join(__dirname, "..", "..");
    const out = execFileSync("node", [path.join(root, "sim", "bin", "bmsbox.js"), "decode"], {
      input: "# comment\nA5 01 98 08 00 00 00 00 00 00 04 00 4A\n\n",
      cwd: root,
      encoding: "utf8",
    });
    const lines = out.trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.deepEqual([lines[0].ok, lines[0].family, lines[0].codes], [true, "daly", ["SC"]]);
  });
});
