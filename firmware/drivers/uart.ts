/**
 * The BMS UART: opens the board's Serial port with explicit rx/tx pins (ESP32 defaults differ per port,
 * espruino.md §4: always pass them) and turns it into the poller's PollerIo plus read().
 *
 * Received data is only gathered here, in one string, by the smallest listener there can be; the box takes it when
 * the poller expects an answer to be complete (firmware/main.ts poll). The ESP32's RX task hands a reply over in
 * 5 ms pieces (a JBD status in about seven), so this runs seven times an answer and must do nothing else.
 * Espruino's own buffer for a port without a listener (Serial.read()) would spare even this callback, but it cannot
 * grow past a first piece of more than 19 bytes (kept as a flat string, which jsvStringIteratorAppend cannot extend:
 * src/jsvariterator.c; with the ESP32's 14-byte variables JSV_FLAT_STRING_BREAK_EVEN is 19): at JK's 115200 baud a
 * 5 ms piece is ~57 bytes and the rest of the answer would be lost (docs/espruino.md §6).
 */
import { PollerIo } from "../src/ports";

export interface UartPins {
  port: Serial;
  rx: Pin;
  tx: Pin;
}

export interface UartIo extends PollerIo {
  /** What came since the last read, as a binary string ("" when nothing). */
  read(): string;
}

/** What came since the last read (one port per box). */
let rx = "";

function gather(s: string): void {
  rx += s;
}

/** Opens the UART at `baud`; returns the poller's IO and the read. */
export function openUart(u: UartPins, baud: number): UartIo {
  u.port.setup(baud, { rx: u.rx, tx: u.tx });
  // One listener: a state restored by save() may still hold the previous start's.
  (u.port as unknown as { removeAllListeners(ev: string): void }).removeAllListeners("data");
  rx = "";
  u.port.on("data", gather);
  return {
    send: function (bytes: Uint8Array): void {
      u.port.write(bytes);
    },
    setBaud: function (b: number): void {
      u.port.setup(b, { rx: u.rx, tx: u.tx });
    },
    read: function (): string {
      const s = rx;
      rx = "";
      return s;
    },
  };
}
