/**
 * Durations in scenario files: a number (ms) or a string of parts "1h30m", "90s", "250ms", "2d", "1.5h".
 * Hand-parsed (no regex gymnastics) so error messages can say exactly what was wrong.
 */

const UNIT_MS: { [u: string]: number } = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };

/** Parses a duration; returns ms, or a string describing the problem. */
export function parseDuration(v: unknown): number | string {
  if (typeof v === "number") return isFinite(v) && v >= 0 ? v : "negative or not finite: " + v;
  if (typeof v !== "string") return "expected a number of ms or a string like \"90s\", got " + JSON.stringify(v);
  const s = v.trim();
  if (!s.length) return "empty duration";
  let total = 0;
  let i = 0;
  while (i < s.length) {
    let num = "";
    while (i < s.length && ((s[i] >= "0" && s[i] <= "9") || s[i] === ".")) num += s[i++];
    let unit = "";
    while (i < s.length && s[i] >= "a" && s[i] <= "z") unit += s[i++];
    while (i < s.length && s[i] === " ") i++;
    if (!num.length || isNaN(Number(num))) return "bad number in \"" + v + "\"";
    if (!unit.length) unit = "ms";
    if (UNIT_MS[unit] === undefined) return "unknown unit \"" + unit + "\" in \"" + v + "\" (ms, s, m, h, d)";
    total += Number(num) * UNIT_MS[unit];
  }
  return total;
}

/** Formats ms as a compact duration ("1h02m03.5s") for timelines and messages. */
export function formatMs(ms: number): string {
  const neg = ms < 0;
  let x = Math.abs(ms);
  const h = Math.floor(x / 3600000);
  x -= h * 3600000;
  const m = Math.floor(x / 60000);
  x -= m * 60000;
  const sec = x / 1000;
  const secText = (Math.round(sec * 1000) / 1000).toString();
  let out = "";
  if (h) out += h + "h";
  if (h || m) out += (h && m < 10 ? "0" : "") + m + "m";
  out += (h || m) && sec < 10 ? "0" + secText + "s" : secText + "s";
  return (neg ? "-" : "") + out;
}
