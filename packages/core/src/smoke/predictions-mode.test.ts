import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parseInputsMapping, resolveModelFeatures } from './model-features.js';
import { runPredictionsMode, type PredictionsModeOptions } from './predictions-mode.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'predictions-mode-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function options(overrides: Partial<PredictionsModeOptions>): PredictionsModeOptions {
  return {
    predictions: 'preds.csv',
    cwd: dir,
    labelColumn: 'label',
    task: 'auto',
    maxRows: 10_000,
    seed: 1,
    tolerance: 1e-4,
    outputDir: path.join(dir, `out-${Math.random().toString(36).slice(2)}`),
    ...overrides,
  };
}

describe('predictions mode', () => {
  test('classification with probability columns: accuracy, log loss, confusion matrix, metrics file', async () => {
    await fs.writeFile(
      path.join(dir, 'preds.csv'),
      'id,prediction,prob_cat,prob_dog,label\n1,cat,0.9,0.1,cat\n2,dog,0.2,0.8,dog\n3,cat,0.6,0.4,dog\n4,dog,0.3,0.7,dog\n',
    );
    const result = await runPredictionsMode(options({ idColumn: 'id' }));
    expect(result.passed).toBe(true);
    expect(result.backend).toBe('predictions-file');
    expect(result.task).toBe('classification');
    expect(result.classNames).toEqual(['cat', 'dog']);
    expect(result.metrics.accuracy).toBe(0.75);
    const expectedLogLoss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.7)) / 4;
    expect(result.metrics.log_loss).toBeCloseTo(expectedLogLoss, 5);
    expect(result.confusionMatrix).toEqual([
      [1, 0],
      [1, 2],
    ]);
    const metrics = JSON.parse(await fs.readFile(result.metricsFile, 'utf8'));
    expect(metrics.schema).toBe('ml-actions/metrics@1');
    expect(metrics.backend).toBe('predictions-file');
    expect(metrics.metrics.accuracy).toBe(0.75);
    expect(result.checks.find((c) => c.name === 'probabilities')?.status).toBe('pass');

    // Its own predictions file works as golden outputs on the next run.
    const again = await runPredictionsMode(
      options({ idColumn: 'id', expectedPredictions: result.predictionsFile }),
    );
    expect(again.checks.find((c) => c.name === 'golden-match')?.status).toBe('pass');
  });

  test('hard class predictions only (JSONL) and regression (numeric prediction)', async () => {
    await fs.writeFile(
      path.join(dir, 'hard.jsonl'),
      ['a', 'b', 'a', 'c']
        .map((p, i) => JSON.stringify({ prediction: p, label: ['a', 'b', 'b', 'c'][i] }))
        .join('\n'),
    );
    const hard = await runPredictionsMode(options({ predictions: 'hard.jsonl' }));
    expect(hard.task).toBe('classification');
    expect(hard.metrics.accuracy).toBe(0.75);

    await fs.writeFile(path.join(dir, 'reg.csv'), 'prediction,y\n1,1.5\n2,2.5\n3,2.5\n');
    const reg = await runPredictionsMode(options({ predictions: 'reg.csv', labelColumn: 'y' }));
    expect(reg.task).toBe('regression');
    expect(reg.metrics.rmse).toBeCloseTo(0.5, 6);
    expect(reg.metrics.mae).toBeCloseTo(0.5, 6);
  });

  test('a Parquet predictions file with named probability columns and numeric labels', async () => {
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'pred', data: [0, 1, 1, 0], type: 'INT32' as const },
        { name: 'p0', data: [0.8, 0.3, 0.1, 0.6], type: 'DOUBLE' as const },
        { name: 'p1', data: [0.2, 0.7, 0.9, 0.4], type: 'DOUBLE' as const },
        { name: 'y', data: [0, 1, 0, 0], type: 'INT32' as const },
      ],
    });
    await fs.writeFile(path.join(dir, 'preds.parquet'), Buffer.from(parquet));
    const result = await runPredictionsMode(
      options({
        predictions: 'preds.parquet',
        predictionColumn: 'pred',
        probabilityColumns: ['p0', 'p1'],
        labelColumn: 'y',
      }),
    );
    expect(result.passed).toBe(true);
    expect(result.task).toBe('classification');
    expect(result.metrics.accuracy).toBe(0.75);
    expect(result.metrics.rows).toBe(4);
  });

  test('probabilities that do not sum to 1 fail; a missing column is named', async () => {
    await fs.writeFile(
      path.join(dir, 'bad.csv'),
      'prediction,prob_a,prob_b,label\na,0.9,0.9,a\nb,0.1,0.2,b\n',
    );
    const bad = await runPredictionsMode(options({ predictions: 'bad.csv' }));
    expect(bad.passed).toBe(false);
    expect(bad.checks.find((c) => c.name === 'probabilities')?.status).toBe('fail');
    await expect(
      runPredictionsMode(options({ predictions: 'bad.csv', predictionColumn: 'pred' })),
    ).rejects.toThrow(
      /Input 'prediction-column': column 'pred' is not in the predictions file \(columns: prediction, prob_a, prob_b, label\)/,
    );
  });
});

describe('model features and the inputs mapping', () => {
  test('stored feature names are the default and must match the order given', () => {
    expect(resolveModelFeatures({}, ['a', 'b'])).toEqual(['a', 'b']);
    expect(resolveModelFeatures({ features: ['a', 'b'] }, ['a', 'b'])).toEqual(['a', 'b']);
    expect(resolveModelFeatures({ features: ['b', 'a'] }, undefined)).toEqual(['b', 'a']);
    // A different order is read as given; the feature-order check reports it.
    expect(resolveModelFeatures({ features: ['b', 'a'] }, ['a', 'b'])).toEqual(['b', 'a']);
    expect(resolveModelFeatures({ inputs: { x: ['a'], y: ['b', 'c'] } }, undefined)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  test('parses the inputs YAML mapping', () => {
    expect(parseInputsMapping('float_input: [a, b, c]\ncount: d, e')).toEqual({
      float_input: ['a', 'b', 'c'],
      count: ['d', 'e'],
    });
    expect(parseInputsMapping('')).toBeUndefined();
    expect(() => parseInputsMapping('- a\n- b')).toThrow(/Input 'inputs': give a mapping/);
    expect(() => parseInputsMapping('x: []')).toThrow(/model input 'x' needs a list/);
  });
});
