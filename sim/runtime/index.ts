/**
 * The simulator's Espruino-like runtime: one import for the scenario runner and the CLI.
 * See docs/simulator.md (runtime part) for the API and what it models.
 */
export { VirtualClock, EventHandle } from "./clock";
export { createDevice, CpuCharge, Device, DeviceOptions, LogLine, MISSING, crc32 } from "./device";
export { SimGraphics, FONT_4X6, FONT_6X8 } from "./graphics";
export { I2cDevice, I2cWiring, SimI2C } from "./i2c";
export { estimateJsVars, ESP32_JSVARS, JSVAR_BYTES } from "./memory";
export { PinEvent, PinWorld, SimPin, pinNumberOf, isTone } from "./pins";
export { ESP32_PORT, ESP32_BUS_DEFAULTS, ESP32_PORT_MESSAGES, Esp32PortPins } from "./esp32-port";
export { renderPng, renderTerminal, PixelSource, PngOptions } from "./render";
export { SimSerial, SerialTxEvent, flattenBytes, bytesToBinaryString, RX_POLL_FAST_MS, RX_POLL_SLOW_MS } from "./serial";
export { Ssd1306, Ssd1306State, SSD1306_WIDTH, SSD1306_HEIGHT } from "./ssd1306";
export { SimStorageBackend, STORAGE_BYTES } from "./storage";
export { UartWire, WireEvent, WireFaults, NO_FAULTS, makeRng } from "./wire";
