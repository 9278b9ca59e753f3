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

/** Opens the UART at `baud` and calls onData with each received chunk; returns the poller's IO. */
export function openUart(u: UartPins, baud: number, onData: (bytes: Uint8Array) => void): PollerIo {
  u.port.setup(baud, { rx: u.rx, tx: u.tx });
  // One listener: a state restored by save() may still hold the previous start's.
  (u.port as any).removeAllListeners("data");
  u.port.on("data", function (s: string) {
    onData(E.toUint8Array(s));
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
