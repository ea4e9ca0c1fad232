#!/usr/bin/env node
// CommonJS (bin/package.json says so): `glance --version` and `glance help`, answered here, load
// no ES module at all, and Node's ES module loader costs them about 10 ms, a tenth of their time
// (see BENCHMARKS.md). Everything else is the bundle's (dist/main.js).
'use strict';

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`${require('../dist/version.cjs').versionLine(process.version)}\n`);
} else if (argv.length <= 1 && [undefined, 'help', '-h', '--help'].includes(argv[0]) && !process.stdout.isTTY && builtHelp() !== undefined) {
  // The build wrote `glance help` for an 80-column page (stdout not a terminal) next to the bundle.
  process.stdout.write(builtHelp());
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

function builtHelp() {
  try {
    return (builtHelp.text ??= require('node:fs').readFileSync(`${__dirname}/../dist/help.txt`, 'utf8'));
  } catch {
    return undefined;
  }
}
