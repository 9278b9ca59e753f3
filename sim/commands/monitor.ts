/**
 * `bmsbox monitor --port DEV [--family auto|jbd|jk|daly]`
 *
 * Reads a real BMS from the host with the firmware's own poller, decoders and code engine (firmware/src, the
 * same modules the box runs) and draws the box's own screen (firmware/src/view) in the terminal with half-blocks,
 * plus the engine's console status. Keys: space short press, l long press, d double press, q quit.
 * The JBD lock release is sent only as the box would send it (the engine asks and the poller allows it).
 */
import { Family, Snapshot } from "../../firmware/src/types";
import { LinkState, StoragePort, Gesture } from "../../firmware/src/ports";
import { Poller } from "../../firmware/src/protocol/poller";
import { Engine } from "../../firmware/src/engine/engine";
import { consoleText } from "../../firmware/src/engine/console";
import { drawScreen } from "../../firmware/src/view/screens";
import { toModel } from "../../firmware/src/view/from-engine";
import { Gfx } from "../../firmware/src/view/gfx";
import { FIRMWARE_VERSION } from "../../firmware/src/version";
import { makeGraphicsClass, SimGraphics } from "../runtime/graphics";
import { renderTerminal } from "../runtime/render";
import { readText } from "../scenario/screen-reader";
import { PortLike } from "./serve";
import { parseArgs } from "./args";

export interface MonitorPort extends PortLike {
  /** Change the baud rate (autodetect tries each family at its own rate). */
  setBaud(baud: number): void;
}

/** The box's core on the host: poller + engine + screen, driven by a port and a clock. */
export class HostMonitor {
  readonly poller: Poller;
  readonly engine: Engine;
  readonly gfx: SimGraphics;
  private timer: { cancel(): void } | null = null;

  constructor(
    family: Family | "auto",
    private port: MonitorPort,
    private now: () => number,
    private later: (fn: () => void, ms: number) => { cancel(): void },
  ) {
    const mem: { [k: string]: string } = {};
    const storage: StoragePort = { read: (n) => mem[n], write: (n, d) => { mem[n] = d; } };
    this.engine = new Engine(storage);
    this.gfx = makeGraphicsClass().createArrayBuffer(128, 64, 1, { vertical_byte: true } as never);
    this.poller = new Poller(family, { send: (b) => { this.port.write(Buffer.from(b)); }, setBaud: (b) => this.port.setBaud(b) }, {
      onSnapshot: (s: Snapshot) => this.engine.onSnapshot(s, this.now()),
      onLink: (l: LinkState) => this.engine.onLink(l, this.now()),
    });
    port.on("data", (b: Buffer) => this.arm(this.poller.onBytes(Uint8Array.from(b), this.now())));
  }

  start(): void {
    this.poller.start(this.now());
    this.arm(this.poller.tick(this.now()));
  }

  private arm(ms: number): void {
    if (this.timer) this.timer.cancel();
    const wait = ms > 0 && ms < 1000 ? ms : ms <= 0 ? 1 : 1000;
    this.timer = this.later(() => { this.timer = null; this.arm(this.poller.tick(this.now())); }, wait);
  }

  gesture(g: Gesture): void {
    const r = this.engine.onGesture(g, this.now());
    if (r && r.releaseLock) this.poller.requestRelease(this.now());
  }

  /** Draws the box's screen for now into the host framebuffer. */
  draw(): SimGraphics {
    const t = this.now();
    drawScreen(this.gfx as unknown as Gfx, toModel(this.engine.view(t), t, "host monitor", FIRMWARE_VERSION));
    return this.gfx;
  }

  screenText(): string {
    const g = this.draw();
    return readText({ pixel: (x: number, y: number) => g.getPixel(x, y) }).map((r) => r.text).join("\n");
  }

  status(): string {
    return consoleText(this.engine, this.now(), "status");
  }
}

export async function run(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["port", "family"], ["help"]);
  if (typeof a === "string" || a.flags.help || !a.values.port) {
    console.error((typeof a === "string" ? a + "\n" : "") + "usage: bmsbox monitor --port DEV [--family auto|jbd|jk|daly]");
    return 2;
  }
  const family = (a.values.family || "auto") as Family | "auto";
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { SerialPort } = require("serialport");
  const sp = new SerialPort({ path: a.values.port, baudRate: family === "jk" ? 115200 : 9600 });
  await new Promise<void>((resolve, reject) => sp.on("open", resolve).on("error", reject));
  const port: MonitorPort = {
    on: (e, fn) => sp.on(e, fn),
    write: (b) => sp.write(b),
    setBaud: (baud) => sp.update({ baudRate: baud }),
  };
  const t0 = Date.now();
  const mon = new HostMonitor(family, port, () => Date.now() - t0, (fn, ms) => {
    const h = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(h) };
  });
  mon.start();
  const draw = (): void => {
    const g = mon.draw();
    process.stdout.write("\x1b[H\x1b[2J" + renderTerminal({ pixel: (x, y) => g.getPixel(x, y) }, { frame: true }) + "\n" + mon.status() +
      "keys: space short · l long · d double · q quit\n");
  };
  const timer = setInterval(draw, 500);
  return new Promise<number>((resolve) => {
    const stdin = process.stdin;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", (b: Buffer) => {
      const k = b.toString();
      if (k === " ") mon.gesture("short");
      else if (k === "l") mon.gesture("long");
      else if (k === "d") mon.gesture("double");
      else if (k === "q" || k === "\u0003") {
        clearInterval(timer);
        if (stdin.isTTY) stdin.setRawMode(false);
        stdin.pause();
        sp.close();
        resolve(0);
      }
    });
  });
}
