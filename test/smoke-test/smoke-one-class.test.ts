import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveLinearModel, WEATHER_CSV, weatherReference } from '../fixtures/models/build-models.js';
import { runAction } from '../harness/run-action.js';

/** Issue 13 "Why": a classifier that predicts one class for every row used to pass smoke-test. */

let workspace: string;
const classifier = weatherReference.classifier;

beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-one-class-'));
  await fs.copyFile(WEATHER_CSV, path.join(workspace, 'weather.csv'));
});
afterAll(() => fs.rm(workspace, { recursive: true, force: true }));

it('fails a classifier that predicts one class for every row, naming the class', async () => {
  // No weights, and a bias that favours 'sun': every row comes out 'sun'.
  const sun = classifier.class_names.indexOf('sun');
  const oneClass = {
    ...classifier,
    kernel: classifier.kernel.map((row) => row.map(() => 0)),
    bias: classifier.bias.map((_, k) => (k === sun ? 5 : 0)),
  };
  await saveLinearModel(path.join(workspace, 'always-sun'), oneClass, 'softmax', {
    classNames: classifier.class_names,
    features: classifier.features,
  });
  const run = await runAction('smoke-test', {
    cwd: workspace,
    inputs: {
      model: 'always-sun',
      data: 'weather.csv',
      features: classifier.features.join(','),
      'label-column': 'weather',
      'output-dir': 'out',
    },
  });
  expect(run.exitCode).toBe(1);
  const file = JSON.parse(await fs.readFile(run.outputs.metrics, 'utf8')) as {
    checks: { name: string; status: string; detail?: string }[];
  };
  expect(file.checks.find((c) => c.name === 'degenerate-output')).toEqual({
    name: 'degenerate-output',
    status: 'fail',
    detail: expect.stringMatching(
      new RegExp(
        `^the model predicts class 'sun' for all ${weatherReference.rows} rows, while the labels have \\d+ distinct values`,
      ),
    ),
  });
  expect(run.annotations.find((a) => a.level === 'error')?.message).toMatch(/degenerate-output/);
});
