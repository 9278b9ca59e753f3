/**
 * The simulation's discrete-event clock (implements SimClock from sim/contracts.ts).
 *
 * Events sit in a binary heap ordered by (time, sequence), so events at equal times run in the order they were
 * scheduled. Time only moves when the clock is run: `runUntil`/`runFor` jump from event to event as fast as the
 * host allows (headless), `runRealtime` paces the same events to the wall clock (interactive mode).
 * Nothing here reads the wall clock except `runRealtime`.
 */
import { SimClock } from "../contracts";

interface ClockEvent {
  t: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Handle for a scheduled event; `cancel()` makes it a no-op. */
export interface EventHandle {
  readonly t: number;
  cancel(): void;
}

export class VirtualClock implements SimClock {
  private heap: ClockEvent[] = [];
  private seq = 0;
  private nowMs: number;
  private running = false;
  /** Number of events run so far (a cheap progress/benchmark figure). */
  eventsRun = 0;

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  /** SimClock: run fn at absolute virtual time t (clamped to now: the past cannot be scheduled). */
  at(t: number, fn: () => void): void {
    this.schedule(t, fn);
  }

  /** Like `at`, returning a handle that can cancel the event. */
  schedule(t: number, fn: () => void): EventHandle {
    const ev: ClockEvent = { t: Math.max(t, this.nowMs), seq: this.seq++, fn, cancelled: false };
    this.push(ev);
    return { t: ev.t, cancel: () => { ev.cancelled = true; } };
  }

  /** Run fn dtMs after now. */
  after(dtMs: number, fn: () => void): EventHandle {
    return this.schedule(this.nowMs + Math.max(0, dtMs), fn);
  }

  /** Time of the next pending event, or null when none is pending. */
  nextEventTime(): number | null {
    this.dropCancelled();
    return this.heap.length ? this.heap[0].t : null;
  }

  /** Number of pending (not cancelled) events. */
  pending(): number {
    let n = 0;
    for (const e of this.heap) if (!e.cancelled) n++;
    return n;
  }

  /** Run the next event (advancing time to it). Returns false when nothing is pending. */
  step(): boolean {
    this.dropCancelled();
    const ev = this.pop();
    if (!ev) return false;
    this.nowMs = ev.t;
    this.eventsRun++;
    ev.fn();
    return true;
  }

  /** Run every event up to and including time t, then set the clock to t. */
  runUntil(t: number): void {
    if (this.running) throw new Error("VirtualClock.runUntil called re-entrantly from an event");
    this.running = true;
    try {
      for (;;) {
        this.dropCancelled();
        if (!this.heap.length || this.heap[0].t > t) break;
        this.step();
      }
      if (t > this.nowMs) this.nowMs = t;
    } finally {
      this.running = false;
    }
  }

  /** Run for dtMs of virtual time. */
  runFor(dtMs: number): void {
    this.runUntil(this.nowMs + dtMs);
  }

  /**
   * Interactive mode: run events paced to the wall clock (`speed` virtual ms per real ms) until `untilMs`
   * or until `stop()` is called on the returned controller. Resolves when stopped or finished.
   * `wallNow`/`setTimer`/`clearTimer` default to Date.now/setTimeout/clearTimeout (injectable for tests).
   */
  runRealtime(options: {
    speed?: number;
    untilMs?: number;
    tickMs?: number;
    wallNow?: () => number;
    setTimer?: (fn: () => void, ms: number) => unknown;
    clearTimer?: (t: unknown) => void;
  } = {}): { done: Promise<void>; stop(): void } {
    const speed = options.speed ?? 1;
    const tickMs = options.tickMs ?? 10;
    const until = options.untilMs ?? Infinity;
    const wallNow = options.wallNow ?? Date.now;
    const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    const clearTimer = options.clearTimer ?? ((t: unknown) => clearTimeout(t as NodeJS.Timeout));
    let stopped = false;
    let timer: unknown = null;
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((r) => { resolveDone = r; });
    const startReal = wallNow();
    const startVirtual = this.nowMs;
    const tick = (): void => {
      if (stopped) return;
      const target = Math.min(until, startVirtual + (wallNow() - startReal) * speed);
      this.runUntil(target);
      if (target >= until) { stopped = true; resolveDone(); return; }
      timer = setTimer(tick, tickMs);
    };
    timer = setTimer(tick, 0);
    return {
      done,
      stop: () => {
        stopped = true;
        if (timer !== null) clearTimer(timer);
        resolveDone();
      },
    };
  }

  // ---- binary heap on (t, seq) ----
  private less(a: ClockEvent, b: ClockEvent): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }

  private push(ev: ClockEvent): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      const tmp = h[i]; h[i] = h[p]; h[p] = tmp;
      i = p;
    }
  }

  private pop(): ClockEvent | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0];
    const last = h.pop() as ClockEvent;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        const tmp = h[i]; h[i] = h[m]; h[m] = tmp;
        i = m;
      }
    }
    return top;
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
  }
}
