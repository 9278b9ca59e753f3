/**
 * Decimal text from integers, shared by the screens and the console: Espruino's toFixed does not carry
 * ((3.999).toFixed(2) is "3.99", espruino.md §0), so values are formatted from scaled integers. ASCII only.
 */

/** `n / div` with `decimals` digits, rounded half away from zero: fixed(52310, 1000, 2) = "52.31". */
export function fixed(n: number, div: number, decimals: number): string {
  let p = 1;
  for (let i = 0; i < decimals; i++) p *= 10;
  const r = Math.round((Math.abs(n) * p) / div);
  const whole = Math.floor(r / p);
  let frac = String(r - whole * p);
  while (frac.length < decimals) frac = "0" + frac;
  return (n < 0 && r > 0 ? "-" : "") + whole + (decimals > 0 ? "." + frac : "");
}
