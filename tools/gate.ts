/**
 * The Espruino gate: parses a built firmware file and reports, with file:line:col, every construct that the
 * Espruino interpreter (2v29 on ESP32) does not run the way Node does. Node accepts far more than the device, so
 * this check — not a memory of the rules — is what keeps the flashed file runnable.
 *
 * Ground truth: ../shared/reference/espruino.md (§0 the short version, §2 the probe table, §2.1 tsc/ES2015
 * output). Rule ids are short and stable; docs/gate.md lists each with the reason and the section it rests on.
 *
 *   npx ts-node --transpile-only tools/gate.ts FILE…      prints every problem, exits 1 on any
 *   npx ts-node --transpile-only tools/gate.ts --rules    lists the rule ids and why each exists
 *
 * How it works: acorn parses with ecmaVersion "latest" (so newer syntax is reported by name, not as a parse
 * error); acorn-walk's base visitors enumerate children; scopes are tracked here so that runtime names are only
 * flagged when they mean the global (a local `const Set = …` is fine), so that a use of a function before its
 * declaration is found (Espruino does not hoist), and so that closures over `for (let …)` variables are found.
 */
import * as acorn from "acorn";
import * as walk from "acorn-walk";
import * as fs from "fs";
import * as path from "path";
import { MISSING, TYPED_ARRAYS } from "../sim/runtime/espruino-missing";

export interface GateProblem {
  file: string;
  line: number;
  column: number; // 0-based (formatProblem prints it 1-based)
  rule: string;
  message: string;
  /** The TypeScript module the code came from, from esbuild's `// path/to/module.ts` markers (readable builds). */
  source?: string;
}

/** Rule id → why it exists (espruino.md section). docs/gate.md carries the same list for people. */
export const RULES: Record<string, string> = {
  "syntax": "the file does not parse at all",
  "destructuring": "destructuring in any form fails (§0, §2 'destructuring … No')",
  "default-param": "default parameters are a SyntaxError (§2 'default parameters')",
  "rest": "rest parameters / object rest are a SyntaxError (§2 'spread … rest params, object rest')",
  "spread": "spread in calls, arrays and objects is a SyntaxError (§2); esbuild's object-spread helpers need Symbol-era APIs",
  "computed-key": "computed keys `{[k]: v}` are a SyntaxError (§2 'computed keys')",
  "tagged-template": "tagged templates and String.raw do not exist (§2 'template literals')",
  "generator": "generators `function*` / yield are unsupported (§2 'generators')",
  "async": "async/await is unsupported; esbuild lowers it to generators, also unsupported (§2, §2.1)",
  "label": "labels are parsed as identifiers → ReferenceError (§2 'labelled break/continue')",
  "private": "#private fields are a SyntaxError; down-levelled forms need WeakMap (§2 '#private fields')",
  "new-target": "new.target is unsupported (§2 'new.target')",
  "exponent": "`**` and `**=` are a SyntaxError (§2 'exponent')",
  "optional-chain": "`?.` is a SyntaxError (§2 'optional chaining')",
  "logical-assign": "`??=`, `||=`, `&&=` are unsupported (§2 'nullish')",
  "class-field": "bare class fields `x;` are a SyntaxError (§2 'instance field')",
  "class-field-this": "class field initialisers that use `this` give undefined (§2 'instance field')",
  "static-block": "class `static {}` blocks are ES2022; Espruino's class parser knows methods and fields only (inferred, not probed)",
  "extends-builtin": "`class X extends Error/Array/…` breaks (§2 'extends Error / Array')",
  "extends-expression": "`extends` takes one identifier: `extends mk()` is a SyntaxError (§2 'class expression'), and so is `extends ns.Base` (Espruino's class parser matches a single identifier token: src/jsparse.c jspeClassDefinition)",
  "class-member-name": "class member names must be identifier tokens: string/number literal names and reserved words (delete, default, of, undefined…) end the class body with a SyntaxError (src/jsparse.c jspeClassDefinition; not re-probed on 2v29)",
  "static-inherit": "static methods are not inherited (§2 'static methods')",
  "object-super": "`super` inside object-literal methods is unsupported (§2)",
  "arrow-arguments": "arrows have their own `arguments` on Espruino (lexical on Node) (§2 'arrow functions')",
  "import-export": "import/export, import() and import.meta are ReferenceErrors at top level (§0)",
  "exports": "`exports`/`module.exports` do not exist in a flashed script (§0)",
  "require": "only Espruino built-in modules may be required; the rest must be bundled (§0, §5, boards/espruino-esp32.json)",
  "missing-global": "the global or static does not exist on Espruino (§0 'Missing runtime APIs', §2)",
  "missing-method": "the method does not exist on Espruino's built-ins (§0, §2); the gate cannot know types, so any call by that name is flagged",
  "to-fixed": "toFixed never carries (3.999 → '3.99') — format from integers (§0 'Behavioural traps')",
  "json-args": "JSON.stringify's replacer and JSON.parse's reviver are ignored (§2 'JSON')",
  "split-limit": "String.split ignores its limit argument (§2 'String')",
  "length-assign": "`x.length = n` throws on arrays (§0, §2 'arr.length = n'); use splice",
  "prototype-read": "built-in methods read via X.prototype are undefined (§0, §2 'Array.prototype.slice.call')",
  "hoisting": "no function hoisting: a function used before its declaration has run is a ReferenceError (§0, §2)",
  "loop-closure": "closures see one shared binding of a `for (let …)`/`for…of` variable (§2 'for (let i…) closure capture')",
  "regex": "regex constructs beyond the trivial are mis-parsed or silently never match (§0, §2 'RegExp')",
  "bigint": "BigInt does not exist (§2 'Proxy, Reflect, BigInt')",
  "error-type": "built-in errors have no .name and `instanceof TypeError` is unreliable (§0 'Behavioural traps', §2 'Error types')",
  "clear-timer": "clearTimeout()/clearInterval() without an argument clear every timer on Espruino, and with undefined they throw (§6)",
  "asi-return": "`return` at the end of a line followed by an expression returns that expression on Espruino (§2 'ASI': `return⏎42` returns 42)",
  "non-ascii": "ESP32 Espruino strings are bytes (§2 'Unicode', §4): raw non-ASCII text or characters above 0xFF break",
  "using": "`using` declarations need Symbol.dispose (ES2026; no Symbol on Espruino)",
};

// ---------------------------------------------------------------------------------------------- name tables

/** What Espruino lacks, from the one table the simulator also deletes from its context (sim/runtime/espruino-missing.ts). */
const MISSING_GLOBALS = new Set(MISSING.globals);

/** Static members that are missing: `Owner.name` on the global Owner. */
const MISSING_STATICS: Record<string, string[]> = {};
for (const owner of Object.keys(MISSING.statics)) MISSING_STATICS[owner] = MISSING.statics[owner];
for (const t of TYPED_ARRAYS) MISSING_STATICS[t] = MISSING.typedArrayStatics;

/** Methods missing on Espruino's built-ins: the gate cannot know an object's type, so a name is flagged on any owner. */
const MISSING_METHODS = new Set<string>();
for (const owner of Object.keys(MISSING.prototypes)) for (const m of MISSING.prototypes[owner]) MISSING_METHODS.add(m);

/** Built-in constructors: their prototypes' methods read as undefined (§2), and they cannot be extended. */
const BUILTIN_CTORS = new Set([
  "Object", "Function", "Array", "String", "Number", "Boolean", "Date", "RegExp", "Promise", "ArrayBuffer",
  "DataView", "Error", "TypeError", "ReferenceError", "SyntaxError", "InternalError", "RangeError", "EvalError",
  "URIError", "Map", "Set", "WeakMap", "WeakSet", "I2C", "SPI", "Serial", "Pin", "Graphics",
].concat(TYPED_ARRAYS));

/** esbuild helpers whose use means a construct was lowered into something Espruino cannot run. */
const HELPERS: Record<string, [string, string]> = {
  __spreadValues: ["spread", "object spread, lowered by esbuild to __spreadValues (reads Object.prototype.propertyIsEnumerable and Object.getOwnPropertySymbols); use Object.assign"],
  __spreadProps: ["spread", "object spread, lowered by esbuild to __spreadProps (needs Object.getOwnPropertyDescriptors, not in espruino.md); use Object.assign"],
  __objRest: ["rest", "object rest `{a, ...rest}`, lowered by esbuild to __objRest; copy the fields you need"],
  __restKey: ["rest", "object rest with a computed key, lowered by esbuild to __restKey"],
  __async: ["async", "async function, lowered by esbuild to __async over a generator"],
  __asyncGenerator: ["async", "async generator, lowered by esbuild to __asyncGenerator"],
  __forAwait: ["async", "for await, lowered by esbuild to __forAwait (needs Symbol.asyncIterator)"],
  __await: ["async", "await inside an async generator (esbuild __await)"],
  __yieldStar: ["generator", "yield* (esbuild __yieldStar, needs Symbol.iterator)"],
  __privateAdd: ["private", "#private member, lowered by esbuild to __privateAdd over WeakMap/WeakSet"],
  __privateGet: ["private", "#private member read, lowered by esbuild to __privateGet over WeakMap"],
  __privateSet: ["private", "#private member write, lowered by esbuild to __privateSet over WeakMap"],
  __privateMethod: ["private", "#private method, lowered by esbuild to __privateMethod over WeakSet"],
  __privateWrapper: ["private", "#private member update, lowered by esbuild to __privateWrapper"],
  __privateIn: ["private", "`#x in obj`, lowered by esbuild to __privateIn"],
  __template: ["tagged-template", "tagged template, lowered by esbuild to __template"],
  __commonJS: ["require", "a CommonJS module was bundled (esbuild __commonJS wraps it in module/exports)"],
  __require: ["require", "esbuild turned a require of an external module into __require(…) (format iife + external), a shim that reads `require` as a value and falls back to Proxy; bundle with format \"cjs\" inside an IIFE banner/footer to keep the literal require(\"Storage\")"],
  __toESM: ["require", "a CommonJS module was imported (esbuild __toESM needs Object.create/getPrototypeOf games)"],
  __toCommonJS: ["exports", "an ES module was converted to CommonJS (esbuild __toCommonJS)"],
  __reExport: ["exports", "re-export of a CommonJS module (esbuild __reExport)"],
  __decorateClass: ["missing-global", "decorators (esbuild __decorateClass, needs Reflect/Symbol.metadata)"],
  __decoratorStart: ["missing-global", "decorators (esbuild __decoratorStart, needs Symbol.metadata)"],
  __using: ["using", "`using` declaration (esbuild __using, needs Symbol.dispose)"],
  __knownSymbol: ["missing-global", "a well-known Symbol (esbuild __knownSymbol)"],
};

/** Built-in modules the board file tells the Espruino CLI about (boards/espruino-esp32.json). */
function loadBuiltinModules(): string[] {
  const fallback = ["Storage"];
  try {
    const file = path.join(__dirname, "..", "boards", "espruino-esp32.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    const list = json && json.info && json.info.builtin_modules;
    return Array.isArray(list) && list.length ? list.map(String) : fallback;
  } catch (e) {
    return fallback;
  }
}
export const BUILTIN_MODULES: string[] = loadBuiltinModules();

// ---------------------------------------------------------------------------------------------- scopes

type N = any; // ESTree nodes from acorn: the gate reads many node shapes, typed loosely on purpose.

type DeclKind = "var" | "let" | "const" | "using" | "function" | "class" | "param" | "catch" | "fname" | "import";

interface Decl {
  name: string;
  kind: DeclKind;
  id: N;        // the binding Identifier
  owner: N;     // FunctionDeclaration, ClassDeclaration, VariableDeclarator, function (params), CatchClause…
  scope: Scope;
  loop: N | null; // the for statement whose let/const head declares it
  helper: string | null; // esbuild helper name when this is one of HELPERS
}

interface Scope { parent: Scope | null; ctx: N; decls: Map<string, Decl> }

interface Ref { id: N; decl: Decl | null; ctx: N; parent: N; grand: N | null }

/** Identifiers bound by a pattern (declarations, params, catch). Default values are expressions, not bindings. */
function patternIds(p: N, out: N[]): N[] {
  if (!p) return out;
  switch (p.type) {
    case "Identifier": out.push(p); break;
    case "ObjectPattern":
      for (const prop of p.properties) patternIds(prop.type === "RestElement" ? prop.argument : prop.value, out);
      break;
    case "ArrayPattern": for (const e of p.elements) patternIds(e, out); break;
    case "RestElement": patternIds(p.argument, out); break;
    case "AssignmentPattern": patternIds(p.left, out); break;
  }
  return out;
}

function isFunction(n: N): boolean {
  return n && (n.type === "FunctionDeclaration" || n.type === "FunctionExpression" || n.type === "ArrowFunctionExpression");
}

/** Children of a node, via acorn-walk's base visitors (which skip non-computed keys, labels and meta names). */
function eachChild(node: N, fn: (child: N) => void): void {
  const visitor = (walk.base as any)[node.type];
  if (!visitor) return;
  const cb = (child: N, st: unknown, override?: string): void => {
    if (child === node && override) (walk.base as any)[override](child, st, cb);
    else if (child) fn(child);
  };
  visitor(node, null, cb);
}

// ---------------------------------------------------------------------------------------------- the checker

class Checker {
  problems: GateProblem[] = [];
  refs: Ref[] = [];
  bindings = new Set<N>();
  /** Function literals that run in place: IIFEs and callbacks handed straight to forEach/map/…: the ctx of the
   * call, the call node, the function, and how to name it in a message. */
  iifes: { ctx: N; call: N; fn: N; label: string }[] = [];
  /** Statics defined outside the class body: `__publicField(Cls, "name", v)` (esbuild) or `Cls.name = v`. */
  loweredStatics = new Map<Decl, Set<string>>();

  constructor(private file: string, private code: string) {}

  report(node: N, rule: string, message: string): void {
    const loc = node.loc ? node.loc.start : { line: 0, column: 0 };
    this.problems.push({ file: this.file, line: loc.line, column: loc.column, rule, message });
  }

  // -- declarations ---------------------------------------------------------------------------------------

  declare(scope: Scope, id: N, kind: DeclKind, owner: N, loop: N | null): void {
    if (!id || id.type !== "Identifier") return;
    this.bindings.add(id);
    let helper: string | null = null;
    if (kind === "var" && Object.prototype.hasOwnProperty.call(HELPERS, id.name)) helper = id.name;
    const existing = scope.decls.get(id.name);
    // A function declaration wins over a var of the same name; otherwise the first declaration stands.
    if (existing && !(kind === "function" && existing.kind === "var")) return;
    scope.decls.set(id.name, { name: id.name, kind, id, owner, scope, loop, helper });
  }

  /** `var` declarations anywhere in a function body except nested functions and classes. */
  hoistVars(node: N, scope: Scope): void {
    if (!node || isFunction(node) || node.type === "ClassDeclaration" || node.type === "ClassExpression") return;
    if (node.type === "VariableDeclaration") {
      if (node.kind === "var") for (const d of node.declarations) for (const id of patternIds(d.id, [])) this.declare(scope, id, "var", d, null);
      return;
    }
    // Only statements can hold var declarations; expressions are skipped for speed.
    switch (node.type) {
      case "Program": case "BlockStatement": case "StaticBlock": for (const s of node.body) this.hoistVars(s, scope); break;
      case "IfStatement": this.hoistVars(node.consequent, scope); this.hoistVars(node.alternate, scope); break;
      case "ForStatement": this.hoistVars(node.init, scope); this.hoistVars(node.body, scope); break;
      case "ForInStatement": case "ForOfStatement": this.hoistVars(node.left, scope); this.hoistVars(node.body, scope); break;
      case "WhileStatement": case "DoWhileStatement": case "LabeledStatement": case "WithStatement": this.hoistVars(node.body, scope); break;
      case "TryStatement":
        this.hoistVars(node.block, scope);
        if (node.handler) this.hoistVars(node.handler.body, scope);
        this.hoistVars(node.finalizer, scope);
        break;
      case "SwitchStatement": for (const c of node.cases) for (const s of c.consequent) this.hoistVars(s, scope); break;
      case "ExportNamedDeclaration": case "ExportDefaultDeclaration": this.hoistVars(node.declaration, scope); break;
    }
  }

  /** let/const/class/function declared directly in a statement list. */
  declareLexical(statements: N[], scope: Scope): void {
    for (let s of statements) {
      if ((s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration") && s.declaration) s = s.declaration;
      if (s.type === "VariableDeclaration" && s.kind !== "var") {
        const kind: DeclKind = s.kind === "let" ? "let" : s.kind === "const" ? "const" : "using";
        for (const d of s.declarations) for (const id of patternIds(d.id, [])) this.declare(scope, id, kind, d, null);
      } else if (s.type === "FunctionDeclaration" && s.id) {
        this.declare(scope, s.id, "function", s, null);
      } else if (s.type === "ClassDeclaration" && s.id) {
        this.declare(scope, s.id, "class", s, null);
      } else if (s.type === "ImportDeclaration") {
        for (const spec of s.specifiers) this.declare(scope, spec.local, "import", s, null);
      }
    }
  }

  resolve(scope: Scope | null, name: string): Decl | null {
    for (let s = scope; s; s = s.parent) {
      const d = s.decls.get(name);
      if (d) return d;
    }
    return null;
  }

  // -- traversal ------------------------------------------------------------------------------------------

  run(program: N): void {
    const top: Scope = { parent: null, ctx: program, decls: new Map() };
    this.hoistVars(program, top);
    this.declareLexical(program.body, top);
    for (const s of program.body) this.visit(s, [program], top, program);
    this.checkHoisting();
    this.checkStaticInherit();
  }

  /** ancestors: root first, direct parent last. ctx: the function (or Program, or instance field) whose run
   * executes this node in straight-line code. */
  visit(node: N, ancestors: N[], scope: Scope, ctx: N): void {
    const parent = ancestors[ancestors.length - 1];
    this.checkNode(node, parent, ancestors, scope, ctx);

    let inner = scope;
    let innerCtx = ctx;
    switch (node.type) {
      case "FunctionDeclaration": case "FunctionExpression": case "ArrowFunctionExpression": {
        inner = { parent: scope, ctx: node, decls: new Map() };
        innerCtx = node;
        if (node.type === "FunctionExpression" && node.id) this.declare(inner, node.id, "fname", node, null);
        for (const p of node.params) for (const id of patternIds(p, [])) this.declare(inner, id, "param", node, null);
        if (node.body.type === "BlockStatement") {
          this.hoistVars(node.body, inner);
          this.declareLexical(node.body.body, inner);
        }
        if (node.type === "FunctionDeclaration" && node.id) this.bindings.add(node.id);
        const path = ancestors.concat([node]);
        for (const p of node.params) this.visit(p, path, inner, innerCtx);
        if (node.body.type === "BlockStatement") {
          const bodyPath = path.concat([node.body]);
          this.checkNode(node.body, node, path, inner, innerCtx);
          for (const s of node.body.body) this.visit(s, bodyPath, inner, innerCtx);
        } else {
          this.visit(node.body, path, inner, innerCtx);
        }
        return;
      }
      case "BlockStatement": case "StaticBlock":
        inner = { parent: scope, ctx, decls: new Map() };
        this.declareLexical(node.body, inner);
        if (node.type === "StaticBlock") innerCtx = node;
        break;
      case "SwitchStatement": {
        // The discriminant belongs to the outer scope, the cases share one block scope.
        this.visit(node.discriminant, ancestors.concat([node]), scope, ctx);
        inner = { parent: scope, ctx, decls: new Map() };
        for (const c of node.cases) this.declareLexical(c.consequent, inner);
        for (const c of node.cases) this.visit(c, ancestors.concat([node]), inner, ctx);
        return;
      }
      case "ForStatement": case "ForInStatement": case "ForOfStatement": {
        const head = node.type === "ForStatement" ? node.init : node.left;
        if (head && head.type === "VariableDeclaration" && head.kind !== "var") {
          inner = { parent: scope, ctx, decls: new Map() };
          for (const d of head.declarations) for (const id of patternIds(d.id, [])) this.declare(inner, id, head.kind === "const" ? "const" : "let", d, node);
        }
        break;
      }
      case "CatchClause":
        inner = { parent: scope, ctx, decls: new Map() };
        for (const id of patternIds(node.param, [])) this.declare(inner, id, "catch", node, null);
        break;
      case "ClassDeclaration": case "ClassExpression":
        if (node.id) {
          if (node.type === "ClassDeclaration") this.bindings.add(node.id);
          else {
            inner = { parent: scope, ctx, decls: new Map() };
            this.declare(inner, node.id, "class", node, null);
          }
        }
        break;
      case "PropertyDefinition":
        // An instance field's initialiser runs at `new`, not where the class is defined.
        if (!node.static) innerCtx = node;
        break;
      case "VariableDeclarator":
        for (const id of patternIds(node.id, [])) this.bindings.add(id);
        break;
    }
    const path = ancestors.concat([node]);
    eachChild(node, (child) => this.visit(child, path, inner, innerCtx));
  }

  // -- per-node rules -------------------------------------------------------------------------------------

  checkNode(node: N, parent: N, ancestors: N[], scope: Scope, ctx: N): void {
    switch (node.type) {
      case "Identifier": this.checkIdentifier(node, ancestors, scope, ctx); break;
      case "ObjectPattern": case "ArrayPattern":
        // Report the outermost pattern only (acorn-walk skips the Property nodes of an ObjectPattern).
        if (parent.type !== "ObjectPattern" && parent.type !== "ArrayPattern" && parent.type !== "AssignmentPattern" &&
            parent.type !== "RestElement") {
          this.report(node, "destructuring", "destructuring " + (node.type === "ObjectPattern" ? "{…}" : "[…]") +
            " is not supported by Espruino; read the fields one by one");
        }
        break;
      case "AssignmentPattern":
        if (isFunction(parent)) this.report(node, "default-param", "default parameter value is a SyntaxError on Espruino; test for undefined in the body");
        break;
      case "RestElement":
        if (isFunction(parent)) this.report(node, "rest", "rest parameter `...x` is a SyntaxError on Espruino; use `arguments`");
        else if (parent.type === "ObjectPattern" || parent.type === "ArrayPattern") this.report(node, "rest", "rest element in destructuring is not supported by Espruino");
        break;
      case "SpreadElement":
        this.report(node, "spread", "spread `...` in " + (parent.type === "ObjectExpression" ? "an object literal (use Object.assign)" :
          parent.type === "ArrayExpression" ? "an array literal (use concat/slice)" : "a call (use fn.apply)") + " is a SyntaxError on Espruino");
        break;
      case "Property":
        if (node.computed && parent.type === "ObjectExpression") this.report(node.key, "computed-key", "computed object key `[…]: …` is a SyntaxError on Espruino; assign o[k] = v after creating the object");
        break;
      case "MethodDefinition": case "PropertyDefinition": this.checkClassMember(node); break;
      case "TaggedTemplateExpression":
        this.report(node, "tagged-template", "tagged template is not supported by Espruino");
        break;
      case "FunctionDeclaration": case "FunctionExpression": case "ArrowFunctionExpression":
        if (node.generator) this.report(node, "generator", "generator function* is not supported by Espruino");
        if (node.async) this.report(node, "async", "async function is not supported by Espruino; use callbacks or Promise.then");
        break;
      case "YieldExpression":
        if (node.delegate) this.report(node, "generator", "yield* is not supported by Espruino");
        break;
      case "AwaitExpression": this.report(node, "async", "await is not supported by Espruino"); break;
      case "ForOfStatement":
        if (node.await) this.report(node, "async", "for await is not supported by Espruino");
        break;
      case "LabeledStatement":
        this.report(node, "label", "label '" + node.label.name + ":' is parsed as an identifier by Espruino (ReferenceError); use a flag or a function");
        break;
      case "BreakStatement": case "ContinueStatement":
        if (node.label) this.report(node, "label", (node.type === "BreakStatement" ? "break " : "continue ") + node.label.name + " (labelled) is not supported by Espruino");
        break;
      case "PrivateIdentifier":
        if (parent.type === "BinaryExpression") this.report(node, "private", "`#" + node.name + " in …` is not supported by Espruino");
        break;
      case "MetaProperty":
        if (node.meta.name === "new") this.report(node, "new-target", "new.target is not supported by Espruino");
        else this.report(node, "import-export", "import.meta does not exist in a flashed script");
        break;
      case "ImportExpression": this.report(node, "import-export", "dynamic import() does not exist on Espruino; bundle the module"); break;
      case "ImportDeclaration": case "ExportNamedDeclaration": case "ExportDefaultDeclaration": case "ExportAllDeclaration":
        this.report(node, "import-export", (node.type === "ImportDeclaration" ? "import" : "export") + " declaration in the built file: Espruino runs one plain script (bundle every module into it)");
        break;
      case "BinaryExpression":
        if (node.operator === "**") this.report(node, "exponent", "`**` is a SyntaxError on Espruino; use Math.pow");
        if (node.operator === "instanceof" && node.right.type === "Identifier" && ERROR_TYPES.indexOf(node.right.name) >= 0 &&
            !this.resolve(scope, node.right.name)) {
          this.report(node, "error-type", "`instanceof " + node.right.name + "` is unreliable on Espruino (null.x throws a plain Error); test e.message or use your own error codes");
        }
        break;
      case "AssignmentExpression": this.checkAssignment(node, scope); break;
      case "UpdateExpression":
        if (isLengthMember(node.argument)) this.report(node, "length-assign", "`.length" + node.operator + "` changes an array's length: Espruino throws; use push/splice");
        break;
      case "ChainExpression": this.report(node, "optional-chain", "optional chaining `?.` is a SyntaxError on Espruino; test for null first"); break;
      case "MemberExpression": this.checkMember(node, parent, scope); break;
      case "CallExpression": case "NewExpression": this.checkCall(node, scope, ctx); break;
      case "Literal":
        if (node.regex) this.checkRegex(node, node.regex.pattern, node.regex.flags);
        if (typeof node.value === "string") this.checkText(node, node.raw, node.value);
        if (node.bigint !== undefined) this.report(node, "bigint", "BigInt literal " + node.raw + " does not exist on Espruino");
        break;
      case "TemplateElement": this.checkText(node, node.value.raw, node.value.cooked || ""); break;
      case "Super": this.checkSuper(node, ancestors); break;
      case "ClassDeclaration": case "ClassExpression": this.checkClass(node, scope); break;
      case "StaticBlock": this.report(node, "static-block", "class static { } block is not supported by Espruino's class parser"); break;
      case "BlockStatement": case "Program": case "SwitchCase": this.checkAsiReturn(node.type === "SwitchCase" ? node.consequent : node.body); break;
      case "VariableDeclaration":
        if (node.kind === "using" || node.kind === "await using") this.report(node, "using", "`" + node.kind + "` declaration is not supported by Espruino");
        break;
    }
  }

  /** Raw source text of a string must be ASCII (the build escapes), and its value must fit in bytes. */
  checkText(node: N, raw: string, value: string): void {
    for (let i = 0; i < raw.length; i++) {
      if (raw.charCodeAt(i) > 0x7e) {
        this.report(node, "non-ascii", "raw non-ASCII character U+" + hex4(raw.charCodeAt(i)) + " in a string: Espruino on ESP32 reads the UTF-8 bytes one by one; escape it (esbuild charset \"ascii\")");
        return;
      }
    }
    for (let i = 0; i < value.length; i++) {
      if (value.charCodeAt(i) > 0xff) {
        this.report(node, "non-ascii", "character U+" + hex4(value.charCodeAt(i)) + " above 0xFF in a string: ESP32 Espruino strings are bytes; use a byte (e.g. \\xB0 for °) or a glyph of your own");
        return;
      }
    }
  }

  checkIdentifier(node: N, ancestors: N[], scope: Scope, ctx: N): void {
    const parent = ancestors[ancestors.length - 1];
    const grand = ancestors.length > 1 ? ancestors[ancestors.length - 2] : null;
    if (this.bindings.has(node)) return;
    const decl = this.resolve(scope, node.name);
    this.refs.push({ id: node, decl, ctx, parent, grand });
    if (decl) {
      if (decl.kind === "catch" && parent.type === "MemberExpression" && parent.object === node && memberName(parent) === "name") {
        this.report(parent, "error-type", "'" + node.name + ".name': built-in errors have no .name on Espruino; use e.message or String(e)");
      }
      if (decl.loop && decl.scope.ctx !== ctx && !runsWithinIteration(ancestors, decl.loop)) {
        this.report(node, "loop-closure", "closure captures loop variable '" + node.name + "' (line " + decl.loop.loc.start.line +
          "): Espruino shares one binding across iterations, so a closure that runs later sees the last value; copy it into a const inside the body");
      }
      if (decl.helper && parent.type === "CallExpression" && parent.callee === node) {
        const h = HELPERS[decl.helper];
        this.report(parent, h[0], h[1]);
      }
      return;
    }
    // From here on the name means the global.
    const typeofGuard = parent.type === "UnaryExpression" && parent.operator === "typeof";
    if (MISSING_GLOBALS.has(node.name) && !typeofGuard) {
      this.report(node, "missing-global", node.name + " does not exist on Espruino");
    }
    if (node.name === "exports" || (node.name === "module" && !typeofGuard)) {
      this.report(node, "exports", "'" + node.name + "' does not exist in a flashed script (bundle the modules, export nothing from the entry)");
    }
    if (node.name === "require" && !(parent.type === "CallExpression" && parent.callee === node) && !typeofGuard) {
      this.report(node, "require", "require used as a value: only `require(\"Builtin\")` calls can be checked");
    }
    if (node.name === "arguments" && ctx.type === "ArrowFunctionExpression") {
      this.report(node, "arrow-arguments", "'arguments' inside an arrow function: Espruino gives the arrow its own arguments (Node: the enclosing function's)");
    }
  }

  checkClassMember(node: N): void {
    if (!node.computed && node.key && (node.key.type === "Literal" || (node.key.type === "Identifier" && ESPRUINO_RESERVED.indexOf(node.key.name) >= 0))) {
      this.report(node.key, "class-member-name", "class member named " + (node.key.type === "Literal" ? "by a literal " + node.key.raw : "'" + node.key.name + "', a reserved word to Espruino's lexer") +
        ": Espruino's class parser takes identifiers only; rename it");
    }
    if (node.computed) {
      this.report(node.key, "computed-key", "computed class member name `[…]` is not supported by Espruino");
    }
    if (node.key && node.key.type === "PrivateIdentifier") {
      this.report(node.key, "private", "#private member '#" + node.key.name + "' is a SyntaxError on Espruino; use a plain (e.g. _-prefixed) property");
    }
    if (node.type === "PropertyDefinition" && node.key.type !== "PrivateIdentifier") {
      if (!node.value) this.report(node, "class-field", "bare class field '" + keyName(node.key) + ";' is a SyntaxError on Espruino; assign it in the constructor");
      else if (usesThis(node.value)) this.report(node.value, "class-field-this", "class field '" + keyName(node.key) + "' initialiser uses `this`: Espruino gives undefined; assign it in the constructor");
    }
  }

  checkClass(node: N, scope: Scope): void {
    const sup = node.superClass;
    if (!sup) return;
    if (sup.type === "Identifier") {
      if (BUILTIN_CTORS.has(sup.name) && !this.resolve(scope, sup.name)) {
        this.report(sup, "extends-builtin", "class extends the built-in " + sup.name + ": Espruino cannot subclass built-ins (super() fails); wrap or use an ES5 constructor");
      }
    } else {
      this.report(sup, "extends-expression", "class extends " + (sup.type === "MemberExpression" ? "a property path" : "an expression") +
        ": Espruino only takes a single name after `extends`; assign the base class to a local const first");
    }
  }

  checkSuper(node: N, ancestors: N[]): void {
    // Find the nearest non-arrow function: is it an object-literal method?
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i];
      if (a.type === "FunctionExpression" || a.type === "FunctionDeclaration") {
        const owner = ancestors[i - 1];
        if (owner && owner.type === "Property") this.report(node, "object-super", "`super` inside an object-literal method is not supported by Espruino");
        return;
      }
    }
  }

  /** A bare `return` (no semicolon) followed by an expression statement: Node returns undefined, Espruino
   * continues the return onto the next line. */
  checkAsiReturn(statements: N[]): void {
    for (let i = 0; i + 1 < statements.length; i++) {
      const s = statements[i];
      if (s.type === "ReturnStatement" && !s.argument && this.code.slice(s.start, s.end).trim() === "return" &&
          statements[i + 1].type === "ExpressionStatement") {
        this.report(s, "asi-return", "bare `return` before an expression on the next line: Espruino returns that expression (Node: undefined); add a semicolon or remove the dead code");
      }
    }
  }

  checkAssignment(node: N, scope: Scope): void {
    const op = node.operator;
    // `Cls.name = v` defines an own static (tsc/esbuild lower static fields to this without useDefineForClassFields).
    const left = node.left;
    if (op === "=" && left.type === "MemberExpression" && left.object.type === "Identifier" && memberName(left) !== null) {
      this.addStatic(this.resolve(scope, left.object.name), memberName(left)!);
    }
    if (op === "**=") this.report(node, "exponent", "`**=` is a SyntaxError on Espruino; use Math.pow");
    if (op === "??=" || op === "||=" || op === "&&=") this.report(node, "logical-assign", "`" + op + "` is not supported by Espruino; write the if");
    if (isLengthMember(node.left)) this.report(node, "length-assign", "assignment to .length: Espruino throws on arrays; use splice(n) / push");
  }

  checkMember(node: N, parent: N, scope: Scope): void {
    const prop = memberName(node);
    const obj = node.object;
    // Owner.static on a global owner (Array.from, Math.trunc…).
    if (obj.type === "Identifier" && prop !== null && Object.prototype.hasOwnProperty.call(MISSING_STATICS, obj.name) &&
        MISSING_STATICS[obj.name].indexOf(prop) >= 0 && !this.resolve(scope, obj.name)) {
      const typeofGuard = parent.type === "UnaryExpression" && parent.operator === "typeof";
      if (!typeofGuard) this.report(node, "missing-global", obj.name + "." + prop + " does not exist on Espruino");
    }
    // Builtin.prototype.name reads (writes add our own methods and work).
    if (obj.type === "MemberExpression" && memberName(obj) === "prototype" && obj.object.type === "Identifier" &&
        BUILTIN_CTORS.has(obj.object.name) && !this.resolve(scope, obj.object.name)) {
      const isWrite = parent.type === "AssignmentExpression" && parent.left === node;
      const allowed = obj.object.name === "Object" && prop === "hasOwnProperty";
      if (!isWrite && !allowed) {
        this.report(node, "prototype-read", obj.object.name + ".prototype." + (prop === null ? "[…]" : prop) +
          " reads undefined on Espruino; call the method on an instance instead (e.g. [].slice.call(x))");
      }
    }
  }

  checkCall(node: N, scope: Scope, ctx: N): void {
    const callee = node.callee;
    if (node.type === "CallExpression" && (callee.type === "FunctionExpression" || callee.type === "ArrowFunctionExpression")) {
      this.iifes.push({ ctx, call: node, fn: callee, label: "this function expression" });
    }
    if (callee.type === "MemberExpression" && node.arguments.length > 0 && isFunction(node.arguments[0])) {
      const m = memberName(callee);
      if (m !== null && SYNC_CALLBACK_METHODS.indexOf(m) >= 0) this.iifes.push({ ctx, call: node, fn: node.arguments[0], label: "the ." + m + "() callback" });
    }
    if (callee.type === "MemberExpression") {
      const name = memberName(callee);
      if (name !== null && MISSING_METHODS.has(name) && node.type === "CallExpression") {
        this.report(callee.property, "missing-method", "." + name + "() does not exist on Espruino's built-ins (rename it if it is your own method)");
      }
      if (name === "toFixed") this.report(callee.property, "to-fixed", ".toFixed() never carries on Espruino (3.999 → \"3.99\"); format from integers");
      if (name === "split" && node.arguments.length > 1) this.report(callee.property, "split-limit", ".split(sep, limit): Espruino ignores the limit");
      if (callee.object.type === "Identifier" && callee.object.name === "JSON" && !this.resolve(scope, "JSON") && node.arguments.length > 1) {
        const second = node.arguments[1];
        // null / undefined / void 0 (esbuild's minified undefined) mean "no replacer": fine.
        const trivial = second.type === "Literal" && second.value === null || second.type === "Identifier" && second.name === "undefined" ||
          second.type === "UnaryExpression" && second.operator === "void";
        if ((name === "stringify" || name === "parse") && !trivial) {
          this.report(second, "json-args", "JSON." + name + (name === "parse" ? " reviver" : " replacer") + " is ignored by Espruino");
        }
      }
    }
    if (callee.type === "Identifier" && callee.name === "require" && !this.resolve(scope, "require")) {
      const arg = node.arguments[0];
      const lit = arg && arg.type === "Literal" && typeof arg.value === "string" ? arg.value :
        arg && arg.type === "TemplateLiteral" && arg.expressions.length === 0 ? arg.quasis[0].value.cooked : null;
      if (lit === null) this.report(node, "require", "require with a non-literal argument: the module cannot be checked or bundled");
      else if (BUILTIN_MODULES.indexOf(lit) < 0) this.report(node, "require", "require(\"" + lit + "\") is not an Espruino built-in module (" + BUILTIN_MODULES.join(", ") + "): bundle it instead");
    }
    if (callee.type === "Identifier" && callee.name === "RegExp" && !this.resolve(scope, "RegExp")) this.checkRegExpCtor(node);
    if (callee.type === "Identifier" && (callee.name === "clearTimeout" || callee.name === "clearInterval") && !this.resolve(scope, callee.name)) {
      const arg = node.arguments[0];
      if (!arg) this.report(node, "clear-timer", callee.name + "() without an id clears every timer on Espruino; pass the id");
      else if (arg.type === "Identifier" && arg.name === "undefined" || arg.type === "UnaryExpression" && arg.operator === "void") {
        this.report(node, "clear-timer", callee.name + "(undefined) throws on Espruino; test the id first");
      }
    }
    // esbuild's lowered static fields: __publicField(Cls, "name", v) at class level.
    if (callee.type === "Identifier" && callee.name === "__publicField" && node.arguments.length >= 2) {
      const cls = node.arguments[0];
      const key = node.arguments[1];
      if (cls.type === "Identifier" && key.type === "Literal" && typeof key.value === "string") {
        this.addStatic(this.resolve(scope, cls.name), key.value);
      }
    }
  }

  addStatic(d: Decl | null, name: string): void {
    if (!d) return;
    if (!this.loweredStatics.has(d)) this.loweredStatics.set(d, new Set());
    this.loweredStatics.get(d)!.add(name);
  }

  checkRegExpCtor(node: N): void {
    const src = node.arguments[0];
    const flags = node.arguments[1];
    if (src && src.type === "Literal" && typeof src.value === "string") {
      const f = flags && flags.type === "Literal" && typeof flags.value === "string" ? flags.value : "";
      this.checkRegex(node, src.value, f);
    }
  }

  checkRegex(node: N, pattern: string, flags: string): void {
    const why = regexProblems(pattern, flags);
    if (why.length) this.report(node, "regex", "regex Espruino mis-parses: /" + pattern + "/" + flags + " uses " + why.join(", ") + "; hand-parse instead");
  }

  // -- whole-file rules -----------------------------------------------------------------------------------

  /**
   * Espruino does not hoist function declarations. (1) A reference in straight-line code of the function (or
   * program) that declares the target, placed before the declaration, fails. (2) A call there to a function that
   * in turn (transitively, through its own straight-line calls) uses a not-yet-declared function of the caller's
   * body fails too. Uses inside nested functions are fine unless those functions are called early.
   */
  checkHoisting(): void {
    const refsByCtx = new Map<N, Ref[]>();
    for (const r of this.refs) {
      if (!refsByCtx.has(r.ctx)) refsByCtx.set(r.ctx, []);
      refsByCtx.get(r.ctx)!.push(r);
    }
    const iifesByCtx = new Map<N, { call: N; fn: N }[]>();
    for (const c of this.iifes) {
      if (!iifesByCtx.has(c.ctx)) iifesByCtx.set(c.ctx, []);
      iifesByCtx.get(c.ctx)!.push(c);
    }
    const lateDecl = (d: Decl | null): boolean => !!d && (d.kind === "function" || d.kind === "class");

    // (1) direct early uses.
    for (const r of this.refs) {
      const d = r.decl;
      if (lateDecl(d) && d!.scope.ctx === r.ctx && r.id.start < d!.owner.start) {
        this.report(r.id, "hoisting", (d!.kind === "class" ? "class '" : "function '") + r.id.name + "' is used before its declaration (line " +
          d!.owner.loc.start.line + "): Espruino does not hoist; move the declaration up");
      }
    }

    // (2) early calls whose callee uses something declared later in the caller's body.
    const bodiesOf = (d: Decl): N[] => {
      const o = d.owner;
      // Parameters, catch bindings and imports have unknown values: nothing to follow.
      if (d.kind === "param" || d.kind === "catch" || d.kind === "import") return [];
      if (o.type === "FunctionDeclaration" || d.kind === "fname") return [o];
      if (o.type === "VariableDeclarator" && o.init && isFunction(o.init)) return [o.init];
      const cls = o.type === "ClassDeclaration" ? o : o.type === "VariableDeclarator" && o.init && o.init.type === "ClassExpression" ? o.init : null;
      if (!cls) return [];
      const out: N[] = [];
      for (const m of cls.body.body) {
        if (m.type === "MethodDefinition" && m.kind === "constructor") out.push(m.value);
        if (m.type === "PropertyDefinition" && !m.static) out.push(m);
      }
      return out;
    };
    /** What a reference calls, when it is the callee: `f()`, `new C()`, `obj.m()` on a local object literal,
     * `Cls.m()` on a static method. Null when it is no call or the target is unknown. */
    const callOf = (r: Ref): { call: N; bodies: N[]; name: string } | null => {
      const d = r.decl;
      const p = r.parent;
      if (!d) return null;
      if ((p.type === "CallExpression" || p.type === "NewExpression") && p.callee === r.id) {
        return { call: p, bodies: bodiesOf(d), name: "'" + r.id.name + "'" };
      }
      // A named function handed to forEach/map/… runs at once too.
      if (p.type === "CallExpression" && p.arguments[0] === r.id && p.callee.type === "MemberExpression") {
        const m = memberName(p.callee);
        if (m !== null && SYNC_CALLBACK_METHODS.indexOf(m) >= 0) return { call: p, bodies: bodiesOf(d), name: "'" + r.id.name + "' (via ." + m + ")" };
      }
      const g = r.grand;
      if (p.type !== "MemberExpression" || p.object !== r.id || !g || g.type !== "CallExpression" || g.callee !== p) return null;
      const m = memberName(p);
      const o = d.owner;
      if (m === null || o.type !== "VariableDeclarator" && o.type !== "ClassDeclaration") return null;
      const init = o.type === "ClassDeclaration" ? o : o.init;
      if (!init) return null;
      const members: N[] = init.type === "ObjectExpression" ? init.properties :
        init.type === "ClassDeclaration" || init.type === "ClassExpression" ? init.body.body.filter((x: N) => x.static) : [];
      for (const prop of members) {
        if (!prop.computed && prop.key && keyName(prop.key) === m && prop.value && isFunction(prop.value)) {
          return { call: g, bodies: [prop.value], name: "'" + r.id.name + "." + m + "'" };
        }
      }
      return null;
    };
    // Per body: the position of its last function/class declaration; a call after it cannot run anything early.
    const lastDeclAt = new Map<N, number>();
    for (const r of this.refs) {
      const d = r.decl;
      if (lateDecl(d)) lastDeclAt.set(d!.scope.ctx, Math.max(lastDeclAt.get(d!.scope.ctx) || 0, d!.owner.start));
    }
    const check = (ctx: N, callNode: N, calleeName: string, targets: N[]): void => {
      if ((lastDeclAt.get(ctx) || -1) < callNode.start) return;
      const seen = new Set<N>();
      const stack = targets.slice();
      while (stack.length) {
        const t = stack.pop();
        if (seen.has(t)) continue;
        seen.add(t);
        for (const r of refsByCtx.get(t) || []) {
          const d = r.decl;
          if (!d) continue;
          if (lateDecl(d) && d.scope.ctx === ctx && d.owner.start > callNode.start) {
            this.report(callNode, "hoisting", "calling " + calleeName + " here runs code that uses '" + d.name + "', declared later (line " +
              d.owner.loc.start.line + "): Espruino does not hoist; move the declaration up");
            return;
          }
          const call = callOf(r);
          if (call) for (const b of call.bodies) stack.push(b);
        }
        for (const c of iifesByCtx.get(t) || []) stack.push(c.fn);
      }
    };
    for (const r of this.refs) {
      const d = r.decl;
      const call = callOf(r);
      if (!d || !call) continue;
      // A use before the declaration itself is already reported by (1); otherwise check what the call runs.
      if (lateDecl(d) && d.scope.ctx === r.ctx && r.id.start < d.owner.start) continue;
      check(r.ctx, call.call, call.name, call.bodies);
    }
    for (const c of this.iifes) check(c.ctx, c.call, c.label, [c.fn]);
  }

  /** `Sub.m()` where m is static on a base class declared in this file but not on Sub: not inherited (§2). */
  checkStaticInherit(): void {
    const refById = new Map<N, Ref>();
    for (const r of this.refs) refById.set(r.id, r);
    const classOf = (d: Decl | null, depth: number): N | null => {
      if (!d || depth > 4) return null;
      const o = d.owner;
      if (o.type === "ClassDeclaration" || o.type === "ClassExpression") return o;
      if (o.type === "VariableDeclarator" && o.init) {
        if (o.init.type === "ClassExpression") return o.init;
        if (o.init.type === "Identifier") {
          const r = refById.get(o.init);
          return r ? classOf(r.decl, depth + 1) : null;
        }
      }
      return null;
    };
    const declOfClass = new Map<N, Decl[]>();
    const allDecls = new Set<Decl>();
    for (const r of this.refs) if (r.decl) allDecls.add(r.decl);
    for (const d of allDecls) {
      const c = classOf(d, 0);
      if (c) {
        if (!declOfClass.has(c)) declOfClass.set(c, []);
        declOfClass.get(c)!.push(d);
      }
    }
    const ownStatics = (c: N): Set<string> => {
      const out = new Set<string>();
      for (const m of c.body.body) if (m.static && !m.computed && m.key && m.key.type !== "PrivateIdentifier") out.add(keyName(m.key));
      for (const d of declOfClass.get(c) || []) for (const n of this.loweredStatics.get(d) || []) out.add(n);
      return out;
    };
    const superOf = (c: N): N | null => {
      if (!c.superClass || c.superClass.type !== "Identifier") return null;
      const r = refById.get(c.superClass);
      return r ? classOf(r.decl, 0) : null;
    };
    for (const r of this.refs) {
      const p = r.parent;
      if (p.type !== "MemberExpression" || p.object !== r.id) continue;
      const name = memberName(p);
      if (name === null || name === "prototype" || name === "name" || name === "length") continue;
      const cls = classOf(r.decl, 0);
      if (!cls || ownStatics(cls).has(name)) continue;
      let base = superOf(cls);
      for (let guard = 0; base && guard < 10; guard++, base = superOf(base)) {
        if (ownStatics(base).has(name)) {
          this.report(p, "static-inherit", "'" + r.id.name + "." + name + "' is a static inherited from " + (base.id ? base.id.name : "a base class") +
            ": Espruino does not inherit statics; call it on the base class");
          break;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------- helpers

/** Words Espruino's lexer turns into reserved tokens (src/jslex.c), so they cannot name a class member. */
const ESPRUINO_RESERVED = ["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "extends", "false", "finally", "for", "function", "if", "in", "instanceof", "let", "new", "null", "of",
  "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "undefined", "var", "void", "while"];

const ERROR_TYPES = ["TypeError", "ReferenceError", "SyntaxError", "InternalError", "RangeError", "EvalError", "URIError"];

function hex4(c: number): string {
  const h = c.toString(16).toUpperCase();
  return "0000".slice(h.length) + h;
}

function keyName(key: N): string {
  if (!key) return "?";
  if (key.type === "Identifier") return key.name;
  if (key.type === "Literal") return String(key.value);
  if (key.type === "PrivateIdentifier") return "#" + key.name;
  return "[…]";
}

/** The property name of a member expression when it is static (`a.b`, `a["b"]`), else null. */
function memberName(m: N): string | null {
  if (!m.computed && m.property.type === "Identifier") return m.property.name;
  if (m.computed && m.property.type === "Literal" && typeof m.property.value === "string") return m.property.value;
  return null;
}

function isLengthMember(n: N): boolean {
  return !!n && n.type === "MemberExpression" && memberName(n) === "length";
}

/** Array methods that call their callback before they return: a loop variable read there has the current
 * iteration's value even with Espruino's single shared binding. */
const SYNC_CALLBACK_METHODS = ["forEach", "map", "filter", "some", "every", "find", "findIndex", "reduce", "sort"];

/**
 * Is every function between a reference and its loop one that runs at once — an IIFE, or a callback handed
 * straight to forEach/map/filter/some/every/find/findIndex/reduce/sort? Then it reads the loop variable during
 * the iteration, which Espruino gets right; anything else (timers, handlers, stored closures) runs later.
 */
function runsWithinIteration(ancestors: N[], loop: N): boolean {
  for (let i = ancestors.length - 1; i >= 0 && ancestors[i] !== loop; i--) {
    const f = ancestors[i];
    if (!isFunction(f) && f.type !== "PropertyDefinition" && f.type !== "StaticBlock") continue;
    if (!isFunction(f)) return false;
    const call = ancestors[i - 1];
    if (!call || call.type !== "CallExpression") return false;
    if (call.callee === f) continue; // IIFE
    const m = call.callee.type === "MemberExpression" ? memberName(call.callee) : null;
    if (m !== null && SYNC_CALLBACK_METHODS.indexOf(m) >= 0 && call.arguments[0] === f) continue;
    return false;
  }
  return true;
}

/** Does the expression use `this` (arrows included, ordinary functions and classes excluded)? */
function usesThis(node: N): boolean {
  let found = false;
  const visit = (n: N): void => {
    if (found || !n) return;
    if (n.type === "ThisExpression") { found = true; return; }
    if (n.type === "FunctionExpression" || n.type === "FunctionDeclaration" || n.type === "ClassExpression" || n.type === "ClassDeclaration") return;
    eachChild(n, visit);
  };
  visit(node);
  return found;
}

/**
 * Regex constructs Espruino's matcher gets wrong (espruino.md §2 'RegExp'): counted repetition {n,m}, \b,
 * (?:…), lookaround, named groups, backreferences, quantified or optional groups, alternation inside a group,
 * `?` followed by more pattern, lazy quantifiers, \u / \p / \c escapes (Espruino's matcher takes the letter
 * literally: src/jswrap_regexp.c), and flags other than g and i (m and y are ignored).
 * Character classes are read whole, so `[?{(]` is fine.
 */
export function regexProblems(pattern: string, flags: string): string[] {
  const out: string[] = [];
  const add = (s: string): void => { if (out.indexOf(s) < 0) out.push(s); };
  for (const f of flags) if (f !== "g" && f !== "i") add("flag '" + f + "'");
  const groups: { alt: boolean }[] = [];
  let prev: "none" | "atom" | "group" | "quant" = "none";
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const ch = pattern[i];
    if (ch === "\\") {
      const nx = pattern[i + 1];
      if (nx === "b" || nx === "B") add("\\" + nx + " (word boundary)");
      else if (nx >= "1" && nx <= "9") add("a backreference \\" + nx);
      else if (nx === "k" && pattern[i + 2] === "<") add("a named backreference \\k<…>");
      // Espruino's matchcharacter knows \d \D \w \W \s \S \f \b \n \r \t \v \0 \xHH; any other escaped letter is
      // taken literally (espruino/Espruino src/jswrap_regexp.c), so these mean something else there.
      else if (nx === "u" || nx === "p" || nx === "P" || nx === "c") add("the escape \\" + nx + " (Espruino reads a literal '" + nx + "')");
      i += 2;
      prev = "atom";
      continue;
    }
    if (ch === "[") {
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < n && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      i++;
      prev = "atom";
      continue;
    }
    if (ch === "(") {
      if (pattern[i + 1] === "?") {
        const k = pattern[i + 2];
        const k2 = pattern[i + 3];
        let skip = 3;
        if (k === ":") add("a non-capturing group (?:…)");
        else if (k === "=" || k === "!") add("a lookahead (?" + k + "…)");
        else if (k === "<" && (k2 === "=" || k2 === "!")) { add("a lookbehind (?<" + k2 + "…)"); skip = 4; }
        else if (k === "<") { add("a named group (?<name>…)"); const close = pattern.indexOf(">", i); skip = close > i ? close - i + 1 : 3; }
        else { add("a group modifier (?" + k + "…)"); skip = 2; }
        i += skip - 1; // the `(` itself is stepped over below
      }
      groups.push({ alt: false });
      i++;
      prev = "none";
      continue;
    }
    if (ch === ")") {
      const g = groups.pop();
      if (g && g.alt) add("alternation inside a group (a|b)");
      i++;
      prev = "group";
      continue;
    }
    if (ch === "|") {
      if (groups.length) groups[groups.length - 1].alt = true;
      i++;
      prev = "none";
      continue;
    }
    if (ch === "*" || ch === "+" || ch === "?") {
      if (prev === "group") add("a quantified group (…)" + ch);
      else if (prev === "quant" && ch === "?") add("a lazy quantifier " + pattern[i - 1] + "?");
      else if (ch === "?" && i + 1 < n) add("'?' followed by more pattern");
      i++;
      prev = "quant";
      continue;
    }
    if (ch === "{") {
      let j = i + 1;
      while (j < n && pattern[j] >= "0" && pattern[j] <= "9") j++;
      const hasDigits = j > i + 1;
      if (hasDigits && pattern[j] === ",") { j++; while (j < n && pattern[j] >= "0" && pattern[j] <= "9") j++; }
      if (hasDigits && pattern[j] === "}") {
        add("counted repetition " + pattern.slice(i, j + 1));
        i = j + 1;
        prev = "quant";
        continue;
      }
    }
    i++;
    prev = "atom";
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- API

/** Every problem in `code` (a built firmware file), sorted by position. `file` only labels the problems. */
export function checkSource(code: string, file: string): GateProblem[] {
  let program: N;
  // esbuild's readable output starts each module's code with a `// path/to/module.ts` line comment.
  const markers: { line: number; source: string }[] = [];
  const onComment = (block: boolean, text: string, _start: number, _end: number, loc?: acorn.Position): void => {
    const t = text.trim();
    if (!block && loc && /^[\w@./-]+\.(ts|tsx|js|mjs|cjs)$/.test(t)) markers.push({ line: loc.line, source: t });
  };
  try {
    program = acorn.parse(code, {
      ecmaVersion: "latest",
      sourceType: "script",
      locations: true,
      onComment,
      // Parse these so that they are reported by name instead of as a parse error.
      allowImportExportEverywhere: true,
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      allowHashBang: true,
    });
  } catch (e: any) {
    const loc = e.loc || { line: 0, column: 0 };
    return [{ file, line: loc.line, column: loc.column, rule: "syntax", message: String(e.message) }];
  }
  const checker = new Checker(file, code);
  checker.run(program);
  const seen = new Set<string>();
  const out: GateProblem[] = [];
  for (const p of checker.problems) {
    const key = p.line + ":" + p.column + ":" + p.rule + ":" + p.message;
    if (seen.has(key)) continue;
    seen.add(key);
    let source: string | undefined;
    for (const m of markers) if (m.line <= p.line) source = m.source; // markers arrive in source order
    out.push(source ? Object.assign({}, p, { source }) : p);
  }
  out.sort((a, b) => a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return out;
}

export function formatProblem(p: GateProblem): string {
  return p.file + ":" + p.line + ":" + (p.column + 1) + ": " + p.rule + ": " + p.message + (p.source ? " (from " + p.source + ")" : "");
}

/** CLI: gate each file; print every problem; exit 1 on any (or on a missing file). */
export function main(files: string[]): number {
  if (files.length === 1 && files[0] === "--rules") {
    for (const id of Object.keys(RULES)) console.log(id + ": " + RULES[id]);
    return 0;
  }
  if (files.length === 0 || files[0].charAt(0) === "-") {
    console.error("usage: ts-node --transpile-only tools/gate.ts FILE…   (or --rules: list the rules and why)");
    return 2;
  }
  let total = 0;
  for (const f of files) {
    let code: string;
    try {
      code = fs.readFileSync(f, "utf8");
    } catch (e: any) {
      console.error(f + ": cannot read: " + e.message);
      total++;
      continue;
    }
    const problems = checkSource(code, f);
    for (const p of problems) console.log(formatProblem(p));
    total += problems.length;
    console.error(f + ": " + (problems.length ? problems.length + " problem(s)" : "gate ok"));
  }
  return total ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
