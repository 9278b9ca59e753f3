/**
 * The flashed firmware's last build steps: fold constants, then minify with short property names.
 *
 * Why: on the ESP32 every name the running code keeps costs JsVars (docs/architecture.md, "The flashed build and
 * what it renames"):
 *  - a top-level `const JBD_START = 0xdd` of a module is, once bundled, a variable of the firmware's scope:
 *    one JsVar for as long as the box runs, and a lookup through that scope (300+ names) each time it is read.
 *    esbuild inlines constants within a module, not across modules, so most of ours stay variables.
 *  - a property or method name longer than 4 characters takes a second JsVar (an Espruino name holds 4 chars
 *    inline on the ESP32: src/jsvar.h, JSVAR_DATA_STRING_NAME_LEN with 14-byte JsVars), in every object that
 *    has it: each snapshot, each history entry view, every method of every class.
 *
 * foldConstants replaces each read of a never-assigned top-level number or boolean constant with its value and
 * drops the declaration; TypeScript's checker resolves the names, so a local that shadows a constant is left
 * alone. manglePropNames lists the property names longer than 4 chars that are safe to shorten: not a name of
 * the Espruino API (@types/espruino) or of the JavaScript built-ins (TypeScript's lib files), not a name that
 * appears as a string anywhere in the firmware (a setting read as o["chirpMin"], a console command), not
 * quoted as a key. esbuild then renames those consistently across the whole file (mangleProps).
 */
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { inlineSingleUse } from "./inline-once";
import { applyEdits, Edit, FILE, isPropertyName, isReference, parse, scopeStatements } from "./bundle-ast";

/** Longest property name an ESP32 JsVar holds inline (see above). */
export const INLINE_NAME_CHARS = 4;

const ROOT = path.resolve(__dirname, "..");

type Value = number | boolean;

/** The value of a constant expression of numbers and booleans, or undefined. */
function evaluate(e: ts.Expression, known: (id: ts.Identifier) => Value | undefined): Value | undefined {
  if (ts.isParenthesizedExpression(e)) return evaluate(e.expression, known);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isIdentifier(e)) return known(e);
  if (ts.isConditionalExpression(e)) {
    const c = evaluate(e.condition, known);
    return c === undefined ? undefined : evaluate(c ? e.whenTrue : e.whenFalse, known);
  }
  if (ts.isPrefixUnaryExpression(e)) {
    const v = evaluate(e.operand, known);
    if (typeof v !== "number") return e.operator === ts.SyntaxKind.ExclamationToken && v !== undefined ? !v : undefined;
    if (e.operator === ts.SyntaxKind.MinusToken) return -v;
    if (e.operator === ts.SyntaxKind.PlusToken) return v;
    if (e.operator === ts.SyntaxKind.TildeToken) return ~v;
    return undefined;
  }
  if (ts.isBinaryExpression(e)) {
    const a = evaluate(e.left, known);
    const b = evaluate(e.right, known);
    if (typeof a !== "number" || typeof b !== "number") return undefined;
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken: return a + b;
      case ts.SyntaxKind.MinusToken: return a - b;
      case ts.SyntaxKind.AsteriskToken: return a * b;
      case ts.SyntaxKind.SlashToken: return a / b;
      case ts.SyntaxKind.PercentToken: return a % b;
      case ts.SyntaxKind.LessThanLessThanToken: return a << b;
      case ts.SyntaxKind.GreaterThanGreaterThanToken: return a >> b;
      case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken: return a >>> b;
      case ts.SyntaxKind.BarToken: return a | b;
      case ts.SyntaxKind.AmpersandToken: return a & b;
      case ts.SyntaxKind.CaretToken: return a ^ b;
    }
  }
  return undefined;
}

/** The value as source text that reads back as the same value (Object.is), or undefined. */
function literal(v: Value): string | undefined {
  if (typeof v === "boolean") return String(v);
  if (!isFinite(v) || Object.is(v, -0)) return undefined;
  const s = String(v);
  if (!Object.is(Number(s), v)) return undefined;
  return v < 0 ? "(" + s + ")" : s;
}

/** Is this identifier written to (=, op=, ++, --, a destructuring target)? */
function isWrite(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isBinaryExpression(p) && p.left === id) {
    const k = p.operatorToken.kind;
    return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
  }
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) &&
    (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  return ts.isShorthandPropertyAssignment(p) && ts.isObjectLiteralExpression(p.parent) && ts.isBinaryExpression(p.parent.parent) && p.parent.parent.left === p.parent;
}

export interface Folded {
  code: string;
  /** The names folded away, with their values. */
  folded: { name: string; value: Value }[];
}

/** Folds the bundle's never-assigned top-level number and boolean constants into their uses (see the header). */
export function foldConstants(js: string): Folded {
  const { sf, checker } = parse(js);
  const body = scopeStatements(sf);
  // Top-level declarations, symbol → declaration.
  const decls = new Map<ts.Symbol, ts.VariableDeclaration>();
  for (const s of body) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer) continue;
      const sym = checker.getSymbolAtLocation(d.name);
      if (sym) decls.set(sym, d);
    }
  }
  // Every reference, by symbol; a written one disqualifies its constant.
  const refs = new Map<ts.Symbol, ts.Identifier[]>();
  const written = new Set<ts.Symbol>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && isReference(n)) {
      const sym = ts.isShorthandPropertyAssignment(n.parent) ? checker.getShorthandAssignmentValueSymbol(n.parent) : checker.getSymbolAtLocation(n);
      if (sym && decls.has(sym)) {
        if (isWrite(n)) written.add(sym);
        let list = refs.get(sym);
        if (!list) refs.set(sym, (list = []));
        list.push(n);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  // Values, to a fixed point (a constant may be built from others: 1 << CI_SC).
  const values = new Map<ts.Symbol, Value>();
  const known = (id: ts.Identifier): Value | undefined => {
    const sym = checker.getSymbolAtLocation(id);
    return sym ? values.get(sym) : undefined;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const [sym, d] of decls) {
      if (values.has(sym) || written.has(sym)) continue;
      const v = evaluate(d.initializer as ts.Expression, known);
      if (v !== undefined && literal(v) !== undefined) {
        values.set(sym, v);
        changed = true;
      }
    }
  }
  // Edits: each reference becomes its value; folded declarators leave their statements (a statement that
  // keeps some declarators is written anew from them, with the references inside them already replaced).
  const refEdits: Edit[] = [];
  for (const [sym, v] of values) {
    const text = literal(v) as string;
    for (const id of refs.get(sym) || []) {
      const shorthand = ts.isShorthandPropertyAssignment(id.parent);
      refEdits.push({ start: id.getStart(), end: id.getEnd(), text: shorthand ? id.text + ": " + text : text });
    }
  }
  const stmtEdits: Edit[] = [];
  for (const s of body) {
    if (!ts.isVariableStatement(s)) continue;
    const all = s.declarationList.declarations;
    const keep = all.filter((d) => {
      const sym = ts.isIdentifier(d.name) ? checker.getSymbolAtLocation(d.name) : undefined;
      return !(sym && values.has(sym));
    });
    if (keep.length === all.length) continue;
    const kw = s.declarationList.flags & ts.NodeFlags.Const ? "const " : s.declarationList.flags & ts.NodeFlags.Let ? "let " : "var ";
    const text = keep.length ? kw + keep.map((d) => applyEdits(d.getText(), d.getStart(), refEdits)).join(", ") + ";" : "";
    stmtEdits.push({ start: s.getStart(), end: s.getEnd(), text });
  }
  const inside = (e: Edit): boolean => stmtEdits.some((s) => e.start >= s.start && e.end <= s.end);
  const code = applyEdits(js, 0, stmtEdits.concat(refEdits.filter((e) => !inside(e))));
  const folded: { name: string; value: Value }[] = [];
  for (const [sym, v] of values) folded.push({ name: sym.name, value: v });
  return { code, folded };
}

let apiNames: Set<string> | null = null;

function addWords(into: Set<string>, text: string): void {
  for (const w of text.match(/[A-Za-z_$][\w$]*/g) || []) into.add(w);
}

/** The firmware's TypeScript files, for the native shapes they declare. */
function firmwareSources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) firmwareSources(f, out);
    else if (e.name.endsWith(".ts")) out.push(f);
  }
  return out;
}

/**
 * Names we must not rename because Espruino's own objects carry them: every identifier in the Espruino API's
 * declarations (@types/espruino, which is incomplete, and the firmware's own *.d.ts that add what it lacks), in
 * the JavaScript built-ins' (TypeScript's lib files), the members of the firmware's interfaces marked `@native`
 * (shapes a native object fills, e.g. Gfx is a Graphics) and of the type literals in casts
 * (`port as unknown as { removeAllListeners(ev: string): void }`).
 */
export function reservedApiNames(): Set<string> {
  if (apiNames) return apiNames;
  apiNames = new Set<string>();
  const lib = path.dirname(require.resolve("typescript/lib/lib.es5.d.ts"));
  const decls = [path.join(path.dirname(require.resolve("@types/espruino/package.json")), "index.d.ts")];
  for (const f of fs.readdirSync(lib)) if (/^lib\.es(5|20\d\d)(\.[a-z.]+)?\.d\.ts$/.test(f)) decls.push(path.join(lib, f));
  const sources = firmwareSources(path.join(ROOT, "firmware")).concat(firmwareSources(path.join(ROOT, "boards")));
  for (const f of sources) if (f.endsWith(".d.ts")) decls.push(f);
  for (const f of decls) addWords(apiNames, fs.readFileSync(f, "utf8"));
  const names = apiNames;
  for (const f of sources) {
    if (f.endsWith(".d.ts")) continue;
    const sf = ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.ES2015, true, ts.ScriptKind.TS);
    const visit = (n: ts.Node): void => {
      const nativeInterface = ts.isInterfaceDeclaration(n) && ts.getJSDocTags(n).some((t) => t.tagName.text === "native");
      if (nativeInterface || (ts.isTypeLiteralNode(n) && ts.findAncestor(n, ts.isAsExpression))) {
        for (const m of (n as ts.InterfaceDeclaration | ts.TypeLiteralNode).members) if (m.name && ts.isIdentifier(m.name)) names.add(m.name.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return apiNames;
}

/** The property names of the bundle that are longer than INLINE_NAME_CHARS and safe to shorten (see the header). */
export function manglePropNames(js: string): string[] {
  const sf = ts.createSourceFile(FILE, js, ts.ScriptTarget.ES2015, true, ts.ScriptKind.JS);
  const reserved = reservedApiNames();
  const props = new Set<string>();
  const strings = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteralLike(n)) addWords(strings, n.text);
    else if (ts.isIdentifier(n) && isPropertyName(n)) props.add(n.text);
    else if (ts.isShorthandPropertyAssignment(n)) props.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return [...props].filter((p) => p.length > INLINE_NAME_CHARS && !reserved.has(p) && !strings.has(p) && p !== "constructor").sort();
}

/**
 * Short names for `names`: one to four characters, none of them a name of the Espruino API or the built-ins, or a
 * property name the file keeps (a shortened name must not meet a kept one on the same object). The most used
 * names get the shortest ones: less flash and less for the lexer to read.
 */
export function shortNames(js: string, names: string[]): Record<string, string> {
  const reserved = reservedApiNames();
  const kept = new Set<string>();
  const uses: Record<string, number> = {};
  for (const n of names) uses[n] = 0;
  for (const m of js.match(/[A-Za-z_$][\w$]*/g) || []) {
    if (uses[m] !== undefined) uses[m]++;
    else kept.add(m);
  }
  const first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
  const rest = first + "0123456789";
  let i = 0;
  const next = (): string => {
    for (;;) {
      let n = i++;
      let s = first[n % first.length];
      n = Math.floor(n / first.length);
      while (n > 0) {
        n--;
        s += rest[n % rest.length];
        n = Math.floor(n / rest.length);
      }
      if (s.length > INLINE_NAME_CHARS) throw new Error("shrink: ran out of short property names");
      if (!reserved.has(s) && !kept.has(s)) return s;
    }
  };
  const out: Record<string, string> = {};
  for (const n of names.slice().sort((a, b) => uses[b] - uses[a] || (a < b ? -1 : 1))) out[n] = next();
  return out;
}

/**
 * The flashed form from the readable bundle: constants folded, functions called from one place moved there
 * (tools/inline-once.ts), then minified with the safe property names shortened.
 */
export function shrink(readable: string): string {
  const folded = inlineSingleUse(foldConstants(readable).code, reservedApiNames()).code;
  const names = manglePropNames(folded);
  return esbuild.transformSync(folded, {
    loader: "js",
    target: "es2015",
    charset: "ascii",
    legalComments: "none",
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    mangleProps: names.length ? new RegExp("^(?:" + names.join("|") + ")$") : undefined,
    mangleCache: shortNames(folded, names),
    logLevel: "silent",
  }).code;
}
