/**
 * The button: debounced edges in, gestures out (Johnny-Five's shape: the driver tells press, release and
 * hold apart; the engine decides what a gesture means). The composition root feeds it the edges of a
 * `setWatch(..., {edge: "both", debounce: BUTTON_DEBOUNCE_MS})` and a scheduler; no Espruino global here.
 *
 *   short  : pressed < LONG_MS, and no second press within DOUBLE_GAP_MS after the release
 *   double : two short presses, the second starting within DOUBLE_GAP_MS of the first release
 *   long   : held LONG_MS .. STUCK_MS, reported on release
 *   stuck  : held STUCK_MS or more: no gesture at all, and nothing until it has been released
 *            (a jammed or shorted button must not keep silencing or clearing)
 */
import { Gesture } from "../src/ports";

export const BUTTON_DEBOUNCE_MS = 30;
export const BUTTON_LONG_MS = 1500;
export const BUTTON_DOUBLE_GAP_MS = 400;
export const BUTTON_STUCK_MS = 10000;

export class Button {
  emit: (g: Gesture, nowMs: number) => void;
  after: (fn: () => void, ms: number) => void;
  /** Time the current press began, or -1 while released. */
  downAt = -1;
  /** A short press waits here for a possible second one: its release time, or -1. */
  pendingAt = -1;
  /** Counts the presses so a stale "short" timer knows it was overtaken. */
  seq = 0;
  /** Presses ignored as stuck (console / tests). */
  stuck = 0;

  constructor(emit: (g: Gesture, nowMs: number) => void, after: (fn: () => void, ms: number) => void) {
    this.emit = emit;
    this.after = after;
  }

  /** A debounced edge: pressed = true on press, false on release, at time nowMs. */
  edge(pressed: boolean, nowMs: number): void {
    if (pressed) {
      if (this.downAt < 0) {
        this.downAt = nowMs;
        this.seq++;
      }
      return;
    }
    if (this.downAt < 0) return;
    const held = nowMs - this.downAt;
    this.downAt = -1;
    if (held >= BUTTON_STUCK_MS) {
      this.stuck++;
      this.pendingAt = -1;
      return;
    }
    if (held >= BUTTON_LONG_MS) {
      this.pendingAt = -1;
      this.emit("long", nowMs);
      return;
    }
    if (this.pendingAt >= 0 && nowMs - held - this.pendingAt <= BUTTON_DOUBLE_GAP_MS) {
      this.pendingAt = -1;
      this.emit("double", nowMs);
      return;
    }
    this.pendingAt = nowMs;
    const mine = this.seq;
    this.after(() => {
      if (this.seq === mine && this.pendingAt >= 0 && this.downAt < 0) {
        this.pendingAt = -1;
        this.emit("short", nowMs + BUTTON_DOUBLE_GAP_MS);
      }
    }, BUTTON_DOUBLE_GAP_MS + 1);
  }
}
