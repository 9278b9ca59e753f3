/**
 * A bench rig: the built firmware file in the simulated ESP32 (sim/runtime) wired to a simulated BMS
 * (sim/bms), an SSD1306 and the board's pins, plus the observers the benchmarks and the reliability runs
 * need: LED edges from the pin timeline, the codes read off the OLED's pixels (OCR, sim/scenario/screen-reader),
 * protection trips with their exact model time, and every byte the box sent.
 *
 * Nothing here reads the firmware's own state: what the box "shows" is what the glass and the pins show.
 */
import { CODE_NAMES, Family } from "../../firmware/src/types";
import { createDevice, CpuCharge, Device, VirtualClock, UartWire, Ssd1306, PinEvent, SimStorageBackend, isTone } from "../runtime";
import { createBms, SimBms, AnyBmsOptions } from "../bms";
import { ProtId } from "../bms/pack";
import { boardPins, BoardPins } from "../scenario/boards";
import { readText, codesOnScreen, snapshotPixels } from "../scenario/screen-reader";
import { builtFirmware } from "../firmware-file";

export interface RigOptions {
  board: string;
  family: Family;
  /** Firmware file; defaults to build/<board>/firmware.js. */
  firmware?: string;
  /** Firmware source instead of a file (variants built in memory). */
  code?: string;
  bms?: AnyBmsOptions;
  seed?: number;
  storage?: SimStorageBackend;
  /** Device options passed through (busyLimitMs for watchdog tests, memory walk settings). */
  busyLimitMs?: number;
  memoryCacheMs?: number;
  /** Interpreter time charged per callback (DeviceOptions.cpuMs); absent: JavaScript takes no time. */
  cpuMs?: CpuCharge;
  /** Keep every request in `sent` (default true; long runs count them only). */
  keepSent?: boolean;
}

export interface LedEdge {
  tMs: number;
  on: boolean;
}

export class Rig {
  readonly clock = new VirtualClock();
  readonly device: Device;
  readonly bms: SimBms;
  readonly wire: UartWire;
  readonly oled: Ssd1306;
  readonly pins: BoardPins;
  /** LED on/off changes as the pin shows them (active level applied). */
  readonly led: LedEdge[] = [];
  /** Buzzer on/off changes (on = a tone: PWM at an audible frequency, sim/runtime/pins.ts isTone; a DAC level is silence). */
  readonly buzzer: LedEdge[] = [];
  /** Protection trips with the model's exact trip time. */
  readonly trips: { id: ProtId; tMs: number }[] = [];
  /** Every request the BMS model received, as it arrived. */
  readonly sent: { tMs: number; bytes: Uint8Array }[] = [];
  /** Requests received by the model (counted even when not kept). */
  requests = 0;
  private ledOn: boolean | null = null;
  private buzzOn: boolean | null = null;
  private textCache: { [key: string]: string } = {};

  constructor(o: RigOptions) {
    this.pins = boardPins(o.board);
    this.bms = createBms(o.family, o.bms || {});
    this.bms.pack.tripListeners.push((id: ProtId, t: number) => { this.trips.push({ id, tMs: t }); });
    this.device = createDevice({
      firmwarePath: o.code ? undefined : o.firmware || builtFirmware(o.board),
      code: o.code,
      clock: this.clock,
      deferBoot: true,
      storage: o.storage,
      busyLimitMs: o.busyLimitMs,
      cpuMs: o.cpuMs,
      memoryCacheMs: o.memoryCacheMs,
      boardPullUps: this.pins.pullUps,
    });
    this.oled = this.device.attachSsd1306({
      sda: this.pins.oled.sda, scl: this.pins.oled.scl, address: this.pins.oled.address, resetPin: this.pins.oled.rst,
    });
    this.wire = this.device.attachUart(this.bms, this.pins.uart, { seed: o.seed ?? 1 });
    const keep = o.keepSent !== false;
    this.wire.on("tx", (e: { tMs: number; bytes: Uint8Array }) => {
      this.requests++;
      if (keep) this.sent.push({ tMs: e.tMs, bytes: e.bytes });
    });
    this.device.on("pin", (e: PinEvent) => this.onPin(e));
  }

  boot(): void {
    this.device.boot();
  }

  private onPin(e: PinEvent): void {
    if (e.type !== "digital" && e.type !== "pwm" && e.type !== "dac") return;
    if (e.pin === this.pins.led.pin && e.type !== "dac") {
      const level = e.type === "pwm" ? ((e.value as number) > 0 ? 1 : 0) : (e.value as number);
      const on = this.pins.led.activeHigh ? level === 1 : level === 0;
      if (on !== this.ledOn) {
        this.ledOn = on;
        this.led.push({ tMs: e.tMs, on });
      }
    }
    if (e.pin === this.pins.buzzer.pin) {
      const on = isTone(e);
      if (on !== this.buzzOn) {
        this.buzzOn = on;
        this.buzzer.push({ tMs: e.tMs, on });
      }
    }
  }

  /** The text on the glass now, read from the SSD1306 model's pixels (cached per distinct image). */
  screenText(): string {
    const px = snapshotPixels(this.oled);
    const key = Buffer.from(px.buffer).toString("base64");
    let t = this.textCache[key];
    if (t === undefined) {
      t = readText(px).map((r) => r.text).join("\n");
      this.textCache[key] = t;
    }
    return t;
  }

  /** The codes visible on the glass now. */
  codesShown(): string[] {
    return codesOnScreen(this.screenText(), CODE_NAMES);
  }

  /**
   * Calls fn(tMs) on every OLED frame (a transaction that changed the image) until fn returns true.
   * The SSD1306 model has one onChange slot; the rig owns it.
   */
  watchFrames(fn: (tMs: number) => boolean): void {
    this.oled.onChange = (t: number) => {
      if (fn(t)) this.oled.onChange = null;
    };
  }

  /** LED state at time t (false before any edge). */
  ledAt(t: number): boolean {
    let on = false;
    for (const e of this.led) {
      if (e.tMs > t) break;
      on = e.on;
    }
    return on;
  }
}
