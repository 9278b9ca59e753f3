/**
 * Seams of the simulator, agreed up front: the Espruino-like runtime (sim/runtime), the BMS models
 * (sim/bms) and the scenario runner (sim/scenario) are built apart and meet here.
 * All times are virtual milliseconds from the simulation's clock.
 */
import { Family } from "../firmware/src/types";

/** The discrete-event clock every part schedules on. */
export interface SimClock {
  now(): number;
  /** Run fn at absolute virtual time t (ms); events at equal times run in scheduling order. */
  at(t: number, fn: () => void): void;
}

/**
 * A simulated BMS: pure bytes in, bytes out; its physics advance with time.
 * The wire (sim/runtime) moves bytes between it and the box at the baud rate and injects faults.
 */
export interface BmsModel {
  readonly family: Family;
  /** The baud rate the BMS talks at; bytes sent at another rate arrive as garbage. */
  readonly baud: number;
  /** Advance the pack's physics and protection logic to virtual time nowMs. */
  advance(nowMs: number): void;
  /**
   * Bytes arrived from the box (any chunking). Returns the reply frames to send, in order, each after the
   * model's turnaround time (the wire adds byte time); [] when nothing is to be answered.
   */
  receive(bytes: Uint8Array, nowMs: number): Uint8Array[];
  /** ms between the end of a request and the first reply byte. */
  readonly turnaroundMs: number;
  /** Every byte the box ever sent, with arrival time, for write-safety checks. */
  readonly rxLog: { tMs: number; bytes: Uint8Array }[];
  /** Frames the model recognised as writes that are not on the allowlist (must stay empty). */
  readonly forbiddenWrites: Uint8Array[];
}
