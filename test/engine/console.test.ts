/** Console API: plain ASCII lines with the values a person needs to paste into a search or a message. */
import { strict as assert } from "assert";
import { B, cellsWith, feed, newEngine, snap } from "./helpers";
import { consoleText } from "../../firmware/src/engine/console";
import { fmtAge, fmtMa, fmtMv } from "../../firmware/src/engine/format";

function ascii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 10 && (c < 32 || c > 126)) return false;
  }
  return true;
}

describe("engine console API", () => {
  it("formats values from integers", () => {
    assert.equal(fmtMv(3652), "3.652 V");
    assert.equal(fmtMv(52900), "52.900 V");
    assert.equal(fmtMv(5), "0.005 V");
    assert.equal(fmtMa(-12450), "-12.5 A");
    assert.equal(fmtMa(-40), "0.0 A");
    assert.equal(fmtMa(180000), "180.0 A");
    assert.equal(fmtAge(45000), "45 s");
    assert.equal(fmtAge(12 * 60000 + 5000), "12 min");
    assert.equal(fmtAge(3 * 3600000 + 5 * 60000), "3 h 05 min");
    assert.equal(fmtAge(50 * 3600000), "2 d 2 h");
  });

  it("status, codes, history and counts carry the code, cell, current and diagnosis", () => {
    const { e } = newEngine();
    let t = 0;
    for (let k = 0; k < 3; k++) {
      t = feed(e, t, t + 5000, 1000, (x) => snap(x, { codes: B.OVP, cellsMv: cellsWith(7, 3655), chargeBlocked: B.OVP }));
      t = feed(e, t, t + 15000, 1000, (x) => snap(x));
    }
    t = feed(e, t, t + 2000, 1000, (x) => snap(x, { currentMa: -180000 }));
    t = feed(e, t, t + 3000, 1000, (x) => snap(x, { codes: B.OCD, currentMa: 0, dischargeFet: false }));
    const status = consoleText(e, t, "status");
    const codes = consoleText(e, t, "codes");
    const history = consoleText(e, t, "history");
    const counts = consoleText(e, t, "counts");
    for (const s of [status, codes, history, counts]) assert.ok(ascii(s), s);
    assert.ok(status.indexOf("BMS JBD link ok") >= 0, status);
    assert.ok(status.indexOf("Pack 52.900 V, 0.0 A, SOC 70 %") >= 0, status);
    assert.ok(status.indexOf("FETs charge on, discharge OFF\nLoad off: OCD\n") >= 0, status);
    assert.ok(status.indexOf("Diagnosis: OVP on cell 7, 3 times in 24 h -> balancer or cell problem") >= 0, status);
    assert.equal(codes.split("\n").length, 2);
    assert.ok(codes.indexOf("OCD [act] Discharge overcurrent:") === 0, codes);
    assert.ok(codes.indexOf("-180.0 A at trip") > 0, codes);
    const lines = history.trim().split("\n");
    assert.equal(lines.length, 4);
    assert.ok(lines[0].indexOf("OCD ongoing, 3 s so far") > 0, lines[0]);
    assert.ok(lines[1].indexOf("OVP for 5 s, cell 7 3.655 V") > 0, lines[1]);
    assert.ok(counts.indexOf("OVP: 3 / 3") >= 0, counts);
    assert.ok(counts.indexOf("OCD: 1 / 1") >= 0, counts);
  });

  it("says so when there is nothing", () => {
    const { e } = newEngine();
    assert.equal(consoleText(e, 0, "history"), "History is empty.\n");
    assert.equal(consoleText(e, 0, "codes"), "No active codes (no data from the BMS).\n");
    assert.ok(consoleText(e, 0, "status").indexOf("NO DATA (never)") > 0);
  });
});
