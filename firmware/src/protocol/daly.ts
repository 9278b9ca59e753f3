/**
 * Daly "A5" frames (9600 8N1, UART/RS485): checksum, frame check, request encoder, decoders.
 * Source: shared/reference/bms-protocols.md §3 (Daly UART/485 V1.2, maland16/daly-bms-uart,
 * dreadnought/python-daly-bms, esphome daly_bms, antonkostryukov/daly-bms-protocol).
 *
 * Frame: A5 | address | command | 08 | data[8] | checksum — always 13 bytes; checksum = low byte of the
 * sum of bytes 0–11. Requests carry the host address (0x40 RS485/PC, 0x80 UART/BT, 0x41… other boards);
 * the BMS answers with its board number, 0x01 for board 1. An address ≥ 0x20 is therefore a request
 * (our own echo on an RS485 bus, §3.6).
 */
import { Decoded, blankDecoded } from "./decoded";
import { REJ_LEN, REJ_NOISE, REJ_SUM } from "./framer";
import { u16, divRound, sumBytes } from "./bytes";

export const DALY_START = 0xa5;
export const DALY_FRAME = 13;
export const DALY_ADDR_PC = 0x40;
export const DALY_ADDR_UART = 0x80;
export const DALY_CMD_PACK = 0x90;
export const DALY_CMD_MINMAX_CELL = 0x91;
export const DALY_CMD_MINMAX_TEMP = 0x92;
export const DALY_CMD_STATE = 0x93;
export const DALY_CMD_CONFIG = 0x94;
export const DALY_CMD_CELLS = 0x95;
export const DALY_CMD_TEMPS = 0x96;
export const DALY_CMD_BALANCE = 0x97;
export const DALY_CMD_ALARMS = 0x98;
/** Partial frame stale after this (esphome drops a partial frame after 200 ms, §3.1). */
export const DALY_GAP_MS = 200;

export function dalyChecksum(b: Uint8Array, from: number, to: number): number {
  return sumBytes(b, from, to) & 0xff;
}

export function dalyCheck(b: Uint8Array, s: number, n: number): number {
  if (b[s] !== DALY_START) return REJ_NOISE;
  if (n < 4) return 0;
  if (b[s + 3] !== 8) return REJ_LEN;
  if (n < DALY_FRAME) return 0;
  if (b[s + 12] !== dalyChecksum(b, s, s + 12)) return REJ_SUM;
  return DALY_FRAME;
}

/** A read request: A5 | address | command | 08 | 8 × 00 | checksum (e.g. A5 40 90 08 … 7D). */
export function dalyRead(address: number, cmd: number): Uint8Array {
  const b = new Uint8Array(DALY_FRAME);
  b[0] = DALY_START;
  b[1] = address;
  b[2] = cmd;
  b[3] = 8;
  b[12] = dalyChecksum(b, 0, 12);
  return b;
}

/** True when the address byte is a host's (a request, or our echo). */
export function dalyIsRequest(f: Uint8Array): boolean {
  return f[1] >= 0x20;
}

/*
 * Reply data bytes at offset 4 (big-endian), §3.3:
 *   0x90  0–1 pack voltage 0.1 V · 2–3 acquisition voltage · 4–5 current, offset 30000, 0.1 A
 *         (raw sign: + = charging per esphome/maland; firmware dependent) · 6–7 SOC 0.1 %
 *   0x91  0–1 max cell mV · 2 its number · 3–4 min cell mV · 5 its number        (not polled)
 *   0x93  0 state (0 idle, 1 charging, 2 discharging) · 1 charge MOS · 2 discharge MOS · 3 life ·
 *         4–7 remaining mAh
 *   0x94  0 cell count · 1 temperature-sensor count · 2 charger · 3 load · 4 DI/DO · 5–6 cycles
 *   0x95  0 frame number (1…16) · 1–6 three cells mV · 7 filler
 *   0x96  0 frame number · 1–7 seven temperatures, °C + 40
 *   0x98  0–6 failure bits → firmware/codes/daly-bits.ts · 7 fault code
 */
export function dalyDecode(f: Uint8Array): Decoded {
  if (f.length !== DALY_FRAME) {
    const bad = blankDecoded("daly", false, f.length > 2 ? f[2] : 0);
    bad.err = "length mismatch";
    return bad;
  }
  const cmd = f[2];
  const d = blankDecoded("daly", dalyIsRequest(f), cmd);
  if (d.request) return d;
  const p = 4;
  if (cmd === DALY_CMD_PACK) {
    d.packMv = u16(f, p) * 100;
    d.currentMa = (u16(f, p + 4) - 30000) * 100;
    d.socPct = divRound(u16(f, p + 6), 10);
  } else if (cmd === DALY_CMD_STATE) {
    d.state = f[p];
    d.chargeFet = f[p + 1] !== 0;
    d.dischargeFet = f[p + 2] !== 0;
  } else if (cmd === DALY_CMD_CONFIG) {
    d.cellCount = f[p];
    d.tempCount = f[p + 1];
  } else if (cmd === DALY_CMD_CELLS) {
    d.index = f[p];
    d.cellsMv = [u16(f, p + 1), u16(f, p + 3), u16(f, p + 5)];
  } else if (cmd === DALY_CMD_TEMPS) {
    d.index = f[p];
    const t: number[] = [];
    for (let i = 1; i < 8; i++) t.push(f[p + i] - 40);
    d.tempsC = t;
  } else if (cmd === DALY_CMD_ALARMS) {
    const bits: number[] = [];
    for (let i = 0; i < 8; i++) bits.push(f[p + i]);
    d.bits = bits;
  } else if (cmd !== DALY_CMD_MINMAX_CELL && cmd !== DALY_CMD_MINMAX_TEMP && cmd !== DALY_CMD_BALANCE) {
    d.err = "command not decoded";
  }
  return d;
}
