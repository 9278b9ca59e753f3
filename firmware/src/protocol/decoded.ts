/**
 * What one verified frame says, family-independent: the decoders fill this, the snapshot builder and
 * `bmsbox decode` read it. Fields a frame does not carry stay null.
 */
import { Family } from "../types";

export interface Decoded {
  family: Family;
  /** true for a request (ours, or our own echo on an RS485 bus). */
  request: boolean;
  /** JBD register, JK command byte, Daly command byte. */
  cmd: number;
  /** Why the content could not be decoded (the frame itself was valid), else null. */
  err: string | null;
  packMv: number | null;
  currentMa: number | null;
  socPct: number | null;
  cellsMv: number[] | null;
  /** Temperatures of the sensors the BMS says exist (°C). */
  tempsC: number[] | null;
  mosC: number | null;
  chargeFet: boolean | null;
  dischargeFet: boolean | null;
  /** Raw protection/alarm field(s) when this frame carries protection state. */
  bits: number[] | null;
  /** Cell count / temperature-sensor count when the frame states it. */
  cellCount: number | null;
  tempCount: number | null;
  /** Daly multi-frame replies (0x95/0x96): frame number, 1-based. */
  index: number | null;
  /** Daly 0x93 state byte: 0 idle, 1 charging, 2 discharging. */
  state: number | null;
}

export function blankDecoded(family: Family, request: boolean, cmd: number): Decoded {
  return {
    family: family,
    request: request,
    cmd: cmd,
    err: null,
    packMv: null,
    currentMa: null,
    socPct: null,
    cellsMv: null,
    tempsC: null,
    mosC: null,
    chargeFet: null,
    dischargeFet: null,
    bits: null,
    cellCount: null,
    tempCount: null,
    index: null,
    state: null,
  };
}
