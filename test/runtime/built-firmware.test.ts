/**
 * The built firmware file (build/<board>/firmware.js) in the simulated device: it boots, draws, fits the JsVars
 * and survives a missing display. Needs the build (npm test builds first); a missing build fails here.
 */
import * as assert from "assert";
import { builtFirmware } from "../../sim/firmware-file";
import { createDevice } from "../../sim/runtime/device";
import { boardPins, BOARD_IDS } from "../../sim/scenario/boards";

describe("runtime: the built firmware", () => {
  for (const id of BOARD_IDS) {
    it(id + ": boots from the flashed file, draws on the SSD1306 over I2C, no uncaught error", () => {
      const file = builtFirmware(id);
      const p = boardPins(id);
      const d = createDevice({ firmwarePath: file, deferBoot: true, boardPullUps: p.pullUps });
      const oled = d.attachSsd1306({ sda: p.oled.sda, scl: p.oled.scl, resetPin: p.oled.rst });
      d.boot();
      d.clock.runFor(3000);
      assert.deepStrictEqual(d.errors, []);
      assert.ok(oled.state.displayOn && oled.state.chargePump, "display initialised");
      let lit = 0;
      for (let y = 0; y < 64; y++) for (let x = 0; x < 128; x++) lit += oled.pixel(x, y);
      assert.ok(lit > 100, "something is drawn (" + lit + " px)");
    });
  }

  it("the flashed (minified) build fits the ESP32's 16383 JsVars by the process.memory() estimate", () => {
    const file = builtFirmware("esp32-devkitc");
    const d = createDevice({ firmwarePath: file, deferBoot: true });
    d.attachSsd1306({ sda: 21, scl: 22 });
    d.boot();
    d.clock.runFor(3000);
    const m = d.memory();
    // Function source text dominates (Espruino keeps it in RAM): a few thousand JsVars at least.
    assert.ok(m.usage > 2000 && m.usage < m.total, "JsVars in use: " + m.usage + " of " + m.total);
  });

  it("runs without a display attached (I2C errors are caught by the firmware)", () => {
    const file = builtFirmware("esp32-devkitc");
    const d = createDevice({ firmwarePath: file });
    d.clock.runFor(3000);
    assert.deepStrictEqual(d.errors, []);
  });
});
