#!/usr/bin/env node
// V8's compile cache (Node 22.1 and later): the code compiled from the bundle is kept on disk and
// reused by the next run instead of being compiled again on every start (see BENCHMARKS.md). It is
// process-wide, so it is turned on here, before the bundle loads, which is why the import below is
// dynamic. Node keeps it under the system's temporary directory (NODE_COMPILE_CACHE chooses
// another; NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such API.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv.slice(2));
