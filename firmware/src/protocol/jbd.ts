/**
 * JBD / Xiaoxiang / Overkill ("DD … 77", 9600 8N1): checksum, frame check, request encoder, decoders.
 * Source: shared/reference/bms-protocols.md §1 ([JBD-PDF], syssi/esphome-jbd-bms).
 *
 * Frame: DD | A5 read, 5A write, or register (reply) | register (request) or status (reply) | len |
 *        data[len] | chk_hi chk_lo | 77.  Total = len + 7.
 * Checksum: 0x10000 − (sum of bytes 2 … 3+len), 16-bit big-endian (§1.2; `DD A5 03 00 FF FD 77`).
 */
import { Decoded, blankDecoded } from "./decoded";
import { REJ_END, REJ_LEN, REJ_NOISE, REJ_SUM } from "./framer";
import { divRound, s16, u16, sumBytes } from "./bytes";

export const JBD_START = 0xdd;
export const JBD_END = 0x77;
export const JBD_READ = 0xa5;
export const JBD_WRITE = 0x5a;
export const JBD_REG_BASIC = 0x03;
export const JBD_REG_CELLS = 0x04;
export const JBD_REG_MOS = 0xe1;
/** len is one byte: 255 + 7 (§1.2). */
export const JBD_MAX_FRAME = 262;
/** Basic info without temperatures is 23 bytes (§1.3). */
export const JBD_BASIC_MIN = 23;
/** Inter-byte gap after which a partial frame is stale: esphome rx_timeout default (§1.1). */
export const JBD_GAP_MS = 150;

/** The checksum of bytes b[from] … b[to − 1]. Shared by the framer and the encoder. */
export function jbdChecksum(b: Uint8Array, from: number, to: number): number {
  return (0x10000 - sumBytes(b, from, to)) & 0xffff;
}

/** Framer check (see framer.ts): a whole verified JBD frame at b[s]? */
export function jbdCheck(b: Uint8Array, s: number, n: number): number {
  if (b[s] !== JBD_START) return REJ_NOISE;
  if (n < 4) return 0;
  const k = b[s + 1];
  const len = b[s + 3];
  if (k === JBD_READ && len === 0) {
    // a read request (ours, echoed)
  } else if (k === JBD_WRITE) {
    if (len > 32) return REJ_LEN;
  } else {
    const status = b[s + 2];
    if (status !== 0x00 && status !== 0x80) return REJ_LEN;
    if (status === 0 && k === JBD_REG_BASIC && len < JBD_BASIC_MIN) return REJ_LEN;
    if (status === 0 && k === JBD_REG_CELLS && (len & 1) !== 0) return REJ_LEN;
  }
  const total = len + 7;
  if (n < total) return 0;
  if (b[s + total - 1] !== JBD_END) return REJ_END;
  const want = jbdChecksum(b, s + 2, s + 4 + len);
  if (u16(b, s + 4 + len) !== want) return REJ_SUM;
  return total;
}

/** A read request for one register, e.g. 0x03 → DD A5 03 00 FF FD 77. */
export function jbdRead(reg: number): Uint8Array {
  const b = new Uint8Array(7);
  b[0] = JBD_START;
  b[1] = JBD_READ;
  b[2] = reg;
  b[3] = 0;
  const c = jbdChecksum(b, 2, 4);
  b[4] = c >> 8;
  b[5] = c & 0xff;
  b[6] = JBD_END;
  return b;
}

/** A register write of a 16-bit value (only the allowlist calls this, for 0xE1 = 0x0000). */
export function jbdWrite16(reg: number, value: number): Uint8Array {
  const b = new Uint8Array(9);
  b[0] = JBD_START;
  b[1] = JBD_WRITE;
  b[2] = reg;
  b[3] = 2;
  b[4] = (value >> 8) & 0xff;
  b[5] = value & 0xff;
  const c = jbdChecksum(b, 2, 6);
  b[6] = c >> 8;
  b[7] = c & 0xff;
  b[8] = JBD_END;
  return b;
}

/** Reply temperature: 0.1 K → whole °C ((raw − 2731) / 10, §1.3). */
export function jbdTempC(raw: number): number {
  return divRound(raw - 2731, 10);
}

/*
 * Basic info 0x03, payload at p = 4 (big-endian), §1.3:
 *   off size field                          scale
 *    0   2   pack voltage                   10 mV
 *    2   2   current, signed, + = charging  10 mA
 *    4   2   remaining capacity             10 mAh   (not used)
 *    6   2   nominal capacity               10 mAh   (not used)
 *    8   2   cycles                                  (not used)
 *   10   2   production date                         (not used)
 *   12   4   balance bits                            (not used)
 *   16   2   protection status              bits → firmware/codes/jbd-bits.ts
 *   18   1   software version                        (not used)
 *   19   1   SOC                            %
 *   20   1   FET: bit0 charge on, bit1 discharge on
 *   21   1   cell count
 *   22   1   NTC count N (may be 0)
 *   23  2·N  temperatures                   0.1 K, °C = (raw − 2731) / 10
 *   23+2N …  extra bytes on newer firmware: ignored
 * Cells 0x04: len/2 × u16 mV (0 mV = unconnected cell, kept as 0).
 */
/**
 * The bytes of a basic-info reply that carry its codes, as one number: the protection word (payload 16–17) and the
 * FET byte (payload 20). Two replies of the same length with the same key give the same codes and locks.
 */
export function jbdCodeKey(f: Uint8Array): number {
  return (f[4 + 16] << 16) | (f[4 + 17] << 8) | f[4 + 20];
}

/**
 * Register of a reply whose register byte reads A5 (published replies of an older unit read
 * `DD A5 00 1B …`, simat/BatteryMonitor #12; the checksum does not cover that byte): the register of the
 * request in flight when known, else guessed from the shape (basic info fits its own NTC count).
 */
export function jbdGuessRegister(f: Uint8Array): number {
  const len = f[3];
  if (len >= JBD_BASIC_MIN && JBD_BASIC_MIN + 2 * f[4 + 22] <= len) return JBD_REG_BASIC;
  if ((len & 1) === 0) return JBD_REG_CELLS;
  return JBD_READ;
}

/** Decodes a verified JBD frame; regHint is the register of the request in flight (for A5 replies). */
export function jbdDecode(f: Uint8Array, regHint?: number): Decoded {
  if (f.length < 7 || f.length !== f[3] + 7) {
    const bad = blankDecoded("jbd", false, f.length > 1 ? f[1] : 0);
    bad.err = "length mismatch";
    return bad;
  }
  let k = f[1];
  const len = f[3];
  if ((k === JBD_READ && len === 0) || k === JBD_WRITE) return blankDecoded("jbd", true, f[2]);
  if (k === JBD_READ) k = regHint === undefined ? jbdGuessRegister(f) : regHint;
  const d = blankDecoded("jbd", false, k);
  const p = 4;
  if (f[2] !== 0) {
    d.err = "BMS error status 0x80";
    return d;
  }
  if (k === JBD_REG_BASIC) {
    if (len < JBD_BASIC_MIN) {
      d.err = "basic info too short";
      return d;
    }
    const ntc = f[p + 22];
    if (len < JBD_BASIC_MIN + 2 * ntc) {
      d.err = "basic info shorter than its NTC count";
      return d;
    }
    d.packMv = u16(f, p) * 10;
    d.currentMa = s16(f, p + 2) * 10;
    d.bits = [u16(f, p + 16)];
    d.socPct = f[p + 19];
    d.chargeFet = (f[p + 20] & 1) !== 0;
    d.dischargeFet = (f[p + 20] & 2) !== 0;
    d.cellCount = f[p + 21];
    d.tempCount = ntc;
    const t: number[] = [];
    for (let i = 0; i < ntc; i++) t.push(jbdTempC(u16(f, p + 23 + 2 * i)));
    d.tempsC = t;
  } else if (k === JBD_REG_CELLS) {
    const c: number[] = [];
    for (let i = 0; i + 1 < len; i += 2) c.push(u16(f, p + i));
    d.cellsMv = c;
    d.cellCount = c.length;
  }
  return d;
}
