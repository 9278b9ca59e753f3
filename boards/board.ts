/**
 * What a board is: data only, imported by the firmware (the build's entry hands it to startBox, and
 * firmware/main.ts resolves the names to Espruino objects) and by the host (simulator, bench, board lint).
 * Pins and buses are named as Espruino names them ("D16", "Serial2", "I2C1"); no Espruino global appears here.
 * Nothing outside boards/ knows a pin number.
 */
/**
 * The BMS families a board may name, or "auto". Spelled out here rather than imported from the firmware, so
 * boards depend on nothing (docs/architecture.md); firmware/main.ts hands it to the poller, and the compiler
 * checks there that it is the firmware's Family or "auto".
 */
export type BmsChoice = "jbd" | "jk" | "daly" | "auto";

/** An ESP32 pin as Espruino names it: D0..D39 (the number is the GPIO number). */
export type PinName = `D${number}`;
/** The hardware UART to the BMS. Serial1 is the console (USB), so Serial2 or Serial3. */
export type UartName = "Serial2" | "Serial3";
/** The hardware I2C master of the display. */
export type I2cName = "I2C1" | "I2C2";
/** A pin mode the button's pin is put in before it is watched (Espruino's pinMode names). */
export type InputMode = "input" | "input_pullup" | "input_pulldown";

export interface BoardConfig {
  /** Stable id, also the build folder name and the board file's name. */
  id: string;
  /** Shown on the boot screen. */
  name: string;
  /**
   * Which BMS family is wired, or "auto" to detect it: the default of the owner's `bms` setting, which
   * overrides it without a rebuild (firmware/src/settings.ts). The chirp time, buzzer, contrast and Daly
   * options are settings only: a board file holds wiring.
   */
  bms: BmsChoice;
  /** UART to the BMS, with explicit pins (ESP32 defaults differ per port: always pass them). */
  uart: { port: UartName; rx: PinName; tx: PinName };
  /** SSD1306 128×64 on I2C; rst only where the board wires it (Heltec). */
  oled: { i2c: I2cName; sda: PinName; scl: PinName; address: number; rst: PinName | null; width: number; height: number };
  /**
   * Optional switched supply of the display, driven to `level` at start. Heltec's V2 boards power the OLED
   * through the "Vext" MOSFET on GPIO21, on when low (Heltec-Aaron-Lee/WiFi_Kit_series#61;
   * icssw-org/MeshCom-Firmware#684); on boards without it the pin is simply unused.
   */
  oledPower?: { pin: PinName; level: number };
  led: { pin: PinName; activeHigh: boolean };
  /**
   * A passive piezo: a 50 % square wave at freqHz. The pin must give LEDC PWM: not D25/D26, which are DAC pins
   * on Espruino's ESP32 port (analogWrite writes a DC level there and ignores the frequency: silence).
   */
  buzzer: { pin: PinName; freqHz: number };
  /**
   * The button as Espruino reads it: `pressedReads` is what digitalRead and a watch's `e.state` give while it is
   * pressed (after the port's inversion of a NEGATED pin such as D0), `mode` the pinMode requested before the
   * watch ("input" where the board's own resistor holds the pin; on a negated pin "input_pullup" would enable
   * the pull-DOWN).
   */
  button: { pin: PinName; pressedReads: 0 | 1; mode: InputMode };
}

/**
 * The board's own circuit around our pins: what the simulator builds as the outside world and the board lint
 * checks the data against. Host only: the firmware never imports it (the bundle drops it).
 */
export interface BoardCircuit {
  /** Pins with a pull-up resistor on the board itself. */
  pullUps: PinName[];
  /** What the button connects its pin to while pressed. */
  buttonTo: "GND" | "3V3";
}
