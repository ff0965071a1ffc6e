#!/usr/bin/env node
// The `ml-actions` command: the entry that ncc bundles into dist/cli/index.js.
import { main } from './cli.js';

// `ml-actions … | head` closes stdout early: stop quietly instead of dying with a stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
