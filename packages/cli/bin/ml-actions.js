#!/usr/bin/env node
import { main } from '../src/cli.js';

// `ml-actions … | head` closes stdout early: stop quietly instead of dying with a stack.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
