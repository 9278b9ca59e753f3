/**
 * The boards: one list, used by the build (tools/build.ts: which boards exist, which file is each one's
 * entry), the simulator and the benches. Each board file exports its BOARD (data the firmware gets) and its
 * CIRCUIT (what is on the board around those pins, for the simulator and the board lint).
 */
import { BoardConfig, BoardCircuit } from "./board";
import * as devkitc from "./esp32-devkitc";
import * as heltec from "./heltec-wifi-kit-32";

export interface BoardEntry {
  board: BoardConfig;
  circuit: BoardCircuit;
}

export const BOARD_LIST: BoardEntry[] = [
  { board: devkitc.BOARD, circuit: devkitc.CIRCUIT },
  { board: heltec.BOARD, circuit: heltec.CIRCUIT },
];

/** Board ids in list order; boards/<id>.ts is each board's file. */
export const BOARD_IDS: string[] = BOARD_LIST.map((b) => b.board.id);
export const DEFAULT_BOARD = BOARD_IDS[0];

export function boardEntry(id: string): BoardEntry {
  for (const b of BOARD_LIST) if (b.board.id === id) return b;
  throw new Error("unknown board '" + id + "' (boards: " + BOARD_IDS.join(", ") + ")");
}
