import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyRepository, git } from './repo-copy.js';

/**
 * The house rules fail `npm test` when broken. Each case makes the change in a temporary copy
 * of the repository and runs the same command `npm test` runs (on one bundle or the changed
 * files only, to stay fast).
 */
let copy: string;

function node(...args: string[]) {
  return spawnSync(process.execPath, args, {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

function eslint(...files: string[]) {
  return node(
    join(copy, 'node_modules', 'eslint', 'bin', 'eslint.js'),
    '--no-warn-ignored',
    ...files,
  );
}

function write(file: string, text: string) {
  writeFileSync(join(copy, file), text);
}

beforeAll(() => {
  copy = copyRepository();
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('check-dist', () => {
  test('passes on a fresh bundle, and fails once a core source changes without rebundling', () => {
    // What a commit with its bundle looks like: bundle gate, commit dist/.
    expect(node('scripts/bundle.mjs', 'gate').status).toBe(0);
    git(copy, 'add', '-A', 'dist');
    git(copy, 'commit', '-q', '-m', 'bundle gate');
    // Rebundling the same sources gives the same files (source maps included).
    const same = node('scripts/check-dist.mjs', 'gate');
    expect(same.stderr).toBe('');
    expect(same.status).toBe(0);

    // A source change committed without its bundle: npm test rebundles, then check-dist fails.
    const file = join(copy, 'packages/core/src/runner/run-wrapper.ts');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('Unexpected error (please report it)');
    writeFileSync(file, text.replace('please report it', 'please report this'));
    git(copy, 'commit', '-q', '-am', 'reword without rebundling');
    expect(node('scripts/bundle.mjs', 'gate').status).toBe(0);
    const stale = node('scripts/check-dist.mjs', '--no-bundle', 'gate');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('check-dist: FAILED');
    expect(stale.stderr).toContain('dist/gate/main.js');
    expect(stale.stderr).toContain('npm run bundle');
  }, 1_800_000);
});

describe('layering lint', () => {
  test('stats/ importing a value from data/ fails lint; a type import is allowed', () => {
    write(
      'packages/core/src/stats/probe-value.ts',
      "import { readTable } from '../data/read-table.js';\nexport const probe = readTable;\n",
    );
    write(
      'packages/core/src/stats/probe-type.ts',
      "import type { ColumnSchema } from '../data/table-types.js';\nexport type Probe = ColumnSchema;\n",
    );
    const value = eslint('packages/core/src/stats/probe-value.ts');
    expect(value.status).toBe(1);
    expect(value.stdout).toContain("'../data/read-table.js' import is restricted");
    expect(value.stdout).toContain('stats/ may not import values from other folders');
    const type = eslint('packages/core/src/stats/probe-type.ts');
    expect(type.stdout).toBe('');
    expect(type.status).toBe(0);
  });

  test('report/ importing node:fs, or core importing @actions/core or actions/, fails lint', () => {
    write(
      'packages/core/src/report/probe-fs.ts',
      "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    );
    write(
      'packages/core/src/metrics/probe-core.ts',
      "import * as core from '@actions/core';\nimport { run } from '../../../actions/gate/src/main.js';\nexport const probe = [core, run];\n",
    );
    write(
      'packages/core/src/metrics/probe-console.ts',
      "export function probe(): void {\n  console.log('hi');\n}\n",
    );
    const fs = eslint('packages/core/src/report/probe-fs.ts');
    expect(fs.status).toBe(1);
    expect(fs.stdout).toContain("'node:fs' import is restricted");
    expect(fs.stdout).toContain('report/ is pure');
    const core = eslint('packages/core/src/metrics/probe-core.ts');
    expect(core.status).toBe(1);
    expect(core.stdout).toContain("'@actions/core' import is restricted");
    expect(core.stdout).toContain('Core never imports from actions/');
    const log = eslint('packages/core/src/metrics/probe-console.ts');
    expect(log.status).toBe(1);
    expect(log.stdout).toContain('no-console');
  });

  test('check-layers names a new cycle between folders, with the imports that make it', () => {
    for (const probe of ['stats/probe-value.ts', 'stats/probe-type.ts', 'report/probe-fs.ts']) {
      rmSync(join(copy, 'packages/core/src', probe), { force: true });
    }
    // runner/ imports inputs/ (allowed); inputs/ importing runner/ closes a cycle.
    write(
      'packages/core/src/inputs/probe-cycle.ts',
      "import { silentLogger } from '../runner/logger.js';\nexport const probe = silentLogger;\n",
    );
    const result = node('scripts/check-layers.mjs');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cycle between domain folders: inputs -> runner -> inputs');
    expect(result.stderr).toContain(
      "inputs -> runner: packages/core/src/inputs/probe-cycle.ts:1 imports '../runner/logger.js'",
    );
    // Made type-only, the same import is no longer a runtime edge.
    write(
      'packages/core/src/inputs/probe-cycle.ts',
      "import type { Logger } from '../runner/logger.js';\nexport type Probe = Logger;\n",
    );
    expect(node('scripts/check-layers.mjs').stderr).not.toContain('probe-cycle.ts');
  });
});
