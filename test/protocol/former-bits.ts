/**
 * What each single set bit gave with the former tables (arrays of numbers and label strings, before
 * issue #11 made them a Uint16Array plus one label string per family): [codes, chg, dsg, warnings,
 * faults], bit n at index n. Generated once by running the former mapProtection on every single bit;
 * kept as data so that the compact tables are held to exactly the same results, on the host
 * (test/protocol/bits.test.ts) and on the real interpreter (test/espruino/bits.test.ts).
 */
export const FORMER: { [fam: string]: [number, number, number, number, string[]][] } = {
  jbd: [
    [1, 1, 0, 0, []], [2, 0, 2, 0, []], [1, 1, 0, 0, []], [2, 0, 2, 0, []],
    [16, 16, 0, 0, []], [32, 32, 0, 0, []], [16, 0, 16, 0, []], [32, 0, 32, 0, []],
    [4, 4, 0, 0, []], [8, 0, 8, 0, []], [64, 0, 64, 0, []], [0, 0, 0, 0, ["JBD b11 AFE"]],
    [0, 0, 0, 0, []], [0, 0, 0, 0, ["JBD b13"]], [0, 0, 0, 0, ["JBD b14"]], [0, 0, 0, 0, ["JBD b15"]],
  ],
  jk: [
    [0, 0, 0, 0, ["JK b0 low cap"]], [16, 16, 16, 0, []], [1, 1, 0, 0, []], [2, 0, 2, 0, []],
    [16, 16, 16, 0, []], [4, 4, 0, 0, []], [8, 0, 8, 0, []], [0, 0, 0, 0, ["JK b7 cell diff"]],
    [16, 16, 16, 0, []], [32, 32, 0, 0, []], [1, 1, 0, 0, []], [2, 0, 2, 0, []],
    [0, 0, 0, 0, ["JK b12 309A"]], [0, 0, 0, 0, ["JK b13 309B"]], [0, 0, 0, 0, ["JK b14"]], [0, 0, 0, 0, ["JK b15"]],
  ],
  daly: [
    [0, 0, 0, 1, []], [1, 1, 0, 0, []], [0, 0, 0, 2, []], [2, 0, 2, 0, []], // b0–3
    [0, 0, 0, 1, []], [1, 1, 0, 0, []], [0, 0, 0, 2, []], [2, 0, 2, 0, []], // b4–7
    [0, 0, 0, 16, []], [16, 16, 0, 0, []], [0, 0, 0, 32, []], [32, 32, 0, 0, []], // b8–11
    [0, 0, 0, 16, []], [16, 0, 16, 0, []], [0, 0, 0, 32, []], [32, 0, 32, 0, []], // b12–15
    [0, 0, 0, 4, []], [4, 4, 0, 0, []], [0, 0, 0, 8, []], [8, 0, 8, 0, []], // b16–19
    [0, 0, 0, 0, ["DALY b20 SOC hi L1"]], [0, 0, 0, 0, ["DALY b21 SOC hi L2"]], // b20–21
    [0, 0, 0, 0, ["DALY b22 SOC lo L1"]], [0, 0, 0, 0, ["DALY b23 SOC lo L2"]], // b22–23
    [0, 0, 0, 0, ["DALY b24 cell diff L1"]], [0, 0, 0, 0, ["DALY b25 cell diff L2"]], // b24–25
    [0, 0, 0, 0, ["DALY b26 temp diff L1"]], [0, 0, 0, 0, ["DALY b27 temp diff L2"]], // b26–27
    [0, 0, 0, 0, ["DALY b28"]], [0, 0, 0, 0, ["DALY b29"]], // b28–29
    [0, 0, 0, 0, ["DALY b30"]], [0, 0, 0, 0, ["DALY b31"]], // b30–31
    [16, 16, 0, 0, []], [16, 0, 16, 0, []], [128, 0, 0, 0, []], [128, 0, 0, 0, []], // b32–35
    [0, 0, 0, 0, ["DALY b36 chg MOS stuck"]], [0, 0, 0, 0, ["DALY b37 dsg MOS stuck"]], // b36–37
    [0, 0, 0, 0, ["DALY b38 chg MOS open"]], [0, 0, 0, 0, ["DALY b39 dsg MOS open"]], // b38–39
    [0, 0, 0, 0, ["DALY b40 AFE"]], [0, 0, 0, 0, ["DALY b41 cell sense"]], // b40–41
    [128, 0, 0, 0, []], [0, 0, 0, 0, ["DALY b43 EEPROM"]], // b42–43
    [0, 0, 0, 0, ["DALY b44 RTC"]], [0, 0, 0, 0, ["DALY b45 precharge"]], // b44–45
    [0, 0, 0, 0, ["DALY b46 ext comm"]], [0, 0, 0, 0, ["DALY b47 int comm"]], // b46–47
    [0, 0, 0, 0, ["DALY b48 current mod"]], [0, 0, 0, 0, ["DALY b49 volt mod"]], // b48–49
    [64, 0, 64, 0, []], [0, 0, 0, 2, []], // b50–51
    [0, 0, 0, 0, []], [0, 0, 0, 0, ["DALY b53"]], // b52–53
    [0, 0, 0, 0, ["DALY b54"]], [0, 0, 0, 0, ["DALY b55"]], // b54–55
  ],
};
