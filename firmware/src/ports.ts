/**
 * The seams between the parts of the firmware, agreed up front so each part can be built and tested alone.
 * Pure core: every method takes the time `nowMs` (ms, monotonic) instead of reading a clock.
 *
 *   UART bytes ─▶ Poller ─(Snapshot, LinkState)─▶ Engine ─(EngineView)─▶ views / indicators ─▶ drivers
 *        ▲          │                               ▲   │
 *        └─ send ◀──┘  (requests; the JBD release)   │   └─▶ StoragePort (history)
 *                                    button gesture ─┘
 */
import { Family, Snapshot } from "./types";

/** Communication state the poller reports; the engine shows "no data" from it. */
export interface LinkState {
  /** true while answers arrive in time. */
  ok: boolean;
  /** Family locked on (autodetect) or configured; null while still detecting. */
  family: Family | null;
  /** Time of the last good frame, or null when none ever came. */
  lastGoodMs: number | null;
  /** Why there is no data (meaningful when ok is false). */
  reason: "never" | "silent" | "garbage" | null;
}

/** What the poller needs from the world: the UART, given to it by the composition root. */
export interface PollerIo {
  send(bytes: Uint8Array): void;
  /** Change the UART's baud rate (autodetect tries each family at its own rate). */
  setBaud(baud: number): void;
}

/** Callbacks the poller calls; the composition root forwards them to the engine. */
export interface PollerListener {
  /** A complete status (protection-bearing) snapshot; cellsMv may be from this or the previous cycle. */
  onSnapshot(snap: Snapshot): void;
  /** Link state changed (ok ↔ no data, reason, detected family). */
  onLink(link: LinkState): void;
  /**
   * Optional: a status answer whose protection bits carry a code the last status did not (codes: their CODE_BIT mask,
   * protect.ts statusCodes), on a quiet line, said before the answer is decoded: what a first code's LED and first
   * look need, ~30–60 ms sooner on a slow ESP32 than its snapshot. The snapshot follows (onSnapshot) as always. True:
   * the listener did that work, and the answer's decode waits for the host's next step (a read that drew a first look
   * and decoded a JK read-all was ~3,000 LIE, the most a single callback may take).
   */
  onCodes?(codes: number): boolean;
}

/**
 * Poller contract (firmware/src/protocol/poller.ts implements it):
 *   const p = new Poller(familyOrAuto, io, listener, options?)
 *   p.start(nowMs)               sends the first request
 *   p.onBytes(bytes, nowMs)      UART data; on a complete answer the next request goes out at once
 *                                (after the family's minimum spacing)
 *   p.tick(nowMs): number        handles timeouts/spacing; returns ms until it wants the next tick
 *   p.requestRelease(nowMs): boolean   asks to send the JBD MOSFET-lock release (0xE1 = 0); true if allowed
 *                                (JBD, status bit 12 set); the bytes come from the write allowlist
 */

/** Persistent key/value storage; on the device it wraps require("Storage"). Values are strings. */
export interface StoragePort {
  read(name: string): string | undefined;
  write(name: string, data: string): void;
}

/** Button gestures, decided by the button driver from debounced presses. */
export type Gesture = "short" | "long" | "double";

/** What a button gesture asks of the rest of the box, besides the engine's own state change. */
export interface GestureResult {
  /** Ask the poller for the JBD MOSFET-lock release write. */
  releaseLock: boolean;
}
