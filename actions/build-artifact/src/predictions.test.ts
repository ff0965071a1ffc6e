/**
 * build-artifact packages the per-row predictions file a smoke-test metrics file names, so gate's
 * `baseline: registry` can pair a candidate's rows with the deployed version's.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mockToolkit } from '../../../test/harness/toolkit-mock.js';

const toolkit = mockToolkit();
const { inputs, outputs, logged } = toolkit;

const { run } = await import('./main.js');

const savedEnv = { ...process.env };
let workspace: string;

const smokeMetrics = {
  schema: 'ml-actions/metrics@1',
  metrics: { accuracy: 0.9 },
  predictions: 'predictions.jsonl',
};

beforeEach(async () => {
  toolkit.reset();
  workspace = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'build-predictions-')));
  await fs.mkdir(path.join(workspace, 'model'));
  await fs.writeFile(path.join(workspace, 'model', 'weights.txt'), '0.1 0.2\n');
  await fs.mkdir(path.join(workspace, 'smoke'));
  await fs.writeFile(path.join(workspace, 'smoke', 'metrics.json'), JSON.stringify(smokeMetrics));
  process.env.GITHUB_WORKSPACE = workspace;
  process.env.RUNNER_TEMP = workspace;
  process.env.GITHUB_SHA = '0123456789abcdef';
  Object.assign(inputs, {
    'model-path': 'model',
    name: 'churn',
    format: 'files',
    upload: 'false',
    metrics: 'smoke/metrics.json',
  });
});

afterAll(() => {
  process.env = savedEnv;
});

const manifestOf = async () =>
  JSON.parse(await fs.readFile(outputs.manifest, 'utf8')) as {
    predictions?: string;
    metrics?: unknown;
    files: { path: string }[];
  };

it('packages the predictions file the metrics file names, listed and named in the manifest', async () => {
  const rows = '{"row":1,"prediction":"a","label":"a"}\n';
  await fs.writeFile(path.join(workspace, 'smoke', 'predictions.jsonl'), rows);
  await expect(run()).resolves.toEqual({});
  const manifest = await manifestOf();
  expect(manifest.predictions).toBe('evaluation-predictions.jsonl');
  expect(manifest.metrics).toEqual({ accuracy: 0.9 });
  expect(manifest.files.map((f) => f.path)).toEqual([
    'evaluation-predictions.jsonl',
    'weights.txt',
  ]);
  const stored = path.join(outputs['package-dir'], 'evaluation-predictions.jsonl');
  expect(await fs.readFile(stored, 'utf8')).toBe(rows);
});

it('warns and packages the metrics alone when the named predictions file is not there', async () => {
  await expect(run()).resolves.toEqual({});
  const manifest = await manifestOf();
  expect(manifest.predictions).toBeUndefined();
  expect(manifest.files.map((f) => f.path)).toEqual(['weights.txt']);
  expect(logged).toContainEqual(
    expect.stringMatching(
      /^warning: Input 'metrics': 'smoke\/metrics\.json' names the predictions file '.*predictions\.jsonl', which is not there/,
    ),
  );
});

it('refuses a model file that takes the reserved name', async () => {
  await fs.writeFile(path.join(workspace, 'smoke', 'predictions.jsonl'), '{}\n');
  await fs.writeFile(path.join(workspace, 'model', 'evaluation-predictions.jsonl'), 'mine');
  await expect(run()).rejects.toThrow(
    /evaluation-predictions\.jsonl' uses a name the package reserves/,
  );
});
