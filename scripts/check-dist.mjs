#!/usr/bin/env node
// Rebuilds every bundle and fails when dist/ differs from what git has committed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });

const bundle = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
if (bundle.status !== 0) process.exit(bundle.status ?? 1);

const status = run('git', ['status', '--porcelain', '--', 'dist']);
if (status.status !== 0) {
  console.error(`check-dist: git status failed: ${status.stderr}`);
  process.exit(1);
}
if (status.stdout.trim() !== '') {
  console.error('check-dist: dist/ is out of date with the sources. Changed files:');
  console.error(status.stdout);
  console.error(run('git', ['diff', '--stat', '--', 'dist']).stdout);
  console.error('Run `npm run bundle` and commit dist/.');
  process.exit(1);
}
console.log('check-dist: dist/ matches the sources.');
