/**
 * What Espruino 2v29 lacks of the JavaScript that Node has (docs/espruino.md §0, §2): the one table for the two
 * places that must agree on it. The gate (tools/gate.ts) rejects every use of these names in the built file; the
 * simulator (sim/runtime/device.ts) deletes them from the firmware's context, so code that only works in Node
 * fails in the simulator too, and nothing fails there that the gate let through.
 *
 * Names not probed in espruino.md belong to the same families (weak references, Symbol-era, ES2017+ and web
 * globals, later-ES methods) and are absent from the built-in lists of Espruino's source (src/jswrap_*.c).
 */

/** The typed-array constructors (Espruino has all nine, without their static from/of). */
export const TYPED_ARRAYS = ["Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array",
  "Float32Array", "Float64Array", "Uint8ClampedArray"];

export const MISSING = {
  globals: ["Map", "Set", "WeakMap", "WeakSet", "WeakRef", "FinalizationRegistry", "Symbol", "Proxy", "Reflect", "BigInt",
    "BigInt64Array", "BigUint64Array", "RangeError", "EvalError", "URIError", "AggregateError", "SharedArrayBuffer",
    "Atomics", "WebAssembly", "Intl", "queueMicrotask", "structuredClone", "escape", "unescape"],
  /** Static members, `Owner.name` on the global Owner (the Math extras are not in jswrap_math.c either). */
  statics: {
    Array: ["from", "of"],
    Number: ["isFinite", "isInteger", "isNaN", "isSafeInteger", "parseFloat", "parseInt", "EPSILON", "MAX_SAFE_INTEGER",
      "MIN_SAFE_INTEGER"],
    Math: ["trunc", "log2", "log10", "hypot", "cbrt", "log1p", "expm1", "fround", "clz32", "imul", "sinh", "cosh", "tanh",
      "asinh", "acosh", "atanh"],
    Object: ["freeze", "seal", "preventExtensions", "isFrozen", "isSealed", "isExtensible", "is", "getOwnPropertySymbols",
      "groupBy", "hasOwn"],
    Promise: ["race", "allSettled", "any", "withResolvers"],
    String: ["raw", "fromCodePoint"],
    Date: ["UTC"],
  } as { [owner: string]: string[] },
  /** Statics missing on every typed array (§2 'Uint8Array.from/of … No'). */
  typedArrayStatics: ["from", "of"],
  /** Methods missing on the built-ins' prototypes. */
  prototypes: {
    Array: ["flat", "flatMap", "lastIndexOf", "reduceRight", "at", "findLast", "findLastIndex", "toSorted", "toReversed",
      "toSpliced", "with", "toLocaleString"],
    String: ["trimStart", "trimEnd", "trimLeft", "trimRight", "localeCompare", "search", "at", "codePointAt", "normalize",
      "matchAll", "isWellFormed", "toWellFormed"],
    Number: ["toPrecision", "toLocaleString"],
    Date: ["toLocaleString"],
    Object: ["toLocaleString"],
    Promise: ["finally"],
  } as { [owner: string]: string[] },
};

/**
 * Members V8 will not let the simulator delete (non-configurable): only the gate keeps them out of the firmware.
 * "Owner.name".
 */
export const UNDELETABLE = ["Number.EPSILON", "Number.MAX_SAFE_INTEGER", "Number.MIN_SAFE_INTEGER"];
