/** Firmware version shown on the boot screen and the console. Bump with user-visible changes. */
export const FIRMWARE_VERSION = "0.1.0";
