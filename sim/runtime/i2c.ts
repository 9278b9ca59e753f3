/**
 * Espruino `I2C1`/`I2C2` on the ESP32 (hardware masters, espruino.md §4): `setup({sda, scl, bitrate})`,
 * `writeTo(address, data…)`, `readFrom(address, quantity)`. Devices are wired to pins, not to a port: a
 * transfer reaches the devices on the SDA/SCL pins the port was set up with (defaults: I2C1 SDA D21 / SCL D22,
 * I2C2 SDA D17 / SCL D16). When no device acknowledges the address the call throws, as ESP-IDF's driver does
 * ("jshI2CWrite: slave doesn't ACK the transfer"); the firmware must catch it.
 * Transfers take no virtual time (Espruino blocks inside writeTo); the bus time they would take at the bitrate
 * (9 bit clocks per byte, plus the address byte) is added up in `stats.busyMs` for budgets.
 */
import { pinNumberOf } from "./pins";
import { flattenBytes } from "./serial";

/** Something that answers on an I2C bus. */
export interface I2cDevice {
  /** 7-bit address. */
  readonly address: number;
  /** false while the device would not ACK (unplugged, held in reset, unpowered). */
  acks(nowMs: number): boolean;
  /** One complete write transaction (START, address+W, bytes, STOP). */
  write(bytes: Uint8Array, nowMs: number): void;
  /** One read transaction of n bytes. */
  read(n: number, nowMs: number): Uint8Array;
}

interface Attached {
  sda: number;
  scl: number;
  device: I2cDevice;
}

/** The electrical I2C wiring of a board: devices by pins. Shared by I2C1 and I2C2. */
export class I2cWiring {
  private attached: Attached[] = [];

  attach(device: I2cDevice, pins: { sda: number; scl: number }): void {
    this.attached.push({ sda: pins.sda, scl: pins.scl, device });
  }

  detach(device: I2cDevice): void {
    this.attached = this.attached.filter((a) => a.device !== device);
  }

  find(sda: number, scl: number, address: number, nowMs: number): I2cDevice | undefined {
    const a = this.attached.find((x) => x.sda === sda && x.scl === scl && x.device.address === address && x.device.acks(nowMs));
    return a && a.device;
  }

  devices(): I2cDevice[] {
    return this.attached.map((a) => a.device);
  }
}

const DEFAULT_I2C_PINS: { [name: string]: { sda: number; scl: number } } = {
  I2C1: { sda: 21, scl: 22 },
  I2C2: { sda: 17, scl: 16 },
};

/** The object placed in the firmware context as I2C1 / I2C2. */
export class SimI2C {
  readonly name: string;
  sda: number;
  scl: number;
  bitrate = 100000;
  isSetup = false;
  readonly stats = { writes: 0, reads: 0, bytes: 0, nacks: 0, busyMs: 0 };
  private wiring: I2cWiring;
  private now: () => number;
  private makeU8: (n: number) => Uint8Array;

  constructor(name: string, wiring: I2cWiring, now: () => number, makeU8: (n: number) => Uint8Array) {
    this.name = name;
    this.wiring = wiring;
    this.now = now;
    this.makeU8 = makeU8;
    const d = DEFAULT_I2C_PINS[name];
    this.sda = d.sda;
    this.scl = d.scl;
  }

  setup(options?: unknown): void {
    const o = (options && typeof options === "object" ? options : {}) as { sda?: unknown; scl?: unknown; bitrate?: unknown };
    const sda = pinNumberOf(o.sda);
    const scl = pinNumberOf(o.scl);
    const d = DEFAULT_I2C_PINS[this.name];
    this.sda = sda === null ? d.sda : sda;
    this.scl = scl === null ? d.scl : scl;
    if (o.bitrate !== undefined) this.bitrate = Number(o.bitrate);
    this.isSetup = true;
  }

  /** writeTo(address | {address, stop}, data…) */
  writeTo(address: unknown, ...data: unknown[]): void {
    const addr = this.addressOf(address);
    const bytes = Uint8Array.from(flattenBytes(data));
    this.stats.busyMs += ((bytes.length + 1) * 9 * 1000) / this.bitrate;
    const dev = this.wiring.find(this.sda, this.scl, addr, this.now());
    if (!dev) {
      this.stats.nacks++;
      throw new Error("jshI2CWrite: slave doesn't ACK the transfer");
    }
    this.stats.writes++;
    this.stats.bytes += bytes.length;
    dev.write(bytes, this.now());
  }

  readFrom(address: unknown, quantity: unknown): Uint8Array {
    const addr = this.addressOf(address);
    const n = Math.max(0, Math.floor(Number(quantity) || 0));
    this.stats.busyMs += ((n + 1) * 9 * 1000) / this.bitrate;
    const dev = this.wiring.find(this.sda, this.scl, addr, this.now());
    if (!dev) {
      this.stats.nacks++;
      throw new Error("jshI2CRead: slave doesn't ACK the transfer");
    }
    this.stats.reads++;
    const got = dev.read(n, this.now());
    const out = this.makeU8(n);
    for (let i = 0; i < n; i++) out[i] = got[i] ?? 0xff;
    return out;
  }

  private addressOf(a: unknown): number {
    if (a && typeof a === "object" && "address" in (a as object)) return Number((a as { address: unknown }).address) & 0x7f;
    return Number(a) & 0x7f;
  }

  resetHardware(): void {
    const d = DEFAULT_I2C_PINS[this.name];
    this.sda = d.sda;
    this.scl = d.scl;
    this.bitrate = 100000;
    this.isSetup = false;
  }
}
