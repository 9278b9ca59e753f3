/**
 * Composition root shared by the boards: wires the Espruino drivers to the pure core.
 * Foundation stage: boots, prints the board and version, and registers the start for power-up.
 */
import { BoardConfig } from "../../boards/board";
import { FIRMWARE_VERSION } from "../src/version";

export function startBox(board: BoardConfig): void {
  function boot(): void {
    console.log("bmsbox " + FIRMWARE_VERSION + " on " + board.name + ", BMS " + board.bms);
  }
  // Runs at power-up from saved code; the simulator emits the same event after loading the file.
  E.on("init", boot);
}
