// Mocha reporter: the spec reporter's output, then the plain closing line CI reads: "N passed, N failed".
"use strict";
const Spec = require("mocha/lib/reporters/spec.js");

function CountReporter(runner, options) {
  const SpecReporter = Spec.Spec;
  new SpecReporter(runner, options);
  let passed = 0;
  let failed = 0;
  runner.on("pass", () => passed++);
  runner.on("fail", () => failed++);
  runner.once("end", () => process.stdout.write(passed + " passed, " + failed + " failed\n"));
}
module.exports = CountReporter;
