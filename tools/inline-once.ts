/**
 * A build step of the flashed form (tools/shrink.ts): functions and methods called from one place, or from a few
 * when their body is short, are moved into the places that call them.
 *
 * Why: every function the firmware defines stays in RAM for as long as the box runs, about 3 JsVars plus one per
 * parameter plus the slot that names it (~7 for `function f(a, b)`; measured on the interpreter, docs/espruino.md),
 * even though its code stays in flash. About 100 of the firmware's ~230 functions are called from one place: the
 * source names each step (drawStatus, startEpisode, openUart), and it should; the flashed file need not keep the
 * names. A body copied to n places costs n - 1 more copies of its text in flash (megabytes) and saves the JsVars
 * (a few thousand in all): worth it up to MAX_COPY_CHARS of extra text. Skipping a moved body in a branch that
 * does not run costs the interpreter ~0.008 LIE per character (measured), less than a call.
 *
 * A function or method is moved only when every rule holds; otherwise it stays (`kept` says why):
 *  - every use of its name is a call (a method: the name appears nowhere else in the file, not in a string, and is
 *    no Espruino or built-in name that native code could call); not recursive; not a getter, setter, static,
 *    generator or async; its class extends nothing and nothing extends it;
 *  - simple parameters (no defaults, rest or destructuring); no spread and no more arguments than parameters;
 *  - no function, arrow or class inside it, and none inside the function that calls it except one handed to an
 *    array method such as sort (a closure keeps the whole scope it was made in, so moved locals would stay alive);
 *  - no `var` (let/const only), no `arguments`, no `super`; a plain function does not use `this`;
 *  - every outer name its body reads means the same at the call (no local there shadows it), and the call is inside
 *    a function (moved locals never become the firmware's top-level variables).
 * How the call's value is used decides the form:
 *  - `f(…);`, `x = f(…);`, `const x = f(…);`: the body runs in place, each `return e` turned into setting a result
 *    (an early return becomes an if/else around what follows it; a return in a loop, switch or try: kept);
 *  - `return f(…);`: the body runs in place with its returns as they are;
 *  - inside an expression: a body that is one `return e` replaces the call as `(e)` with the arguments put in for
 *    the parameters, when that cannot change what is computed (see expressionBody); otherwise the call is taken out
 *    of its statement and run just before it, when that cannot change what is computed either (see hoistTarget).
 * The parameters become `let` locals set from the arguments, in order; the body's locals get names of their own;
 * `this` becomes a local set to the receiver (`o.m()`), or stays (`this.m()`); `let x;` becomes `let x = void 0;`
 * because the moved body may now run twice in one scope. Passes repeat until nothing moves (a moved body may hold
 * the call of another).
 */
import * as ts from "typescript";
import { applyEdits, Edit, isPropertyName, isReference, parse, scopeStatements } from "./bundle-ast";

interface Candidate {
  name: string;
  decl: ts.FunctionDeclaration | ts.MethodDeclaration;
  /** The call being considered (one of calls). */
  call: ts.CallExpression;
  /** Every call of it: one, or a few when its body is short (see MAX_COPY_CHARS). */
  calls: ts.CallExpression[];
  /** Removes the declaration. */
  remove: Edit;
}

export interface Inlined {
  code: string;
  /** What was moved, in order ("Class.method" for methods). */
  inlined: string[];
  /** What could move (every use of its name is a call) but stays, and why. */
  kept: { name: string; why: string }[];
}

const isFunctionLike = (n: ts.Node): boolean =>
  ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) ||
  ts.isGetAccessor(n) || ts.isSetAccessor(n) || ts.isConstructorDeclaration(n) || ts.isClassExpression(n) || ts.isClassDeclaration(n);

function some(n: ts.Node, test: (n: ts.Node) => boolean): boolean {
  let found = false;
  const visit = (c: ts.Node): void => {
    if (found) return;
    if (test(c)) found = true;
    else ts.forEachChild(c, visit);
  };
  ts.forEachChild(n, visit);
  return found;
}

function all(n: ts.Node, test: (n: ts.Node) => boolean): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (c: ts.Node): void => {
    if (test(c)) out.push(c);
    ts.forEachChild(c, visit);
  };
  ts.forEachChild(n, visit);
  return out;
}

/** Does fn declare a parameter or local of id's name (one no callee can change)? */
function declaresLocal(fn: ts.Node, id: ts.Identifier): boolean {
  return some(fn, (d) => (ts.isParameter(d) || ts.isVariableDeclaration(d)) && ts.isIdentifier(d.name) && d.name.text === id.text);
}

/** The function (or method) whose body holds n, or undefined at top level (the bundle's wrapper function is top level). */
function enclosingFunction(n: ts.Node): ts.Node | undefined {
  const fn = ts.findAncestor(n.parent, isFunctionLike);
  if (!fn || !ts.isFunctionExpression(fn)) return fn;
  let up: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(up)) up = up.parent;
  const wrapper = ts.isCallExpression(up) && ts.isExpressionStatement(up.parent) && ts.isSourceFile(up.parent.parent);
  return wrapper ? undefined : fn;
}

/** Why the body, as code, cannot move (see the header's rules), or null when it can. */
function bodyRefusal(decl: ts.FunctionDeclaration | ts.MethodDeclaration): string | null {
  const body = decl.body;
  if (!body || decl.asteriskToken) return "no body, or a generator";
  if (decl.modifiers && decl.modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword || m.kind === ts.SyntaxKind.AsyncKeyword)) return "static or async";
  if (decl.parameters.some((p) => !ts.isIdentifier(p.name) || p.initializer || p.dotDotDotToken)) return "a parameter that is not a plain name";
  if (some(body, isFunctionLike)) return "a function inside";
  if (some(body, (n) => n.kind === ts.SyntaxKind.SuperKeyword || (ts.isIdentifier(n) && n.text === "arguments" && isReference(n)))) return "super or arguments";
  if (some(body, (n) => ts.isVariableDeclarationList(n) && !(n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)))) return "var";
  if (some(body, (n) => ts.isVariableDeclaration(n) && !ts.isIdentifier(n.name))) return "destructuring";
  if (some(body, (n) => ts.isCatchClause(n) && !!n.variableDeclaration && !ts.isIdentifier(n.variableDeclaration.name))) return "destructuring";
  if (ts.isFunctionDeclaration(decl) && some(body, (n) => n.kind === ts.SyntaxKind.ThisKeyword)) return "this in a plain function";
  return null;
}

type Place = "statement" | "return" | "assign" | "const" | "expression";

/** How the call's value is used, which decides how the body's returns are written. */
function placeOf(call: ts.CallExpression): Place {
  const p = call.parent;
  if (ts.isExpressionStatement(p)) return "statement";
  if (ts.isReturnStatement(p)) return "return";
  if (ts.isBinaryExpression(p) && p.right === call && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isExpressionStatement(p.parent) && simpleTarget(p.left)) return "assign";
  if (ts.isVariableDeclaration(p) && p.initializer === call && ts.isIdentifier(p.name)) {
    const list = p.parent;
    const stmt = list.parent;
    if (ts.isVariableDeclarationList(list) && list.declarations.length === 1 && ts.isVariableStatement(stmt) && (ts.isBlock(stmt.parent) || ts.isCaseClause(stmt.parent) || ts.isDefaultClause(stmt.parent))) return "const";
  }
  return "expression";
}

/** `x`, `this.x`, `a.b.c`: an assignment target whose evaluation has no effect, so it may come after the body. */
function simpleTarget(e: ts.Expression): boolean {
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(e) && simpleTarget(e.expression);
}

const hasReturn = (n: ts.Node): boolean => ts.isReturnStatement(n) || some(n, ts.isReturnStatement);
const statementsOf = (s: ts.Statement): ts.Statement[] => (ts.isBlock(s) ? s.statements.slice() : [s]);

/** Does every path through the statements end in a return? */
function alwaysReturns(list: readonly ts.Statement[]): boolean {
  return list.some((s) =>
    ts.isReturnStatement(s) ||
    (ts.isBlock(s) && alwaysReturns(s.statements)) ||
    (ts.isIfStatement(s) && !!s.elseStatement && alwaysReturns(statementsOf(s.thenStatement)) && alwaysReturns(statementsOf(s.elseStatement))));
}

/**
 * The statements with each `return e` written as `to = e;` (or `e;` when to is null): an early return becomes an
 * if/else around the statements after it. Undefined when a return sits in a loop, switch or try, or in a branch
 * that does not always return while the other does not either (the rest would have to be written twice).
 */
function tailForm(list: readonly ts.Statement[], text: (n: ts.Node) => string, to: string | null): string | undefined {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (!hasReturn(s)) {
      out.push(text(s));
      continue;
    }
    const rest = list.slice(i + 1);
    if (ts.isReturnStatement(s)) {
      // What follows a return never runs.
      if (s.expression) out.push((to ? to + " = " : "") + text(s.expression) + ";");
      return out.join("\n");
    }
    if (ts.isBlock(s)) {
      const t = tailForm(s.statements.concat(rest), text, to);
      return t === undefined ? undefined : out.concat(t).join("\n");
    }
    if (!ts.isIfStatement(s)) return undefined;
    const yes = statementsOf(s.thenStatement);
    const no = s.elseStatement ? statementsOf(s.elseStatement) : [];
    let a: string | undefined;
    let b: string | undefined;
    if (rest.length === 0 || alwaysReturns(yes)) {
      a = tailForm(yes, text, to);
      b = tailForm(no.concat(rest), text, to);
    } else if (alwaysReturns(no)) {
      a = tailForm(yes.concat(rest), text, to);
      b = tailForm(no, text, to);
    }
    if (a === undefined || b === undefined) return undefined;
    out.push("if (" + text(s.expression) + ") {\n" + a + "\n} else {\n" + b + "\n}");
    return out.join("\n");
  }
  return out.join("\n");
}

/**
 * An expression without effects: literals, `this`, names that `name` accepts, operators (no assignment), and
 * property or element reads when `reads` is set.
 */
function pure(e: ts.Node, name: (id: ts.Identifier) => boolean, reads: boolean): boolean {
  if (ts.isLiteralExpression(e) || [ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].indexOf(e.kind) >= 0) return true;
  if (ts.isIdentifier(e)) return name(e);
  if (ts.isParenthesizedExpression(e) || ts.isTypeOfExpression(e)) return pure(e.expression, name, reads);
  if (ts.isPrefixUnaryExpression(e)) return e.operator !== ts.SyntaxKind.PlusPlusToken && e.operator !== ts.SyntaxKind.MinusMinusToken && pure(e.operand, name, reads);
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    return !(k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment) && pure(e.left, name, reads) && pure(e.right, name, reads);
  }
  if (ts.isConditionalExpression(e)) return pure(e.condition, name, reads) && pure(e.whenTrue, name, reads) && pure(e.whenFalse, name, reads);
  if (ts.isPropertyAccessExpression(e)) return reads && !e.questionDotToken && pure(e.expression, name, reads);
  if (ts.isElementAccessExpression(e)) return reads && !e.questionDotToken && pure(e.expression, name, reads) && pure(e.argumentExpression, name, reads);
  return false;
}

/**
 * A body that is one `return e` can replace a call inside an expression as `(e)` with the arguments put in for the
 * parameters (an argument may then be read twice, or not at all, and later than the call would have read it).
 * That changes nothing when the arguments have no effects and nothing can change what they read before e reads
 * it: e has no effects itself, or the arguments read only the caller's own locals (which no callee can change).
 */
function expressionBody(c: Candidate): ts.Expression | undefined {
  const st = (c.decl.body as ts.Block).statements;
  if (st.length !== 1 || !ts.isReturnStatement(st[0]) || !st[0].expression) return undefined;
  const e = st[0].expression;
  if (ts.isPropertyAccessExpression(c.call.expression) && c.call.expression.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    // o.m(x): `this` would have to become o, read again; only when o is a plain name.
    if (!ts.isIdentifier(c.call.expression.expression) && some(e, (n) => n.kind === ts.SyntaxKind.ThisKeyword)) return undefined;
  }
  const caller = enclosingFunction(c.call) as ts.Node;
  const local = (id: ts.Identifier): boolean => declaresLocal(caller, id);
  const inert = pure(e, () => true, true);
  const args = c.call.arguments;
  return args.every((a) => (inert ? pure(a, () => true, true) : pure(a, local, false))) ? e : undefined;
}

/** Names of classes that extend or are extended: their methods may be reached through `super` or an override. */
function classesInHierarchies(sf: ts.SourceFile): Set<ts.Node> {
  const out = new Set<ts.Node>();
  const extended = new Set<string>();
  for (const c of all(sf, (n) => ts.isClassDeclaration(n) || ts.isClassExpression(n)) as (ts.ClassDeclaration | ts.ClassExpression)[]) {
    for (const h of c.heritageClauses || []) {
      out.add(c);
      for (const t of h.types) extended.add(t.expression.getText());
    }
  }
  for (const c of all(sf, (n) => ts.isClassDeclaration(n) || ts.isClassExpression(n)) as (ts.ClassDeclaration | ts.ClassExpression)[]) {
    const name = c.name ? c.name.text : ts.isVariableDeclaration(c.parent) && ts.isIdentifier(c.parent.name) ? c.parent.name.text : "";
    if (extended.has(name)) out.add(c);
  }
  return out;
}

/** Every word of every string in the file: a method whose name is spelt in a string may be called by that name. */
function wordsInStrings(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const s of all(sf, ts.isStringLiteralLike) as ts.StringLiteralLike[]) for (const w of s.text.match(/[A-Za-z_$][\w$]*/g) || []) out.add(w);
  return out;
}

/**
 * A body moved to n calls is n copies of its text in flash: worth it while the copies are short, since flash holds
 * megabytes and RAM a few thousand JsVars. Up to MAX_COPY_CHARS of extra text per function.
 */
export const MAX_COPY_CHARS = 1000;

function fewCopies(decl: ts.FunctionDeclaration | ts.MethodDeclaration, calls: number): boolean {
  return calls === 1 || (decl.body !== undefined && (calls - 1) * decl.body.getText().length <= MAX_COPY_CHARS);
}

function candidates(sf: ts.SourceFile, checker: ts.TypeChecker, reserved: Set<string>): Candidate[] {
  const out: Candidate[] = [];
  const ids = new Map<string, ts.Identifier[]>();
  for (const id of all(sf, ts.isIdentifier) as ts.Identifier[]) {
    let l = ids.get(id.text);
    if (!l) ids.set(id.text, (l = []));
    l.push(id);
  }
  const strings = wordsInStrings(sf);
  const body = scopeStatements(sf);
  // Top-level functions: exactly one reference, as the callee of a call.
  for (const s of body) {
    if (!ts.isFunctionDeclaration(s) || !s.name || !s.body) continue;
    const sym = checker.getSymbolAtLocation(s.name);
    const refs = (ids.get(s.name.text) || []).filter((id) => id !== s.name && isReference(id));
    if (!sym || refs.length === 0 || refs.some((r) => checker.getSymbolAtLocation(r) !== sym)) continue;
    const calls = refs.map((r) => r.parent).filter((p, i): p is ts.CallExpression => ts.isCallExpression(p) && p.expression === refs[i]);
    if (calls.length !== refs.length || !fewCopies(s, calls.length)) continue;
    out.push({ name: s.name.text, decl: s, call: calls[0], calls, remove: { start: s.getFullStart(), end: s.getEnd(), text: "" } });
  }
  // Methods: the name is spelt exactly twice in the whole file (its declaration and one call), never in a string.
  const hierarchies = classesInHierarchies(sf);
  for (const c of all(sf, (n) => ts.isClassDeclaration(n) || ts.isClassExpression(n)) as (ts.ClassDeclaration | ts.ClassExpression)[]) {
    if (hierarchies.has(c)) continue;
    for (const m of c.members) {
      if (!ts.isMethodDeclaration(m) || !ts.isIdentifier(m.name) || !m.body) continue;
      const name = m.name.text;
      if (reserved.has(name) || strings.has(name)) continue;
      const spelt = (ids.get(name) || []).filter((id) => id !== m.name);
      if (spelt.length === 0 || !fewCopies(m, spelt.length)) continue;
      const calls: ts.CallExpression[] = [];
      for (const id of spelt) {
        const access = id.parent;
        const call = access.parent;
        if (ts.isPropertyAccessExpression(access) && access.name === id && !access.questionDotToken && ts.isCallExpression(call) && call.expression === access) calls.push(call);
      }
      if (calls.length !== spelt.length) continue;
      out.push({ name, decl: m, call: calls[0], calls, remove: { start: m.getFullStart(), end: m.getEnd(), text: "" } });
    }
  }
  return out;
}

/** Does every outer name the body reads resolve, at the call site, to the same thing? */
function sameNamesAtCall(c: Candidate, checker: ts.TypeChecker): boolean {
  const body = c.decl.body as ts.Block;
  const inScope = new Map<string, ts.Symbol>();
  for (const s of checker.getSymbolsInScope(c.call, ts.SymbolFlags.Value)) inScope.set(s.name, s);
  for (const id of all(body, ts.isIdentifier) as ts.Identifier[]) {
    if (!isReference(id)) continue;
    const sym = checker.getSymbolAtLocation(id);
    const declaredInside = sym && sym.declarations && sym.declarations.some((d) => d.pos >= c.decl.pos && d.end <= c.decl.end);
    if (declaredInside) continue;
    const there = inScope.get(id.text);
    // A global the file does not declare (E, getTime, Math) has no symbol here: no local may take its name there.
    if (sym ? there !== sym : there !== undefined) return false;
  }
  return true;
}

/** Array methods that call their function argument before they return and keep no hold of it. */
const SYNC_CALLERS = new Set(["sort", "forEach", "map", "filter", "some", "every", "reduce", "find", "findIndex"]);

/** A function made only to be handed to one of those: it dies with the call, and the scope it holds with it. */
function passedToArrayMethod(fn: ts.Node): boolean {
  const call = fn.parent;
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(call) && call.arguments.indexOf(fn as ts.Expression) >= 0 &&
    ts.isPropertyAccessExpression(call.expression) && SYNC_CALLERS.has(call.expression.name.text);
}

/**
 * For a call inside an expression: the statement it can be taken out of, run just before that statement with its
 * value in a local, or undefined. That keeps what runs, and in what order, when the statement always evaluates the
 * call when it runs (no ?:, &&, || or ?? decides it; not a loop's head) and nothing the statement evaluates before
 * the call could see a change the call makes: before it come only literals, `this`, names local to the caller (a
 * callee cannot change them) and the method a call is made on (`list.push(f(x))`).
 */
function hoistTarget(call: ts.CallExpression): ts.Statement | undefined {
  const stmt = ts.findAncestor(call, (n) => ts.isStatement(n) || isFunctionLike(n));
  if (!stmt || isFunctionLike(stmt)) return undefined;
  const s = stmt as ts.Statement;
  const listed = ts.isBlock(s.parent) || ts.isCaseClause(s.parent) || ts.isDefaultClause(s.parent);
  if (ts.isVariableStatement(s)) {
    if (!listed || s.declarationList.declarations.length !== 1) return undefined;
  } else if (ts.isIfStatement(s) || ts.isSwitchStatement(s)) {
    if (!(s.expression.pos <= call.pos && call.end <= s.expression.end)) return undefined;
  } else if (!ts.isExpressionStatement(s) && !ts.isReturnStatement(s)) {
    return undefined;
  }
  for (let n: ts.Node = call; n.parent !== s; n = n.parent) {
    const p = n.parent;
    if (ts.isConditionalExpression(p) && p.condition !== n) return undefined;
    if (ts.isBinaryExpression(p) && p.right === n && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].indexOf(p.operatorToken.kind) >= 0) return undefined;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p)) && p.questionDotToken) return undefined;
  }
  const caller = enclosingFunction(call) as ts.Node;
  const isAncestor = (n: ts.Node): boolean => n.pos <= call.pos && call.end <= n.end;
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok || n.pos >= call.getStart()) return;
    if (isAncestor(n)) {
      ts.forEachChild(n, visit);
      return;
    }
    if (ts.isLiteralExpression(n) || n.kind === ts.SyntaxKind.ThisKeyword || n.kind === ts.SyntaxKind.TrueKeyword || n.kind === ts.SyntaxKind.FalseKeyword || n.kind === ts.SyntaxKind.NullKeyword) return;
    if (ts.isIdentifier(n)) {
      if (isPropertyName(n) || (ts.isVariableDeclaration(n.parent) && n.parent.name === n) || declaresLocal(caller, n)) return;
      ok = false;
      return;
    }
    // The method a call on the path to ours is made on: `list.push`, looked up before the arguments.
    if (ts.isPropertyAccessExpression(n) && ts.isCallExpression(n.parent) && n.parent.expression === n && isAncestor(n.parent)) {
      visit(n.expression);
      return;
    }
    if (ts.isPropertyAssignment(n) || ts.isShorthandPropertyAssignment(n) || ts.isVariableDeclarationList(n) || ts.isVariableDeclaration(n) || ts.isObjectLiteralExpression(n) || ts.isArrayLiteralExpression(n)) {
      ts.forEachChild(n, visit);
      return;
    }
    ok = false;
  };
  ts.forEachChild(s, visit);
  return ok ? s : undefined;
}

/** Why the candidate must stay where it is, or null when it can move. */
function refusal(c: Candidate, checker: ts.TypeChecker): string | null {
  const body = bodyRefusal(c.decl);
  if (body) return body;
  const call = c.call;
  if (call.questionDotToken || call.arguments.some(ts.isSpreadElement) || call.arguments.length > c.decl.parameters.length) return "the call's arguments";
  const caller = enclosingFunction(call);
  if (!caller) return "called at top level";
  if (caller === c.decl || (c.decl.pos <= call.pos && call.end <= c.decl.end)) return "recursive";
  if (some(caller, (n) => n !== caller && isFunctionLike(n) && !passedToArrayMethod(n))) return "the caller makes a closure";
  if (!sameNamesAtCall(c, checker)) return "a name it reads means something else at the call";
  const place = placeOf(call);
  const stmts = (c.decl.body as ts.Block).statements;
  if (place === "expression") {
    if (expressionBody(c)) return null;
    if (!hoistTarget(call)) return "called inside an expression it cannot be taken out of";
    if (!some(c.decl.body as ts.Block, (n) => ts.isReturnStatement(n) && !!n.expression)) return "its value is used but it returns none";
  }
  if (place === "return") return null;
  if ((place === "assign" || place === "const") && !some(c.decl.body as ts.Block, (n) => ts.isReturnStatement(n) && !!n.expression)) return "its value is used but it returns none";
  return tailForm(stmts, (n) => n.getText(), "r") === undefined ? "a return inside a loop, switch or try" : null;
}

/** The edit that moves the candidate to its call (see the header), fresh names for everything it declares. */
function moved(c: Candidate, checker: ts.TypeChecker, fresh: (name: string) => string): Edit {
  const decl = c.decl;
  const body = decl.body as ts.Block;
  const call = c.call;
  const place = placeOf(call);
  const edits: Edit[] = [];
  const text = (n: ts.Node): string => applyEdits(n.getText(), n.getStart(), edits);
  const inline = place === "expression" ? expressionBody(c) : undefined;
  if (inline) {
    const e = inline;
    decl.parameters.forEach((p, i) => {
      const sym = checker.getSymbolAtLocation(p.name);
      const arg = i < call.arguments.length ? "(" + call.arguments[i].getText() + ")" : "(void 0)";
      for (const id of all(e, ts.isIdentifier) as ts.Identifier[]) {
        if (!isReference(id) || checker.getSymbolAtLocation(id) !== sym) continue;
        edits.push({ start: id.getStart(), end: id.getEnd(), text: ts.isShorthandPropertyAssignment(id.parent) ? id.text + ": " + arg : arg });
      }
    });
    if (ts.isPropertyAccessExpression(call.expression)) {
      const receiver = call.expression.expression.getText();
      for (const t of all(e, (n) => n.kind === ts.SyntaxKind.ThisKeyword)) edits.push({ start: t.getStart(), end: t.getEnd(), text: receiver });
    }
    return { start: call.getStart(), end: call.getEnd(), text: "(" + text(e) + ")" };
  }
  const renames = new Map<ts.Symbol, string>();
  const declare = (n: ts.Identifier): void => {
    const sym = checker.getSymbolAtLocation(n);
    if (sym && !renames.has(sym)) renames.set(sym, fresh(n.text));
  };
  for (const p of decl.parameters) declare(p.name as ts.Identifier);
  for (const d of all(body, ts.isVariableDeclaration) as ts.VariableDeclaration[]) declare(d.name as ts.Identifier);
  for (const id of all(body, ts.isIdentifier) as ts.Identifier[]) {
    const declName = ts.isVariableDeclaration(id.parent) && id.parent.name === id;
    if (!declName && !isReference(id)) continue;
    const shorthand = ts.isShorthandPropertyAssignment(id.parent);
    const sym = shorthand ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
    const to = sym && renames.get(sym);
    if (to) edits.push({ start: id.getStart(), end: id.getEnd(), text: shorthand ? id.text + ": " + to : to });
  }
  const self = ts.isPropertyAccessExpression(call.expression) && call.expression.expression.kind !== ts.SyntaxKind.ThisKeyword ? fresh("self") : null;
  if (self) for (const t of all(body, (n) => n.kind === ts.SyntaxKind.ThisKeyword)) edits.push({ start: t.getStart(), end: t.getEnd(), text: self });
  for (const d of all(body, ts.isVariableDeclaration) as ts.VariableDeclaration[]) {
    const loopHead = ts.isForInStatement(d.parent.parent) || ts.isForOfStatement(d.parent.parent);
    if (!d.initializer && !loopHead && !ts.isCatchClause(d.parent)) edits.push({ start: d.name.getEnd(), end: d.name.getEnd(), text: " = void 0" });
  }
  const lines: string[] = [];
  if (self) lines.push("const " + self + " = " + (call.expression as ts.PropertyAccessExpression).expression.getText() + ";");
  const params = decl.parameters.map((p, i) => {
    const name = renames.get(checker.getSymbolAtLocation(p.name) as ts.Symbol) as string;
    return name + " = " + (i < call.arguments.length ? call.arguments[i].getText() : "void 0");
  });
  if (params.length) lines.push("let " + params.join(", ") + ";");
  if (place === "return") {
    // The caller returns what the body returns: its returns stay as they are, wherever they are.
    for (const s of body.statements) lines.push(text(s));
    if (!alwaysReturns(body.statements)) lines.push("return;");
    return { start: call.parent.getStart(), end: call.parent.getEnd(), text: "{\n" + lines.join("\n") + "\n}" };
  }
  if (place === "statement") {
    lines.push(tailForm(body.statements, text, null) as string);
    return { start: call.parent.getStart(), end: call.parent.getEnd(), text: "{\n" + lines.join("\n") + "\n}" };
  }
  const result = fresh("result");
  lines.push("let " + result + " = void 0;");
  lines.push(tailForm(body.statements, text, result) as string);
  if (place === "assign") {
    const assign = call.parent as ts.BinaryExpression;
    lines.push(assign.left.getText() + " = " + result + ";");
    return { start: assign.parent.getStart(), end: assign.parent.getEnd(), text: "{\n" + lines.join("\n") + "\n}" };
  }
  if (place === "expression") {
    // Taken out of its statement: the statement follows, the call's place holding the value.
    const stmt = hoistTarget(call) as ts.Statement;
    lines.push(applyEdits(stmt.getText(), stmt.getStart(), [{ start: call.getStart(), end: call.getEnd(), text: result }]));
    const braces = !ts.isVariableStatement(stmt);
    return { start: stmt.getStart(), end: stmt.getEnd(), text: braces ? "{\n" + lines.join("\n") + "\n}" : lines.join("\n") };
  }
  // const x = f(…): x stays visible to the statements after it, so no braces.
  const d = call.parent as ts.VariableDeclaration;
  const stmt = d.parent.parent;
  lines.push((d.parent.flags & ts.NodeFlags.Const ? "const " : "let ") + d.name.getText() + " = " + result + ";");
  return { start: stmt.getStart(), end: stmt.getEnd(), text: lines.join("\n") };
}

function qualifiedName(c: Candidate): string {
  const cls = ts.isMethodDeclaration(c.decl) ? ts.findAncestor(c.decl, (n) => ts.isClassDeclaration(n) || ts.isClassExpression(n)) : undefined;
  const owner = cls && ts.isVariableDeclaration(cls.parent) && ts.isIdentifier(cls.parent.name) ? cls.parent.name.text + "." : "";
  return owner + c.name;
}

/** One pass: moves every candidate that may move and whose call and declaration do not overlap another's this pass. */
function pass(js: string, reserved: Set<string>, fresh: (name: string) => string): Inlined {
  const { sf, checker } = parse(js);
  const taken: { start: number; end: number }[] = [];
  const overlaps = (a: number, b: number): boolean => taken.some((t) => a < t.end && t.start < b);
  const edits: Edit[] = [];
  const out: Inlined = { code: js, inlined: [], kept: [] };
  for (const group of candidates(sf, checker, reserved)) {
    const each = group.calls.map((call) => ({ ...group, call }));
    const why = each.map((c) => refusal(c, checker)).find((w) => w !== null);
    if (why) {
      out.kept.push({ name: qualifiedName(group) + (group.calls.length > 1 ? " (" + group.calls.length + " calls)" : ""), why });
      continue;
    }
    // Every place it changes (its declaration, each caller) untouched by another move of this pass.
    const callers = each.map((c) => enclosingFunction(c.call) as ts.Node);
    const spans = callers.map((f) => ({ start: f.getFullStart(), end: f.getEnd() }));
    if (overlaps(group.remove.start, group.remove.end) || spans.some((t) => overlaps(t.start, t.end))) continue;
    // Two calls in one statement (u16(b, u16(b, i))) would be two edits of the same text: next pass.
    const mine = each.map((c) => moved(c, checker, fresh));
    if (mine.some((a, i) => mine.some((b, j) => i !== j && a.start < b.end && b.start < a.end))) continue;
    edits.push(...mine, group.remove);
    taken.push({ start: group.remove.start, end: group.remove.end }, ...spans);
    out.inlined.push(qualifiedName(group) + (group.calls.length > 1 ? " (" + group.calls.length + " calls)" : ""));
  }
  out.code = applyEdits(js, 0, edits);
  return out;
}

/**
 * Moves every function or method called from one place into that place, as the header says. `reserved`: names
 * native code may call (a method with such a name stays).
 */
export function inlineSingleUse(js: string, reserved: Set<string>): Inlined {
  let n = 0;
  const fresh = (name: string): string => name + "$i" + ++n;
  const inlined: string[] = [];
  for (;;) {
    const r = pass(js, reserved, fresh);
    inlined.push(...r.inlined);
    if (r.inlined.length === 0) return { code: js, inlined, kept: r.kept };
    js = r.code;
  }
}
