/**
 * Writes the real-interpreter memory figures (build/espruino/report.json, left by `npm run test:espruino`) into
 * docs/benchmarks.md in place of the previous ones, without rerunning the whole `make bench`.
 *
 *   ts-node tools/real-memory-doc.ts
 */
import * as fs from "fs";
import * as path from "path";
import { realMemorySection } from "./bench";

const DOC = path.join(__dirname, "..", "docs", "benchmarks.md");
const START = "**Memory on the real interpreter**";
const NEXT = "JsVars in use (ESP32: 14 bytes each";

const doc = fs.readFileSync(DOC, "utf8");
const section = realMemorySection().join("\n") + "\n";
const a = doc.indexOf(START);
const b = doc.indexOf(NEXT);
if (b < 0) throw new Error("docs/benchmarks.md has no simulator memory paragraph to put the figures before");
const out = a >= 0 && a < b ? doc.slice(0, a) + section + doc.slice(b) : doc.slice(0, b) + section + doc.slice(b);
fs.writeFileSync(DOC, out);
console.log("docs/benchmarks.md: real-interpreter memory figures from build/espruino/report.json");
