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
import { Mapped, emptyMapped, mapBits } from "./bits";
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

/** JBD status bit 12: software MOSFET lock. */
export function jbdMosLock(bits: number[]): boolean {
  return (bits[0] & JBD_MOS_LOCK_BIT) !== 0;
}
