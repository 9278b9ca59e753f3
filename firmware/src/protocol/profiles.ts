/**
 * One table per BMS family: its line (baud), its frames (start byte, largest frame, stale-partial gap, check,
 * decoder) and its link timing. The poll loop is paced by the wire and these minimums, not by a slow timer
 * (bms-protocols.md §6.2–6.4). Each number says why. families.ts and the poller read a family only from here.
 */
import { Family } from "../types";
import { Decoded } from "./decoded";
import { FrameCheck } from "./framer";
import { JBD_GAP_MS, JBD_MAX_FRAME, JBD_START, jbdCheck, jbdDecode } from "./jbd";
import { JK_GAP_MS, JK_MAX_FRAME, JK_START0, jkCheck, jkDecode } from "./jk";
import { DALY_GAP_MS, DALY_FRAME, DALY_START, dalyCheck, dalyDecode } from "./daly";

export interface FamilyProfile {
  baud: number;
  /** Minimum ms from the end of an answer to the next request. */
  gapMs: number;
  /** Minimum ms between the starts of two requests. */
  periodMs: number;
  /** A request with no complete answer after this long is a miss. */
  timeoutMs: number;
  /** Inter-byte gap after which a partial frame is stale (framer). */
  interByteMs: number;
  /** First byte of every frame, the largest frame the check accepts (the framer's buffer), the check, the decoder. */
  start: number;
  maxFrame: number;
  check: FrameCheck;
  /** jbdRegHint: the JBD register of the request in flight, for replies that do not name theirs. */
  decode: (f: Uint8Array, jbdRegHint?: number) => Decoded;
  /** Cell voltages are re-read at least this often (and right after a code rises). */
  cellsEveryMs: number;
}

/**
 * The family's table. Built on each call (at boot and when autodetection switches family) rather than kept: the
 * three tables kept as objects cost the ESP32 ~80 JsVars, and the poller holds only the one in use.
 */
export function profileOf(family: Family): FamilyProfile {
  // JK: 115200 ([JK-DOC]). The vendor document asks for at least 100 ms between packets; one read-all
  // answer (~300 bytes, ~26 ms) carries status, cells and temperatures at once. Reply is promised within
  // 5 s, in practice tens of ms: 500 ms timeout.
  if (family === "jk") {
    return { baud: 115200, gapMs: 100, periodMs: 100, timeoutMs: 500, interByteMs: JK_GAP_MS, cellsEveryMs: 0,
      start: JK_START0, maxFrame: JK_MAX_FRAME, check: jkCheck, decode: jkDecode,
    };
  }
  // Daly: 9600. Requests closer than 120 ms apart are dropped ([AK] §3: 20 ms → 13 of 20 answered,
  // 120 ms → all); serialbattery also waits 20 ms before each request. python-daly-bms times out at
  // 0.5 s; a 13-byte answer takes ~14 ms: 300 ms timeout.
  if (family === "daly") {
    return { baud: 9600, gapMs: 20, periodMs: 120, timeoutMs: 300, interByteMs: DALY_GAP_MS, cellsEveryMs: 5000,
      start: DALY_START, maxFrame: DALY_FRAME, check: dalyCheck, decode: dalyDecode,
    };
  }
  // JBD: 9600 ([JBD-PDF]). esphome sends the 0x04 request the moment the 0x03 answer is in: gap 0 is
  // tolerated by real BMSes (§1.1), and the ESP32's UART task adds ≥ 5 ms before our code even sees the
  // answer. A ~40-byte answer takes ~42 ms on the wire; 300 ms timeout ≈ serialbattery's 5 ms × 50 header
  // wait + 100 ms. Cells only every 10 s and right after a rising code: a cells round delays the next
  // status by ~40 ms, and the status cycle is what the 150 ms detection target rides on.
  return { baud: 9600, gapMs: 0, periodMs: 0, timeoutMs: 300, interByteMs: JBD_GAP_MS, cellsEveryMs: 10000,
    start: JBD_START, maxFrame: JBD_MAX_FRAME, check: jbdCheck, decode: jbdDecode,
  };
}
