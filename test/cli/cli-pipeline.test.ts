import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listActions, repoRoot } from '../../packages/cli/src/action-metadata.js';
import { runToEnd, type ProcessRun } from '../../scripts/demo/run-to-end.js';
import { assertFreshBundle } from '../harness/fresh-bundle.js';
import { saveLinearModel, WEATHER_CSV, weatherReference } from '../fixtures/models/build-models.js';

/**
 * Every action through the real `ml-actions` bin, chained like the pipeline a user would try
 * first on their machine: build-artifact → smoke-test → gate → deploy, and drift-monitor.
 * No token and no GitHub: each action must do its local work and skip the GitHub parts.
 */
const bin = path.join(repoRoot, 'packages', 'cli', 'bin', 'ml-actions.js');
const classifier = weatherReference.classifier;

interface CliRun extends ProcessRun {
  result: {
    exitCode: number;
    outputs: Record<string, string>;
    summary: string;
    annotations: Array<{ level: string; message: string }>;
  };
}

let cwd: string;

/** `ml-actions <action> --<flag> <value>...  --json` in `cwd`, with no token in its environment. */
async function cli(action: string, flags: Record<string, string>): Promise<CliRun> {
  const args = [action, ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value])];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  const run = await runToEnd(process.execPath, [bin, ...args, '--json'], { cwd, env });
  try {
    return { ...run, result: JSON.parse(run.stdout) as CliRun['result'] };
  } catch {
    throw new Error(
      `ml-actions ${args.join(' ')} printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`,
    );
  }
}

const errors = (run: CliRun) =>
  run.result.annotations.filter((a) => a.level === 'error').map((a) => a.message);

beforeAll(async () => {
  // The bin runs dist/cli and the action bundles: never silently test stale ones.
  for (const name of ['cli', ...listActions()]) assertFreshBundle(name);
  cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-pipeline-'));
  await saveLinearModel(path.join(cwd, 'model'), classifier, 'softmax', {
    classNames: classifier.class_names,
  });
  const [header, ...rows] = (await fs.readFile(WEATHER_CSV, 'utf8')).trim().split('\n');
  const year = (y: string) => [header, ...rows.filter((r) => r.startsWith(y))].join('\n') + '\n';
  await fs.mkdir(path.join(cwd, 'data'));
  await fs.writeFile(
    path.join(cwd, 'data', 'train.csv'),
    year('2012') + year('2013').split('\n').slice(1).join('\n'),
  );
  await fs.writeFile(path.join(cwd, 'data', 'sample-2014.csv'), year('2014'));
  await fs.writeFile(path.join(cwd, 'data', 'production-2015.csv'), year('2015'));
  await fs.writeFile(
    path.join(cwd, 'baseline.json'),
    JSON.stringify({ accuracy: 0.7, f1_macro: 0.35 }),
  );
  await fs.writeFile(
    path.join(cwd, 'policy.yml'),
    'rules:\n  - metric: accuracy\n    min: 0.6\n  - metric: accuracy\n    max-drop: 0.05\n',
  );
});
afterAll(() => fs.rm(cwd, { recursive: true, force: true }));

describe('the five actions through `ml-actions`, without a token', () => {
  let packageDir: string;
  let metrics: string;

  test('build-artifact packages the model without uploading: no artifact service locally', async () => {
    const run = await cli('build-artifact', {
      'model-path': 'model',
      name: 'weather',
      version: '1.0.0',
      // The CLI removes its RUNNER_TEMP (build-artifact's default) at the end.
      'output-dir': 'package',
    });
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.result.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.result.outputs['artifact-name']).toBe('weather-1.0.0');
    packageDir = run.result.outputs['package-dir'];
    expect(packageDir).toBe(path.join(cwd, 'package'));
    await expect(fs.stat(path.join(packageDir, 'ml-manifest.json'))).resolves.toBeTruthy();
    // build-artifact makes no GitHub API calls and has no github-token input: no token note.
    expect(run.stderr).not.toContain('note: no GitHub token');
    expect(run.stderr).toContain(
      'note: no Actions artifact service here: build-artifact runs with upload: false',
    );
    expect(run.result.outputs['artifact-id']).toBe('');
  });

  test('build-artifact with an explicit --upload true says why it cannot upload here', async () => {
    const run = await cli('build-artifact', {
      'model-path': 'model',
      name: 'weather',
      version: '1.0.1',
      'output-dir': 'pkg-upload',
      upload: 'true',
    });
    expect(run.code).toBe(1);
    expect(errors(run).join('\n')).toContain('the Actions artifact service is not available here');
  });

  test('smoke-test runs the 2014 sample through the package and writes metrics', async () => {
    const run = await cli('smoke-test', {
      model: packageDir,
      data: 'data/sample-2014.csv',
      features: classifier.features.join(','),
      'label-column': 'weather',
      'id-column': 'date',
    });
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.result.outputs.passed).toBe('true');
    expect(run.result.outputs.rows).toBe('365');
    metrics = path.resolve(cwd, run.result.outputs.metrics);
    const file = JSON.parse(await fs.readFile(metrics, 'utf8'));
    expect(file.metrics.accuracy).toBeGreaterThan(0.6);
    expect(run.result.summary).toContain('accuracy');
  });

  test('gate holds the metrics against the policy and the baseline; no comment without a token', async () => {
    const run = await cli('gate', {
      metrics,
      policy: 'policy.yml',
      baseline: 'baseline.json',
      // The CLI removes its RUNNER_TEMP (gate's default) at the end: keep the report here.
      'output-dir': 'gate',
    });
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.result.outputs.passed).toBe('true');
    expect(run.result.outputs['comment-url']).toBe('');
    expect(run.result.outputs.report).toBe(path.join(cwd, 'gate', 'gate-report.json'));
    const report = JSON.parse(await fs.readFile(run.result.outputs.report, 'utf8'));
    expect(JSON.stringify(report)).toContain('accuracy');

    const failing = await cli('gate', {
      metrics,
      policy: 'rules:\n  - metric: accuracy\n    min: 0.99\n',
    });
    expect(failing.code).toBe(1);
    expect(failing.result.outputs.passed).toBe('false');
    expect(errors(failing).join('\n')).toContain('accuracy');
  });

  test('deploy puts the package into a file:// registry and records no GitHub Deployment', async () => {
    const registry = `file://${path.join(cwd, 'registry')}`;
    const run = await cli('deploy', {
      package: packageDir,
      registry,
      environment: 'staging',
    });
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.result.outputs.status).toBe('deployed');
    expect(run.result.outputs.version).toBe('1.0.0');
    expect(run.result.outputs['deployment-id']).toBe('');
    const alias = JSON.parse(
      await fs.readFile(path.join(cwd, 'registry', 'weather', 'aliases', 'staging.json'), 'utf8'),
    );
    expect(alias.version).toBe('1.0.0');

    const promoted = await cli('deploy', {
      operation: 'promote',
      'from-environment': 'staging',
      model: 'weather',
      registry,
      environment: 'production',
    });
    expect(errors(promoted)).toEqual([]);
    expect(promoted.result.outputs.status).toBe('deployed');
  });

  test('drift-monitor compares 2015 production data with the training years; no issue without a token', async () => {
    const run = await cli('drift-monitor', {
      reference: 'data/train.csv',
      current: 'data/production-2015.csv',
      'exclude-columns': 'date',
      'report-dir': 'drift-report',
    });
    expect(errors(run)).toEqual([]);
    expect(run.code).toBe(0);
    expect(['true', 'false']).toContain(run.result.outputs['drift-detected']);
    expect(Number(run.result.outputs['drift-share'])).toBeGreaterThanOrEqual(0);
    expect(run.result.outputs['issue-number']).toBe('');
    const report = JSON.parse(
      await fs.readFile(path.resolve(cwd, run.result.outputs.report), 'utf8'),
    );
    expect(report.schema).toBe('ml-actions/drift@1');
    expect(report.columns.map((c: { name: string }) => c.name).sort()).toEqual([
      'precipitation',
      'temp_max',
      'temp_min',
      'weather',
      'wind',
    ]);
  });
});
