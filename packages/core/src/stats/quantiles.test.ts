import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { quantileSorted as ssQuantileSorted } from 'simple-statistics';
import { sortFloat64 } from './column-distribution.js';
import {
  countAtMost,
  distributionQuantile,
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
    // Unsorted values (smoke latencies, pipeline durations) sort first and then agree too.
    expect(f.q.map((q) => quantile([...f.values].reverse(), q))).toEqual(f.quantile);
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
