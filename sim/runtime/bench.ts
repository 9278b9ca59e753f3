/**
 * Benchmark: how much faster than real time the runtime runs the built firmware against a simulated BMS.
 *
 *   npx ts-node --transpile-only sim/runtime/bench.ts [--hours 24] [--family jbd|jk|daly] [--board esp32-devkitc]
 *
 * Prints, per family, host wall time and host CPU time (CPU time is the fairer figure on a busy machine) and the
 * virtual/real ratio of each, with the counts of clock events, BMS requests, RX chunks and OLED frames.
 */
import { createBms } from "../bms";
import { createDevice } from "./device";
import { VirtualClock } from "./clock";
import { boardPins } from "../scenario/boards";
import { DEFAULT_BOARD } from "../../boards";
import { builtFirmware } from "../firmware-file";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf("--" + name);
  return i >= 0 ? process.argv[i + 1] : def;
}

const hours = Number(arg("hours", "24"));
const board = arg("board", DEFAULT_BOARD);
const families = arg("family", "jbd,jk,daly").split(",") as ("jbd" | "jk" | "daly")[];
const pins = boardPins(board);

for (const family of families) {
  const clock = new VirtualClock();
  const dev = createDevice({ firmwarePath: builtFirmware(board), clock, deferBoot: true, boardPullUps: pins.pullUps });
  const oled = dev.attachSsd1306({ sda: pins.oled.sda, scl: pins.oled.scl, address: pins.oled.address, resetPin: pins.oled.rst });
  const wire = dev.attachUart(createBms(family, {}), pins.uart);
  dev.boot();
  const wall0 = Date.now();
  const cpu0 = process.cpuUsage();
  clock.runFor(hours * 3600 * 1000);
  const wallMs = Date.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const virtualMs = hours * 3600 * 1000;
  console.log(
    family + ": " + hours + " h simulated in " + wallMs + " ms wall (" + Math.round(virtualMs / wallMs) + "× real time), " +
      Math.round(cpuMs) + " ms CPU (" + Math.round(virtualMs / cpuMs) + "×); events " + clock.eventsRun + ", requests " +
      wire.stats.requests + ", rx chunks " + dev.serial.Serial2.stats.chunks + ", OLED frames " + oled.frames +
      ", uncaught errors " + dev.errors.length + ", boots " + dev.boots,
  );
}
