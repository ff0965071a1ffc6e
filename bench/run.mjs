#!/usr/bin/env node
// Runs every bench/*.bench.ts (or those named): each is bundled with ncc into bench/out/ and run
// in its own Node process, so benchmarks measure the same compiled code the actions ship.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const all = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const names = process.argv.slice(2).length ? process.argv.slice(2) : all;
if (names.length === 0) console.log('bench: no benchmarks found in bench/');

let failed = 0;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`bench: unknown benchmark '${name}' (have: ${all.join(', ')})`);
    process.exit(2);
  }
  const out = join(root, 'bench', 'out', name);
  const build = spawnSync(
    join(root, 'node_modules', '.bin', 'ncc'),
    ['build', join('bench', `${name}.bench.ts`), '-o', out, '--quiet'],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    failed++;
    continue;
  }
  console.log(`\n=== bench: ${name} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', join(out, 'index.js')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
