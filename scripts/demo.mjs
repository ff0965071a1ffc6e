#!/usr/bin/env node
// `npm run demo`: bundles scripts/demo/main.ts with ncc (the way bench/run.mjs and the actions
// are built, so the demo trains with the same TF.js/WASM code the actions ship) and runs it.
// The bundle is cached under node_modules/.cache, keyed by a hash of its sources, so only the
// first run after `npm ci` (or after a source change) pays for the build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const usage = `usage: npm run demo [-- --out-dir <dir>]

Trains two small TF.js weather classifiers on vega-datasets' seattle-weather.csv and runs them
through build-artifact, smoke-test, gate, deploy and drift-monitor with the ml-actions CLI.
Everything goes to <dir> (default demo-output/); open <dir>/index.html. See docs/demo.md.
`;

const args = process.argv.slice(2);
let outDir = join(root, 'demo-output');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--help' || args[i] === '-h') {
    process.stdout.write(usage);
    process.exit(0);
  } else if (args[i] === '--out-dir' && args[i + 1]) {
    outDir = resolve(args[++i]);
  } else if (args[i].startsWith('--out-dir=')) {
    outDir = resolve(args[i].slice('--out-dir='.length));
  } else {
    process.stderr.write(`demo: unknown argument '${args[i]}'\n\n${usage}`);
    process.exit(2);
  }
}

/** Every file the bundle is built from: the demo, core, and the installed dependency versions. */
function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}
const hash = createHash('sha256');
for (const file of [
  ...sourceFiles(join(root, 'scripts', 'demo')),
  ...sourceFiles(join(root, 'packages', 'core', 'src')),
  join(root, 'package-lock.json'),
].sort()) {
  hash
    .update(`${relative(root, file)}\0`)
    .update(readFileSync(file))
    .update('\0');
}
const cache = join(root, 'node_modules', '.cache', 'ml-actions-demo');
const build = join(cache, hash.digest('hex').slice(0, 16));

if (!existsSync(join(build, 'index.js'))) {
  console.log('demo: bundling scripts/demo/main.ts with ncc (first run only)…');
  // Older builds are stale; a concurrent run builds into its own folder and the first rename wins.
  for (const old of existsSync(cache) ? readdirSync(cache) : []) {
    if (!old.endsWith('.partial')) rmSync(join(cache, old), { recursive: true, force: true });
  }
  mkdirSync(cache, { recursive: true });
  const partial = `${build}.${process.pid}.partial`;
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'ncc'),
    ['build', join('scripts', 'demo', 'main.ts'), '-o', partial, '--quiet'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  if (result.status !== 0) {
    console.error('demo: ncc could not bundle scripts/demo/main.ts');
    process.exit(result.status ?? 1);
  }
  try {
    renameSync(partial, build);
  } catch (error) {
    if (!existsSync(join(build, 'index.js'))) throw error;
    rmSync(partial, { recursive: true, force: true });
  }
}

const run = spawnSync(process.execPath, [join(build, 'index.js'), root, outDir], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
