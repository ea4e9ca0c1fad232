#!/usr/bin/env node
// CommonJS (bin/package.json says so): `glance --version` and `glance help`, answered here from
// the build, load no ES module at all, and Node's ES module loader costs them about 10 ms, a
// tenth of their time (see BENCHMARKS.md). When to answer is src/prebuilt.ts's decision.
'use strict';

const argv = process.argv.slice(2);
const prebuilt = require('../dist/prebuilt.cjs');
const help = prebuilt.prebuiltHelpApplies(argv, process.env, process.stdout.isTTY === true) ? builtHelp() : undefined;
if (prebuilt.isBareVersion(argv)) {
  process.stdout.write(`${prebuilt.versionLine(process.version)}\n`);
} else if (help !== undefined) {
  process.stdout.write(help);
} else {
  // V8's compile cache (Node 22.1 and later): the code compiled from the bundle is kept on disk
  // and reused by the next run. It is process-wide, so it is turned on before the bundle loads.
  // Node keeps it under the system's temporary directory (NODE_COMPILE_CACHE chooses another;
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such API.
  require('node:module').enableCompileCache?.();
  import('../dist/main.js').then(async ({ main }) => {
    process.exitCode = await main(argv);
  });
}

/** `glance help` as the build wrote it; absent while the build writes it. */
function builtHelp() {
  try {
    return require('node:fs').readFileSync(`${__dirname}/../dist/help.txt`, 'utf8');
  } catch {
    return undefined;
  }
}
