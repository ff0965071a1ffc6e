import { jest } from '@jest/globals';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** smoke-test's run() in process, @actions/core mocked: the model / predictions routing. */
const inputs: Record<string, string> = {};
const outputs: Record<string, string> = {};
jest.unstable_mockModule('@actions/core', () => ({
  getInput: (name: string) => inputs[name] ?? '',
  setOutput: (name: string, value: string) => {
    outputs[name] = value;
  },
  info: () => undefined,
  debug: () => undefined,
  warning: () => undefined,
  summary: { addRaw: () => ({ write: async () => undefined }), emptyBuffer: () => undefined },
}));
const { run } = await import('./main.js');

let workspace: string;
beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-main-'));
  process.env.GITHUB_WORKSPACE = workspace;
  delete process.env.GITHUB_STEP_SUMMARY;
  await fs.writeFile(
    path.join(workspace, 'preds.csv'),
    'prediction,prob_a,prob_b,label\na,0.9,0.1,a\nb,0.4,0.6,b\nb,0.3,0.7,a\n',
  );
});
afterAll(async () => {
  delete process.env.GITHUB_WORKSPACE;
  await fs.rm(workspace, { recursive: true, force: true });
});
beforeEach(() => {
  for (const key of Object.keys(inputs)) delete inputs[key];
  for (const key of Object.keys(outputs)) delete outputs[key];
});

test('predictions mode: outputs from a predictions file, no model', async () => {
  Object.assign(inputs, { predictions: 'preds.csv', 'label-column': 'label' });
  await run();
  expect(outputs.passed).toBe('true');
  expect(outputs.backend).toBe('predictions-file');
  expect(outputs.rows).toBe('3');
  const metrics = JSON.parse(await fs.readFile(outputs.metrics, 'utf8'));
  expect(metrics.metrics.accuracy).toBeCloseTo(2 / 3, 10);
});

test('model and predictions together, or neither, are refused naming the input', async () => {
  Object.assign(inputs, { predictions: 'preds.csv', model: 'model.onnx' });
  await expect(run()).rejects.toThrow(/Input 'predictions': give either model or predictions/);
  delete inputs.predictions;
  delete inputs.model;
  await expect(run()).rejects.toThrow(/Input 'model': give model \(or predictions/);
});

test('an inputs mapping that is not a mapping is refused before any model loads', async () => {
  Object.assign(inputs, { model: 'model.onnx', data: 'preds.csv', inputs: '- a\n- b' });
  await expect(run()).rejects.toThrow(/Input 'inputs': give a mapping/);
});
