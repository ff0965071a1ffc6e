import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../../packages/cli/src/action-metadata.js';
import { runToEnd, type ProcessRun } from '../../scripts/demo/run-to-end.js';
import { assertFreshBundle } from '../harness/fresh-bundle.js';

/**
 * What a user gets without a clone: the repository packed by `npm pack` (what npm builds from
 * a `github:` spec too), run with `npx --yes file:<tarball>` from an empty directory and
 * installed with `npm install <tarball>` into a project of theirs. npm runs with a private
 * cache and --offline: the package must need nothing else. Every action run gets a TMPDIR of
 * its own, which must be empty again afterwards.
 */

let tmp: string;
let tarball: string;
let project: string;
let empty: string;
let tmpdir: string;
let npmCache: string;

function run(command: string, args: string[], cwd: string, shell = false): Promise<ProcessRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: tmpdir,
    npm_config_cache: npmCache,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return runToEnd(command, args, { cwd, env, shell });
}

/** Runs the CLI with --json and returns its result (the outputs, the summary, the exit code). */
async function cliJson(how: 'npx' | 'installed', action: string, flags: Record<string, string>) {
  const args = [action, ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value])];
  const r =
    how === 'npx'
      ? await run('npx', ['--yes', `file:${tarball}`, ...args, '--json'], empty)
      : await run('npx', ['ml-actions', ...args, '--json'], project);
  try {
    return {
      ...r,
      result: JSON.parse(r.stdout) as {
        exitCode: number;
        outputs: Record<string, string>;
        summary: string;
      },
    };
  } catch {
    throw new Error(`ml-actions ${args.join(' ')} printed no JSON (exit ${r.code}):\n${r.stderr}`);
  }
}

/** The ml-actions folders a run left in its TMPDIR (none: the CLI and the actions clean up). */
async function leftInTmpdir(): Promise<string[]> {
  return (await fs.readdir(tmpdir)).filter((name) => name.includes('ml-actions'));
}

beforeAll(async () => {
  for (const name of ['cli', 'gate', 'drift-monitor', 'smoke-test', 'build-artifact', 'deploy']) {
    assertFreshBundle(name);
  }
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'packed-package-'));
  [project, empty, tmpdir, npmCache] = ['project', 'empty', 'tmpdir', 'npm-cache'].map((d) =>
    path.join(tmp, d),
  );
  for (const dir of [project, empty, tmpdir, npmCache]) await fs.mkdir(dir);

  const pack = await run('npm', ['pack', '--json', '--pack-destination', tmp], repoRoot);
  expect(pack.code).toBe(0);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(tmp, packed.filename);
  const files = packed.files.map((f) => f.path);
  // The CLI, every action's bundle and action.yml, the save helper; no sources, tests or docs.
  expect(files).toEqual(
    expect.arrayContaining([
      'dist/cli/index.js',
      'dist/gate/index.js',
      'dist/smoke-test/tfjs-backend-wasm-simd.wasm',
      'actions/gate/action.yml',
      'dist/lib/save-tfjs-model.js',
      'dist/lib/save-tfjs-model.d.ts',
    ]),
  );
  expect(files.filter((f) => /^(packages|test|scripts|docs|node_modules)\//.test(f))).toEqual([]);

  await fs.writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'user-project', private: true, type: 'module' }),
  );
  const install = await run('npm', ['install', tarball], project);
  expect(install.stderr).not.toContain('EBADENGINE');
  expect(install.code).toBe(0);
  // The user's own TF.js (what their training script imports), here the repository's copy.
  await fs.mkdir(path.join(project, 'node_modules', '@tensorflow'));
  await fs.symlink(
    path.join(repoRoot, 'node_modules', '@tensorflow', 'tfjs'),
    path.join(project, 'node_modules', '@tensorflow', 'tfjs'),
  );
});

afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('npx --yes file:<tarball> from an empty directory', () => {
  test('gate passes and fails on a metrics file, and leaves no temporary folders', async () => {
    await fs.writeFile(path.join(empty, 'metrics.json'), JSON.stringify({ accuracy: 0.93 }));
    const pass = await cliJson('npx', 'gate', {
      metrics: 'metrics.json',
      policy: 'rules: [{metric: accuracy, min: 0.9}]',
      'output-dir': 'gate',
    });
    expect(pass.code).toBe(0);
    expect(pass.result.outputs.passed).toBe('true');
    const report = JSON.parse(
      await fs.readFile(path.join(empty, 'gate', 'gate-report.json'), 'utf8'),
    );
    expect(report.counts).toEqual({ pass: 1, fail: 0, warn: 0, skip: 0 });

    const fail = await cliJson('npx', 'gate', {
      metrics: 'metrics.json',
      policy: 'rules: [{metric: accuracy, min: 0.95}]',
    });
    expect(fail.code).toBe(1);
    expect(fail.result.outputs.passed).toBe('false');
    expect(fail.result.summary).toContain('accuracy');
    expect(await leftInTmpdir()).toEqual([]);
  });

  test('drift-monitor finds the column that moved', async () => {
    const rows = (shift: number) =>
      [
        'temp,site',
        ...Array.from(
          { length: 200 },
          (_, i) => `${((i * 37) % 100) / 10 + shift},${i % 2 ? 'a' : 'b'}`,
        ),
      ].join('\n') + '\n';
    await fs.writeFile(path.join(empty, 'reference.csv'), rows(0));
    await fs.writeFile(path.join(empty, 'current.csv'), rows(5));
    const drift = await cliJson('npx', 'drift-monitor', {
      reference: 'reference.csv',
      current: 'current.csv',
    });
    expect(drift.code).toBe(0);
    expect(JSON.parse(drift.result.outputs['drifted-columns'])).toEqual(['temp']);
    const report = JSON.parse(
      await fs.readFile(path.join(empty, 'drift-report', 'drift.json'), 'utf8'),
    );
    expect(report.columns.find((c: { name: string }) => c.name === 'site').drifted).toBe(false);
    expect(await leftInTmpdir()).toEqual([]);
  });
});

describe('npm install <tarball> in a project of the user', () => {
  test('saveTfjsModel imported from the package saves a model that smoke-test runs', async () => {
    // The user's training script: two features, three classes, fixed weights.
    await fs.writeFile(
      path.join(project, 'save-model.mjs'),
      `import * as tf from '@tensorflow/tfjs';
import { saveTfjsModel } from 'ml-actions/save-tfjs-model';

const version = process.argv[2];
const model = tf.sequential();
model.add(tf.layers.dense({ inputShape: [2], units: 3, activation: 'softmax' }));
model.setWeights([tf.tensor2d([[4, -4, 0], [0, 0, 4]]), tf.tensor1d([0, 0, -2])]);
const saved = await saveTfjsModel(model, 'model-' + version, {
  classNames: ['east', 'west', 'up'],
  metadata: { features: ['x', 'y'] },
});
console.log(JSON.stringify(saved));
`,
    );
    const saved = await run('node', ['save-model.mjs', '1.0.0'], project);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toEqual({
      modelJson: path.join('model-1.0.0', 'model.json'),
      weightFiles: ['group1-shard1of1.bin'],
      weightBytes: 36,
    });
    const data = [
      'x,y,direction',
      '1,0,east',
      '2,0.1,east',
      '-1,0,west',
      '-2,0.2,west',
      '0,2,up',
      '0.1,3,up',
    ];
    await fs.writeFile(path.join(project, 'sample.csv'), `${data.join('\n')}\n`);

    const smoke = await cliJson('installed', 'smoke-test', {
      model: 'model-1.0.0',
      data: 'sample.csv',
      'label-column': 'direction',
    });
    expect(smoke.code).toBe(0);
    expect(smoke.result.outputs.passed).toBe('true');
    const metrics = JSON.parse(
      await fs.readFile(path.join(project, 'smoke-test-results', 'metrics.json'), 'utf8'),
    );
    expect(metrics.metrics.accuracy).toBe(1);
    expect(await leftInTmpdir()).toEqual([]);
  });

  test("the rollback command in deploy's summary runs as printed", async () => {
    await run('node', ['save-model.mjs', '2.0.0'], project);
    for (const version of ['1.0.0', '2.0.0']) {
      const built = await cliJson('installed', 'build-artifact', {
        'model-path': `model-${version}`,
        name: 'direction',
        version,
        'output-dir': `package-${version}`,
      });
      expect(built.code).toBe(0);
      const deployed = await cliJson('installed', 'deploy', {
        package: `package-${version}`,
        registry: 'registry',
        environment: 'production',
      });
      expect(deployed.code).toBe(0);
      expect(deployed.result.outputs.version).toBe(version);
      if (version === '1.0.0') continue;

      const summary = deployed.result.summary;
      const command = /```sh\n(.+)\n```/.exec(summary)?.[1];
      expect(command).toMatch(
        /^node '?\/.+\/node_modules\/ml-actions\/dist\/cli\/index\.js'? deploy /,
      );
      expect(command).toContain("--to-version '1.0.0'");
      const undo = await run(command ?? 'false', [], project, true);
      expect(undo.stderr).toContain('deploy succeeded');
      expect(undo.code).toBe(0);
      const alias = JSON.parse(
        await fs.readFile(
          path.join(project, 'registry', 'direction', 'aliases', 'production.json'),
          'utf8',
        ),
      );
      expect(alias.version).toBe('1.0.0');
    }
    expect(await leftInTmpdir()).toEqual([]);
  });
});
