/**
 * An estimate of the JsVars the firmware would occupy on an ESP32, for `process.memory()` and `E.getSizeOf`.
 *
 * Method (costs from ../shared/reference/espruino.md §3, ESP32 column: 14-byte JsVars, names inline up to 4
 * chars, ints inline within −8192..8191, strings 9 chars in the first block and 10 per extra block, flat strings
 * above 19 bytes at 14 bytes a block):
 *   object / array / function              1
 *   + per own property or element          1 (name; +1 when the name is longer than 4 chars)
 *       value small int                    +0 (inline)
 *       value float / big int / bool / null / undefined   +1
 *       value string                       +blocks(len)  = 1 + ceil((len − 9) / 10)
 *       value object                       +0 here, the object is counted once on its own
 *   instance of a class (non-default prototype)   +2 (the __proto__ link)
 *   function, code in flash (.bootcde, how the box is flashed): +3 (its body: a name and a string pointing
 *                                          into flash; its scope link)
 *                                          + 1 per parameter; measured on the real interpreter (`make espruino`),
 *                                          60 of each shape inside an IIFE loaded from .bootcde, per function with
 *                                          2 parameters and the slot that holds it: 7.0 for `function fN(a,b){…}`,
 *                                          7.2 for a class method `mN(a,b){…}` and for `function(a,b){…}` pushed to
 *                                          an array; 5.0 for `function fN(){…}`; whatever the length of the source
 *   function, code in RAM (codeInRam)      + blocks(source text length) (a RAM upload keeps function source in RAM)
 *   every function                         + its closure scopes, each counted once like an object
 *   ArrayBuffer / typed array data         n ≤ 19: blocks(n); else 1 + ceil(n / 14) (flat string); +1 per view
 *   Graphics (ArrayBuffer-backed)          1 + 4 (its hidden state string) + its buffer
 * Roots: every global the firmware added or changed (built-ins present at boot are the interpreter's own and
 * are not counted), every callback the runtime holds (timers, watches, serial and E handlers), and — through the
 * V8 inspector's [[Scopes]] of each function — the variables its closures keep alive, since an esbuild bundle
 * keeps all its state inside one IIFE. Not counted: V8 internals, host-side buffers, strings interned by V8.
 * It is an estimate: good to compare builds and to see growth, not a byte-exact mirror of the device.
 */
import * as inspector from "inspector";
import { SimGraphics } from "./graphics";

export const JSVAR_BYTES = 14;
/** ESP32 `variables` cap (espruino.md §4); the device may have fewer when WiFi/BLE take heap. */
export const ESP32_JSVARS = 16383;
/** JsVars the interpreter itself uses at boot on ESP32 (root, hidden lists, built-in objects); an estimate. */
export const BOOT_JSVARS = 220;

function stringBlocks(len: number): number {
  return 1 + Math.max(0, Math.ceil((len - 9) / 10));
}

function bufferBlocks(n: number): number {
  return n <= 19 ? stringBlocks(n) : 1 + Math.ceil(n / JSVAR_BYTES);
}

function valueCost(v: unknown): number {
  switch (typeof v) {
    case "number":
      return Number.isInteger(v) && v >= -8192 && v <= 8191 ? 0 : 1;
    case "string":
      return stringBlocks(v.length);
    case "object":
    case "function":
      return v === null ? 1 : 0;
    default:
      return 1;
  }
}

let session: inspector.Session | null = null;
function inspectorSession(): inspector.Session {
  if (!session) {
    session = new inspector.Session();
    session.connect();
  }
  return session;
}

/** Synchronous inspector call (the in-thread session answers before post returns). */
function post(method: string, params: object): any {
  let out: any = null;
  let err: Error | null = null;
  inspectorSession().post(method, params, (e: Error | null, r: any) => { err = e; out = r; });
  if (err) throw err;
  return out;
}

const SINK = "__simMemSink";

/**
 * Variables kept alive by a function's closures. Three inspector calls per function: get the function, read its
 * [[Scopes]] list, and hand that list (V8 materialises each scope as an object {description, object}) back to
 * the host through a global sink.
 */
function closureScopes(fn: Function, ctxGlobal: any): { vars: [string, unknown][] }[] {
  const g = globalThis as any;
  g.__simMemProbe = fn;
  try {
    const probe = post("Runtime.evaluate", { expression: "globalThis.__simMemProbe", objectGroup: "simmem" });
    const props = post("Runtime.getProperties", { objectId: probe.result.objectId, ownProperties: true });
    const scopesProp = (props.internalProperties || []).find((p: any) => p.name === "[[Scopes]]");
    if (!scopesProp) return [];
    // The inspector may compile the sink in either realm: look in both.
    post("Runtime.callFunctionOn", { objectId: scopesProp.value.objectId, functionDeclaration: "function(){ globalThis." + SINK + " = this; }", objectGroup: "simmem" });
    const list = (SINK in g ? g[SINK] : ctxGlobal[SINK]) as { description?: string; object?: object }[] | undefined;
    delete g[SINK];
    delete ctxGlobal[SINK];
    const out: { vars: [string, unknown][] }[] = [];
    if (!list || typeof list.length !== "number") return out;
    for (let i = 0; i < list.length; i++) {
      const sc = list[i];
      if (!sc || !sc.object || String(sc.description).indexOf("Global") === 0) continue;
      const vars: [string, unknown][] = [];
      for (const name of Object.getOwnPropertyNames(sc.object)) vars.push([name, (sc.object as any)[name]]);
      out.push({ vars });
    }
    return out;
  } catch (e) {
    if (process.env.SIM_MEM_DEBUG) console.error(e);
    return [];
  } finally {
    delete g.__simMemProbe;
    try { post("Runtime.releaseObjectGroup", { objectGroup: "simmem" }); } catch { /* ignore */ }
  }
}

export interface MemoryWalkOptions {
  /** Objects that belong to the interpreter (built-ins at boot): not counted, not walked. */
  builtins: WeakSet<object>;
  /** The context's global object (for the inspector sink). */
  ctxGlobal: any;
  /** Prototypes of the context's plain objects/arrays/functions (no +2 for those). */
  plainProtos: Set<object | null>;
  /** Walk closures through the inspector (slower, far more complete). */
  closures: boolean;
  /** Function source held in RAM (a RAM upload) rather than in flash (.bootcde, the default). */
  codeInRam?: boolean;
  /** The context's Object.prototype: objects whose chain does not reach it are host objects, never walked. */
  ctxObjectProto: object;
}

/** Whether v was made by the firmware's realm (host objects handed in — Serial, Storage module — are not). */
function inRealm(v: object, ctxObjectProto: object): boolean {
  let p: object | null = Object.getPrototypeOf(v);
  if (p === null) return true;
  for (let i = 0; p && i < 64; i++) {
    if (p === ctxObjectProto) return true;
    if (p === Object.prototype) return false;
    p = Object.getPrototypeOf(p);
  }
  return false;
}

/** JsVars reachable from the roots. */
export function estimateJsVars(roots: unknown[], o: MemoryWalkOptions): number {
  const seen = new Set<unknown>();
  const scopeKeys = new Set<string>();
  const ids = new Map<unknown, number>();
  const idOf = (v: unknown): number => {
    let id = ids.get(v);
    if (id === undefined) { id = ids.size + 1; ids.set(v, id); }
    return id;
  };
  let total = 0;
  const stack: unknown[] = roots.slice();
  const prop = (name: string, v: unknown): void => {
    total += 1 + (name.length > 4 ? 1 : 0) + valueCost(v);
    if (v && (typeof v === "object" || typeof v === "function")) stack.push(v);
  };
  while (stack.length) {
    const v = stack.pop();
    if (!v || (typeof v !== "object" && typeof v !== "function")) continue;
    if (seen.has(v)) continue;
    seen.add(v);
    if (o.builtins.has(v as object)) continue;
    if (v instanceof SimGraphics) {
      total += 1 + 4 + bufferBlocks(v.buffer.byteLength);
      continue;
    }
    if (!inRealm(v as object, o.ctxObjectProto)) continue;
    const tag = Object.prototype.toString.call(v);
    if (tag === "[object ArrayBuffer]") {
      let n = 0;
      try { n = (v as ArrayBuffer).byteLength; } catch { n = 0; } // ArrayBuffer.prototype itself
      total += bufferBlocks(n);
      continue;
    }
    if (ArrayBuffer.isView(v)) {
      total += 1;
      stack.push((v as Uint8Array).buffer);
      continue;
    }
    total += 1;
    const proto = Object.getPrototypeOf(v);
    if (!o.plainProtos.has(proto) && typeof v !== "function") {
      total += 2;
      if (proto) stack.push(proto);
    }
    if (typeof v === "function") {
      let src = "";
      try { src = Function.prototype.toString.call(v); } catch { src = ""; }
      if (src.indexOf("[native code]") < 0) total += o.codeInRam ? stringBlocks(src.length) : 3 + (v as Function).length;
      if (o.closures) {
        for (const sc of closureScopes(v as Function, o.ctxGlobal)) {
          const key = sc.vars.map((x) => x[0] + "=" + (x[1] && (typeof x[1] === "object" || typeof x[1] === "function") ? "#" + idOf(x[1]) : String(x[1]))).join(",");
          if (scopeKeys.has(key)) continue;
          scopeKeys.add(key);
          total += 1;
          for (const kv of sc.vars) prop(kv[0], kv[1]);
        }
      }
    }
    let names: string[] = [];
    try { names = Object.getOwnPropertyNames(v); } catch { names = []; }
    for (const n of names) {
      if (typeof v === "function" && (n === "length" || n === "name" || n === "prototype" || n === "arguments" || n === "caller")) continue;
      if (Array.isArray(v) && n === "length") continue;
      let val: unknown;
      const d = Object.getOwnPropertyDescriptor(v, n);
      if (!d) continue;
      if ("value" in d) val = d.value; else { total += 2; continue; }
      prop(n, val);
    }
    if (typeof v === "function") {
      // A class's prototype object (methods) is the function's own data on Espruino too.
      const p = (v as { prototype?: unknown }).prototype;
      if (p && typeof p === "object" && Object.getOwnPropertyNames(p).length > 1) stack.push(p);
    }
  }
  return total;
}

/** Collects every object reachable from `root` (used once at boot to mark the interpreter's built-ins). */
export function collectReachable(root: object, into: WeakSet<object>): void {
  const stack: unknown[] = [root];
  const seen = new Set<unknown>();
  while (stack.length) {
    const v = stack.pop();
    if (!v || (typeof v !== "object" && typeof v !== "function") || seen.has(v)) continue;
    seen.add(v);
    into.add(v as object);
    let names: string[] = [];
    try { names = Object.getOwnPropertyNames(v); } catch { names = []; }
    for (const n of names) {
      const d = Object.getOwnPropertyDescriptor(v, n);
      if (d && "value" in d) stack.push(d.value);
    }
    stack.push(Object.getPrototypeOf(v));
  }
}
