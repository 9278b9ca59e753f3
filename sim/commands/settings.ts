/**
 * `bmsbox settings --port DEV [--baud N] [--load] get | set key=value …`
 *
 * Reads and writes the settings of a connected box (firmware/src/settings.ts) over its console, with the two
 * console commands the firmware offers and nothing else: `box.settings()` for get, `box.set("key", value)` once
 * per key for set, plus `load()` after the writes when asked with --load (the settings are read at boot only).
 * Each line goes out with Espruino's 0x10 prefix (no echo, no `=result`), as the Espruino CLI sends code.
 * Values are checked here with the firmware's own rules before anything is sent: a bad one sends nothing.
 */
import { SETTING_KEYS, settingError } from "../../firmware/src/settings";
import { PortLike } from "./serve";
import { parseArgs } from "./args";

const USAGE = "usage: bmsbox settings --port DEV [--baud 115200] [--load] get | set key=value …\n" +
  "  keys: bms (auto|jbd|jk|daly), dalyAddr (0x40|0x80), dalySign (auto|raw|inverted), chirpMin (0..1440, 0 = never),\n" +
  "        buzzer (true|false), contrast (0..255)";
/** How long the box may take to answer one command (the console waits behind a busy callback at most this). */
const ANSWER_MS = 3000;

/** A typed value from `key=value` text: numbers (0x80 too) for the numeric keys, true/false for buzzer. */
export function parseValue(k: string, text: string): unknown {
  if (k === "buzzer") return text === "true" || text === "on" ? true : text === "false" || text === "off" ? false : text;
  if (k === "dalyAddr" || k === "chirpMin" || k === "contrast") return /^(0x[0-9a-f]+|\d+(\.\d+)?)$/i.test(text) ? Number(text) : text;
  return text;
}

/** `key=value` arguments → [key, value] pairs, or the problems (nothing is sent when there are any). */
export function parseAssignments(args: string[]): { pairs: [string, unknown][]; problems: string[] } {
  const pairs: [string, unknown][] = [];
  const problems: string[] = [];
  for (const a of args) {
    const i = a.indexOf("=");
    if (i <= 0) { problems.push("'" + a + "': not key=value"); continue; }
    const k = a.slice(0, i);
    const v = parseValue(k, a.slice(i + 1));
    const e = settingError(k, v);
    if (e) problems.push(k + ": " + JSON.stringify(v) + " is " + e + (e === "unknown setting" ? " (" + SETTING_KEYS.join(", ") + ")" : ""));
    else pairs.push([k, v]);
  }
  return { pairs, problems };
}

/** A console of a box on a port: sends one line, gathers what comes back until `done` says it is complete. */
export class BoxConsole {
  private text = "";
  private waiter: (() => void) | null = null;

  constructor(private port: PortLike) {
    port.on("data", (b: Buffer) => {
      this.text += b.toString("binary");
      if (this.waiter) this.waiter();
    });
  }

  /** Sends `line` (0x10-prefixed) and resolves with the output lines once `done(lines)` is true; rejects on timeout. */
  command(line: string, done: (lines: string[]) => boolean, timeoutMs = ANSWER_MS): Promise<string[]> {
    this.text = "";
    this.port.write(Buffer.from("\x10" + line + "\n", "binary"));
    return new Promise((resolve, reject) => {
      const lines = (): string[] => this.text.split(/\r?\n/).map((l) => l.replace(/\r/g, ""));
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error("no answer to " + line + " within " + timeoutMs + " ms (got: " + JSON.stringify(this.text.slice(0, 200)) + ")"));
      }, timeoutMs);
      this.waiter = () => {
        const l = lines();
        if (!done(l)) return;
        clearTimeout(timer);
        this.waiter = null;
        resolve(l);
      };
    });
  }
}

/** `box.settings()` → { key: "value as printed" }, plus the boot problems the box reported ("at boot: …"). */
export async function getSettings(c: BoxConsole): Promise<{ values: { [k: string]: string }; bad: string[]; lines: string[] }> {
  const last = SETTING_KEYS[SETTING_KEYS.length - 1] + "=";
  // Complete once the last key's line has ended; "at boot" lines follow it in the same console.log.
  const lines = await c.command("box.settings()", (l) => l.some((x, i) => x.indexOf(last) === 0 && i < l.length - 1));
  const values: { [k: string]: string } = {};
  const bad: string[] = [];
  const start = lines.findIndex((l) => l.indexOf("settings (") === 0);
  for (const l of lines.slice(start < 0 ? 0 : start)) {
    const i = l.indexOf("=");
    if (l.indexOf("at boot: ") === 0) bad.push(l.slice(9));
    else if (i > 0 && SETTING_KEYS.indexOf(l.slice(0, i)) >= 0) values[l.slice(0, i)] = l.slice(i + 1);
  }
  return { values, bad, lines };
}

/** `box.set(key, value)` for one pair; resolves with the box's answer line. */
export async function setSetting(c: BoxConsole, k: string, v: unknown): Promise<string> {
  const head = "setting " + k;
  const lines = await c.command("box.set(" + JSON.stringify(k) + "," + JSON.stringify(v) + ")", (l) => l.some((x, i) => x.indexOf(head) === 0 && i < l.length - 1));
  return lines.find((x) => x.indexOf(head) === 0) as string;
}

/** The command on an open port; prints as it goes; returns the exit code. */
export async function settingsOn(port: PortLike, argv: string[], load: boolean, print: (s: string) => void): Promise<number> {
  const c = new BoxConsole(port);
  if (argv[0] === "get" && argv.length === 1) {
    const g = await getSettings(c);
    for (const k of SETTING_KEYS) print(k + "=" + (g.values[k] === undefined ? "?" : g.values[k]));
    for (const b of g.bad) print("bad at boot: " + b);
    return Object.keys(g.values).length === SETTING_KEYS.length ? 0 : 1;
  }
  const p = parseAssignments(argv.slice(1));
  if (p.problems.length) {
    for (const x of p.problems) print("bmsbox settings: " + x);
    print("nothing sent");
    return 2;
  }
  let ok = true;
  for (const [k, v] of p.pairs) {
    const answer = await setSetting(c, k, v);
    print(answer);
    ok = ok && answer.indexOf(" stored") > 0;
  }
  if (load && ok) {
    // load() restarts the firmware: nothing to wait for but the bytes leaving.
    port.write(Buffer.from("\x10load()\n", "binary"));
    print("load() sent: the box restarts with the new settings");
  }
  return ok ? 0 : 1;
}

export async function run(argv: string[]): Promise<number> {
  const cmd = argv.findIndex((x) => x === "get" || x === "set");
  const a = parseArgs(cmd < 0 ? argv : argv.slice(0, cmd), ["port", "baud"], ["load", "help"]);
  const rest = cmd < 0 ? [] : argv.slice(cmd);
  if (typeof a === "string" || a.flags.help || !a.values.port || !rest.length || (rest[0] === "get" && rest.length > 1) || (rest[0] === "set" && rest.length < 2)) {
    console.error((typeof a === "string" ? a + "\n" : "") + USAGE);
    return 2;
  }
  if (rest[0] === "set") {
    // Checked before the port is even opened: a typo never reaches the box.
    const p = parseAssignments(rest.slice(1));
    if (p.problems.length) {
      for (const x of p.problems) console.error("bmsbox settings: " + x);
      console.error("nothing sent");
      return 2;
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { SerialPort } = require("serialport");
  const sp = new SerialPort({ path: a.values.port, baudRate: Number(a.values.baud || 115200) });
  await new Promise<void>((resolve, reject) => sp.on("open", resolve).on("error", reject));
  try {
    return await settingsOn(sp, rest, !!a.flags.load, (s) => console.log(s));
  } catch (e) {
    console.error("bmsbox settings: " + (e as Error).message);
    return 1;
  } finally {
    await new Promise<void>((resolve) => sp.drain(() => sp.close(() => resolve())));
  }
}
