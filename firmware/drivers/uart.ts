/**
 * The BMS UART: opens the board's Serial port with explicit rx/tx pins (ESP32 defaults differ per port,
 * espruino.md §4: always pass them) and turns it into the poller's PollerIo. Received data arrives as a
 * binary string in arbitrary chunks (espruino.md §6); it is handed on as bytes, the framers join chunks.
 */
import { PollerIo } from "../src/ports";

export interface UartPins {
  port: Serial;
  rx: Pin;
  tx: Pin;
}

/**
 * Opens the UART at `baud`; returns the poller's IO. Received chunks are gathered and handed to onData together:
 * a JK answer (267 bytes) comes in about eight chunks, and each hand-over runs the whole framing path, so the
 * first chunk of a group asks holdMs(bytes so far) how long the rest of the answer will take on the wire and
 * the group goes out then (at once when that is 0). Only a delay: whatever has come by then is handed over.
 */
export function openUart(u: UartPins, baud: number, onData: (bytes: Uint8Array) => void, holdMs: (received: number) => number): PollerIo {
  u.port.setup(baud, { rx: u.rx, tx: u.tx });
  let rx = "";
  let held = false;
  function flush(): void {
    held = false;
    const s = rx;
    rx = "";
    onData(E.toUint8Array(s));
  }
  // One listener: a state restored by save() may still hold the previous start's.
  (u.port as unknown as { removeAllListeners(ev: string): void }).removeAllListeners("data");
  u.port.on("data", function (s: string) {
    rx += s;
    if (held) return;
    const ms = holdMs(rx.length);
    if (ms <= 0) flush();
    else {
      held = true;
      setTimeout(flush, ms);
    }
  });
  return {
    send: function (bytes: Uint8Array): void {
      u.port.write(bytes);
    },
    setBaud: function (b: number): void {
      u.port.setup(b, { rx: u.rx, tx: u.tx });
    },
  };
}
