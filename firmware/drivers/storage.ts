/**
 * StoragePort on the device: Espruino's flash file system (`require("Storage")`, espruino.md §6).
 * Reads never throw into the engine: a missing or unreadable file is `undefined`. Writes are the engine's
 * choice and rate (it limits them so flash pages are not worn); a failing write is reported, not thrown.
 */
import { StoragePort } from "../src/ports";

export function createStorage(): StoragePort {
  const s = require("Storage");
  return {
    read: function (name: string): string | undefined {
      try {
        const v = s.read(name);
        return v === undefined ? undefined : String(v);
      } catch (e) {
        return undefined;
      }
    },
    write: function (name: string, data: string): void {
      try {
        s.write(name, data);
      } catch (e) {
        console.log("storage: write " + name + " failed: " + e);
      }
    },
  };
}
