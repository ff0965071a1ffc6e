#!/usr/bin/env node
// Fails when dist/ differs from what git has committed, i.e. when a source change was not
// rebundled (or a bundle was committed without its source change).
//
//   node scripts/check-dist.mjs [name…]        rebundles (all, or the named bundles), then compares
//   node scripts/check-dist.mjs --no-bundle    compares only (npm test bundles first)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const noBundle = args.includes('--no-bundle');
const names = args.filter((a) => a !== '--no-bundle');
const run = (cmd, argv) => spawnSync(cmd, argv, { cwd: root, encoding: 'utf8' });

if (!noBundle) {
  const bundle = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs'), ...names], {
    cwd: root,
    stdio: 'inherit',
  });
  if (bundle.status !== 0) process.exit(bundle.status ?? 1);
}

const paths = names.length ? names.map((n) => `dist/${n}`) : ['dist'];
// --porcelain also lists new files that `git diff` would not show.
const status = run('git', ['status', '--porcelain', '--untracked-files=all', '--', ...paths]);
if (status.status !== 0) {
  console.error(`check-dist: git status failed: ${status.stderr}`);
  process.exit(1);
}
if (status.stdout.trim() !== '') {
  console.error(
    [
      'check-dist: FAILED: the bundles in dist/ are not the ones the sources build.',
      'A source change was committed without rebundling (or dist/ was edited by hand).',
      'Files that differ from the commit:',
      status.stdout.trimEnd(),
      '',
      'Fix: run `npm run bundle` and commit dist/ with the source change.',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`check-dist: ${paths.join(', ')} match${paths.length === 1 ? 'es' : ''} the sources.`);
