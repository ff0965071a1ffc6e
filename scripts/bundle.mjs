#!/usr/bin/env node
// Bundles each action with ncc into dist/<name>/ (all of them, or those named on the command line).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const all = readdirSync(join(root, 'actions')).filter((n) =>
  existsSync(join(root, 'actions', n, 'src', 'index.ts')),
);
const names = process.argv.slice(2).length ? process.argv.slice(2) : all;
const ncc = join(root, 'node_modules', '.bin', 'ncc');

for (const name of names) {
  if (!all.includes(name)) {
    console.error(`bundle: unknown action '${name}' (have: ${all.join(', ')})`);
    process.exit(2);
  }
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  const result = spawnSync(
    ncc,
    [
      'build',
      join('actions', name, 'src', 'index.ts'),
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  if (result.status !== 0) {
    console.error(`bundle: ncc failed for ${name}`);
    process.exit(result.status ?? 1);
  }
  console.log(`bundled dist/${name}`);
}
