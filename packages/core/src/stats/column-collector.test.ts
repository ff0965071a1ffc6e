import { seededRandom } from './random.js';
import type { ColumnSchema, RowBatch } from '../data/table-types.js';
import { DatasetCollector } from './column-collector.js';
import { computeDrift } from './compute-drift.js';

const schema: ColumnSchema[] = [
  { name: 'x', type: 'numeric' },
  { name: 'c', type: 'categorical' },
];

function batches(seed: number, count: number, shift: number): RowBatch[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, b) => ({
    offset: b * 1000,
    length: 1000,
    columns: [
      {
        name: 'x',
        type: 'numeric',
        numbers: Float64Array.from({ length: 1000 }, (_, i) =>
          i % 50 === 0 ? NaN : random() + shift,
        ),
      },
      {
        name: 'c',
        type: 'categorical',
        strings: Array.from({ length: 1000 }, () => (random() < 0.5 ? 'a' : 'b')),
      },
    ],
  }));
}

function collect(list: RowBatch[], maxExactValues?: number) {
  const c = new DatasetCollector(schema, { maxExactValues, sketchK: 256 });
  list.forEach((b) => c.add(b));
  return c.finish();
}

describe('DatasetCollector', () => {
  const ref = batches(1, 30, 0);
  const cur = batches(2, 20, 0.05);

  it('keeps values exactly within its budget', () => {
    const s = collect(ref);
    expect(s.rows).toBe(30_000);
    expect(s.columns[0]).toMatchObject({
      missing: 600,
      distribution: { kind: 'numeric', count: 29_400, rankError: 0 },
    });
    expect(s.columns[1].distribution).toMatchObject({
      kind: 'categorical',
      count: 30_000,
      countError: 0,
    });
  });

  it('switches numeric columns to a sketch past its budget: bounded memory, approximate and saying by how much', () => {
    const sketched = computeDrift(collect(ref, 5000), collect(cur, 5000), {
      method: 'ks',
      columns: ['x'],
    }).columns[0];
    const exact = computeDrift(collect(ref), collect(cur), { method: 'ks', columns: ['x'] })
      .columns[0];
    expect(exact.exact).toBe(true);
    expect(sketched.exact).toBe(false);
    expect(sketched.missing_share).toEqual(exact.missing_share);
    expect(sketched.approximation!.statistic).toBeGreaterThan(0);
    expect(Math.abs(sketched.statistic - exact.statistic)).toBeLessThanOrEqual(
      sketched.approximation!.statistic,
    );
    const w = computeDrift(collect(ref, 5000), collect(cur, 5000), {
      method: 'wasserstein',
      columns: ['x'],
    }).columns[0];
    const wExact = computeDrift(collect(ref), collect(cur), {
      method: 'wasserstein',
      columns: ['x'],
    }).columns[0];
    expect(Math.abs(w.statistic - wExact.statistic)).toBeLessThanOrEqual(
      w.approximation!.statistic,
    );
  });
});
