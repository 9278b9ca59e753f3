/**
 * Espruino globals that @types/espruino 1.95 leaves out but the interpreter has (2v29, see
 * ../shared/reference/espruino.md). Only what the firmware uses; each entry checked against that reference.
 */
declare function setTimeout(fn: () => void, ms: number): number;
declare function setInterval(fn: () => void, ms: number): number;
declare function require(module: "Storage"): StorageModule;
declare const console: { log(...args: any[]): void };
declare const process: { memory(gc?: boolean): { free: number; usage: number; total: number; history?: number; gc?: number; blocksize?: number }; env: any; version: string };

interface StorageModule {
  read(name: string, offset?: number, length?: number): string | undefined;
  readJSON(name: string, noExceptions: boolean): any;
  write(name: string, data: string, offset?: number, size?: number): boolean;
  writeJSON(name: string, data: any): boolean;
  erase(name: string): void;
  list(pattern?: any): string[];
  getFree(): number;
  compact(): void;
}

declare namespace E {
  function enableWatchdog(timeoutSeconds: number, isAuto?: boolean): void;
  function on(event: "init" | "kill" | "errorFlag", handler: (...args: any[]) => void): void;
  function getSizeOf(v: any, depth?: number): number;
}
