# bmsbox: build, flash, test, simulate. `make help` lists the targets.
BOARD ?= esp32-devkitc
PORT ?=
BIN := node_modules/.bin
TSNODE := $(BIN)/ts-node --transpile-only
# The flashed form: minified, the one the simulator tests run (firmware.readable.js is for reading only).
FW := build/$(BOARD)/firmware.js
# The Espruino CLI, offline: a local board description (no web look-up of modules), no BLE (needs D-Bus).
ESPRUINO := $(BIN)/espruino --no-ble --board boards/espruino-esp32.json

.PHONY: help build build-all flash flash-file test sim bench soak clean diagrams

help:
	@echo "make build BOARD=<board>      build/<board>/firmware.js (flashed) + firmware.readable.js, gated (boards: esp32-devkitc heltec-wifi-kit-32)"
	@echo "make flash BOARD=<b> PORT=<p> upload and save to flash (PORT: /dev/ttyUSB0 or tcp://host:port)"
	@echo "make flash-file BOARD=<b>     build/<board>/upload.js: the exact code the CLI would send"
	@echo "make test                     type-check, build both boards, run every test"
	@echo "make sim                      the simulator on the default scenario"
	@echo "make bench / make soak        benchmarks and the long reliability runs"
	@echo "make diagrams                 docs/wiring/<board>.svg: wiring diagrams drawn from the boards' pins"

node_modules: package-lock.json
	npm ci
	@touch node_modules

build: node_modules
	$(TSNODE) tools/build.ts --board $(BOARD)

build-all: node_modules
	$(TSNODE) tools/build.ts --all

# What gets uploaded: the built file, then save() so it runs at power-up (E.on("init") starts the box).
build/$(BOARD)/flash.js: build
	{ cat $(FW); printf '\nsave();\n'; } > $@

flash-file: build/$(BOARD)/flash.js
	$(ESPRUINO) -o build/$(BOARD)/upload.js build/$(BOARD)/flash.js
	@echo "build/$(BOARD)/upload.js: $$(wc -c < build/$(BOARD)/upload.js) bytes (the CLI sends reset() first, then these lines)"

flash: build/$(BOARD)/flash.js
	@test -n "$(PORT)" || { echo "make flash needs PORT=/dev/ttyUSB0 or PORT=tcp://host:port"; exit 2; }
	$(ESPRUINO) -p $(PORT) build/$(BOARD)/flash.js

test: node_modules
	npm test

sim: node_modules
	npm run sim

bench: node_modules build-all
	$(TSNODE) tools/bench.ts

soak: node_modules build-all
	$(TSNODE) tools/soak.ts

# Wiring diagrams from the boards' data (tools/wiring.ts); committed, linked from docs/setup.md.
diagrams: node_modules
	$(TSNODE) tools/wiring.ts

clean:
	rm -rf build
