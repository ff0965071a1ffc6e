import type { Table } from '../data/table-types.js';
import { buildFeatureMatrix } from './feature-matrix.js';
import { compareGolden, parseGolden } from './golden.js';
import {
  determinismCheck,
  finiteOutputsCheck,
  percentile,
  probabilitiesCheck,
} from './prediction-checks.js';
import { computeQualityMetrics, detectTask } from './quality-metrics.js';

const table: Table = {
  columns: [
    { name: 'id', type: 'categorical', values: ['a', 'b'], missing: 0 },
    { name: 'x1', type: 'numeric', values: [1, 2], missing: 0 },
    { name: 'flag', type: 'boolean', values: [true, false], missing: 0 },
    { name: 'x2', type: 'numeric', values: [3, null], missing: 1 },
    { name: 'label', type: 'categorical', values: ['yes', 'no'], missing: 0 },
  ],
  rows: 2,
  totalRows: 2,
  rowIndex: [0, 1],
  files: ['data.csv'],
};

describe('buildFeatureMatrix', () => {
  it('orders features as given and turns booleans into 0/1', () => {
    const m = buildFeatureMatrix(table, {
      features: ['flag', 'x1'],
      labelColumn: 'label',
      idColumn: 'id',
    });
    expect(Array.from(m.values)).toEqual([1, 1, 0, 2]);
    expect(m.labels).toEqual(['yes', 'no']);
    expect(m.ids).toEqual(['a', 'b']);
  });

  it('defaults to every column but the label and id, and refuses empty cells', () => {
    expect(() => buildFeatureMatrix(table, { labelColumn: 'label', idColumn: 'id' })).toThrow(
      /feature 'x2' has 1 missing value\(s\) \(first at data row 2\)/,
    );
  });

  it('names a missing label column', () => {
    expect(() => buildFeatureMatrix(table, { labelColumn: 'target' })).toThrow(
      /Input 'label-column': column 'target' is not in the data/,
    );
  });
});

describe('golden outputs', () => {
  it('reads our predictions file and plain JSON arrays', () => {
    expect(
      parseGolden('{"id":"a","output":[0.1,0.9]}\n{"id":"b","output":[0.5,0.5]}\n', 'g.jsonl'),
    ).toEqual([
      { id: 'a', output: [0.1, 0.9] },
      { id: 'b', output: [0.5, 0.5] },
    ]);
    expect(parseGolden('[1.5, [2, 3]]', 'g.json')).toEqual([{ output: [1.5] }, { output: [2, 3] }]);
    expect(() => parseGolden('[{"x": 1}]', 'g.json')).toThrow(/item 0: expected a number/);
  });

  it('applies tolerance absolutely and relatively', () => {
    const golden = [{ output: [100] }, { output: [0] }];
    // 100.009 is within 1e-4 + 1e-4·100; 0.0002 is not within 1e-4 of 0
    const check = compareGolden(Float32Array.of(100.009, 0.0002), 1, undefined, golden, 1e-4);
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(
      /^1 of 2 rows differ beyond tolerance 0\.0001; worst difference 0\.00\d+ at row 1\.$/,
    );
  });

  it('matches rows by id and counts a NaN as a difference', () => {
    const golden = [
      { id: 'b', output: [2] },
      { id: 'a', output: [1] },
    ];
    expect(compareGolden(Float32Array.of(1, 2), 1, ['a', 'b'], golden, 0).status).toBe('pass');
    const nan = compareGolden(Float32Array.of(Number.NaN, 2), 1, ['a', 'b'], golden, 0.1);
    expect(nan).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/worst difference ∞ at id a/),
    });
  });

  it('fails when the row counts differ', () => {
    expect(
      compareGolden(Float32Array.of(1), 1, undefined, [{ output: [1] }, { output: [2] }], 0).detail,
    ).toBe('expected 2 rows of predictions, got 1.');
  });
});

describe('output checks', () => {
  it('finds non-finite outputs', () => {
    expect(finiteOutputsCheck(Float32Array.of(1, 2, Infinity, 4), 2)).toMatchObject({
      status: 'fail',
      detail: '1 output values are NaN or infinite (first in row 2).',
    });
  });

  it('checks softmax rows sum to one and skips other activations', () => {
    expect(probabilitiesCheck(Float32Array.of(0.2, 0.8, 0.5, 0.6), 2, 'softmax')).toMatchObject({
      status: 'fail',
      detail: '1 rows do not sum to 1 (worst sum 1.1).',
    });
    expect(probabilitiesCheck(Float32Array.of(1.5), 1, 'sigmoid').status).toBe('fail');
    expect(probabilitiesCheck(Float32Array.of(7), 1, 'linear').status).toBe('skip');
  });

  it('requires repeated runs to be identical bit for bit', () => {
    expect(determinismCheck([Float32Array.of(1, 2), Float32Array.of(1, 2)]).status).toBe('pass');
    expect(determinismCheck([Float32Array.of(1, 2), Float32Array.of(1, 2.5)]).detail).toBe(
      'run 2 differs from run 1 in 1 values (largest difference 0.5).',
    );
  });

  it('interpolates percentiles like numpy', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 1, 5], 95)).toBeCloseTo(9.5, 10);
  });
});

describe('quality metrics', () => {
  it('detects the task from the output', () => {
    expect(detectTask('auto', 3)).toBe('classification');
    expect(detectTask('auto', 1, 'sigmoid')).toBe('classification');
    expect(detectTask('auto', 1, 'linear')).toBe('regression');
  });

  it('scores a sigmoid output as a binary classifier with sorted text labels', () => {
    const result = computeQualityMetrics({
      task: 'auto',
      outputs: Float32Array.of(0.9, 0.2, 0.6, 0.4),
      width: 1,
      finalActivation: 'sigmoid',
      labels: ['yes', 'no', 'no', 'yes'],
    });
    expect(result.classNames).toEqual(['no', 'yes']);
    expect(result.metrics.accuracy).toBe(0.5);
    expect(result.metrics.roc_auc).toBe(0.75);
    expect(result.checks[0].detail).toMatch(/assumed the sorted labels no, yes/);
  });

  it('fails labels the model does not know', () => {
    const result = computeQualityMetrics({
      task: 'classification',
      outputs: Float32Array.of(0.9, 0.1),
      width: 2,
      metadata: { classNames: ['cat', 'dog'] },
      labels: ['bird'],
    });
    expect(result.checks[0]).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/bird/),
    });
  });

  it('skips rows without a usable regression label', () => {
    const result = computeQualityMetrics({
      task: 'regression',
      outputs: Float32Array.of(1, 2, 3),
      width: 1,
      labels: [1, null, 4],
    });
    expect(result.metrics).toMatchObject({ mae: 0.5, labeled_rows: 2 });
    expect(result.checks[0].detail).toBe(
      '2 labeled rows scored; 1 rows without a usable label skipped.',
    );
  });
});
