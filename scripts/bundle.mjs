#!/usr/bin/env node
// Bundles each action with ncc into dist/<name>/, the CLI into dist/cli/ and the library a user
// imports (`ml-actions/save-tfjs-model`, the root package's exports) into dist/lib/ (all of
// them, or those named on the command line). `--entry <file.ts> --out <dir>` bundles any entry the same
// way (tests use it for a throw-away entry).
//
// Each bundle folder holds:
//   main.js + main.js.map  ncc's bundle and its source map (sources as paths relative to the
//                          map, e.g. ../../packages/core/src/...; no sourcesContent, so the map
//                          stays small and the same on every machine)
//   index.js               a few lines that turn on Node's source maps and then import main.js:
//                          Node maps stack traces only for code it loads after the switch, so
//                          the bundle cannot switch it on for itself
// except dist/lib/, which holds <module>.js (an ES module with the entry's exports), its map and
// <module>.d.ts (TypeScript's declarations of the entry), for users' own scripts.
// A record of the sources each bundle was built from goes to node_modules/.cache, so that
// test/harness can refuse to test a bundle that its sources have moved past.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ncc = join(root, 'node_modules', '.bin', 'ncc');

/** The bundles of the repository: each action, and the CLI. */
export function targets() {
  const actions = readdirSync(join(root, 'actions'))
    .filter((n) => existsSync(join(root, 'actions', n, 'src', 'index.ts')))
    .sort();
  return [
    ...actions.map((name) => ({ name, entry: join('actions', name, 'src', 'index.ts') })),
    { name: 'cli', entry: join('packages', 'cli', 'src', 'bin.ts') },
    {
      name: 'lib',
      entry: join('packages', 'core', 'src', 'model', 'save-tfjs-model.ts'),
      library: 'save-tfjs-model',
    },
  ];
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Rewrites a map written by ncc: its sources are `../` + a path relative to the repository
 * root; make them relative to the map itself (what Node resolves them against), name
 * webpack's runtime modules `webpack:///…`, and drop sourcesContent. Returns the repository
 * files the bundle was built from.
 */
function normaliseMap(mapFile, file) {
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const used = [];
  map.file = file;
  map.sources = map.sources.map((source) => {
    if (!source.startsWith('../')) return source;
    const fromRoot = posix.normalize(source.slice(3));
    // webpack's own runtime and externals are no files: name them as webpack does.
    if (fromRoot.startsWith('../') || !existsSync(join(root, fromRoot))) {
      return `webpack:///${fromRoot}`;
    }
    used.push(fromRoot);
    return relative(dirname(mapFile), join(root, fromRoot)).split(sep).join('/');
  });
  delete map.sourcesContent;
  writeFileSync(mapFile, JSON.stringify(map));
  return used;
}

/**
 * Bundles one entry into outDir (emptied first), and a `worker.ts` beside the entry into
 * outDir/worker (the worker bundle runner/worker-tasks.ts starts threads with); returns the
 * repository files they contain.
 */
export function bundle(entry, outDir, options = {}) {
  const sources = bundleEntry(entry, outDir, options);
  const worker = join(dirname(entry), 'worker.ts');
  if (!existsSync(worker)) return sources;
  const workerSources = bundleEntry(worker, join(outDir, 'worker'), options);
  return [...new Set([...sources, ...workerSources])].sort();
}

function bundleEntry(entry, outDir, { licenses = true, library } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  const args = [
    'build',
    entry,
    '-o',
    outDir,
    '--source-map',
    '--no-source-map-register',
    '--quiet',
  ];
  if (licenses) args.push('--license', 'licenses.txt');
  const result = spawnSync(ncc, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) {
    throw new Error(`ncc failed for ${entry} (exit ${result.status ?? result.signal})`);
  }
  if (library) return finishLibrary(entry, outDir, library);
  // ncc names the bundle index.js; it becomes main.js behind the small index.js below.
  const bundleText = readFileSync(join(outDir, 'index.js'), 'utf8');
  const shebang = bundleText.startsWith('#!')
    ? bundleText.slice(0, bundleText.indexOf('\n') + 1)
    : '';
  writeFileSync(
    join(outDir, 'main.js'),
    bundleText.replace(
      /\/\/# sourceMappingURL=index\.js\.map\s*$/,
      '//# sourceMappingURL=main.js.map\n',
    ),
  );
  renameSync(join(outDir, 'index.js.map'), join(outDir, 'main.js.map'));
  const sources = new Set();
  for (const name of readdirSync(outDir)
    .filter((n) => n.endsWith('.js.map'))
    .sort()) {
    for (const s of normaliseMap(join(outDir, name), name.slice(0, -'.map'.length))) sources.add(s);
  }
  writeFileSync(
    join(outDir, 'index.js'),
    `${shebang}// Generated by scripts/bundle.mjs: Node maps stack traces (to packages/*/src/...) only for
// code loaded after source maps are on, so switch them on and then load the bundle.
process.setSourceMapsEnabled(true);
await import('./main.js');
`,
  );
  if (shebang) chmodSync(join(outDir, 'index.js'), 0o755);
  return [...sources].sort();
}

/**
 * Turns ncc's index.js into `<name>.js` (an importable ES module: no loader in front, so its
 * exports stay visible) with its map, and writes `<name>.d.ts` from the entry's own types.
 */
function finishLibrary(entry, outDir, name) {
  const text = readFileSync(join(outDir, 'index.js'), 'utf8');
  writeFileSync(
    join(outDir, `${name}.js`),
    text.replace(
      /\/\/# sourceMappingURL=index\.js\.map\s*$/,
      `//# sourceMappingURL=${name}.js.map\n`,
    ),
  );
  rmSync(join(outDir, 'index.js'));
  renameSync(join(outDir, 'index.js.map'), join(outDir, `${name}.js.map`));
  const sources = normaliseMap(join(outDir, `${name}.js.map`), `${name}.js`);
  // Declarations of the entry alone: its public types may only import types from packages
  // (checked here), so the .d.ts needs no other file of the repository.
  const declaration = ts.transpileDeclaration(readFileSync(entry, 'utf8'), {
    fileName: entry,
    compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022 },
  });
  if (declaration.diagnostics?.length) {
    throw new Error(
      `declarations of ${entry}: ${ts.flattenDiagnosticMessageText(declaration.diagnostics[0].messageText, ' ')}`,
    );
  }
  if (/from '\.{1,2}\//.test(declaration.outputText)) {
    throw new Error(
      `the public types of ${entry} import a repository module; keep them self-contained`,
    );
  }
  writeFileSync(join(outDir, `${name}.d.ts`), declaration.outputText);
  return sources;
}

/** Where the record of a dist/<name> bundle's sources is kept (outside git). */
export function recordFile(name) {
  return join(root, 'node_modules', '.cache', 'ml-actions-bundles', `${name}.json`);
}

/** Records what dist/<name> was built from: the hash of each source, of the bundle and its loader. */
function writeRecord(name, sources, library) {
  const record = {
    entry: sha256(join(root, 'dist', name, library ? `${library}.js` : 'index.js')),
    bundle: sha256(join(root, 'dist', name, library ? `${library}.js` : 'main.js')),
    sources: Object.fromEntries(
      [...sources, 'package-lock.json'].map((file) => [file, sha256(join(root, file))]),
    ),
  };
  mkdirSync(dirname(recordFile(name)), { recursive: true });
  writeFileSync(recordFile(name), `${JSON.stringify(record, null, 2)}\n`);
}

function main(argv) {
  const option = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv.splice(i, 2)[1] : undefined;
  };
  const entry = option('--entry');
  const out = option('--out');
  if (entry || out) {
    if (!entry || !out || argv.length > 0) {
      console.error('usage: node scripts/bundle.mjs --entry <file.ts> --out <dir>');
      return 2;
    }
    bundle(resolve(entry), resolve(out), { licenses: false });
    console.log(`bundled ${entry} into ${out}`);
    return 0;
  }
  const all = targets();
  for (const name of argv) {
    if (!all.some((t) => t.name === name)) {
      console.error(
        `bundle: unknown bundle '${name}' (have: ${all.map((t) => t.name).join(', ')})`,
      );
      return 2;
    }
  }
  for (const target of all.filter((t) => argv.length === 0 || argv.includes(t.name))) {
    const sources = bundle(target.entry, join(root, 'dist', target.name), {
      library: target.library,
    });
    writeRecord(target.name, sources, target.library);
    console.log(`bundled dist/${target.name}`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`bundle: ${error.message}`);
    process.exitCode = 1;
  }
}
