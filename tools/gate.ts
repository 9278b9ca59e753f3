/** Espruino gate (first cut: syntax level only; the full rule set replaces this). */
import * as acorn from "acorn";

export interface GateProblem { file: string; line: number; column: number; rule: string; message: string }

export function checkSource(code: string, file: string): GateProblem[] {
  try {
    acorn.parse(code, { ecmaVersion: 2015, sourceType: "script", locations: true });
    return [];
  } catch (e: any) {
    const loc = e.loc || { line: 0, column: 0 };
    return [{ file, line: loc.line, column: loc.column, rule: "syntax", message: String(e.message) }];
  }
}

export function formatProblem(p: GateProblem): string {
  return p.file + ":" + p.line + ":" + (p.column + 1) + ": " + p.rule + ": " + p.message;
}
