// Mocha config of the scenario tier (`npm run test:scenarios`): every shipped scenario on both boards, against the
// built firmware. Shared settings: .mocharc.json.
"use strict";
const base = require("../../.mocharc.json");

module.exports = Object.assign({}, base, { spec: ["test/sim/scenarios.test.ts"] });
