/**
 * Write safety, long form: one shipped scenario on one family, full length, with every byte the firmware wrote
 * on its UARTs split into allowed frames (sim/fixtures/allowed-bytes.ts). Returns counts; throws on the
 * first byte that is no allowed request.
 */
import { Family } from "../../firmware/src/types";
import { ScenarioRun } from "../../sim/scenario/runner";
import { loadScenario } from "../../sim/scenario/format";
import { SerialTxEvent } from "../../sim/runtime";
import { splitAllowed } from "../../sim/fixtures/allowed-bytes";

export interface WriteSafetyResult {
  scenario: string;
  family: Family;
  virtualMs: number;
  requests: number;
  writes: number;
  forbidden: number;
  ok: boolean;
  error: string | null;
  expectationsOk: boolean;
}

export function scenarioWriteSafety(board: string, file: string, family: Family): WriteSafetyResult {
  const sc = loadScenario(file);
  const run = new ScenarioRun(sc, { board, family });
  const sent: number[][] = [];
  for (const k of Object.keys(run.device.serial)) run.device.serial[k].sim.on("tx", (e: SerialTxEvent) => { sent.push(Array.from(e.bytes)); });
  run.start();
  run.runToEnd();
  let requests = 0;
  let writes = 0;
  let error: string | null = null;
  try {
    for (const chunk of sent) for (const f of splitAllowed(chunk)) { requests++; if (f.write) writes++; }
  } catch (e) {
    error = String(e);
  }
  const forbidden = run.bms.forbiddenWrites.length;
  return {
    scenario: sc.name, family, virtualMs: sc.durationMs, requests, writes, forbidden,
    ok: error === null && forbidden === 0, error, expectationsOk: run.evaluate().every((x) => x.ok),
  };
}
