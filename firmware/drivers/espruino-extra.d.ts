/**
 * Espruino APIs the drivers use that neither @types/espruino 1.95 nor firmware/espruino-env.d.ts declare.
 * Checked against espruino/Espruino src/jswrap_espruino.c (E.CRC32: "Returns the CRC32 of the argument").
 */
declare namespace E {
  function CRC32(data: any): number;
}

/** The Graphics constructor object: @types/espruino 1.95 declares Graphics as an interface only. */
declare const Graphics: {
  createArrayBuffer(width: number, height: number, bpp: number, options: { vertical_byte?: boolean; msb?: boolean }): Graphics;
};

/** Espruino passes extra arguments on to the callback (EspruinoDocs setTimeout). */
declare function setTimeout(fn: (a: any) => void, ms: number, arg: any): number;

/**
 * Graphics members @types/espruino 1.95 lacks: setFont("6x8", scale) for the built-in fonts and the buffer of a
 * Graphics.createArrayBuffer surface (EspruinoDocs Graphics: "setFont", "createArrayBuffer").
 */
interface Graphics {
  setFont(name: string, scale: number): void;
  /** One colour value for a 1-bit surface (EspruinoDocs Graphics.setColor: "r" may be the whole colour). */
  setColor(c: number): void;
  buffer: ArrayBuffer;
}
