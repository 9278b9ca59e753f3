/**
 * What Espruino's ESP32 port (2v29, espruino/Espruino commit c5ff787) does with pins, as plain data: the
 * simulator's pin model (pins.ts), the board lint (tools/board-lint.ts) and anything that imitates the real
 * interpreter read their rules from here, so a port fact is written down once.
 *
 * Sources, espruino/Espruino at that commit:
 *   boards/ESP32.py
 *     l.99-100    LED1 = D2, BTN1 = D0
 *     l.160       generate_pins(0,39): D0..D39, pin number = GPIO number
 *     l.181-182   DAC_OUT1 on D25, DAC_OUT2 on D26
 *     l.184       D0 "NEGATED" (BTN1 negate)
 *     l.188-196   default pins: Serial2 TX D4 / RX D5, Serial3 RX D16 / TX D17, I2C1 SCL D22 / SDA D21,
 *                 I2C2 SCL D16 / SDA D17
 *   targets/esp32/jshardware.c
 *     l.158-171   jshPinDefaultPullup(), run at boot and at every reset(): "input_pullup" on 0, 12-15, 18-19,
 *                 21-22, 25-27, 34-39 (comment: "6-11 are used by Flash chip")
 *     l.308-362   jshPinSetState(): on a negated pin "input_pullup" enables the pull-DOWN and "input_pulldown"
 *                 the pull-up (l.330, l.334); open drain on a negated pin prints an error (l.338, l.343)
 *     l.387-413   jshPinSetValue() / jshPinGetValue(): the level is inverted on a negated pin
 *     l.437-464   jshPinAnalogOutput(): value inverted on a negated pin (l.442); on D25/D26 (l.446) it writes
 *                 the DAC with the duty as a DC level and ignores freq (l.448), and {soft} or {forceSoft} only
 *                 prints "ERROR: pin does not support software PWM" (l.447: jsError, which does not throw);
 *                 any other pin gets LEDC PWM (l.461)
 *     l.510-515   jshGetWatchedPinState(): a watch's state is inverted on a negated pin
 *     l.522-530   jshCanWatch(): false for 6..12 ("SPI FLASH"); src/jswrap_io.c l.770-772 then only warns
 *                 ("WARNING: Unable to set watch…") and setWatch returns undefined
 *     l.537-548   jshPinWatch(): setWatch sets the pin to input and enables its pull-UP (GPIO_PULLUP_ONLY,
 *                 l.546), on any pin, negated or not, whatever pinMode asked before
 *   targets/esp32/jshardwarePWM.h l.20-21, jshardwarePWM.c l.131-151: LEDC, 10-bit duty; 5 channels on the
 *                 shared 5 kHz timer (freq 0 or 5000) and 3 timers with their own frequency, each taken by the
 *                 first pin that asks and kept by it ("no PWM channel available anymore" after that)
 * From the chip (Espressif ESP32 datasheet, "Pin Description" and "Strapping Pins"), not from Espruino:
 *   GPIO34..39 are input only and have no internal pull resistors; GPIO0, 2, 5, 12, 15 are strapping pins
 *   sampled at reset (boot mode, flash voltage, boot log, SDIO timing).
 */

export interface Esp32PortPins {
  /** Pins D0..D(count-1); a pin number is its GPIO number. */
  count: number;
  /** Pins Espruino marks NEGATED: digitalRead, watches, digitalWrite, analogWrite and pull modes are inverted. */
  negated: number[];
  /** DAC pins: analogWrite writes a DC level there (freq ignored), never PWM. */
  dac: number[];
  /** Wired to the module's SPI flash: driving them crashes the chip. */
  flash: number[];
  /** Pins setWatch refuses (jshCanWatch: flash pins and 12). */
  noWatch: number[];
  /** Input only (no output driver) and without internal pull resistors. */
  inputOnly: number[];
  /** Sampled at reset; an external level there changes how the chip boots. */
  strapping: number[];
  /** Pins Espruino sets to "input_pullup" at boot and at every reset() (on a negated pin: the pull-down). */
  defaultPullUp: number[];
  /** LEDC: channels on the shared 5 kHz timer and timers with a frequency of their own. */
  pwm: { defaultHz: number; defaultChannels: number; ownFreqTimers: number; dutyBits: number };
  /** The on-board LED1 and BTN1 of the ESP32 board file. */
  led1: number;
  btn1: number;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

export const ESP32_PORT: Esp32PortPins = {
  count: 40,
  negated: [0],
  dac: [25, 26],
  flash: range(6, 11),
  noWatch: range(6, 12),
  inputOnly: range(34, 39),
  strapping: [0, 2, 5, 12, 15],
  defaultPullUp: [0, 12, 13, 14, 15, 18, 19, 21, 22, 25, 26, 27, 34, 35, 36, 37, 38, 39],
  pwm: { defaultHz: 5000, defaultChannels: 5, ownFreqTimers: 3, dutyBits: 10 },
  led1: 2,
  btn1: 0,
};

/** Default pins of the hardware UARTs and I2C masters when setup() is not given them (boards/ESP32.py l.186-196). */
export const ESP32_BUS_DEFAULTS = {
  Serial2: { tx: 4, rx: 5 },
  Serial3: { tx: 17, rx: 16 },
  I2C1: { sda: 21, scl: 22 },
  I2C2: { sda: 17, scl: 16 },
};

/** The exact texts the port prints or throws for the pin rules above. */
export const ESP32_PORT_MESSAGES = {
  softPwmOnDac: "pin does not support software PWM",
  cannotWatch: "Unable to set watch. You may already have a watch on a pin with the same number (eg. A0 and B0),\nor this pin cannot be used with watch",
  openDrainNegated: "jshPinSetState: can't do Open Drain on negated pin",
  noPwmChannel: "no PWM channel available anymore",
};
