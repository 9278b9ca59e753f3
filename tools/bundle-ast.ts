/**
 * The bundled firmware as a TypeScript syntax tree, for the flashed form's build steps (tools/shrink.ts,
 * tools/inline-once.ts): parsing with a checker that resolves names, the bundle's own scope, and text edits.
 */
import * as ts from "typescript";

/** The name the bundle is parsed under. */
export const FILE = "firmware.js";

/** A replacement of the file's text from start to end. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

export function parse(js: string): { sf: ts.SourceFile; checker: ts.TypeChecker } {
  const sf = ts.createSourceFile(FILE, js, ts.ScriptTarget.ES2015, true, ts.ScriptKind.JS);
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === FILE ? sf : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (f) => f === FILE,
    readFile: () => undefined,
  };
  const program = ts.createProgram([FILE], { allowJs: true, noLib: true, noResolve: true, target: ts.ScriptTarget.ES2015 }, host);
  return { sf: program.getSourceFile(FILE) as ts.SourceFile, checker: program.getTypeChecker() };
}

/** The statements of the bundle's scope: inside `(function () { ... })();` when it is wrapped so, else the file's. */
export function scopeStatements(sf: ts.SourceFile): ts.NodeArray<ts.Statement> {
  const first = sf.statements[0];
  if (sf.statements.length === 1 && first && ts.isExpressionStatement(first) && ts.isCallExpression(first.expression)) {
    let callee: ts.Expression = first.expression.expression;
    while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    if (ts.isFunctionExpression(callee)) return callee.body.statements;
  }
  return sf.statements;
}

/** An identifier that is a property's name: `o.name`, `{ name: … }`, a class member's name. */
export function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  return (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === id;
}

/** An identifier that names a variable here (not a property name, not a declaration's own name). */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (isPropertyName(id)) return false;
  if (ts.isVariableDeclaration(p) && p.name === id) return false;
  if (ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p)) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

/** `text` (which starts at `offset` of the file) with the edits that fall inside it applied. */
export function applyEdits(text: string, offset: number, edits: Edit[]): string {
  const mine = edits.filter((e) => e.start >= offset && e.end <= offset + text.length).sort((a, b) => b.start - a.start);
  for (const e of mine) text = text.slice(0, e.start - offset) + e.text + text.slice(e.end - offset);
  return text;
}
