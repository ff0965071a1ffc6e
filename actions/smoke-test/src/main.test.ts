/**
 * In-process tests of smoke-test's run(): the toolkit is mocked, core runs for real (the
 * bundle tests in test/smoke-test run dist/ the way a runner does). Model mode and predictions
 * mode (the model / predictions routing, the refusals, the ONNX `inputs` mapping).
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { serveModelFile, startModelServer } from '../../../test/emulators/model-servers/index.js';
import { mockToolkit } from '../../../test/harness/toolkit-mock.js';

const toolkit = mockToolkit();
const { inputs, outputs, logged, summaries, setFailed } = toolkit;

const { run } = await import('./main.js');
const { SMOKE_TEST_DEFAULTS } = await import('./inputs.js');

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
const MODEL = path.join(REPO, 'test/fixtures/artifact/tfjs-layers');
const savedEnv = { ...process.env };
let workspace: string;

beforeEach(async () => {
  toolkit.reset();
  workspace = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-run-')));
  await fs.cp(MODEL, path.join(workspace, 'model'), { recursive: true });
  const rows = [
    'a,b,c,d,y',
    ...Array.from({ length: 12 }, (_, i) => `${i},${-3 * i},${(i * i) % 7},${10 - 2 * i},${i % 3}`),
  ];
  await fs.writeFile(path.join(workspace, 'data.csv'), rows.join('\n') + '\n');
  process.env.GITHUB_WORKSPACE = workspace;
  // As on a runner: off one, the system temp directory is also allowed (the CLI's steps).
  process.env.GITHUB_ACTIONS = 'true';
  process.env.RUNNER_TEMP = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-run-temp-'));
  process.env.GITHUB_STEP_SUMMARY = path.join(process.env.RUNNER_TEMP, 'summary.md');
  Object.assign(inputs, {
    model: 'model',
    data: 'data.csv',
    'label-column': 'y',
    backend: 'cpu',
    repeat: '1',
    warmup: '0',
  });
});

afterAll(() => {
  process.env = savedEnv;
});

describe('smoke-test run()', () => {
  it('passes: outputs, summary and a neutral outcome', async () => {
    await expect(run()).resolves.toEqual({});
    expect(outputs).toMatchObject({ passed: 'true', rows: '12', backend: 'cpu' });
    expect(outputs.metrics).toBe(path.join(workspace, 'smoke-test-results', 'metrics.json'));
    expect(summaries.join('')).toContain('## Smoke test passed ✅: model');
    expect(logged).toContain('Smoke test passed: 12 rows on cpu.');
    expect(setFailed).not.toHaveBeenCalled();
  });

  it('a failed check is an outcome naming it, after outputs and summary are written', async () => {
    inputs.features = 'a,b,c';
    const outcome = await run();
    expect(outcome.failure).toMatch(
      /^Smoke test failed: input-compatible: Input 'data': the model input .* expects rows of shape \[4\] but the data gives \[3\]/,
    );
    expect(outputs.passed).toBe('false');
    expect(outputs.predictions).toBe('');
    expect(summaries.join('')).toContain('## Smoke test failed ❌');
    expect(setFailed).not.toHaveBeenCalled();
  });

  it('refuses an output-dir outside the workspace, also through a symlink', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-run-outside-'));
    inputs['output-dir'] = outside;
    await expect(run()).rejects.toThrow(
      new RegExp(`^Input 'output-dir': '${outside}' .* is outside the workspace`),
    );
    await fs.symlink(outside, path.join(workspace, 'link'));
    inputs['output-dir'] = 'link/results';
    await expect(run()).rejects.toThrow(/^Input 'output-dir': 'link\/results' \(.*, really /);
    await expect(fs.readdir(outside)).resolves.toEqual([]);
    expect(Object.keys(outputs)).toEqual([]);
  });

  it('accepts an output-dir in the runner temp directory', async () => {
    inputs['output-dir'] = path.join(process.env.RUNNER_TEMP!, 'results');
    await expect(run()).resolves.toEqual({});
    expect(outputs.metrics).toBe(path.join(process.env.RUNNER_TEMP!, 'results', 'metrics.json'));
  });

  it('predictions mode: outputs from a predictions file, no model', async () => {
    for (const key of Object.keys(inputs)) delete inputs[key];
    await fs.writeFile(
      path.join(workspace, 'preds.csv'),
      'prediction,prob_a,prob_b,label\na,0.9,0.1,a\nb,0.4,0.6,b\nb,0.3,0.7,a\n',
    );
    Object.assign(inputs, { predictions: 'preds.csv', 'label-column': 'label' });
    await expect(run()).resolves.toEqual({});
    expect(outputs).toMatchObject({ passed: 'true', backend: 'predictions-file', rows: '3' });
    expect(outputs.predictions).toBe(
      path.join(workspace, 'smoke-test-results', 'predictions.jsonl'),
    );
    const metrics = JSON.parse(await fs.readFile(outputs.metrics, 'utf8'));
    expect(metrics.metrics.accuracy).toBeCloseTo(2 / 3, 10);
    expect(summaries.join('')).toContain('## Smoke test passed ✅');
    expect(logged).toContain('Smoke test passed: 3 rows on predictions-file.');
    expect(setFailed).not.toHaveBeenCalled();
  });

  it('predictions mode: a failed check is an outcome too', async () => {
    for (const key of Object.keys(inputs)) delete inputs[key];
    await fs.writeFile(path.join(workspace, 'preds.csv'), 'prediction,label\n1,1\n,2\n3,3\n');
    Object.assign(inputs, {
      predictions: 'preds.csv',
      'label-column': 'label',
      task: 'regression',
    });
    const outcome = await run();
    expect(outcome.failure).toMatch(/^Smoke test failed: finite-outputs: /);
    expect(outputs.passed).toBe('false');
    expect(setFailed).not.toHaveBeenCalled();
  });

  it('model and predictions together, or neither, are refused naming the input', async () => {
    Object.assign(inputs, { predictions: 'preds.csv', model: 'model.onnx' });
    await expect(run()).rejects.toThrow(/^Input 'predictions': give either model or predictions/);
    delete inputs.predictions;
    delete inputs.model;
    await expect(run()).rejects.toThrow(
      /^Input 'model': give model \(or endpoint, for a model server; or predictions/,
    );
    expect(Object.keys(outputs)).toEqual([]);
  });

  it('an inputs mapping that is not a mapping is refused before any model loads', async () => {
    Object.assign(inputs, { model: 'model.onnx', data: 'data.csv', inputs: '- a\n- b' });
    await expect(run()).rejects.toThrow(/^Input 'inputs': give a mapping/);
    expect(Object.keys(outputs)).toEqual([]);
  });

  it('endpoint mode: a server answering from the same model agrees with it (serving skew)', async () => {
    const served = await serveModelFile(path.join(workspace, 'model'), 'cpu');
    const server = await startModelServer({
      protocol: 'tf-serving',
      modelName: 'm',
      predict: served.predict,
    });
    try {
      Object.assign(inputs, { endpoint: server.url, protocol: 'tf-serving', 'model-name': 'm' });
      await expect(run()).resolves.toEqual({});
      expect(outputs.backend).toBe('endpoint');
      expect(outputs.passed).toBe('true');
      expect(server.requests.map((r) => r.path)).toEqual(['/v1/models/m:predict']);
      expect(summaries.join('\n')).toMatch(
        /\| serving-skew \| ✅ pass \| the server and the local model agree on all 12 rows/,
      );
    } finally {
      await server.close();
      served.dispose();
    }
  });

  it("uses action.yml's defaults", () => {
    const action = parse(
      readFileSync(path.join(REPO, 'actions/smoke-test/action.yml'), 'utf8'),
    ) as { inputs: Record<string, { default?: string }> };
    for (const [name, value] of Object.entries(SMOKE_TEST_DEFAULTS)) {
      expect([name, String(action.inputs[name]?.default)]).toEqual([name, String(value)]);
    }
    const declared = Object.entries(action.inputs).filter(([, i]) => (i.default ?? '') !== '');
    expect(declared.map(([name]) => name).sort()).toEqual(Object.keys(SMOKE_TEST_DEFAULTS).sort());
  });
});
