/**
 * `bmsbox <command> [options]`: the host-side tools. Each command lives in sim/commands/<name>.ts and exports
 * `run(args: string[]): Promise<number> | number` (the exit code).
 */
import * as fs from "fs";
import * as path from "path";

const COMMANDS: { [name: string]: string } = {
  sim: "run the firmware in the simulator against a simulated BMS (default scenario)",
  decode: "decode BMS frames given as hex: bmsbox decode [--family jbd|jk|daly|auto] [HEX …]",
  serve: "a simulated BMS on a real serial port: bmsbox serve --bms jbd|jk|daly --port DEV",
  monitor: "read a real BMS from the host: bmsbox monitor --port DEV [--family auto]",
  settings: "read or change a connected box's settings: bmsbox settings --port DEV get | set key=value …",
};

export async function main(argv: string[]): Promise<void> {
  const name = argv[0];
  if (!name || !COMMANDS[name] || name === "--help") {
    console.log("usage: bmsbox <command> [options]\n");
    for (const n of Object.keys(COMMANDS)) console.log("  " + n.padEnd(8) + " " + COMMANDS[n]);
    process.exitCode = name && name !== "--help" ? 2 : 0;
    return;
  }
  const file = path.join(__dirname, "commands", name + ".ts");
  if (!fs.existsSync(file)) {
    console.error("bmsbox " + name + ": not built yet");
    process.exitCode = 2;
    return;
  }
  const code = await require(file).run(argv.slice(1));
  process.exitCode = typeof code === "number" ? code : 0;
}

if (require.main === module) main(process.argv.slice(2));
