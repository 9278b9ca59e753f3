/**
 * The write allowlist: everything it can ever return is a read request or the JBD lock release, and the
 * release only with status bit 12 set and the user's request. isAllowedWrite accepts exactly that set.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { buildRequest, isAllowedWrite, REQ_KINDS, REQ_JBD_RELEASE, WriteContext } from "../../firmware/src/protocol/allowlist";
import { hexBytes } from "../../sim/fixtures/fixture";
import { same } from "../../sim/rigs/poller-harness";

const RELEASE = hexBytes("DD 5A E1 02 00 00 FF 1D 77");

/** Independent classification of a byte sequence: "read", "release", or why it is neither. */
function classify(b: Uint8Array): string {
  const n = b.length;
  if (b[0] === 0xdd) {
    if (same(b, RELEASE)) return "release";
    if (n === 7 && b[1] === 0xa5 && b[3] === 0 && b[6] === 0x77 && (b[2] === 0x03 || b[2] === 0x04)) {
      const c = (0x10000 - b[2]) & 0xffff;
      return b[4] === c >> 8 && b[5] === (c & 0xff) ? "read" : "bad jbd checksum";
    }
    return "jbd non-read";
  }
  if (b[0] === 0x4e && b[1] === 0x57) {
    // command 0x06 read-all, type 0 request, no payload
    if (n === 21 && b[8] === 0x06 && b[10] === 0 && b[16] === 0x68) return "read";
    return "jk non-read";
  }
  if (b[0] === 0xa5 && n === 13) {
    const addrOk = b[1] === 0x40 || b[1] === 0x80;
    const cmdOk = b[2] >= 0x90 && b[2] <= 0x98;
    let zero = true;
    for (let i = 4; i < 12; i++) if (b[i] !== 0) zero = false;
    return addrOk && cmdOk && b[3] === 8 && zero ? "read" : "daly non-read";
  }
  return "unknown";
}

describe("protocol/allowlist", () => {
  it("enumerating every kind (and out-of-range kinds) in every context yields only reads and the release", () => {
    const outputs: string[] = [];
    for (let kind = -5; kind < REQ_KINDS + 10; kind++) {
      for (const dalyAddress of [0x00, 0x01, 0x40, 0x41, 0x80, 0xd2, 0xff]) {
        for (const jbdStatus of [null, 0, 0x0001, 0x0fff, 0x1000, 0x1001, 0xffff]) {
          for (const userAsked of [false, true]) {
            const ctx: WriteContext = { dalyAddress, jbdStatus, userAsked };
            const b = buildRequest(kind, ctx);
            if (b === null) continue;
            const c = classify(b);
            assert.ok(c === "read" || c === "release", `kind ${kind}: ${c}`);
            if (c === "release") {
              assert.equal(kind, REQ_JBD_RELEASE);
              assert.equal(userAsked, true, "release only when asked");
              assert.ok(jbdStatus !== null && (jbdStatus & 0x1000) !== 0, "release only with bit 12 set");
            }
            assert.ok(isAllowedWrite(b));
            outputs.push(Buffer.from(b).toString("hex"));
          }
        }
      }
    }
    const distinct = Array.from(new Set(outputs)).sort();
    // 2 JBD reads + release + JK read-all + 6 Daly reads × 2 host addresses = 16 byte sequences in all.
    assert.equal(distinct.length, 16);
  });

  it("the JBD requests are byte-exact: DD A5 03 00 FF FD 77, DD A5 04 00 FF FC 77; JK sums to 0x0129; Daly 0x90 → 7D", () => {
    const ctx: WriteContext = { dalyAddress: 0x40, jbdStatus: 0x1000, userAsked: true };
    assert.equal(Buffer.from(buildRequest(0, ctx)!).toString("hex"), "dda50300fffd77");
    assert.equal(Buffer.from(buildRequest(1, ctx)!).toString("hex"), "dda50400fffc77");
    assert.equal(Buffer.from(buildRequest(2, ctx)!).toString("hex"), "dd5ae1020000ff1d77");
    assert.equal(Buffer.from(buildRequest(3, ctx)!).toString("hex"), "4e57001300000000060300000000000068000001" + "29");
    assert.equal(Buffer.from(buildRequest(4, ctx)!).toString("hex"), "a540900800000000000000007d");
  });

  it("rejects every dangerous write named in the reference", () => {
    const dangerous = [
      "DD 5A E1 02 00 01 FF 1C 77", // charge FET off
      "DD 5A E1 02 00 02 FF 1B 77", // discharge FET off
      "DD 5A E1 02 00 03 FF 1A 77", // both off
      "DD 5A 0A 02 04 00 FF F0 77", // "clear alarm" (experimental)
      "DD 5A 0A 02 01 00 FF F3 77", // force SOC reset
      "DD 5A 00 02 56 78 FF 30 77", // factory mode
      "DD 5A 01 02 00 00 FF FD 77", // exit factory mode
      "A5 40 00 08 00 00 00 00 00 00 00 00 ED", // Daly reset
      "A5 40 21 08 00 00 00 00 00 00 01 2C 3B", // Daly set SOC
      "A5 40 D9 08 00 00 00 00 00 00 00 00 66", // Daly discharge MOS
      "A5 40 DA 08 00 00 00 00 00 00 00 00 67", // Daly charge MOS
      "4E 57 00 14 00 00 00 00 02 02 00 AB 00 00 00 00 00 68 00 00 01 D4", // JK register write
      "DD A5 03 00 FF FD", // truncated read
      "",
    ];
    for (const h of dangerous) assert.equal(isAllowedWrite(hexBytes(h)), false, h);
  });

  it("the release needs both: bit 12 set and the user asking", () => {
    assert.equal(buildRequest(REQ_JBD_RELEASE, { dalyAddress: 0x40, jbdStatus: 0x1000, userAsked: false }), null);
    assert.equal(buildRequest(REQ_JBD_RELEASE, { dalyAddress: 0x40, jbdStatus: 0x0fff, userAsked: true }), null);
    assert.equal(buildRequest(REQ_JBD_RELEASE, { dalyAddress: 0x40, jbdStatus: null, userAsked: true }), null);
    assert.ok(same(buildRequest(REQ_JBD_RELEASE, { dalyAddress: 0x40, jbdStatus: 0x1004, userAsked: true })!, RELEASE));
  });

  it("random byte sequences are allowed only when they are a read or the release (fast-check)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), (b) => {
        if (isAllowedWrite(b)) {
          const c = classify(b);
          if (c !== "read" && c !== "release") throw new Error("allowed a non-read: " + Buffer.from(b).toString("hex"));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
