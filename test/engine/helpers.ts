/**
 * Test helpers for the engine: snapshots built by hand (the protocol decoders are tested apart), a storage
 * fake that counts writes, and a driver that feeds a status every poll period on an injected clock.
 */
import { CODE_BIT, Snapshot } from "../../firmware/src/types";
import { StoragePort } from "../../firmware/src/ports";
import { Engine, EngineOptions } from "../../firmware/src/engine/engine";

export const CELLS16 = [3300, 3301, 3302, 3303, 3304, 3305, 3306, 3307, 3308, 3309, 3310, 3311, 3312, 3313, 3314, 3315];

/** A quiet JBD status at time t; `over` replaces fields. */
export function snap(t: number, over?: Partial<Snapshot>): Snapshot {
  const s: Snapshot = {
    family: "jbd",
    tMs: t,
    packMv: 52900,
    currentMa: 0,
    socPct: 70,
    cellsMv: CELLS16.slice(),
    tempsC: [25, 26],
    mosC: 30,
    chargeFet: true,
    dischargeFet: true,
    bits: [0],
    codes: 0,
    chargeBlocked: 0,
    dischargeBlocked: 0,
    warnings: 0,
    faults: [],
    mosLock: false,
  };
  return Object.assign(s, over || {});
}

export class MemStorage implements StoragePort {
  files: { [name: string]: string } = {};
  writes: { name: string; data: string }[] = [];
  read(name: string): string | undefined {
    return this.files[name];
  }
  write(name: string, data: string): void {
    this.files[name] = data;
    this.writes.push({ name: name, data: data });
  }
}

export const B = CODE_BIT;

/**
 * Feeds statuses every `periodMs` from `from` (inclusive) to `to` (exclusive), ticking after each, and
 * returns `to`. `make(t)` builds the status at t (null = the BMS did not answer).
 */
export function feed(e: Engine, from: number, to: number, periodMs: number, make: (t: number) => Snapshot | null): number {
  for (let t = from; t < to; t += periodMs) {
    const s = make(t);
    if (s) e.onSnapshot(s, t);
    e.tick(t);
  }
  return to;
}

export function newEngine(st?: MemStorage, o?: EngineOptions): { e: Engine; st: MemStorage } {
  const storage = st || new MemStorage();
  return { e: new Engine(storage, o), st: storage };
}

/** Cells with cell `n` (1-based) at `mv`. */
export function cellsWith(n: number, mv: number): number[] {
  const c = CELLS16.slice();
  c[n - 1] = mv;
  return c;
}
