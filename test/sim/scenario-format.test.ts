/**
 * Scenario files: durations, validation (every problem reported with its path), repetition, per-family options,
 * the shipped files all load; and the screen reader that turns the OLED's pixels back into text.
 */
import * as assert from "assert";
import { parseDuration, formatMs } from "../../sim/scenario/time";
import { validateScenario, ScenarioError, loadScenario, shippedScenarioFiles, bmsOptionsFor } from "../../sim/scenario/format";
import { readText, screenText, codesOnScreen } from "../../sim/scenario/screen-reader";
import { makeGraphicsClass } from "../../sim/runtime/graphics";

function problemsOf(raw: unknown): string[] {
  try {
    validateScenario(raw);
  } catch (e) {
    assert.ok(e instanceof ScenarioError);
    return (e as ScenarioError).problems;
  }
  return [];
}

describe("sim/scenario/time", () => {
  it("parses ms numbers and unit strings", () => {
    assert.deepStrictEqual(
      [parseDuration(250), parseDuration("90s"), parseDuration("1h30m"), parseDuration("1.5h"), parseDuration("2d"), parseDuration("250ms"), parseDuration("1m 5s")],
      [250, 90000, 5400000, 5400000, 172800000, 250, 65000],
    );
  });
  it("rejects bad input with a reason", () => {
    assert.match(parseDuration("5parsecs") as string, /unknown unit/);
    assert.match(parseDuration(-1) as string, /negative/);
    assert.match(parseDuration(true) as unknown as string, /expected a number/);
  });
  it("formats durations compactly", () => {
    assert.deepStrictEqual([formatMs(1500), formatMs(61000), formatMs(3723500)], ["1.5s", "1m01s", "1h02m03.5s"]);
  });
});

describe("sim/scenario/format validation", () => {
  const ok = {
    name: "t", duration: "10m",
    timeline: [{ at: "1m", do: "load", amps: 150 }, { at: "0s", do: "charger", amps: 10 }],
    expect: [{ expect: "code", code: "OCD", after: "1m", within: "30s" }],
  };
  it("accepts a valid file, sorts the timeline and sets windows", () => {
    const s = validateScenario(ok);
    assert.deepStrictEqual(s.timeline.map((a) => [a.atMs, a.do]), [[0, "charger"], [60000, "load"]]);
    assert.deepStrictEqual([s.expect[0].fromMs, s.expect[0].toMs], [60000, 90000]);
    assert.deepStrictEqual(s.families, ["jbd", "jk", "daly"]);
    assert.strictEqual(s.durationMs, 600000);
    assert.strictEqual(s.expect[0].label, "OCD on screen within 30 s after 60 s");
  });
  it("takes the box's settings file as an object (written as JSON) or as raw text, and no file by default", () => {
    assert.strictEqual(validateScenario(ok).settings, null);
    assert.strictEqual(validateScenario(Object.assign({}, ok, { settings: { contrast: 300 } })).settings, '{"contrast":300}');
    assert.strictEqual(validateScenario(Object.assign({}, ok, { settings: "{broken" })).settings, "{broken");
    assert.throws(() => validateScenario(Object.assign({}, ok, { settings: [1] })), /settings: must be an object/);
    const c = validateScenario(Object.assign({}, ok, { expect: [{ expect: "console", contains: "BMS daly", within: "1s" }] }));
    assert.strictEqual(c.expect[0].label, "console says \"BMS daly\" within 1 s after 0 s");
  });
  it("reports every problem with its path", () => {
    const p = problemsOf({
      name: "", duration: "x", colour: 1, families: ["jbd", "ant"],
      timeline: [{ at: "1m", do: "explode" }, { at: "1m", do: "load" }, { at: "1m", do: "sensor", index: 0, state: "melted", extra: 1 }],
      expect: [{ expect: "code", code: "XYZ" }, { expect: "led", state: "purple", after: "1q" }],
    });
    const want = [
      /unknown key "colour"/, /name: must be/, /scenario.families/, /duration: bad number/,
      /timeline\[0\].do: unknown action "explode"/, /timeline\[1\].amps: missing/,
      /timeline\[2\]: "extra" is not a field of sensor/, /timeline\[2\].state: must be ok, open or short/,
      /expect\[0\].code: must be one of/, /expect\[1\].state: must be on, off or blinking/, /expect\[1\].after: unknown unit/,
    ];
    for (const w of want) assert.ok(p.some((x) => w.test(x)), "missing problem " + w + " in\n" + p.join("\n"));
    assert.strictEqual(p.length, want.length, p.join("\n"));
  });
  it("rejects actions after the end of the run", () => {
    assert.ok(problemsOf({ name: "t", duration: "1m", timeline: [{ at: "2m", do: "clean" }] }).some((x) => /after the end/.test(x)));
  });
  it("expands every/until into repeated actions", () => {
    const s = validateScenario({ name: "t", duration: "1h", timeline: [{ at: "10m", every: "15m", until: "50m", do: "load", amps: 200 }] });
    assert.deepStrictEqual(s.timeline.map((a) => a.atMs / 60000), [10, 25, 40]);
  });
  it("merges perFamily options over bms, pack and thresholds one level deep", () => {
    const s = validateScenario({
      name: "t", duration: "1m", timeline: [],
      bms: { pack: { socPct: 50, thresholds: { ocdA: 100 } } },
      perFamily: { jk: { rebootAfterTripMs: 4000, pack: { thresholds: { occA: 30 } } } },
    });
    const jk = bmsOptionsFor(s, "jk");
    assert.strictEqual(jk.rebootAfterTripMs, 4000);
    assert.deepStrictEqual(jk.pack, { socPct: 50, thresholds: { ocdA: 100, occA: 30 } });
    assert.deepStrictEqual(bmsOptionsFor(s, "jbd").pack, { socPct: 50, thresholds: { ocdA: 100 } });
  });
  it("every shipped scenario loads", () => {
    const files = shippedScenarioFiles();
    assert.ok(files.length >= 1);
    for (const f of files) {
      const s = loadScenario(f);
      assert.ok(s.durationMs > 0, f);
      assert.ok(s.expect.length > 0, f + " has expectations");
    }
  });
});

describe("sim/scenario/screen-reader", () => {
  const G = makeGraphicsClass();
  function glass(draw: (g: any) => void): { pixel(x: number, y: number): number } {
    const g = G.createArrayBuffer(128, 64, 1, { vertical_byte: true } as any) as any;
    draw(g);
    return { pixel: (x: number, y: number) => g.getPixel(x, y) };
  }
  it("reads 6x8 text at scales 1 and 2 with their positions; the 4x6 font is not read", () => {
    const src = glass((g) => {
      g.setFont("6x8", 2); g.drawString("OVP", 0, 0);
      g.setFont("6x8", 1); g.drawString("Cell 3 high", 0, 20);
      g.setFont("4x6", 1); g.drawString("stop charging", 0, 40);
    });
    const runs = readText(src);
    const t = runs.map((r) => [r.text, r.x, r.y, r.font, r.scale]);
    assert.deepStrictEqual(t, [["OVP", 0, 0, "6x8", 2], ["Cell 3 high", 0, 20, "6x8", 1]]);
  });
  it("reads lines set at the 6x8 font's own 8 px pitch, under the descenders of the line above", () => {
    const lines = ["Reduce the gap, ply", "by the pack; jump", "lower ygq pjy loads", "Wiring: hold to ack"];
    const src = glass((g) => {
      g.setFont("6x8", 2); g.drawString("Okay", 0, 0);
      g.setFont("6x8", 1);
      for (let i = 0; i < lines.length; i++) g.drawString(lines[i], 0, 16 + 8 * i);
      g.setFont("6x8", 2); g.drawString("hi", 0, 48);
    });
    assert.strictEqual(screenText(src), ["Okay"].concat(lines, ["hi"]).join("\n"));
  });
  it("reads inverted video (white bar, dark letters)", () => {
    const src = glass((g) => {
      g.fillRect(0, 0, 127, 17);
      g.setColor(0); g.setFont("6x8", 2); g.drawString("SC", 4, 1);
      g.setColor(1); g.setFont("6x8", 1); g.drawString("disconnect", 0, 30);
    });
    const runs = readText(src);
    assert.ok(runs.some((r) => r.text === "SC" && r.inverted && r.scale === 2), JSON.stringify(runs));
    assert.ok(runs.some((r) => r.text === "disconnect" && !r.inverted));
  });
  it("finds codes only as whole words", () => {
    assert.deepStrictEqual(codesOnScreen("OVP cell 3\nDISCHARGE SC", ["OVP", "SC", "OCD"]), ["OVP", "SC"]);
    assert.deepStrictEqual(codesOnScreen("DISCHARGE SCREEN", ["SC"]), []);
    assert.deepStrictEqual(codesOnScreen("OK\nJBD\n13.49V\nOVP x3:\nbalancer/cell 3", ["OVP"]), [], "the all-clear screen's reminder is no code on screen");
  });
  it("an empty glass reads as nothing", () => {
    assert.strictEqual(screenText(glass(() => undefined)), "");
  });
});
