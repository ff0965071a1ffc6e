import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { quantileSorted as ssQuantileSorted } from 'simple-statistics';
import { sortFloat64 } from './column-distribution.js';
import { seededRandom } from './random.js';
import {
  countAtMost,
  distributionQuantile,
  medianInPlace,
  medianSorted,
  quantile,
  quantileSorted,
} from './quantiles.js';

/** Values from numpy 2 (`np.quantile(s, q)`, `np.median(s)`), written by a one-off script. */
const fixtures = JSON.parse(
  readFileSync(path.resolve('packages/core/src/stats/quantiles.fixtures.json'), 'utf8'),
) as Record<string, { values: number[]; q: number[]; quantile: number[]; median: number }>;

describe('quantiles (numpy definitions)', () => {
  it.each(Object.keys(fixtures))("equals numpy's quantile and median bit for bit: %s", (name) => {
    const f = fixtures[name];
    const sorted = sortFloat64(Float64Array.from(f.values));
    expect(f.q.map((q) => quantileSorted(sorted, q))).toEqual(f.quantile);
    expect(medianSorted(sorted)).toBe(f.median);
    expect(medianInPlace(Float64Array.from(f.values))).toBe(f.median);
    // Unsorted values (smoke latencies, pipeline durations) sort first and then agree too.
    expect(f.q.map((q) => quantile([...f.values].reverse(), q))).toEqual(f.quantile);
  });

  it('finds the median by selection as the sorted median, whatever the order and ties', () => {
    const random = seededRandom(5);
    const shapes: Record<string, (n: number) => number[]> = {
      random: (n) => Array.from({ length: n }, () => random() - 0.5),
      ascending: (n) => Array.from({ length: n }, (_, i) => i / 7),
      descending: (n) => Array.from({ length: n }, (_, i) => -i / 3),
      'few distinct': (n) => Array.from({ length: n }, () => Math.floor(random() * 3)),
      'one value': (n) => Array.from({ length: n }, () => 2.5),
      'organ pipe': (n) => Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
    };
    for (const [shape, make] of Object.entries(shapes)) {
      for (const n of [1, 2, 3, 16, 17, 1000, 10_001]) {
        const values = Float64Array.from(make(n));
        const expected = medianSorted(sortFloat64(values));
        expect([shape, n, medianInPlace(values)]).toEqual([shape, n, expected]);
      }
    }
  });

  it('has no quantile of no values', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('agrees with simple-statistics (type 7) up to rounding', () => {
    for (const f of Object.values(fixtures)) {
      const sorted = sortFloat64(Float64Array.from(f.values));
      for (const q of f.q) {
        const ours = quantileSorted(sorted, q);
        const theirs = ssQuantileSorted(Array.from(sorted), q);
        expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ours)));
      }
    }
  });

  it('ranks and weighted quantiles of sketch items', () => {
    const values = Float64Array.from([1, 2, 2, 5]);
    expect([0, 1, 2, 4, 9].map((x) => countAtMost(values, x))).toEqual([0, 1, 3, 3, 4]);
    const d = {
      kind: 'numeric' as const,
      values: Float64Array.from([1, 2, 5]),
      weights: Float64Array.from([1, 2, 1]),
      count: 4,
      rankError: 0,
      mean: 2.5,
      std: 1.5,
    };
    expect([0.25, 0.5, 0.75, 1].map((q) => distributionQuantile(d, q))).toEqual([1, 2, 2, 5]);
  });
});
