import { gateFixtures } from '../../../../test/fixtures/stats/gate-fixtures.js';
import { featureOrderCheck, storedFeatureNames } from './feature-order.js';
import { computeQualityMetrics, DEGENERATE_MIN_ROWS } from './quality-metrics.js';

/** One-hot-ish softmax rows that predict `predicted[i]`. */
function softmaxRows(predicted: number[], k: number): Float32Array {
  const out = new Float32Array(predicted.length * k);
  predicted.forEach((p, i) => {
    for (let c = 0; c < k; c++) out[i * k + c] = c === p ? 0.7 : 0.3 / (k - 1);
  });
  return out;
}

describe('per-class metrics (sklearn precision_recall_fscore_support fixture)', () => {
  it('writes per_class.<label>.{precision,recall,f1,support} equal to sklearn', () => {
    const fx = gateFixtures().per_class;
    const names = ['rain', 'sun', 'fog', 'snow'];
    const q = computeQualityMetrics({
      task: 'classification',
      outputs: softmaxRows(fx.predicted, 4),
      width: 4,
      finalActivation: 'softmax',
      metadata: { classNames: names },
      labels: fx.truth.map((t) => names[t]),
    });
    expect(Object.keys(q.perClass!)).toEqual(names);
    names.forEach((name, i) => {
      const s = q.perClass![name];
      expect(s.support).toBe(fx.support[i]);
      expect(s.precision).toBeCloseTo(fx.precision[i], 12);
      expect(s.recall).toBeCloseTo(fx.recall[i], 12);
      expect(s.f1).toBeCloseTo(fx.f1[i], 12);
    });
  });
});

describe('degenerate-output check', () => {
  const check = (q: ReturnType<typeof computeQualityMetrics>) =>
    q.checks.find((c) => c.name === 'degenerate-output')!;

  it('fails a classifier that predicts one class for every row while labels vary', () => {
    const n = 30;
    const q = computeQualityMetrics({
      task: 'auto',
      outputs: softmaxRows(new Array(n).fill(1), 3),
      width: 3,
      finalActivation: 'softmax',
      metadata: { classNames: ['rain', 'sun', 'fog'] },
      labels: Array.from({ length: n }, (_, i) => ['rain', 'sun', 'fog'][i % 3]),
    });
    expect(check(q)).toEqual({
      name: 'degenerate-output',
      status: 'fail',
      detail:
        "the model predicts class 'sun' for all 30 rows, while the labels have 3 distinct values (check the feature order and preprocessing).",
    });
  });

  it('fails a constant regression output while labels vary; passes varied output', () => {
    const labels = Array.from({ length: 20 }, (_, i) => i);
    const constant = computeQualityMetrics({
      task: 'regression',
      outputs: new Float32Array(20).fill(3.5),
      width: 1,
      labels,
    });
    expect(check(constant).status).toBe('fail');
    expect(check(constant).detail).toMatch(/the same value 3.5 for all 20 rows/);
    const varied = computeQualityMetrics({
      task: 'regression',
      outputs: Float32Array.from(labels, (v) => v + 0.5),
      width: 1,
      labels,
    });
    expect(check(varied).status).toBe('pass');
  });

  it.each([
    ['1 row', 1, (i: number) => i % 2],
    ['2 rows', 2, (i: number) => i % 2],
    [`${DEGENERATE_MIN_ROWS - 1} rows`, DEGENERATE_MIN_ROWS - 1, (i: number) => i % 2],
    ['one label class', 50, () => 0],
  ])('does not false-alarm on %s (skip)', (_name, n, label) => {
    const q = computeQualityMetrics({
      task: 'classification',
      outputs: softmaxRows(new Array(n).fill(0), 2),
      width: 2,
      finalActivation: 'softmax',
      labels: Array.from({ length: n }, (_, i) => label(i)),
    });
    expect(check(q).status).toBe('skip');
    expect(q.checks.some((c) => c.status === 'fail')).toBe(false);
  });

  it('skips without labels', () => {
    const q = computeQualityMetrics({
      task: 'regression',
      outputs: new Float32Array(50).fill(1),
      width: 1,
    });
    expect(check(q)).toMatchObject({ status: 'skip', detail: 'no labels to compare with.' });
  });
});

describe('feature-order check', () => {
  it('reads stored names from model metadata first, then the manifest', () => {
    expect(storedFeatureNames({ features: ['a', 'b'] }, { features: ['x'] })).toEqual({
      names: ['a', 'b'],
      where: "the model's metadata (features)",
    });
    expect(storedFeatureNames({ classNames: ['x'] }, { features: ['c', 'd'] })?.where).toBe(
      'the package manifest (metadata.features)',
    );
    expect(storedFeatureNames({ features: [1, 2] }, undefined)).toBeUndefined();
  });

  it('fails a reversed order showing both lists; passes the stored order; skips without names', () => {
    const stored = {
      names: ['temp_max', 'temp_min', 'wind'],
      where: "the model's metadata (features)",
    };
    expect(featureOrderCheck(['wind', 'temp_min', 'temp_max'], stored)).toEqual({
      name: 'feature-order',
      status: 'fail',
      detail:
        "the features are in another order than the model's metadata (features): data gives [wind, temp_min, temp_max], the model expects [temp_max, temp_min, wind]; set features in the model's order.",
    });
    expect(featureOrderCheck(['temp_max', 'temp_min', 'x'], stored)?.detail).toMatch(
      /^the features differ from/,
    );
    expect(featureOrderCheck(['temp_max', 'temp_min', 'wind'], stored)?.status).toBe('pass');
    expect(featureOrderCheck(['a'], undefined)?.status).toBe('skip');
    expect(featureOrderCheck(undefined, stored)).toBeUndefined();
  });
});
