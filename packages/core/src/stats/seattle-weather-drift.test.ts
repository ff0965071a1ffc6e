import * as path from 'node:path';
import { readTable } from '../data/read-table.js';
import type { Table } from '../data/table-types.js';
import { summarizeTable } from './column-collector.js';
import { computeDrift } from './compute-drift.js';

const file = path.resolve('node_modules/vega-datasets/data/seattle-weather.csv');

/** The rows of `table` whose date passes `keep` (dates are epoch milliseconds, UTC). */
function rowsWhere(table: Table, keep: (date: Date) => boolean): Table {
  const dates = table.columns.find((c) => c.name === 'date')!.values as number[];
  const rows = dates.flatMap((ms, i) => (keep(new Date(ms)) ? [i] : []));
  return {
    ...table,
    rows: rows.length,
    rowIndex: rows,
    columns: table.columns.map((c) => {
      const values = rows.map((i) => c.values[i]);
      return { ...c, values, missing: values.filter((v) => v === null).length };
    }),
  };
}

const months = (list: number[]) => (d: Date) => list.includes(d.getUTCMonth() + 1);
const summerOf = (year: number) => (d: Date) => d.getUTCFullYear() === year && months([6, 7, 8])(d);

describe('drift on seattle-weather.csv (vega-datasets)', () => {
  let table: Table;
  beforeAll(async () => {
    table = await readTable(file);
  });

  it('reads the columns with the right types', () => {
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ['date', 'datetime'],
      ['precipitation', 'numeric'],
      ['temp_max', 'numeric'],
      ['temp_min', 'numeric'],
      ['wind', 'numeric'],
      ['weather', 'categorical'],
    ]);
  });

  // Both sides have under 1000 rows (361 winter days, 368 summer days), so `auto` picks ks for
  // the temperatures (scipy: D = 0.967 and 0.959, p ≈ 4e-194 and 1e-187).
  it('flags winter vs summer on temp_max and temp_min (auto → ks)', () => {
    const winter = summarizeTable(rowsWhere(table, months([12, 1, 2])));
    const summer = summarizeTable(rowsWhere(table, months([6, 7, 8])));
    const r = computeDrift(winter, summer, { columns: ['temp_max', 'temp_min'] });
    expect(r.columns.map((c) => [c.name, c.method, c.drifted])).toEqual([
      ['temp_max', 'ks', true],
      ['temp_min', 'ks', true],
    ]);
    expect(r.columns[0].statistic).toBeCloseTo(0.9672859207515356, 12);
    expect(r.dataset_drift).toBe(true);
  });

  // Summer 2013 vs summer 2014 (92 days each; auto → ks): scipy gives p = 0.88 (temp_max) and
  // 0.53 (temp_min). (Summer 2012 was unusually cool: against 2013 it would be flagged.)
  it('does not flag one summer against the next on the temperatures (2013 vs 2014, auto → ks)', () => {
    const r = computeDrift(
      summarizeTable(rowsWhere(table, summerOf(2013))),
      summarizeTable(rowsWhere(table, summerOf(2014))),
      {
        columns: ['temp_max', 'temp_min'],
      },
    );
    expect(r.columns.map((c) => [c.name, c.method, c.drifted])).toEqual([
      ['temp_max', 'ks', false],
      ['temp_min', 'ks', false],
    ]);
    expect(r.columns[0].p_value).toBeCloseTo(0.8802, 4);
    expect(r.dataset_drift).toBe(false);
  });
});
