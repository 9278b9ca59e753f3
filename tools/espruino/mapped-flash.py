"""
Flash read as the ESP32 reads it: from memory. The ESP32 maps its Storage partition into the address space
(targets/esp32/jshardware.c jshFlashGetMemMapAddress), so code stored as `.bootcde` is parsed from a native string
and every function body stays a native string pointing into flash (src/jsparse.c jspeFunctionDefinitionInternal):
one JsVar each, read at memory speed. Espruino's Linux target fakes flash with the file `espruino.flash` and maps
nothing: Storage reads become flash strings served by fopen/fseek/fread/fclose for every few bytes the lexer reads.
Under qemu-i386 that made code in flash about 2.5 times slower than the same code in RAM, and noisy (each read is
four system calls), so interpreter time measured with the firmware in flash said more about the emulation than
about the firmware.

This maps the flash file into memory (MAP_SHARED: the target's own fwrite()s to the file show in the mapping), lets
jshFlashGetMemMapAddress return addresses in it, and lets jsvAddressToVar return a native string there, as on the
ESP32, instead of the Linux target's copy into RAM. jshFlashRead copies from the mapping too. A function's code is
still one JsVar (a native string instead of a flash string), so memory figures do not change; interpreter time is
what the code costs when read from memory, which is the ESP32's case.

    python3 mapped-flash.py <espruino source tree>
"""
import sys

from source_patch import patch as patch_source

root = sys.argv[1]


def patch(rel, old, new):
    patch_source(root, "mapped-flash.py", rel, old, new)


linux = "targets/linux/jshardware.c"
patch(linux, "#include <pthread.h>", """#include <pthread.h>
#include <sys/mman.h>""")
# The mapping, made on first use (the file is created and padded to its full size first, as for a write).
patch(linux, "void jshFlashErasePage(uint32_t addr) {", """static char *bmsboxFlashMap = 0;
static char *bmsboxMappedFlash() {
  if (bmsboxFlashMap) return bmsboxFlashMap;
  FILE *f = jshFlashOpenFile(false);
  if (!f) return 0;
  void *m = mmap(0, FLASH_TOTAL, PROT_READ, MAP_SHARED, fileno(f), 0);
  fclose(f);
  if (m == MAP_FAILED) return 0;
  bmsboxFlashMap = (char*)m;
  return bmsboxFlashMap;
}
void jshFlashErasePage(uint32_t addr) {""")
patch(linux, """  addr -= FLASH_START;

  FILE *f = jshFlashOpenFile(true);
  if (!f) { // no file, so it's all 0xFF""", """  addr -= FLASH_START;

  if (bmsboxFlashMap) {
    memcpy(buf, bmsboxFlashMap + addr, len);
    return;
  }
  FILE *f = jshFlashOpenFile(true);
  if (!f) { // no file, so it's all 0xFF""")
patch(linux, """size_t jshFlashGetMemMapAddress(size_t ptr) {
  return 0;""", """size_t jshFlashGetMemMapAddress(size_t ptr) {
  if (ptr < FLASH_START || ptr >= FLASH_START + FLASH_TOTAL) return 0;
  char *m = bmsboxMappedFlash();
  return m ? (size_t)(m + (ptr - FLASH_START)) : 0;""")
patch("src/jsflash.c", """#ifdef LINUX
  // linux fakes flash with a file, so we can't just return a pointer to it!""", """#if defined(LINUX) && 0
  // linux fakes flash with a file, so we can't just return a pointer to it!""")
