import { seededRandom } from './random.js';
import type { ColumnSchema, RowBatch } from '../data/table-types.js';
import { DatasetCollector } from './column-collector.js';
import { numericDistribution } from './column-distribution.js';
import { computeDrift } from './compute-drift.js';
import { ScaledIntegerDistribution } from './scaled-integers.js';

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

  describe('numbers with few decimals (held as scaled integers)', () => {
    /** Batches of column x only, from the given values (NaN: missing). */
    const numericBatches = (values: number[], size: number): RowBatch[] =>
      Array.from({ length: Math.ceil(values.length / size) }, (_, b) => {
        const numbers = Float64Array.from(values.slice(b * size, (b + 1) * size));
        const missing = numbers.filter((v) => Number.isNaN(v)).length;
        return {
          offset: b * size,
          length: numbers.length,
          columns: [{ name: 'x', type: 'numeric', numbers, missing }],
        };
      });
    const finish = (values: number[], options = {}) => {
      const c = new DatasetCollector([{ name: 'x', type: 'numeric' }], options);
      numericBatches(values, 1000).forEach((b) => c.add(b));
      return c.finish().columns[0];
    };
    const random = seededRandom(11);
    const decimals = Array.from({ length: 5000 }, (_, i) =>
      i % 97 === 0 ? NaN : Number(((random() - 0.5) * 400).toFixed(3)),
    );
    const present = decimals.filter((v) => !Number.isNaN(v));

    it('gives the same distribution as doubles would', () => {
      const column = finish(decimals);
      expect(column.distribution).toBeInstanceOf(ScaledIntegerDistribution);
      expect(column.missing).toBe(decimals.length - present.length);
      const expected = numericDistribution(present);
      const d = column.distribution as ScaledIntegerDistribution;
      expect(d.values).toEqual(expected.values);
      expect([d.count, d.mean, d.std]).toEqual([expected.count, expected.mean, expected.std]);
    });

    it('moves to doubles at the first value that does not fit, mid-batch, losing nothing', () => {
      const values = [...decimals];
      values[2500] = Math.PI;
      values[2501] = NaN;
      const column = finish(values);
      expect(column.distribution).not.toBeInstanceOf(ScaledIntegerDistribution);
      expect(column.missing).toBe(values.filter((v) => Number.isNaN(v)).length);
      expect(column.distribution).toEqual(
        numericDistribution(values.filter((v) => !Number.isNaN(v))),
      );
    });

    it('turns into a sketch past the budget with every value counted', () => {
      const column = finish(decimals, { maxExactValues: 2000, sketchK: 256 });
      expect(column.distribution).toMatchObject({ kind: 'numeric', count: present.length });
      expect(
        column.distribution.kind === 'numeric' && column.distribution.rankError,
      ).toBeGreaterThan(0);
      expect(column.missing).toBe(decimals.length - present.length);
    });
  });
});
