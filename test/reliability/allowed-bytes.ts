/**
 * The only byte strings the box may ever send, written out here from bms-protocols.md (not taken from the
 * firmware's allowlist, which is what these tests check): the read requests of each family and the one write,
 * JBD register 0xE1 = 0x0000 (release the software MOSFET lock, §1 and §6.6).
 */
import { Family } from "../../firmware/src/types";

function jbdFrame(kind: number, reg: number, data: number[]): number[] {
  const body = [reg, data.length].concat(data);
  let s = 0;
  for (const b of body) s += b;
  const c = (0x10000 - s) & 0xffff;
  return [0xdd, kind].concat(body, [c >> 8, c & 0xff, 0x77]);
}

function dalyRead(addr: number, cmd: number): number[] {
  const b = [0xa5, addr, cmd, 0x08, 0, 0, 0, 0, 0, 0, 0, 0];
  let s = 0;
  for (const x of b) s += x;
  return b.concat([s & 0xff]);
}

/** JBD reads: 0x03 basic info, 0x04 cells, 0x05 model (DD A5 reg 00 chk chk 77). */
export const JBD_READS = [0x03, 0x04, 0x05].map((r) => jbdFrame(0xa5, r, []));
/** The one write: DD 5A E1 02 00 00 FF 1D 77. */
export const JBD_RELEASE = jbdFrame(0x5a, 0xe1, [0x00, 0x00]);
/** JK read-all, as serialbattery and esphome send it (esphome-jk-bms #120 log). */
export const JK_READ_ALL = [0x4e, 0x57, 0x00, 0x13, 0x00, 0x00, 0x00, 0x00, 0x06, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x68, 0x00, 0x00, 0x01, 0x29];
/** Daly reads 0x90–0x98 from either host address (0x40 PC, 0x80 UART). */
export const DALY_READS: number[][] = [];
for (const a of [0x40, 0x80]) for (let c = 0x90; c <= 0x98; c++) DALY_READS.push(dalyRead(a, c));

export const ALLOWED: { bytes: number[]; family: Family; write: boolean }[] = []
  .concat(JBD_READS.map((b) => ({ bytes: b, family: "jbd" as Family, write: false })) as never[])
  .concat([{ bytes: JBD_RELEASE, family: "jbd" as Family, write: true }] as never[])
  .concat([{ bytes: JK_READ_ALL, family: "jk" as Family, write: false }] as never[])
  .concat(DALY_READS.map((b) => ({ bytes: b, family: "daly" as Family, write: false })) as never[]);

/**
 * Splits what the box sent into allowed frames. Returns the frames found, or throws with the first offset where
 * no allowed frame starts (so a test shows the offending bytes).
 */
export function splitAllowed(sent: ArrayLike<number>): { family: Family; write: boolean }[] {
  const out: { family: Family; write: boolean }[] = [];
  let i = 0;
  while (i < sent.length) {
    let hit: { bytes: number[]; family: Family; write: boolean } | null = null;
    for (const a of ALLOWED) {
      if (i + a.bytes.length > sent.length) continue;
      let ok = true;
      for (let k = 0; k < a.bytes.length && ok; k++) ok = sent[i + k] === a.bytes[k];
      if (ok) {
        hit = a;
        break;
      }
    }
    if (!hit) {
      const bad: string[] = [];
      for (let k = i; k < Math.min(sent.length, i + 24); k++) bad.push((sent[k] < 16 ? "0" : "") + sent[k].toString(16));
      throw new Error("bytes at offset " + i + " are no allowed request: " + bad.join(" "));
    }
    out.push({ family: hit.family, write: hit.write });
    i += hit.bytes.length;
  }
  return out;
}
