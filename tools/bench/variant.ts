/**
 * Firmware variants for comparisons: the same board and sources as `npm run build`, built with a fixed status
 * period (the build-time setting BMSBOX_STATUS_PERIOD_MS, firmware/src/protocol/poller.ts), as the anchors poll
 * (esphome JBD every 2 s, dbus-serialbattery every ~1 s; bms-protocols.md §1.1, §6.3). A status request starts
 * at least `statusPeriodMs` after the previous one; the request that follows a status answer (JBD cells, a Daly
 * extra) still goes at once, as the anchors read a whole round per poll. A setting rather than a patch of the
 * poller's text: a changed poller can no longer leave the benchmark unbuildable.
 */
import { bundle } from "../build";

/** The board's firmware with a fixed status period (ms), as one script (not gated: never flashed). */
export function buildPeriodVariant(board: string, statusPeriodMs: number): string {
  return bundle(board, true, undefined, statusPeriodMs);
}
