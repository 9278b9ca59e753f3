"""
Measurement hook for make bench (tools/bench/real-memory.ts): process.memory().peak, the most JsVars in use since
the previous process.memory() call. Espruino keeps no such figure; the peaks the fit budget names (while booting,
while an upload is received) happen inside one piece of JavaScript, where no script can look.

With BMSBOX_PEAK set in the interpreter's environment, every 4th allocation (jsvNewWithFlags) counts the JsVars in
use (jsvGetMemoryUsage, the count process.memory().usage reports, before its history correction), so the peak is
low by at most the 3 allocations between two counts. Without it nothing changes: one test of a static flag per
allocation, and no `peak` in process.memory(), so timing figures (LIE) are unaffected.

    python3 peak.py <espruino source tree>
"""
import sys

from source_patch import patch as patch_source

root = sys.argv[1]


def patch(rel, old, new):
    patch_source(root, "peak.py", rel, old, new)


patch("src/jsvar.c", "JsVar *jsvNewWithFlags(JsVarFlags flags) {", """int bmsboxPeakOn = -1;
unsigned int bmsboxPeak = 0;
static unsigned int bmsboxAllocs = 0;
static JsVar *bmsboxNewWithFlags(JsVarFlags flags);
JsVar *jsvNewWithFlags(JsVarFlags flags) {
  JsVar *v = bmsboxNewWithFlags(flags);
  if (bmsboxPeakOn < 0) bmsboxPeakOn = getenv("BMSBOX_PEAK") != 0;
  if (bmsboxPeakOn && (++bmsboxAllocs & 3) == 0) {
    unsigned int u = jsvGetMemoryUsage();
    if (u > bmsboxPeak) bmsboxPeak = u;
  }
  return v;
}
static JsVar *bmsboxNewWithFlags(JsVarFlags flags) {""")
patch("src/jswrap_process.c", """    jsvObjectSetIntChild(obj, "usage", (JsVarInt)usage);""", """    jsvObjectSetIntChild(obj, "usage", (JsVarInt)usage);
    {
      extern int bmsboxPeakOn;
      extern unsigned int bmsboxPeak;
      if (bmsboxPeakOn > 0) {
        jsvObjectSetIntChild(obj, "peak", (JsVarInt)(bmsboxPeak > history ? bmsboxPeak - history : 0));
        bmsboxPeak = usage + history;
      }
    }""")
