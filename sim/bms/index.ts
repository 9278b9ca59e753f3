/**
 * The simulated BMSes: one factory for the scenario runner, the CLI and tests.
 */
import { Family } from "../../firmware/src/types";
import { SimBms } from "./base";
import { DalyBms, DalyOptions } from "./daly";
import { JbdBms, JbdOptions } from "./jbd";
import { JkBms, JkOptions } from "./jk";

export { SimBms } from "./base";
export { Pack } from "./pack";
export { JbdBms } from "./jbd";
export { JkBms } from "./jk";
export { DalyBms } from "./daly";

/** Options of any family (family-specific fields are ignored by the others). */
export type AnyBmsOptions = JbdOptions & JkOptions & DalyOptions;

export function createBms(family: Family, opts: AnyBmsOptions = {}): SimBms {
  if (family === "jbd") return new JbdBms(opts);
  if (family === "jk") return new JkBms(opts);
  if (family === "daly") return new DalyBms(opts);
  throw new Error("unknown BMS family '" + family + "' (jbd, jk, daly)");
}
