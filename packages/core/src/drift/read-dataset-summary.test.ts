import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { summarizeTable } from '../stats/column-collector.js';
import { readTable } from '../data/read-table.js';
import { seededRandom } from '../stats/random.js';
import { schemaTypes, type CellValue } from '../data/table-types.js';
import { readDatasetSummaryAside } from './dataset-read-task.js';
import { readDatasetSummary } from './read-dataset-summary.js';
import type { DatasetSummary } from '../stats/compute-drift.js';
import { ScaledIntegerDistribution } from '../stats/scaled-integers.js';

/** A summary with every numeric distribution as plain doubles, whatever it is held as. */
function asDoubles(summary: DatasetSummary): DatasetSummary {
  const columns = summary.columns.map((c) => {
    const d = c.distribution;
    if (d.kind !== 'numeric') return c;
    const { count, rankError, mean, std } = d;
    const values = Float64Array.from(d.values);
    return {
      ...c,
      distribution: { kind: 'numeric' as const, values, count, rankError, mean, std },
    };
  });
  return { ...summary, columns };
}

describe('readDatasetSummary', () => {
  it('streams to the same drift inputs as summarizing the table in memory (with and without missing cells)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'summary-'));
    const lines = ['a,b,c'];
    for (let i = 0; i < 40_000; i++)
      lines.push(`${(i * 7919) % 1000},${i % 13 === 0 ? '' : i / 4},${i % 3 === 0 ? 'x' : 'y'}`);
    const file = path.join(dir, 'data.csv');
    writeFileSync(file, lines.join('\n'));
    const streamed = await readDatasetSummary(file);
    const inMemory = summarizeTable(await readTable(file));
    expect(asDoubles(streamed.summary)).toEqual(inMemory);
    // Values with at most two decimals are held as scaled integers; the others as doubles.
    expect(
      streamed.summary.columns.map((c) => c.distribution instanceof ScaledIntegerDistribution),
    ).toEqual([true, true, false]);
    expect(streamed.summary.columns[1].missing).toBe(Math.ceil(40_000 / 13));
  });

  it('reads the current data with the reference types', async () => {
    const weather = path.resolve('node_modules/vega-datasets/data/seattle-weather.csv');
    const ref = await readDatasetSummary(weather, { columns: ['temp_max', 'weather'] });
    const cur = await readDatasetSummary(weather, {
      columns: ['temp_max', 'weather'],
      types: schemaTypes(ref.schema),
    });
    expect(cur.schema).toEqual(ref.schema);
    expect(cur.summary).toEqual(ref.summary);
  });

  it('gives, from its one read, the summary of all rows and the same seeded reservoir sample as Algorithm R row by row', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'one-pass-'));
    const lines = ['x,y,city,flag'];
    // More rows than several batches (16,384 rows each), so the reservoir is refilled across
    // batch boundaries; missing cells in every column type.
    for (let i = 0; i < 60_000; i++) {
      const y = i % 11 === 0 ? '' : ((i * 7919) % 10007) / 8;
      const city = i % 17 === 0 ? '' : ['Paris', 'Oslo', 'Rome'][(i * 31) % 3];
      const flag = i % 19 === 0 ? '' : String(i % 2 === 0);
      lines.push(`${Math.sin(i) * 1000},${y},${city},${flag}`);
    }
    const file = path.join(dir, 'data.csv');
    writeFileSync(file, lines.join('\n'));
    const sampleRows = 5_000;
    const read = await readDatasetSummary(file, { sampleRows });

    const all = await readTable(file);
    expect(asDoubles(read.summary)).toEqual(summarizeTable(all));
    // Algorithm R written out over the materialised rows, with the same PRNG and seed.
    const random = seededRandom(1);
    const slots: number[] = [];
    for (let row = 0; row < all.rows; row++) {
      if (row < sampleRows) slots[row] = row;
      else {
        const slot = Math.floor(random() * (row + 1));
        if (slot < sampleRows) slots[slot] = row;
      }
    }
    const rows = [...slots].sort((a, b) => a - b);
    expect(read.sample.totalRows).toBe(60_000);
    expect(read.sample.rowIndex).toEqual(rows);
    for (const [c, column] of read.sample.columns.entries()) {
      const expected: CellValue[] = rows.map((r) => all.columns[c].values[r]);
      expect(column.values).toEqual(expected);
      expect(column.missing).toBe(expected.filter((v) => v === null).length);
      // Numeric and boolean cells are also kept as doubles (NaN: missing), never boxed first.
      if (column.type !== 'categorical') {
        const doubles = Array.from(column.numbers!, (x) => (Number.isNaN(x) ? null : x));
        expect(doubles).toEqual(expected.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
      }
    }
    // The same read as a task that may run in a worker gives the same summary and sample; the
    // sample is heard first, before the columns are sorted.
    const order: string[] = [];
    const aside = readDatasetSummaryAside(
      { source: file, options: { sampleRows } },
      { progress: () => {} },
    );
    const [asideSample, asideRead] = await Promise.all([
      aside.sample.then((sample) => (order.push('sample'), sample)),
      aside.read.then((done) => (order.push('summary'), done)),
    ]);
    expect(order).toEqual(['sample', 'summary']);
    expect(asDoubles(asideRead.summary)).toEqual(asDoubles(read.summary));
    // Revived after crossing threads: still scaled integers, not doubles.
    expect(asideRead.summary.columns.map((c) => c.distribution.constructor)).toEqual(
      read.summary.columns.map((c) => c.distribution.constructor),
    );
    expect(asideSample.rowIndex).toEqual(read.sample.rowIndex);
    expect(asideSample.files).toEqual(read.sample.files);
    expect(asideSample.columns.map((c) => c.values)).toEqual(
      read.sample.columns.map((c) => c.values),
    );
    expect(read.sample.columns.map((c) => c.type)).toEqual([
      'numeric',
      'numeric',
      'categorical',
      'boolean',
    ]);
  });

  it('rejects both the sample and the read aside when the read fails, with the input named', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aside-fail-'));
    const file = path.join(dir, 'empty.csv');
    writeFileSync(file, '');
    const aside = readDatasetSummaryAside(
      { source: file, options: { sampleRows: 10, input: 'current' } },
      { progress: () => {} },
    );
    const [sample, read] = await Promise.allSettled([aside.sample, aside.read]);
    expect(sample.status).toBe('rejected');
    expect(read.status).toBe('rejected');
    const error = (sample as PromiseRejectedResult).reason as Error & { input?: string };
    expect(error.input).toBe('current');
    expect(error).toBe((read as PromiseRejectedResult).reason);
  });
});
