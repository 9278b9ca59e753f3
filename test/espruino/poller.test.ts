/**
 * The poller on the real interpreter: bytes that come while no request is in flight. Espruino 2v29 throws when a
 * typed array is read at a negative index ('Field or method "-1" does not already exist'), where Node gives
 * undefined, so the host's poller tests cannot see a read indexed by the kind of a request that is not there (-1).
 * The poller's short path for a repeated status once did that: a late answer after a timeout threw in the poll
 * loop, and the whole read was lost instead of being counted as a stray answer.
 */
import { strict as assert } from "assert";
import { createBms } from "../../sim/bms";
import { buildRequest, REQ_JBD_STATUS } from "../../firmware/src/protocol/allowlist";
import { runOnInterpreter } from "./support";

describe("real interpreter: the poller", function () {
  this.timeout(300000);

  it("a status that comes after its request timed out, with none in flight, is a stray answer, not an error", function () {
    const ctx = { dalyAddress: 0x40, jbdStatus: null, userAsked: false };
    const status = createBms("jbd", {}).receive(buildRequest(REQ_JBD_STATUS, ctx) as Uint8Array, 1000)[0];
    const entry =
      'import { Poller } from "./firmware/src/protocol/poller";\n' +
      "var frame = new Uint8Array(" + JSON.stringify(Array.from(status)) + ");\n" +
      "var out: any = { threw: '' };\n" +
      "var p = new Poller('jbd', { send: function () {}, setBaud: function () {} }, { onSnapshot: function () {}, onLink: function () {} },\n" +
      "  { hash: function (f: Uint8Array) { return E.CRC32(f); }, reads: true });\n" +
      "p.start(1000);\n" +
      // The status answered (its snapshot kept for the short path); the cells request that follows goes unanswered.
      "p.step(frame, 1060);\n" +
      "p.step(null, 1500);\n" +
      "out.inFlight = p.kind;\n" +
      "try { p.step(frame, 1510); } catch (e) { out.threw = String(e); }\n" +
      "out.answers = p.st.answers; out.stray = p.st.stray; out.timeouts = p.st.timeouts;\n" +
      'console.log("R " + JSON.stringify(out));\n';
    const out = runOnInterpreter(entry, "poller-entry.ts");
    const line = out.split("\n").map((l) => l.trim()).find((l) => l.indexOf("R ") === 0);
    assert.ok(line, "no answer from the interpreter:\n" + out);
    const got = JSON.parse(line.slice(2));
    assert.strictEqual(got.inFlight, -1, "the setup: no request in flight when the late answer comes");
    assert.strictEqual(got.threw, "");
    assert.deepStrictEqual([got.answers, got.timeouts, got.stray], [1, 1, 1]);
  });
});
