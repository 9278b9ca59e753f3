// Mocha reporter: the spec reporter's output, then the plain closing line CI reads: "N passed, N failed", with
// ", N skipped" added only when a test was skipped (this.skip() or it.skip), so a skip is never silent.
"use strict";
const Spec = require("mocha/lib/reporters/spec.js");

function CountReporter(runner, options) {
  const SpecReporter = Spec.Spec;
  new SpecReporter(runner, options);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  runner.on("pass", () => passed++);
  runner.on("fail", () => failed++);
  runner.on("pending", () => skipped++);
  runner.once("end", () =>
    process.stdout.write(passed + " passed, " + failed + " failed" + (skipped ? ", " + skipped + " skipped" : "") + "\n"));
}
module.exports = CountReporter;
