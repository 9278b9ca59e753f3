#!/bin/false
# bmsbox: Espruino for Linux with the ESP32's variable store.
#
# Mirrors what matters of espruino/Espruino boards/ESP32.py for running the firmware: a fixed store of 16,383
# JsVars of 14 bytes (32-bit build: the same JsVar layout as the ESP32's 16383-variable table in
# boards/ESP32.py), no unicode strings (the ESP32 build has none), the 6x8 font, Graphics and Storage, flash
# strings (code stored in Storage runs from flash, as from the ESP32's memory-mapped flash), Storage of
# 224 pages x 4 KB like the ESP32's saved_code area, and the ESP32's pins D0..D39. Peripherals are the Linux
# target's: Serial takes a `path` (the tests bridge it to a simulated BMS), I2C and GPIO do nothing (the tests
# replace them with recording shims, tools/espruino/shims.ts).
# Copied into the extracted source's boards/ folder by tools/espruino/build.sh; not part of Espruino.
import pinutils;
info = {
 'name' : "Linux, ESP32 variable store (bmsbox test interpreter)",
 'default_console' : "EV_USBSERIAL",
 'variables' : 16383,
 'binary_name' : 'espruino',
 'build' : {
   'libraries' : [ 'GRAPHICS', 'FILESYSTEM' ],
   'makefile' : [
     # 32-bit: 14-byte JsVars with 16383 variables, as on the ESP32 (a 64-bit build gives 18-byte JsVars).
     'CFLAGS+=-m32', 'LDFLAGS+=-m32', 'DEFINES+=-DUSE_CALLFUNCTION_HACK',
     'DEFINES+=-DUSE_FONT_6X8',
     'DEFINES+=-DSPIFLASH_BASE=0 -DSPIFLASH_LENGTH=FLASH_SAVED_CODE_LENGTH',
     # One lock around the event and transmit queues, which the Linux target fills from a second thread
     # without the interrupt guards a microcontroller has (linux-event-lock.c, copied in by build.sh).
     'SOURCES+=targets/linux/bmsbox_event_lock.c',
     'LDFLAGS+=-Wl,--wrap=jshPushIOEvent,--wrap=jshPushIOCharEvent,--wrap=jshPushIOCharEvents,--wrap=jshPopIOEvent,--wrap=jshPopIOEventOfType,--wrap=jshTransmit,--wrap=jshGetDeviceToTransmit,--wrap=jshGetCharToTransmit',
     'LINUX=1',
   ]
 }
};
chip = {
  'part' : "LINUX",
  'family' : "LINUX",
  'package' : "",
  'ram' : 0,
  'flash' : 896,
  'speed' : -1,
  'usart' : 3,
  'spi' : 2,
  'i2c' : 2,
  'adc' : 0,
  'dac' : 0,
  'saved_code' : { 'address' : 0x10000000, 'page_size' : 4096, 'pages' : 224, 'flash_available' : 1344 },
};
devices = {
  'USB' : {} # the Linux console (stdin/stdout)
};
def get_pins():
  return pinutils.generate_pins(0,39)
