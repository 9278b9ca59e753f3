/**
 * The write allowlist: the ONE function that builds every byte sequence the box may send to a BMS.
 *
 * It returns read requests, and the JBD MOSFET-lock release (register 0xE1 = 0x0000, "both FETs allowed")
 * only when the last JBD status had bit 12 (software lock) set AND the user asked for it
 * (bms-protocols.md §1.6, §6.6). Nothing else can come out: no thresholds, no factory mode, no SOC,
 * no reset, no MOS-off, no JK or Daly write. `isAllowedWrite` checks any byte sequence against the
 * complete set this function can produce (the simulator's write-safety check uses it).
 */
import { jbdRead, jbdWrite16, JBD_REG_BASIC, JBD_REG_CELLS, JBD_REG_MOS } from "./jbd";
import { jkReadAll } from "./jk";
import {
  dalyRead,
  DALY_ADDR_PC,
  DALY_ADDR_UART,
  DALY_CMD_ALARMS,
  DALY_CMD_CELLS,
  DALY_CMD_CONFIG,
  DALY_CMD_PACK,
  DALY_CMD_STATE,
  DALY_CMD_TEMPS,
} from "./daly";
import { JBD_MOS_LOCK_BIT } from "../../codes/jbd-bits";

export const REQ_JBD_STATUS = 0;
export const REQ_JBD_CELLS = 1;
export const REQ_JBD_RELEASE = 2;
export const REQ_JK_ALL = 3;
export const REQ_DALY_PACK = 4;
export const REQ_DALY_STATE = 5;
export const REQ_DALY_CONFIG = 6;
export const REQ_DALY_CELLS = 7;
export const REQ_DALY_TEMPS = 8;
export const REQ_DALY_ALARMS = 9;
/** Number of request kinds; kinds are 0 … REQ_KINDS − 1. */
export const REQ_KINDS = 10;

/** What the allowlist needs to decide. */
export interface WriteContext {
  /** Daly host address: 0x40 (RS485/PC, default) or 0x80 (UART/BT); anything else is refused. */
  dalyAddress: number;
  /** The last JBD protection-status word read, or null when none was read. */
  jbdStatus: number | null;
  /** The user explicitly asked to release the lock (button). */
  userAsked: boolean;
}

const DALY_CMDS = [DALY_CMD_PACK, DALY_CMD_STATE, DALY_CMD_CONFIG, DALY_CMD_CELLS, DALY_CMD_TEMPS, DALY_CMD_ALARMS];

/** The Daly command byte a Daly request kind (REQ_DALY_*) reads: the one its answer carries too. */
export function dalyCmdOf(kind: number): number {
  return DALY_CMDS[kind - REQ_DALY_PACK];
}

/** Builds the bytes of request `kind`, or null when that request is not allowed in this context. */
export function buildRequest(kind: number, ctx: WriteContext): Uint8Array | null {
  if (kind === REQ_JBD_STATUS) return jbdRead(JBD_REG_BASIC);
  if (kind === REQ_JBD_CELLS) return jbdRead(JBD_REG_CELLS);
  if (kind === REQ_JBD_RELEASE) {
    if (ctx.userAsked !== true || ctx.jbdStatus === null) return null;
    if ((ctx.jbdStatus & JBD_MOS_LOCK_BIT) === 0) return null;
    return jbdWrite16(JBD_REG_MOS, 0x0000);
  }
  if (kind === REQ_JK_ALL) return jkReadAll();
  if (kind >= REQ_DALY_PACK && kind <= REQ_DALY_ALARMS) {
    if (ctx.dalyAddress !== DALY_ADDR_PC && ctx.dalyAddress !== DALY_ADDR_UART) return null;
    return dalyRead(ctx.dalyAddress, dalyCmdOf(kind));
  }
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when `bytes` is exactly one of the sequences buildRequest can ever return. */
export function isAllowedWrite(bytes: Uint8Array): boolean {
  const addrs = [DALY_ADDR_PC, DALY_ADDR_UART];
  for (let a = 0; a < addrs.length; a++) {
    const ctx: WriteContext = { dalyAddress: addrs[a], jbdStatus: JBD_MOS_LOCK_BIT, userAsked: true };
    for (let k = 0; k < REQ_KINDS; k++) {
      const r = buildRequest(k, ctx);
      if (r && sameBytes(r, bytes)) return true;
    }
  }
  return false;
}
