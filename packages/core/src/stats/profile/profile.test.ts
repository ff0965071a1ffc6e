import { seededRandom } from '../random.js';
import type { ColumnSchema, RowBatch } from '../../data/table-types.js';
import { DatasetCollector } from '../column-collector.js';
import { countAtMost } from '../quantiles.js';
import { computeDrift } from '../compute-drift.js';
import { ksStatistic } from '../ks.js';
import {
  mergeProfiles,
  parseProfile,
  ProfileBuilder,
  profileToSummary,
  type DatasetProfile,
} from './dataset-profile.js';
import { FrequentItems } from './frequent-items.js';
import { QuantileSketch } from './quantile-sketch.js';

const random = seededRandom(11);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** The largest |sketch rank − true rank| over many query points (every 97th value and extremes). */
function worstRankError(sketch: QuantileSketch, values: Float64Array): number {
  const sorted = values.slice().sort();
  let worst = 0;
  for (let i = 0; i < sorted.length; i += 97)
    worst = Math.max(worst, Math.abs(sketch.rank(sorted[i]) - countAtMost(sorted, sorted[i])));
  worst = Math.max(worst, Math.abs(sketch.rank(sorted[sorted.length - 1]) - sorted.length));
  return worst;
}

describe('quantile sketch', () => {
  it('is exact up to k values', () => {
    const values = Float64Array.from({ length: 500 }, normal);
    const sketch = new QuantileSketch(512);
    values.forEach((v) => sketch.add(v));
    expect(sketch.rankError).toBe(0);
    expect(worstRankError(sketch, values)).toBe(0);
  });

  it.each([
    ['normal', normal],
    ['skewed', () => Math.exp(2 * normal())],
    ['heavy ties', () => Math.floor(random() * 7)],
  ])('stays within its proven rank-error bound on 300,000 %s values', (_name, draw) => {
    const values = Float64Array.from({ length: 300_000 }, draw);
    const sketch = new QuantileSketch(1024);
    values.forEach((v) => sketch.add(v));
    const levels = Math.ceil(Math.log2(values.length / 1024)) + 1;
    expect(sketch.rankError).toBeGreaterThan(0);
    expect(sketch.rankError).toBeLessThanOrEqual((values.length * levels) / 1024);
    expect(worstRankError(sketch, values)).toBeLessThanOrEqual(sketch.rankError);
  });
});

describe('frequent items', () => {
  it('keeps exact counts up to 2 x capacity distinct values, then bounded undercounts', () => {
    const f = new FrequentItems(50);
    const truth = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      // Zipf-like: a few heavy values and a long tail.
      const v = `v${Math.floor(1 / (random() + 0.001))}-${i % 3 === 0 ? i : 0}`;
      f.add(v);
      truth.set(v, (truth.get(v) ?? 0) + 1);
    }
    expect(f.exact).toBe(false);
    expect(f.undercount).toBeLessThanOrEqual(100_000 / 51);
    for (const [v, count] of truth) {
      const estimate = f.entries().get(v) ?? 0;
      expect(count - estimate).toBeGreaterThanOrEqual(0);
      expect(count - estimate).toBeLessThanOrEqual(f.undercount);
    }
  });
});

const schema: ColumnSchema[] = [
  { name: 'x', type: 'numeric' },
  { name: 'level', type: 'numeric' },
  { name: 'city', type: 'categorical' },
  { name: 'flag', type: 'boolean' },
];

/** Generated batches: a continuous column with 1% missing, a 4-valued numeric, categories, booleans. */
function makeBatches(count: number, size: number, shift = 0): RowBatch[] {
  const cities = ['Paris', 'Berlin', 'Rome', 'Oslo', 'Lima'];
  return Array.from({ length: count }, (_, b) => ({
    offset: b * size,
    length: size,
    columns: [
      {
        name: 'x',
        type: 'numeric',
        numbers: Float64Array.from({ length: size }, () =>
          random() < 0.01 ? NaN : normal() + shift,
        ),
      },
      {
        name: 'level',
        type: 'numeric',
        numbers: Float64Array.from({ length: size }, () => Math.floor(random() * 4)),
      },
      {
        name: 'city',
        type: 'categorical',
        strings: Array.from({ length: size }, () =>
          random() < 0.02 ? null : cities[Math.floor(random() ** 2 * 5)],
        ),
      },
      {
        name: 'flag',
        type: 'boolean',
        numbers: Float64Array.from({ length: size }, () => Number(random() < 0.3)),
      },
    ],
  }));
}

function profileOf(batches: RowBatch[], k = 1024): DatasetProfile {
  const builder = new ProfileBuilder(schema, { sketchK: k });
  batches.forEach((b) => builder.add(b));
  return builder.finish();
}

describe('mergeable profiles', () => {
  const batches = makeBatches(24, 5000);
  const whole = profileOf(batches);
  const shards = [0, 1, 2, 3].map((s) => profileOf(batches.slice(s * 6, s * 6 + 6)));
  // Through JSON, as shards travel between matrix jobs.
  const merged = mergeProfiles(shards.map((p) => parseProfile(JSON.parse(JSON.stringify(p)))));

  it('merging shard profiles gives the profile of the whole: exact parts exactly', () => {
    expect(merged.schema).toBe('ml-actions/profile@1');
    expect(merged.rows).toBe(whole.rows);
    merged.columns.forEach((m, i) => {
      const w = whole.columns[i];
      expect([m.name, m.type, m.count, m.missing]).toEqual([w.name, w.type, w.count, w.missing]);
      if (w.numeric) {
        expect([m.numeric!.min, m.numeric!.max, m.numeric!.values]).toEqual([
          w.numeric.min,
          w.numeric.max,
          w.numeric.values,
        ]);
        // The parallel formula is exact in real arithmetic; floating point leaves ~1e-15.
        expect(Math.abs(m.numeric!.mean - w.numeric.mean)).toBeLessThan(1e-12);
        expect(Math.abs(m.numeric!.m2 / w.numeric.m2 - 1)).toBeLessThan(1e-12);
        expect(m.numeric!.quantiles.n).toBe(w.numeric.quantiles.n);
      } else {
        expect(m.categories).toEqual(w.categories);
        expect(m.categories!.undercount).toBe(0);
      }
    });
  });

  it('merging shard profiles gives the profile of the whole: the sketch within its bound', () => {
    const xs = Float64Array.from(
      batches.flatMap((b) =>
        Array.from(b.columns[0].type === 'categorical' ? [] : b.columns[0].numbers).filter(
          (v) => !Number.isNaN(v),
        ),
      ),
    );
    for (const p of [merged, whole]) {
      const sketch = QuantileSketch.fromJSON(p.columns[0].numeric!.quantiles);
      expect(worstRankError(sketch, xs)).toBeLessThanOrEqual(sketch.rankError);
      expect(sketch.rankError / xs.length).toBeLessThan(0.01);
    }
  });

  it('rejects profiles of different columns and malformed profiles (StatsError, no input name)', () => {
    const other: DatasetProfile = { ...whole, columns: whole.columns.slice(1) };
    expect(() => mergeProfiles([whole, other])).toThrow(/profiles describe different columns/);
    expect(() => parseProfile({ schema: 'nope' })).toThrow(/^expected a profile/);
    expect(() =>
      parseProfile({ schema: 'ml-actions/profile@1', rows: 1, columns: [{ name: 'x' }] }),
    ).toThrow(/column "x" is malformed/);
  });
});

describe('drift from a profile reference', () => {
  const refBatches = makeBatches(1, 800);
  const curBatches = makeBatches(1, 700, 0.4);
  const exactSummary = (batches: RowBatch[]) => {
    const c = new DatasetCollector(schema);
    batches.forEach((b) => c.add(b));
    return c.finish();
  };

  it('is exact while the reference fits in the sketch (n <= k), and says so', () => {
    const fromProfile = computeDrift(
      profileToSummary(profileOf(refBatches, 1024)),
      exactSummary(curBatches),
    );
    const fromData = computeDrift(exactSummary(refBatches), exactSummary(curBatches));
    expect(fromProfile.reference.source).toBe('profile');
    expect(fromProfile.columns.map((c) => [c.name, c.method, c.exact])).toEqual(
      fromData.columns.map((c) => [c.name, c.method, true]),
    );
    fromProfile.columns.forEach((c, i) => {
      expect(c.statistic).toBeCloseTo(fromData.columns[i].statistic, 12);
      expect(c.p_value ?? 0).toBeCloseTo(fromData.columns[i].p_value ?? 0, 12);
    });
  });

  it('states the approximation of each method when the reference was sketched, and stays within it', () => {
    const ref = makeBatches(10, 5000);
    const cur = makeBatches(1, 4000, 0.1);
    const sketched = profileToSummary(profileOf(ref, 256));
    const exact = exactSummary(ref);
    const current = exactSummary(cur);
    for (const method of ['ks', 'wasserstein', 'psi'] as const) {
      const approx = computeDrift(sketched, current, { method, columns: ['x'] }).columns[0];
      const truth = computeDrift(exact, current, { method, columns: ['x'] }).columns[0];
      expect(approx.exact).toBe(false);
      expect(approx.approximation!.note).toMatch(/sketch/);
      if (method !== 'psi')
        expect(Math.abs(approx.statistic - truth.statistic)).toBeLessThanOrEqual(
          approx.approximation!.statistic + 1e-12,
        );
    }
    const ksApprox = ksStatistic(
      sketched.columns[0].distribution as never,
      current.columns[0].distribution as never,
    );
    const ksExact = ksStatistic(
      exact.columns[0].distribution as never,
      current.columns[0].distribution as never,
    );
    expect(Math.abs(ksApprox - ksExact)).toBeLessThanOrEqual(
      (sketched.columns[0].distribution as { rankError: number }).rankError,
    );
    // Categories and few-valued numerics are counted exactly in the profile.
    const cats = computeDrift(sketched, current, { columns: ['city', 'flag', 'level'] }).columns;
    expect(cats.map((c) => c.exact)).toEqual([true, true, true]);
  });
});
