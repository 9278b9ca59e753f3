/**
 * JK / JiKong "4E 57" UART protocol (115200 8N1, B-/BD-series GPS/RS485 TTL port): checksum, frame check,
 * request encoder, read-all decoder. Source: shared/reference/bms-protocols.md §2 ([JK-DOC] V2.5,
 * syssi/esphome-jk-bms components/jk_modbus + jk_bms).
 *
 * Frame: 4E 57 | LEN(2) | terminal(4) | command | source | type | payload | record(4) | 68 | checksum(4)
 *   LEN counts everything after the start bytes → total = LEN + 2; the smallest frame (no payload) is 21.
 *   type: 0 request, 1 reply, 2 unsolicited upload.
 *   checksum: the low 16 bits of the sum of every byte from 4E through 68, in the last two bytes; the
 *   first two checksum bytes are 0 (CRC unused) and are not checked.
 */
import { Decoded, blankDecoded } from "./decoded";
import { REJ_END, REJ_LEN, REJ_NOISE, REJ_SUM } from "./framer";
import { u16, sumBytes } from "./bytes";

export const JK_START0 = 0x4e;
export const JK_START1 = 0x57;
export const JK_END = 0x68;
export const JK_CMD_READ_ALL = 0x06;
/** Smallest frame: header 11 + record 4 + end 1 + checksum 4 … + LEN's own 2 → LEN 19, total 21. */
export const JK_MIN_LEN = 19;
/** 24 cells of read-all are ~320 bytes; 512 leaves room and bounds the buffer. */
export const JK_MAX_FRAME = 512;
/** Partial frame stale after this (esphome rx_timeout 50 ms; Espruino's UART task may pause ~100 ms). */
export const JK_GAP_MS = 100;

/** Low 16 bits of the sum of b[from] … b[to − 1]. Shared by framer and encoder. */
export function jkChecksum(b: Uint8Array, from: number, to: number): number {
  return sumBytes(b, from, to) & 0xffff;
}

export function jkCheck(b: Uint8Array, s: number, n: number): number {
  if (b[s] !== JK_START0) return REJ_NOISE;
  if (n < 2) return 0;
  if (b[s + 1] !== JK_START1) return REJ_NOISE;
  if (n < 4) return 0;
  const len = u16(b, s + 2);
  if (len < JK_MIN_LEN || len + 2 > JK_MAX_FRAME) return REJ_LEN;
  if (n >= 11 && b[s + 10] > 2) return REJ_LEN;
  const total = len + 2;
  if (n < total) return 0;
  if (b[s + total - 5] !== JK_END) return REJ_END;
  if (u16(b, s + total - 2) !== jkChecksum(b, s, s + total - 4)) return REJ_SUM;
  return total;
}

/**
 * The read-all request, source 3 (PC), as serialbattery and esphome send it (esphome-jk-bms #120 log):
 * 4E 57 00 13 00 00 00 00 06 03 00 00 00 00 00 00 68 00 00 01 29.
 */
export function jkReadAll(): Uint8Array {
  const b = new Uint8Array(21);
  b[0] = JK_START0;
  b[1] = JK_START1;
  b[2] = 0x00;
  b[3] = 0x13;
  b[8] = JK_CMD_READ_ALL;
  b[9] = 0x03;
  b[16] = JK_END;
  const c = jkChecksum(b, 0, 17);
  b[19] = c >> 8;
  b[20] = c & 0xff;
  return b;
}

/** JK temperature byte pair: 0…100 = °C, 101…140 = −1…−40 °C ([JK-DOC]; §2.3). */
export function jkTempC(v: number): number {
  return v <= 100 ? v : -(v - 100);
}

/** Value size of each tag after the tag byte (0x79 is variable: 1 + its count byte). 0 = unknown tag. */
export function jkTagSize(tag: number): number {
  if (tag >= 0x80 && tag <= 0x84) return 2;
  if (tag === 0x85 || tag === 0x86) return 1;
  if (tag === 0x87 || tag === 0x8a || tag === 0x8b || tag === 0x8c) return 2;
  if (tag === 0x89) return 4;
  if (tag >= 0x8e && tag <= 0xa8) return tag === 0x9d ? 1 : 2;
  if (tag === 0xa9 || tag === 0xab || tag === 0xac || tag === 0xae || tag === 0xaf) return 1;
  if (tag === 0xaa || tag === 0xb5 || tag === 0xb6 || tag === 0xb9) return 4;
  if (tag === 0xad || tag === 0xb0) return 2;
  if (tag === 0xb1 || tag === 0xb3 || tag === 0xb8 || tag === 0xc0) return 1;
  if (tag === 0xb2) return 10;
  if (tag === 0xb4) return 8;
  if (tag === 0xb7) return 15;
  if (tag === 0xba) return 24;
  return 0;
}

/**
 * jkTagSize as a table for tags 0x80…0xC0, filled once at load: the decoder looks a size up per tag (a read-all
 * holds ~70 tags) instead of running the chain of comparisons each time.
 */
const JK_TAG_SIZES = new Uint8Array(0xc1 - 0x80);
for (let t = 0x80; t <= 0xc0; t++) JK_TAG_SIZES[t - 0x80] = jkTagSize(t);

/**
 * Where the last full walk of a read-all found what follows the status tags: the frame's length, the offset right
 * after tag 0x8C, and where tag 0xC0 sat. The ~60 settings tags between them are only skipped, one by one, and
 * walking them was most of a JK decode (~1,000 LIE of ~1,900 on the real interpreter). A frame of the same length
 * whose status tags end at the same offset has the same settings layout behind them (every tag after the cell block
 * has a fixed size, and the checksum has already vouched for the bytes), so 0xC0 is read where it was when it is
 * still there; anything else is walked in full again. al: where the last walk found tag 0x8B (the alarm bits), read
 * there before a decode (protect.ts statusCodes) when a frame has the last walk's length and that tag there.
 */
export const jkTail = { len: 0, at: 0, c0: -1, al: -1 };

/*
 * Read-all payload (tag byte, then a fixed-size big-endian value), from offset 11 to total − 9; §2.3:
 *   tag  size  field                              scale
 *   79   1+3n  count byte, then n × (index, mV)    mV
 *   80   2     MOSFET temperature                 jkTempC
 *   81   2     temperature 1                      jkTempC
 *   82   2     temperature 2                      jkTempC
 *   83   2     pack voltage                       10 mV
 *   84   2     current (C0 = 1: bit15 = charging, magnitude 10 mA; C0 absent/0: (10000 − v) × 10 mA)
 *   85   1     SOC                                %
 *   86   1     number of battery temperature sensors (how many of 81, 82 are real)
 *   8A   2     cell count
 *   8B   2     warning/alarm bits                 → firmware/codes/jk-bits.ts
 *   8C   2     status: bit0 charge MOS on, bit1 discharge MOS on
 *   C0   1     protocol version (decides the 0x84 encoding)
 *   other tags are settings/strings: skipped by size (jkTagSize).
 */
export function jkDecode(f: Uint8Array): Decoded {
  if (f.length < 21 || f.length !== u16(f, 2) + 2) {
    const bad = blankDecoded("jk", false, f.length > 8 ? f[8] : 0);
    bad.err = "length mismatch";
    return bad;
  }
  const cmd = f[8];
  const type = f[10];
  const d = blankDecoded("jk", type === 0, cmd);
  if (type === 0) return d;
  const end = f.length - 9;
  let i = 11;
  let rawCurrent = -1;
  let c0 = -1;
  let t1: number | null = null;
  let t2: number | null = null;
  let tcount = -1;
  let alarms = -1;
  while (i < end) {
    const tag = f[i];
    if (tag === 0x79) {
      const n = f[i + 1];
      if (i + 2 + n > end) {
        d.err = "cell block runs past the payload";
        return d;
      }
      const cells: number[] = [];
      // The words read in place, not through u16(): a call per cell and per tag was ~250 LIE of a decode.
      for (let j = i + 3; j + 1 < i + 2 + n; j += 3) cells.push((f[j] << 8) | f[j + 1]);
      d.cellsMv = cells;
      i += 2 + n;
      continue;
    }
    const size = tag >= 0x80 && tag <= 0xc0 ? JK_TAG_SIZES[tag - 0x80] : 0;
    if (size === 0) {
      d.err = "unknown tag 0x" + (tag < 16 ? "0" : "") + tag.toString(16) + " at " + i;
      break;
    }
    if (i + 1 + size > end) {
      d.err = "tag runs past the payload";
      break;
    }
    // Only tags 0x80…0x8C and 0xC0 are read; settings and strings are skipped by size.
    if (tag > 0x8c && tag !== 0xc0) {
      i += 1 + size;
      continue;
    }
    const v = size === 1 ? f[i + 1] : (f[i + 1] << 8) | f[i + 2];
    if (tag === 0x80) d.mosC = jkTempC(v);
    else if (tag === 0x81) t1 = jkTempC(v);
    else if (tag === 0x82) t2 = jkTempC(v);
    else if (tag === 0x83) d.packMv = v * 10;
    else if (tag === 0x84) rawCurrent = v;
    else if (tag === 0x85) d.socPct = v;
    else if (tag === 0x86) tcount = v;
    else if (tag === 0x8a) d.cellCount = v;
    else if (tag === 0x8b) {
      alarms = v;
      jkTail.al = i;
    }
    else if (tag === 0x8c) {
      d.chargeFet = (v & 1) !== 0;
      d.dischargeFet = (v & 2) !== 0;
    } else if (tag === 0xc0) {
      c0 = v;
      jkTail.c0 = i;
    }
    i += 1 + size;
    if (tag === 0x8c) {
      const k = jkTail.c0;
      if (f.length === jkTail.len && i === jkTail.at && k > i && k + 1 < end && f[k] === 0xc0) {
        c0 = f[k + 1];
        break;
      }
      jkTail.len = f.length;
      jkTail.at = i;
      jkTail.c0 = -1;
    }
  }
  if (alarms < 0) {
    if (!d.err) d.err = "no alarm tag 0x8B";
    return d;
  }
  d.bits = [alarms];
  // Current encoding depends on tag C0 (§2.3); unknown when parsing stopped before the end.
  if (rawCurrent >= 0) {
    const mag = (rawCurrent & 0x7fff) * 10;
    if (c0 === 1) d.currentMa = rawCurrent & 0x8000 || mag === 0 ? mag : -mag;
    else if (!d.err) d.currentMa = (10000 - rawCurrent) * 10;
  }
  // Only the sensors 0x86 counts are real (0, 1 or 2 of T1, T2).
  const t: number[] = [];
  if (tcount < 0) tcount = 2;
  if (tcount >= 1 && t1 !== null) t.push(t1);
  if (tcount >= 2 && t2 !== null) t.push(t2);
  d.tempsC = t;
  d.tempCount = t.length;
  if (d.cellCount === null && d.cellsMv) d.cellCount = d.cellsMv.length;
  return d;
}
