/**
 * The owner's settings (issue #14 item 3): a small JSON file in Storage, read once at boot, so that the BMS
 * family, the Daly options, the no-data chirp, the buzzer and the display contrast change without a rebuild.
 *
 *   bmsbox.set   {"bms":"daly","dalyAddr":128,"dalySign":"inverted","chirpMin":10,"buzzer":true,"contrast":207}
 *
 * Every key is optional; a missing file is all defaults. A bad value (or an unknown key, or a file that is not a
 * JSON object) is never fatal and never silent: it is reported (console and boot screen, firmware/main.ts) and
 * that key keeps its default. Pure: no Espruino global, so the host's `bmsbox settings` command and the tests
 * validate with this very code.
 *
 * Kept small on purpose (the interpreter keeps every function's text and every object in JsVars): one check
 * function rather than a table of validators, and the parsed file is dropped after boot; only the six values
 * stay.
 */

/** The Storage file (Espruino names are at most 28 characters). */
export const SETTINGS_FILE = "bmsbox.set";

export interface Settings {
  /** BMS family or "auto" (default: the board's own choice, boards/board.ts `bms`). */
  bms: string;
  /** Daly host address: 0x40 (RS485/PC port, default) or 0x80 (UART/Bluetooth port). */
  dalyAddr: number;
  /** Daly current sign: "auto" (from the charge/discharge state, default), "raw" or "inverted". */
  dalySign: string;
  /** Minutes without data before a box that had data chirps; 0 = never (default 10). */
  chirpMin: number;
  /** false: the buzzer never sounds (the LED and screen still do). */
  buzzer: boolean;
  /** SSD1306 contrast 0..255 (default 0xCF, the controller's usual value). */
  contrast: number;
}

/** The keys in the order they are printed (the host command reads them in this order too). */
export const SETTING_KEYS = ["bms", "dalyAddr", "dalySign", "chirpMin", "buzzer", "contrast"];

export function defaultSettings(bms: string): Settings {
  return { bms: bms, dalyAddr: 0x40, dalySign: "auto", chirpMin: 10, buzzer: true, contrast: 0xcf };
}

function whole(v: unknown, max: number): boolean {
  return typeof v === "number" && v >= 0 && v <= max && Math.floor(v) === v;
}

/** Why `v` is not a valid value of setting `k`, or "" when it is. */
export function settingError(k: string, v: unknown): string {
  if (k === "bms") return v === "auto" || v === "jbd" || v === "jk" || v === "daly" ? "" : "not auto, jbd, jk or daly";
  if (k === "dalyAddr") return v === 0x40 || v === 0x80 ? "" : "not 0x40 (64) or 0x80 (128)";
  if (k === "dalySign") return v === "auto" || v === "raw" || v === "inverted" ? "" : "not auto, raw or inverted";
  if (k === "chirpMin") return whole(v, 1440) ? "" : "not a whole number of minutes 0..1440";
  if (k === "buzzer") return v === true || v === false ? "" : "not true or false";
  if (k === "contrast") return whole(v, 255) ? "" : "not a whole number 0..255";
  return "unknown setting";
}

/** A value as printed and as typed back (`box.set`, `bmsbox settings set`): 0x80, inverted, true, 207. */
export function showSetting(k: string, v: unknown): string {
  return k === "dalyAddr" && typeof v === "number" ? "0x" + v.toString(16) : String(v);
}

/** The file as parsed, or null when there is no usable object (missing, not JSON, not an object). */
export function parseSettingsFile(text: string | undefined): { [k: string]: unknown } | null {
  if (text === undefined) return null;
  try {
    const o = JSON.parse(text);
    return o && typeof o === "object" && !Array.isArray(o) ? o : null;
  } catch (e) {
    return null;
  }
}

/**
 * The settings from the file's text (undefined: no file). `bad` lists each problem as "key: what, using
 * default" for the console; an empty list means the file (or its absence) was fine.
 */
export function readSettings(text: string | undefined, bms: string): { s: Settings; bad: string[] } {
  const s = defaultSettings(bms);
  const bad: string[] = [];
  const o = parseSettingsFile(text);
  if (text !== undefined && o === null) bad.push(SETTINGS_FILE + ": not a JSON object, using all defaults");
  if (o) {
    for (const k in o) {
      const e = settingError(k, o[k]);
      if (!e) (s as unknown as { [k: string]: unknown })[k] = o[k];
      else if (e === "unknown setting") bad.push(k + ": unknown setting, ignored");
      else bad.push(k + ": " + JSON.stringify(o[k]) + " is " + e + ", using " + showSetting(k, (s as unknown as { [k: string]: unknown })[k]));
    }
  }
  return { s: s, bad: bad };
}

/** The boot screen's line for the problems (21 characters at most), "" when there are none. */
export function badLine(bad: string[]): string {
  if (!bad.length) return "";
  if (bad.length > 1) return bad.length + " bad settings";
  const k = bad[0].split(":")[0];
  // Cut to the glass's 21 characters here: an unknown key may be any length.
  return k === SETTINGS_FILE ? "bad settings file" : ("bad setting: " + k).slice(0, 21);
}

/** Daly current sign as the poller takes it (PollerOptions.dalyCurrentSign: 0 auto, 1 raw, −1 inverted). */
export function dalySignOf(s: Settings): number {
  return s.dalySign === "raw" ? 1 : s.dalySign === "inverted" ? -1 : 0;
}
