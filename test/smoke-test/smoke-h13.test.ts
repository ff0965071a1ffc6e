import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveLinearModel, WEATHER_CSV, weatherReference } from '../fixtures/models/build-models.js';
import { runAction, type ActionRun } from '../harness/run-action.js';

/** Issue 13 on the smoke-test bundle: per-class metrics, feature order, degenerate output. */

let workspace: string;
const classifier = weatherReference.classifier;
const regressor = weatherReference.regressor;

beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-h13-'));
  await fs.copyFile(WEATHER_CSV, path.join(workspace, 'weather.csv'));
  await saveLinearModel(path.join(workspace, 'logreg'), classifier, 'softmax', {
    classNames: classifier.class_names,
    features: classifier.features,
  });
});
afterAll(() => fs.rm(workspace, { recursive: true, force: true }));

const smoke = (inputs: Record<string, string>): Promise<ActionRun> =>
  runAction('smoke-test', { cwd: workspace, inputs });

interface MetricsJson {
  metrics: Record<string, unknown> & {
    per_class?: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  };
  checks: { name: string; status: string; detail?: string }[];
  predictions?: string;
}
const readMetrics = async (file: string) =>
  JSON.parse(await fs.readFile(file, 'utf8')) as MetricsJson;

describe('smoke-test bundle, issue 13', () => {
  it('writes per_class metrics whose macro mean is sklearn f1_macro, and names the predictions file', async () => {
    const run = await smoke({
      model: 'logreg',
      data: 'weather.csv',
      features: classifier.features.join(','),
      'label-column': 'weather',
      'output-dir': 'out-ok',
    });
    expect(run.exitCode).toBe(0);
    const file = await readMetrics(run.outputs.metrics);
    const perClass = file.metrics.per_class!;
    expect(Object.keys(perClass)).toEqual(classifier.class_names);
    const support = Object.values(perClass).reduce((s, c) => s + c.support, 0);
    expect(support).toBe(weatherReference.rows);
    // Every class has support here, so sklearn's macro averages are the plain means.
    const mean = (k: 'precision' | 'recall' | 'f1') =>
      Object.values(perClass).reduce((s, c) => s + c[k], 0) / classifier.class_names.length;
    expect(mean('f1')).toBeCloseTo(classifier.expected.f1_macro, 4);
    expect(mean('recall')).toBeCloseTo(classifier.expected.recall_macro, 4);
    expect(mean('precision')).toBeCloseTo(classifier.expected.precision_macro, 4);
    expect(file.predictions).toBe('predictions.jsonl');
    const statuses = Object.fromEntries(file.checks.map((c) => [c.name, c.status]));
    expect(statuses).toMatchObject({ 'feature-order': 'pass', 'degenerate-output': 'pass' });
  });

  it('fails reversed feature order against the names stored with the model, showing both lists', async () => {
    const reversed = [...classifier.features].reverse();
    const run = await smoke({
      model: 'logreg',
      data: 'weather.csv',
      features: reversed.join(','),
      'label-column': 'weather',
      'output-dir': 'out-reversed',
    });
    expect(run.exitCode).toBe(1);
    const error = run.annotations.find((a) => a.level === 'error')?.message ?? '';
    expect(error).toContain(
      `feature-order: the features are in another order than the model's metadata (features): data gives [${reversed.join(', ')}], the model expects [${classifier.features.join(', ')}]`,
    );
  });

  it('fails a regression model with a constant output while the labels vary', async () => {
    const zero = {
      ...regressor,
      kernel: regressor.kernel.map((row) => row.map(() => 0)),
      bias: [21.5],
    };
    await saveLinearModel(path.join(workspace, 'constant'), zero, 'linear');
    const run = await smoke({
      model: 'constant',
      data: 'weather.csv',
      features: regressor.features.join(','),
      'label-column': 'temp_max',
      'output-dir': 'out-constant',
    });
    expect(run.exitCode).toBe(1);
    const file = await readMetrics(run.outputs.metrics);
    const check = file.checks.find((c) => c.name === 'degenerate-output');
    expect(check).toEqual({
      name: 'degenerate-output',
      status: 'fail',
      detail: `the model outputs the same value 21.5 for all ${weatherReference.rows} rows, while the labels vary (check the feature order and preprocessing).`,
    });
    expect(run.summary).toContain('degenerate-output');
  });

  it('does not false-alarm on a 2-row dataset', async () => {
    const csv = (await fs.readFile(path.join(workspace, 'weather.csv'), 'utf8'))
      .split('\n')
      .slice(0, 3)
      .join('\n');
    await fs.writeFile(path.join(workspace, 'two.csv'), csv + '\n');
    const run = await smoke({
      model: 'logreg',
      data: 'two.csv',
      features: classifier.features.join(','),
      'label-column': 'weather',
      'output-dir': 'out-two',
    });
    const file = await readMetrics(run.outputs.metrics);
    const check = file.checks.find((c) => c.name === 'degenerate-output');
    expect(check?.status).toBe('skip');
  });

  it('feeds gate significance-aware rules: the metrics file names its predictions file', async () => {
    const candidate = await smoke({
      model: 'logreg',
      data: 'weather.csv',
      features: classifier.features.join(','),
      'label-column': 'weather',
      'id-column': 'date',
      'output-dir': 'out-candidate',
    });
    expect(candidate.exitCode).toBe(0);
    const accuracy = classifier.expected.accuracy;
    const gate = await runAction('gate', {
      cwd: workspace,
      inputs: {
        metrics: 'out-candidate/metrics.json',
        baseline: 'out-candidate/metrics.json',
        'baseline-predictions': 'out-candidate/predictions.jsonl',
        comment: 'never',
        policy: [
          'rules:',
          '  - metric: accuracy',
          `    min: ${accuracy - 0.1}`,
          '    confidence: 0.95',
          '  - metric: per_class.rain.recall',
          '    max-drop: 0.01',
          '    confidence: 0.95',
        ].join('\n'),
      },
    });
    expect(gate.exitCode).toBe(0);
    const report = JSON.parse(await fs.readFile(gate.outputs.report, 'utf8'));
    expect(report.checks[0]).toMatchObject({ verdict: 'pass', test: 'bootstrap' });
    expect(report.checks[0].interval[0]).toBeLessThan(accuracy);
    expect(report.checks[0].interval[1]).toBeGreaterThan(accuracy);
    expect(report.checks[1]).toMatchObject({ verdict: 'pass', test: 'paired-bootstrap', delta: 0 });
  });
});
