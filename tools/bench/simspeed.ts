/**
 * Simulator speed: virtual time over host time for a long run of the real firmware file against a BMS model
 * (a day of a pack with a 10 A load that changes every hour), and what ran in it.
 */
import { Family } from "../../firmware/src/types";
import { Rig } from "../../sim/rigs/rig";

export interface SimSpeedResult {
  family: Family;
  virtualMs: number;
  hostMs: number;
  ratio: number;
  requests: number;
  oledFrames: number;
  errors: number;
}

export function measureSimSpeed(board: string, family: Family, virtualMs: number): SimSpeedResult {
  const rig = new Rig({ board, family, bms: { pack: { socPct: 70, capacityAh: 280 } }, keepSent: false });
  for (let h = 0; h * 3600000 < virtualMs; h++) {
    rig.clock.at(h * 3600000 + 1000, () => rig.bms.change(rig.clock.now(), (p) => { p.loadA = h % 2 ? 10 : 2; }));
  }
  const t0 = Date.now();
  rig.boot();
  rig.clock.runUntil(virtualMs);
  const hostMs = Date.now() - t0;
  return { family, virtualMs, hostMs, ratio: virtualMs / hostMs, requests: rig.requests, oledFrames: rig.oled.frames, errors: rig.device.errors.length };
}
