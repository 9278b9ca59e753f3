// Mocha config of the unit tier (`npm run test:unit`): the host tests that import the modules themselves and need
// no build, in seconds. npm test runs these, the system tier and the scenario tier together (.mocharc.json).
"use strict";
const base = require("../../.mocharc.json");
const system = require("./tier-system.cjs");
const scenarios = require("./tier-scenarios.cjs");

module.exports = Object.assign({}, base, { ignore: base.ignore.concat(system.spec, scenarios.spec) });
