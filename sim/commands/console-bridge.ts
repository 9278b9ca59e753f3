/**
 * The simulated box's console on a serial port (`bmsbox sim --console DEV`): what Espruino's REPL does on the
 * ESP32's USB serial, so host tools (`bmsbox settings`, a terminal) can be tried against the simulator.
 *
 * Lines typed in are evaluated in the device as the REPL would (device.eval); a line that starts with 0x10 is
 * not echoed and its result not printed, as Espruino does for the lines its CLI sends (EspruinoTools prefixes
 * each with 0x10); other lines are echoed and their value printed as `=value`. Everything the firmware prints
 * goes out as it is printed. Every line received is kept (`lines`), so a test can check what a tool sent.
 */
import { Device } from "../runtime";
import { PortLike } from "./serve";

export interface ConsoleBridge {
  /** Each line received, as received (0x10 prefix included). */
  readonly lines: string[];
  stop(): void;
}

export function bridgeConsole(device: Device, port: PortLike): ConsoleBridge {
  const lines: string[] = [];
  let buf = "";
  let stopped = false;
  const out = (s: string): void => {
    if (!stopped) port.write(Buffer.from(s.replace(/\n/g, "\r\n") + "\r\n", "binary"));
  };
  const onLog = (text: string): void => out(text);
  device.on("log", onLog);
  port.on("data", (b: Buffer) => {
    if (stopped) return;
    buf += b.toString("binary");
    let i: number;
    while ((i = buf.search(/[\r\n]/)) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.length) continue;
      lines.push(line);
      const quiet = line.charCodeAt(0) === 0x10;
      const code = quiet ? line.slice(1) : line;
      if (!quiet) out(code);
      try {
        const v = device.eval(code);
        if (!quiet) out("=" + (typeof v === "string" ? JSON.stringify(v) : String(v)));
      } catch (e) {
        out("Uncaught " + String(e));
      }
    }
  });
  return {
    lines,
    stop: () => {
      stopped = true;
      device.removeListener("log", onLog);
    },
  };
}
