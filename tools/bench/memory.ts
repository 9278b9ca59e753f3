/**
 * Memory: the runtime's JsVar estimate (sim/runtime/memory.ts, documented against espruino.md §3: 14-byte
 * JsVars, names inline up to 4 chars, ints inline within −8192..8191, strings 9 + 10·k chars per block,
 * flat buffers above 19 bytes, function source text kept in RAM, closure scopes walked through the V8 inspector)
 * taken at boot and after 1,000, 10,000 and 20,000 polls of a steady BMS.
 *
 * process.memory() caps `usage` at the ESP32's 16383 JsVars, so an estimate above the cap would read as
 * "full" with no figure; the bench therefore reads the uncapped walk (Device.estimate(), private in the
 * runtime: a public accessor is asked for in the report) and adds the runtime's BOOT_JSVARS for the
 * interpreter itself, exactly as process.memory() does.
 */
import { Family } from "../../firmware/src/types";
import { createDevice } from "../../sim/runtime";
import { BOOT_JSVARS } from "../../sim/runtime/memory";
import { createBms } from "../../sim/bms";
import { boardPins } from "../../sim/scenario/boards";
import { builtFirmware } from "../../sim/firmware-file";

export interface MemoryPoint {
  polls: number;
  virtualMs: number;
  jsVars: number;
}

export interface MemoryResult {
  board: string;
  family: Family;
  minified: boolean;
  points: MemoryPoint[];
  /** What process.memory().usage reports at boot (capped at total). */
  reportedAtBoot: number;
  total: number;
}

export function measureMemory(board: string, family: Family, minified: boolean, pollMarks: number[]): MemoryResult {
  const pins = boardPins(board);
  const d = createDevice({ firmwarePath: builtFirmware(board, minified ? "flashed" : "readable"), deferBoot: true, boardPullUps: pins.pullUps });
  d.attachSsd1306({ sda: pins.oled.sda, scl: pins.oled.scl, address: pins.oled.address, resetPin: pins.oled.rst });
  const bms = createBms(family, { pack: { socPct: 60 } });
  d.attachUart(bms, pins.uart);
  d.boot();
  d.clock.runFor(5000);
  const estimate = (): number => {
    const dev = d as unknown as { estimate?: () => number };
    if (typeof dev.estimate === "function") return BOOT_JSVARS + dev.estimate();
    return d.memory().usage;
  };
  const rep = d.memory();
  const n0 = bms.rxLog.length;
  const points: MemoryPoint[] = [{ polls: 0, virtualMs: d.clock.now(), jsVars: estimate() }];
  for (const mark of pollMarks) {
    while (bms.rxLog.length - n0 < mark) d.clock.runFor(1000);
    points.push({ polls: bms.rxLog.length - n0, virtualMs: d.clock.now(), jsVars: estimate() });
  }
  return { board, family, minified, points, reportedAtBoot: rep.usage, total: rep.total };
}
