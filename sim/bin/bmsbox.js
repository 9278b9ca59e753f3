#!/usr/bin/env node
// `npx bmsbox <command> …`: runs the TypeScript CLI through ts-node (type-checking is done by `npm test`).
require("ts-node").register({ transpileOnly: true, project: require("path").join(__dirname, "..", "..", "tsconfig.json") });
require("../cli").main(process.argv.slice(2));
