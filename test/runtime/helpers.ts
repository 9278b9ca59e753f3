/** Test helpers for the runtime: a scripted BMS model that answers a fixed request with fixed frames. */
import { BmsModel } from "../../sim/contracts";
import { Family } from "../../firmware/src/types";

export class ScriptedBms implements BmsModel {
  readonly family: Family = "jbd";
  readonly rxLog: { tMs: number; bytes: Uint8Array }[] = [];
  readonly forbiddenWrites: Uint8Array[] = [];
  advancedTo = 0;
  reboots = 0;
  constructor(
    readonly baud: number,
    readonly turnaroundMs: number,
    /** Replies to any request (or only to `onlyFor`, when given). */
    private reply: Uint8Array[],
    private onlyFor: number[] | null = null,
  ) {}
  advance(nowMs: number): void {
    this.advancedTo = nowMs;
  }
  receive(bytes: Uint8Array, nowMs: number): Uint8Array[] {
    this.rxLog.push({ tMs: nowMs, bytes });
    if (this.onlyFor && (bytes.length !== this.onlyFor.length || this.onlyFor.some((b, i) => bytes[i] !== b))) return [];
    return this.reply;
  }
  reboot(): void {
    this.reboots++;
  }
}

/** n bytes 0, 1, 2, … (mod 256) as a frame. */
export function frame(n: number, start = 0): Uint8Array {
  const f = new Uint8Array(n);
  for (let i = 0; i < n; i++) f[i] = (start + i) & 0xff;
  return f;
}

/** JBD basic-info request (bms-protocols.md): DD A5 03 00 FF FD 77. */
export const JBD_REQ = [0xdd, 0xa5, 0x03, 0x00, 0xff, 0xfd, 0x77];
