// Mocha config of the system tier (`npm run test:system`): the host tests that need the build, because they run or
// read the built firmware file (build/<board>/firmware.js). The unit tier is every other host test but the
// scenario suite, so a test that starts needing the build belongs in this list. Shared settings: .mocharc.json.
"use strict";
const base = require("../../.mocharc.json");

const SYSTEM = [
  "test/build/build.test.ts",
  "test/gate/builds.test.ts",
  "test/runtime/built-firmware.test.ts",
  "test/device/system.test.ts",
  "test/device/board-rules.test.ts",
  "test/reliability/faults.test.ts",
  "test/reliability/write-safety.test.ts",
  "test/sim/cli.test.ts",
  "test/sim/settings-cli.test.ts",
];

module.exports = Object.assign({}, base, { spec: SYSTEM });
