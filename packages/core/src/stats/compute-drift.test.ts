import { seededRandom } from './random.js';
import { categoricalDistribution, numericDistribution } from './column-distribution.js';
import { StatsError } from './stats-error.js';
import { computeDrift, type ColumnSummary, type DatasetSummary } from './compute-drift.js';

const random = seededRandom(3);
const normal = (mean = 0, sd = 1) =>
  mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const numbers = (n: number, f: () => number) => Array.from({ length: n }, f);
const pick = (n: number, labels: string[], weights: number[]) =>
  Array.from({ length: n }, () => {
    let u = random();
    for (let i = 0; i < labels.length; i++) if ((u -= weights[i]) < 0) return labels[i];
    return labels[labels.length - 1];
  });

function numericColumn(name: string, values: number[], missing = 0): ColumnSummary {
  return { name, type: 'numeric', missing, distribution: numericDistribution(values) };
}
function categoricalColumn(name: string, values: string[], missing = 0): ColumnSummary {
  return { name, type: 'categorical', missing, distribution: categoricalDistribution(values) };
}
const dataset = (rows: number, columns: ColumnSummary[]): DatasetSummary => ({
  rows,
  columns,
  source: 'data',
});

describe('computeDrift', () => {
  const ref = dataset(500, [
    numericColumn(
      'x',
      numbers(500, () => normal()),
    ),
    numericColumn(
      'shifted',
      numbers(500, () => normal()),
    ),
    categoricalColumn('city', pick(500, ['a', 'b', 'c'], [0.5, 0.3, 0.2])),
    categoricalColumn('flag', pick(500, ['no', 'yes'], [0.7, 0.3])),
    numericColumn(
      'level',
      numbers(500, () => Math.floor(random() * 3)),
    ),
    { name: 'when', type: 'datetime', missing: 0, distribution: numericDistribution([1, 2, 3]) },
  ]);
  const cur = dataset(400, [
    numericColumn(
      'x',
      numbers(380, () => normal()),
      20,
    ),
    numericColumn(
      'shifted',
      numbers(400, () => normal(1.5)),
    ),
    categoricalColumn('city', [
      ...pick(395, ['a', 'b', 'c'], [0.5, 0.3, 0.2]),
      'z',
      'z',
      'z',
      'y',
      'z',
    ]),
    categoricalColumn('flag', pick(400, ['no', 'yes'], [0.7, 0.3])),
    numericColumn(
      'level',
      numbers(400, () => Math.floor(random() * 3)),
    ),
    { name: 'when', type: 'datetime', missing: 0, distribution: numericDistribution([4, 5, 6]) },
    numericColumn('extra', [1, 2]),
  ]);

  it('writes the ml-actions/drift@1 report with the method auto picks for each column', () => {
    const r = computeDrift(ref, cur);
    expect(r.schema).toBe('ml-actions/drift@1');
    expect(r.reference).toEqual({ rows: 500, source: 'data' });
    expect(r.columns.map((c) => [c.name, c.method])).toEqual([
      ['x', 'ks'],
      ['shifted', 'ks'],
      ['city', 'chisquare'],
      ['flag', 'z'],
      ['level', 'chisquare'],
    ]);
    const shifted = r.columns.find((c) => c.name === 'shifted')!;
    expect(shifted.drifted).toBe(true);
    expect(shifted.p_value).toBeLessThan(1e-20);
    expect(shifted.threshold).toBe(0.05);
    expect(r.skipped_columns).toEqual([
      { name: 'when', reason: 'datetime column (name it in columns to test it)' },
      { name: 'extra', reason: 'not in the reference data' },
    ]);
  });

  it('reports missing shares, unseen categories and out-of-range numbers', () => {
    const r = computeDrift(ref, cur, { missingShareJump: 0.04 });
    const x = r.columns.find((c) => c.name === 'x')!;
    expect(x.missing_share).toEqual({ reference: 0, current: 20 / 400 });
    expect(x.missing_share_jump).toBe(true);
    expect(r.missing_share_jumps).toEqual(['x']);
    const city = r.columns.find((c) => c.name === 'city')!;
    expect(city.unseen).toEqual({ count: 5, share: 5 / 400, examples: ['z', 'y'] });
    // chisquare is the two-sample test of homogeneity: 5 unseen values in 400 are zero cells of
    // the reference row, not an infinite statistic (issue 13); they stay listed in `unseen`.
    expect(Number.isFinite(city.statistic)).toBe(true);
    expect(city.p_value).toBeGreaterThan(0.05);
    expect(city.drifted).toBe(false);
    const shifted = r.columns.find((c) => c.name === 'shifted')!;
    expect(shifted.unseen.above_max).toBeGreaterThan(0);
    expect(shifted.unseen.count).toBe(shifted.unseen.above_max! + shifted.unseen.below_min!);
  });

  it('decides dataset drift from the share of drifted columns (default 0.5, configurable)', () => {
    const r = computeDrift(ref, cur);
    expect(r.drifted_columns).toEqual(['shifted']);
    expect(r.drift_share).toBeCloseTo(1 / 5);
    expect(r.dataset_drift).toBe(false);
    expect(computeDrift(ref, cur, { driftShare: 0.2 }).dataset_drift).toBe(true);
  });

  it('takes one method for all columns, a per-column map, and a threshold override', () => {
    const r = computeDrift(ref, cur, {
      method: { default: 'psi', perColumn: { x: 'wasserstein' } },
      threshold: 0.2,
      columns: ['x', 'city', 'when'],
    });
    expect(r.columns.map((c) => [c.name, c.method, c.threshold, c.p_value])).toEqual([
      ['x', 'wasserstein', 0.2, null],
      ['city', 'psi', 0.2, null],
      ['when', 'psi', 0.2, null],
    ]);
  });

  it('uses wasserstein and jensenshannon for references over 1000 values', () => {
    const big = dataset(2000, [
      numericColumn(
        'x',
        numbers(2000, () => normal()),
      ),
      categoricalColumn('c', pick(2000, ['a', 'b'], [0.5, 0.5])),
    ]);
    expect(computeDrift(big, big).columns.map((c) => [c.method, c.statistic, c.drifted])).toEqual([
      ['wasserstein', 0, false],
      ['jensenshannon', 0, false],
    ]);
  });

  it.each([
    [
      'no common column',
      dataset(1, [numericColumn('a', [1])]),
      dataset(1, [numericColumn('b', [1])]),
      {},
      /no column in common/,
    ],
    [
      'an all-missing column',
      dataset(2, [numericColumn('a', [1, 2])]),
      dataset(2, [numericColumn('a', [], 2)]),
      {},
      /column 'a' has no values in the current data \(all 2 cells missing\)/,
    ],
    ['an unknown method', ref, cur, { method: 'ttest' }, /^unknown drift method 'ttest'/],
    [
      'a method that cannot take the column',
      ref,
      cur,
      { method: 'ks' },
      /method ks cannot test categorical column 'city'/,
    ],
    [
      'types that differ',
      dataset(2, [numericColumn('a', [1, 2])]),
      dataset(2, [categoricalColumn('a', ['x'])]),
      {},
      /numeric in the reference but categorical in the current/,
    ],
    [
      'an unknown column',
      ref,
      cur,
      { columns: ['nope'] },
      /^column 'nope' is not in the reference data/,
    ],
  ])('gives a clear error for %s', (_what, r, c, options, message) => {
    // A StatsError: stats/ names no action input (drift/drift-errors.ts adds it).
    expect(() => computeDrift(r, c, options as never)).toThrow(message);
    expect(() => computeDrift(r, c, options as never)).toThrow(StatsError);
  });
});
