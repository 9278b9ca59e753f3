/**
 * `require("Storage")` for the simulator: named files of bytes (binary strings), kept in memory or in a JSON
 * file on the host, surviving device resets and power cycles (the flash does). API after Espruino's Storage
 * module: read, readJSON, readArrayBuffer, write (with offset/size for files written in parts), writeJSON,
 * erase, eraseAll, list, getFree, compact, open(name, "r"|"w"|"a") for line logs.
 * Capacity is the ESP32's 896 KB saved-code/Storage area (espruino.md §4); each file also costs a 32-byte
 * header, rounded to 4 bytes, as a rough model of the flash layout.
 */
import * as fs from "fs";

export const STORAGE_BYTES = 896 * 1024;
const HEADER_BYTES = 32;
/** Storage file names are at most 28 characters in current Espruino. */
export const STORAGE_NAME_MAX = 28;

export class SimStorageBackend {
  private files: { [name: string]: string } = {};
  private readonly path: string | null;
  /** Count of write/erase calls (flash wear indicator). */
  writes = 0;

  constructor(path?: string | null) {
    this.path = path ?? null;
    if (this.path && fs.existsSync(this.path)) this.files = JSON.parse(fs.readFileSync(this.path, "utf8"));
  }

  private persist(): void {
    if (this.path) fs.writeFileSync(this.path, JSON.stringify(this.files));
  }

  names(): string[] {
    return Object.keys(this.files);
  }

  get(name: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(this.files, name) ? this.files[name] : undefined;
  }

  set(name: string, data: string): void {
    this.files[name] = data;
    this.writes++;
    this.persist();
  }

  remove(name: string): void {
    delete this.files[name];
    this.writes++;
    this.persist();
  }

  clear(): void {
    this.files = {};
    this.writes++;
    this.persist();
  }

  usedBytes(): number {
    let n = 0;
    for (const k of Object.keys(this.files)) n += HEADER_BYTES + ((this.files[k].length + 3) & ~3);
    return n;
  }
}

function toBinaryString(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data) || Array.isArray(data)) {
    const v = data instanceof ArrayBuffer ? new Uint8Array(data) : (data as ArrayLike<number>);
    let s = "";
    for (let i = 0; i < v.length; i++) s += String.fromCharCode(Number(v[i]) & 0xff);
    return s;
  }
  return String(data);
}

function checkName(name: unknown): string {
  const n = String(name);
  if (!n.length) throw new Error("Name must not be empty");
  if (n.length > STORAGE_NAME_MAX) throw new Error("Name too long (max " + STORAGE_NAME_MAX + " chars)");
  return n;
}

/** The module object `require("Storage")` returns inside the firmware. */
export function makeStorageModule(backend: SimStorageBackend, makeU8: (n: number) => Uint8Array): object {
  // Files written in parts: name → declared total size.
  const partial: { [name: string]: number } = {};
  const mod = {
    read(name: unknown, offset?: unknown, length?: unknown): string | undefined {
      const d = backend.get(checkName(name));
      if (d === undefined) return undefined;
      const o = offset === undefined ? 0 : Number(offset);
      const l = length === undefined ? d.length - o : Number(length);
      return d.substr(o, l);
    },
    readJSON(name: unknown, noExceptions?: unknown): unknown {
      const d = backend.get(checkName(name));
      if (d === undefined) return undefined;
      try {
        return JSON.parse(d);
      } catch (e) {
        if (noExceptions) return undefined;
        throw e;
      }
    },
    readArrayBuffer(name: unknown): ArrayBuffer | undefined {
      const d = backend.get(checkName(name));
      if (d === undefined) return undefined;
      const u = makeU8(d.length);
      for (let i = 0; i < d.length; i++) u[i] = d.charCodeAt(i) & 0xff;
      return u.buffer as ArrayBuffer;
    },
    write(name: unknown, data: unknown, offset?: unknown, size?: unknown): boolean {
      const n = checkName(name);
      const s = toBinaryString(data);
      if (offset === undefined || (Number(offset) === 0 && size === undefined)) {
        if (STORAGE_BYTES - backend.usedBytes() + (backend.get(n) ? backend.get(n)!.length + HEADER_BYTES : 0) < s.length + HEADER_BYTES) {
          throw new Error("Unable to find or create file");
        }
        delete partial[n];
        backend.set(n, s);
        return true;
      }
      const o = Number(offset);
      if (size !== undefined) {
        // First part of a file written in parts: allocate `size` bytes of 0xFF (erased flash).
        partial[n] = Number(size);
        backend.set(n, "\xff".repeat(Number(size)));
      }
      const cur = backend.get(n);
      if (cur === undefined) throw new Error("File " + JSON.stringify(n) + " does not exist; write with offset 0 and size first");
      if (o + s.length > cur.length) throw new Error("Too much data for file size");
      backend.set(n, cur.slice(0, o) + s + cur.slice(o + s.length));
      return true;
    },
    writeJSON(name: unknown, data: unknown): boolean {
      return mod.write(name, JSON.stringify(data));
    },
    erase(name: unknown): void {
      const n = checkName(name);
      backend.remove(n);
      delete partial[n];
    },
    eraseAll(): void {
      backend.clear();
    },
    list(pattern?: unknown): string[] {
      let names = backend.names();
      if (pattern instanceof RegExp || Object.prototype.toString.call(pattern) === "[object RegExp]") {
        const re = pattern as RegExp;
        names = names.filter((x) => { re.lastIndex = 0; return re.test(x); });
      } else if (typeof pattern === "string") names = names.filter((x) => x.indexOf(pattern) >= 0);
      return names;
    },
    getFree(): number {
      return STORAGE_BYTES - backend.usedBytes();
    },
    compact(): void {
      /* nothing to reclaim in the model */
    },
    getStats(): { totalBytes: number; freeBytes: number; fileBytes: number; fileCount: number } {
      return { totalBytes: STORAGE_BYTES, freeBytes: STORAGE_BYTES - backend.usedBytes(), fileBytes: backend.usedBytes(), fileCount: backend.names().length };
    },
    open(name: unknown, mode: unknown): object {
      const n = checkName(name) + "\u0001";
      const m = String(mode);
      if (m === "w") backend.set(n, "");
      let pos = 0;
      const file = {
        write(data: unknown): void {
          if (m === "r") throw new Error("File opened for reading");
          backend.set(n, (backend.get(n) ?? "") + toBinaryString(data));
        },
        read(len: unknown): string | undefined {
          const d = backend.get(n) ?? "";
          if (pos >= d.length) return undefined;
          const s = d.substr(pos, Number(len));
          pos += s.length;
          return s;
        },
        readLine(): string | undefined {
          const d = backend.get(n) ?? "";
          if (pos >= d.length) return undefined;
          const e = d.indexOf("\n", pos);
          const s = e < 0 ? d.slice(pos) : d.slice(pos, e + 1);
          pos += s.length;
          return s;
        },
        getLength(): number {
          return (backend.get(n) ?? "").length;
        },
        erase(): void {
          backend.remove(n);
        },
      };
      return file;
    },
  };
  return mod;
}
