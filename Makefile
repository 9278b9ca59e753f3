# bmsbox: build, flash, test, simulate. `make help` lists the targets.
BOARD ?= esp32-devkitc
PORT ?=
BIN := node_modules/.bin
TSNODE := $(BIN)/ts-node --transpile-only
# The flashed form: minified, the one the simulator tests run (firmware.readable.js is for reading only).
FW := build/$(BOARD)/firmware.js
# The Espruino CLI, offline: a local board description (no web look-up of modules), no BLE (needs D-Bus).
ESPRUINO := $(BIN)/espruino --no-ble --board boards/espruino-esp32.json

.PHONY: help build build-all flash flash-file test test-espruino espruino sim bench bench-time bench-quick soak clean diagrams

help:
	@echo "make build BOARD=<board>      build/<board>/firmware.js (flashed) + firmware.readable.js, gated (boards: esp32-devkitc heltec-wifi-kit-32)"
	@echo "make flash BOARD=<b> PORT=<p> store the firmware as .bootcde and load() it (PORT: /dev/ttyUSB0 or tcp://host:port)"
	@echo "make flash-file BOARD=<b>     build/<board>/upload.js: exactly what make flash sends after the CLI's reset()"
	@echo "make test                     type-check, build both boards, run the host tests"
	@echo "make espruino                 build/espruino/espruino: Espruino for Linux with the ESP32's variable store"
	@echo "make test-espruino            the flashed firmware on that interpreter (npm run test:espruino)"
	@echo "make sim                      the simulator on the default scenario"
	@echo "make bench / make soak        benchmarks and the long reliability runs"
	@echo "make bench-time               interpreter time per callback kind on the real interpreter, in loop-iteration equivalents"
	@echo "make bench-quick              the benchmark with few trials, nothing written (CI runs it so it cannot rot)"
	@echo "make diagrams                 docs/wiring/<board>.svg: wiring diagrams drawn from the boards' pins"

node_modules: package-lock.json
	npm ci
	@touch node_modules

build: node_modules
	$(TSNODE) tools/build.ts --board $(BOARD)
	$(TSNODE) tools/upload.ts --board $(BOARD)

build-all: node_modules
	$(TSNODE) tools/build.ts --all
	$(TSNODE) tools/upload.ts --all

# What gets uploaded (tools/upload.ts): the firmware stored in Storage as .bootcde in 1 KB chunks, then load().
# No RAM upload and no save(): see tools/upload.ts. The CLI's -o output of it is checked to be the file itself,
# so upload.js is exactly what the CLI sends after its own reset().
flash-file: build
	$(ESPRUINO) -o build/$(BOARD)/upload.cli.js build/$(BOARD)/upload.js > /dev/null
	cmp build/$(BOARD)/upload.js build/$(BOARD)/upload.cli.js
	@rm -f build/$(BOARD)/upload.cli.js
	@echo "build/$(BOARD)/upload.js: $$(wc -c < build/$(BOARD)/upload.js) bytes (the CLI sends reset() first, then these lines)"

flash: build
	@test -n "$(PORT)" || { echo "make flash needs PORT=/dev/ttyUSB0 or PORT=tcp://host:port"; exit 2; }
	$(ESPRUINO) -p $(PORT) build/$(BOARD)/upload.js

# The real interpreter (tools/espruino/build.sh): cached under build/espruino; installs its Debian packages as root.
espruino:
	tools/espruino/build.sh

test-espruino: node_modules
	npm run test:espruino

test: node_modules
	npm test

sim: node_modules
	npm run sim

bench: node_modules build-all
	tools/espruino/build.sh > /dev/null
	$(TSNODE) tools/bench.ts

bench-time: node_modules build-all
	tools/espruino/build.sh > /dev/null
	$(TSNODE) tools/bench/interpreter-time.ts --seconds 20 --json

bench-quick: node_modules build-all
	tools/espruino/build.sh > /dev/null
	$(TSNODE) tools/bench.ts --quick --no-write

soak: node_modules build-all
	$(TSNODE) tools/soak.ts

# Wiring diagrams from the boards' data (tools/wiring.ts); committed, linked from docs/setup.md.
diagrams: node_modules
	$(TSNODE) tools/wiring.ts

clean:
	rm -rf build
