/**
 * From raw protection bits (and the present sensors' temperatures) to our codes: the family bit tables
 * plus the NTC sentinel rule. Pure; used by the snapshot builder and by `bmsbox decode`.
 *
 * NTC sentinel rule (codes.md "NTC without a bit", bms-protocols.md §0, §1.5, §2.4, §3.3), applied only
 * to sensors the BMS says exist (unused slots never reach here):
 *   1. a reading ≤ −40 °C or ≥ 120 °C is a sentinel or physically implausible for a pack: an open probe
 *      reads −40 °C on JK (raw 140) and Daly (raw 0x00), 215 °C on Daly (0xFF), −273 °C on JBD (raw 0);
 *   2. a reading ≤ −30 °C while another present sensor reads at least 30 K warmer: an open JBD probe
 *      sits at a constant −30 °C beside normal ones (smagicld/xiaoxiangBMS #75). A uniformly cold pack
 *      does not trigger rule 2 (it is UTP territory, which the BMS reports itself).
 */
import { CODE_BIT, Family } from "../types";
import { JBD_BITS, jbdLabels, JBD_MOS_LOCK_BIT } from "../../codes/jbd-bits";
import { JK_BITS, jkLabels } from "../../codes/jk-bits";
import { DALY_BITS, dalyLabels } from "../../codes/daly-bits";
import { Mapped, emptyMapped, mapBits, BIT_WARN } from "./bits";
import { jkTail } from "./jk";
import { JBD_REG_BASIC } from "./jbd";
import { DALY_CMD_ALARMS } from "./daly";
import { hex2 } from "./bytes";

export const NTC_HARD_LOW_C = -40;
export const NTC_HARD_HIGH_C = 120;
export const NTC_OPEN_C = -30;
export const NTC_SPREAD_K = 30;

/** True when the present sensors' readings show a sensor fault by the sentinel rule above. */
export function ntcSuspect(tempsC: number[] | null): boolean {
  if (!tempsC || tempsC.length === 0) return false;
  let max = -1000;
  for (let i = 0; i < tempsC.length; i++) {
    const t = tempsC[i];
    if (t <= NTC_HARD_LOW_C || t >= NTC_HARD_HIGH_C) return true;
    if (t > max) max = t;
  }
  for (let i = 0; i < tempsC.length; i++) {
    if (tempsC[i] <= NTC_OPEN_C && max - tempsC[i] >= NTC_SPREAD_K) return true;
  }
  return false;
}

/** Maps one family's raw protection field(s) (as in Snapshot.bits) to codes, sides, warnings, faults. */
export function mapProtection(family: Family, bits: number[]): Mapped {
  const m = emptyMapped();
  if (family === "jbd") {
    mapBits(JBD_BITS, jbdLabels, bits[0], 0, 16, "JBD", m);
  } else if (family === "jk") {
    mapBits(JK_BITS, jkLabels, bits[0], 0, 16, "JK", m);
  } else {
    for (let i = 0; i < 7 && i < bits.length; i++) mapBits(DALY_BITS, dalyLabels, bits[i], i * 8, 8, "DALY", m);
    if (bits.length > 7 && bits[7] !== 0) m.faults.push("DALY fault 0x" + hex2(bits[7]));
  }
  return m;
}

/** Codes from bits plus NTC from the sentinel rule on present sensors. */
export function mapWithNtc(family: Family, bits: number[], tempsC: number[] | null): Mapped {
  const m = mapProtection(family, bits);
  if (ntcSuspect(tempsC)) m.codes |= CODE_BIT.NTC;
  return m;
}

/**
 * The codes a status answer's protection bits carry, read from the checked frame before it is decoded: JBD basic info
 * (the protection word, payload 16), Daly 0x98 (seven bytes of alarm bits), JK read-all (tag 0x8B's word, where the last
 * decode of a frame of this length found it: jk.ts jkTail). The same codes as mapProtection of the decoded bits (a test
 * holds the two together), without its sides, warnings and fault labels; never NTC (that comes from temperatures).
 * 0 when the frame is not such an answer or the place of its bits is not known.
 */
export function statusCodes(family: Family, f: Uint8Array): number {
  let t: Uint16Array;
  let w: number;
  let n = 1;
  if (family === "jbd") {
    if (f[1] !== JBD_REG_BASIC || f[2] !== 0 || f.length < 22) return 0;
    t = JBD_BITS;
    w = (f[20] << 8) | f[21];
  } else if (family === "jk") {
    const a = jkTail.al;
    if (f.length !== jkTail.len || a < 0 || f[a] !== 0x8b) return 0;
    t = JK_BITS;
    w = (f[a + 1] << 8) | f[a + 2];
  } else {
    if (f[2] !== DALY_CMD_ALARMS || f.length < 11) return 0;
    t = DALY_BITS;
    w = f[4];
    n = 7;
  }
  let c = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0) w = f[4 + k];
    for (let i = 0; w >> i; i++) {
      const e = t[k * 8 + i];
      if ((w >> i) & 1 && !(e & BIT_WARN)) c |= e;
    }
  }
  return c & 0xff;
}

/** JBD status bit 12: software MOSFET lock. */
export function jbdMosLock(bits: number[]): boolean {
  return (bits[0] & JBD_MOS_LOCK_BIT) !== 0;
}
