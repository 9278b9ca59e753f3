/**
 * `bmsbox sim` headless: exit status from the expectations, the JSON timeline's shape, option errors.
 * Runs in-process on short scenarios written to a temp folder.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../sim/commands/sim";
import { firmwarePath } from "../../sim/firmware-file";

function quiet<T>(fn: () => Promise<T>): Promise<{ value: T; out: string }> {
  const orig = console.log;
  const origErr = console.error;
  let out = "";
  console.log = (...a: unknown[]) => { out += a.join(" ") + "\n"; };
  console.error = (...a: unknown[]) => { out += a.join(" ") + "\n"; };
  return fn().then(
    (value) => { console.log = orig; console.error = origErr; return { value, out }; },
    (e) => { console.log = orig; console.error = origErr; throw e; },
  );
}

describe("bmsbox sim (headless CLI)", function () {
  this.timeout(120000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bmsbox-sim-"));
  const scen = (name: string, expect: unknown[]): string => {
    const f = path.join(dir, name + ".json");
    fs.writeFileSync(f, JSON.stringify({
      name, duration: "90s", families: ["jk"], bms: { pack: { socPct: 70 } },
      timeline: [{ at: "30s", do: "load", amps: 160 }, { at: "60s", do: "button", press: "short" }], expect,
    }));
    return f;
  };

  before(function () {
    if (!fs.existsSync(firmwarePath("esp32-devkitc"))) throw new Error("build/esp32-devkitc/firmware.js missing: npm run build");
  });

  it("exits 0 when every expectation holds and writes a JSON timeline with typed, timed entries", async () => {
    const json = path.join(dir, "t.json");
    const r = await quiet(() => run(["--scenario", scen("pass", [{ expect: "code", code: "OCD", after: "30s", within: "15s" }]), "--headless", "--json", json]));
    assert.strictEqual(r.value, 0, r.out);
    assert.match(r.out, /all expectations met/);
    assert.match(r.out, /x real time/);
    const tl = JSON.parse(fs.readFileSync(json, "utf8")) as { tMs: number; type: string }[];
    const types = new Set(tl.map((e) => e.type));
    for (const t of ["tx", "rx", "code", "led", "buzzer", "screen", "button", "note"]) assert.ok(types.has(t), "timeline has " + t);
    for (let i = 1; i < tl.length; i++) assert.ok(typeof tl[i].tMs === "number");
    const code = tl.find((e) => e.type === "code" && (e as { codes?: string[] }).codes!.indexOf("OCD") >= 0) as { tMs: number };
    assert.ok(code.tMs > 30000 && code.tMs < 45000, "OCD appears after the load step: " + code.tMs);
  });

  it("exits 1 and names the failed expectation", async () => {
    const r = await quiet(() => run(["--scenario", scen("fail", [{ expect: "noCode", code: "OCD" }]), "--headless"]));
    assert.strictEqual(r.value, 1);
    assert.match(r.out, /FAIL +no OCD on screen/);
  });

  it("exits 2 on unknown options, boards and invalid scenario files", async () => {
    assert.strictEqual((await quiet(() => run(["--colour"]))).value, 2);
    assert.strictEqual((await quiet(() => run(["--board", "arduino"]))).value, 2);
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ name: "bad", duration: "1m", timeline: [{ do: "explode" }] }));
    const r = await quiet(() => run(["--scenario", bad, "--headless"]));
    assert.strictEqual(r.value, 2);
    assert.match(r.out, /unknown action "explode"/);
  });
});
