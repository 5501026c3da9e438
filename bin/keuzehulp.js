#!/usr/bin/env node
// Entry point of the `keuzehulp` command (built by `npm install` through the prepare script).
'use strict';
let cli;
try {
  cli = require('../dist/src/cli/index.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('keuzehulp is not built yet. Run: npm run build\n');
    process.exit(1);
  }
  throw error;
}
// Output piped into a program that stops reading (`keuzehulp understand --jsonl … | head`) is no error.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`keuzehulp: unexpected error: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
