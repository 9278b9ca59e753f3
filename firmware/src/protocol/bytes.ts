/**
 * Small byte helpers shared by the family decoders: big-endian reads and integer rounding that gives the
 * same result on Node and on Espruino (Espruino's Math.round rounds -2.5 to -3, Node to -2).
 */

/** Sum of the bytes b[from] … b[to − 1]: every family's checksum is built on it. */
export type ByteSum = (b: Uint8Array, from: number, to: number) => number;

function loopSum(b: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += b[i];
  return sum;
}

/**
 * The byte sum the checksums use. A JavaScript loop costs the interpreter a few loop iterations per byte (a JK
 * read-all is 267 bytes, checked on every answer); the composition root hands in Espruino's native E.sum
 * through useByteSum, so on the device the core stays pure and the sum costs one call.
 */
export let sumBytes: ByteSum = loopSum;

export function useByteSum(f: ByteSum): void {
  sumBytes = f;
}

/** Unsigned 16-bit big-endian at b[i]. */
export function u16(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}

/** Signed 16-bit big-endian at b[i]. */
export function s16(b: Uint8Array, i: number): number {
  const v = (b[i] << 8) | b[i + 1];
  return v >= 0x8000 ? v - 0x10000 : v;
}

/** a / d rounded to the nearest integer, halves away from zero, for integer a and positive integer d. */
export function divRound(a: number, d: number): number {
  const h = d >> 1;
  return a >= 0 ? Math.floor((a + h) / d) : -Math.floor((-a + h) / d);
}

/** Two hex digits, upper case. */
export function hex2(v: number): string {
  const s = "0123456789ABCDEF";
  return s[(v >> 4) & 15] + s[v & 15];
}
