import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { asyncBufferFromFile, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { openParquetColumns } from './parquet-columns.js';
import { readTable } from './read-table.js';

const FIXTURES = path.resolve('test/fixtures/data/parquet');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'parquet-columns-'));

function write(name: string, buffer: ArrayBuffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, Buffer.from(buffer));
  return file;
}

/** Every column's values through the page decoder, taken in runs of `run` rows. */
async function decodedColumns(file: string, run: number, maxRows = Infinity) {
  const parquet = await openParquetColumns(file);
  const columns: unknown[][] = parquet.names.map(() => []);
  for (let g = 0; g < parquet.rowGroups; g++) {
    const { cursors, rows, rowStart } = await parquet.openRowGroup(g);
    const end = Math.min(rows, maxRows - rowStart);
    for (let done = 0; done < end; done += run) {
      const n = Math.min(run, end - done);
      cursors.forEach((cursor, c) => {
        const values = cursor.take(n);
        expect(values.length).toBe(n);
        for (let i = 0; i < n; i++) columns[c].push(values[i]);
      });
    }
    if (rowStart + rows >= maxRows) break;
  }
  await parquet.close();
  return { names: parquet.names, columns };
}

/** The same file read by hyparquet's general reader (rows as arrays). */
async function hyparquetRows(file: string, rowEnd?: number): Promise<unknown[][]> {
  let rows: unknown[][] = [];
  await parquetRead({
    file: await asyncBufferFromFile(file),
    compressors,
    rowFormat: 'array',
    rowEnd,
    onComplete: (data) => {
      rows = data as unknown[][];
    },
  });
  return rows;
}

/**
 * Whether a decoded value reads as hyparquet's: missing as missing (null or NaN), a 64-bit
 * integer exact as a double as that number, anything else equal.
 */
function readsAs(decoded: unknown, expected: unknown): boolean {
  if (expected === null || expected === undefined) return decoded === null || Number.isNaN(decoded);
  if (typeof expected === 'bigint' && typeof decoded === 'number')
    return expected >= -(2n ** 53n) && expected <= 2n ** 53n && decoded === Number(expected);
  if (expected instanceof Date)
    return decoded instanceof Date && decoded.getTime() === expected.getTime();
  if (typeof expected === 'number') return Object.is(decoded, expected);
  return (
    JSON.stringify(decoded, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ===
    JSON.stringify(expected, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))
  );
}

async function expectSameAsHyparquet(file: string, run: number, maxRows?: number) {
  const { names, columns } = await decodedColumns(file, run, maxRows);
  const rows = await hyparquetRows(file, maxRows);
  expect(columns[0].length).toBe(rows.length);
  for (let c = 0; c < names.length; c++) {
    const differing = rows.findIndex((row, r) => !readsAs(columns[c][r], row[c]));
    expect({ column: names[c], differing }).toEqual({ column: names[c], differing: -1 });
  }
  return { names, columns };
}

describe('Parquet flat columns decoded page by page', () => {
  it.each(['duckdb-snappy.parquet', 'duckdb-zstd.parquet', 'duckdb-uncompressed-v2.parquet'])(
    'reads every value of %s as hyparquet does (version 1 and 2 pages, dictionary, plain and delta encodings, several row groups, a nested column)',
    async (name) => {
      const { names, columns } = await expectSameAsHyparquet(path.join(FIXTURES, name), 777);
      const column = (n: string) => columns[names.indexOf(n)];
      // Numbers as numbers, missing values as missing; 64-bit integers past 2^53 stay exact.
      expect(column('x').slice(0, 2)).toEqual([NaN, 1 * 0.37 - 500.125]);
      expect(column('big')[5]).toBe(9007199254740993n + 5n);
      expect(column('late').slice(0, 2500).every(Number.isNaN)).toBe(true);
      expect(column('level').slice(0, 4)).toEqual([null, 'bravo', 'charlie', 'NA']);
      expect(column('flag').slice(0, 4)).toEqual([null, false, false, true]);
      expect(column('nested')[1]).toEqual({ a: 1n, b: 'x1' });
    },
  );

  it('reads hyparquet-writer files (many small pages, row groups, every flat type, all-null and required columns) as hyparquet does', async () => {
    const rows = 2500;
    const data = (f: (i: number) => unknown) => Array.from({ length: rows }, (_, i) => f(i));
    const columnData = [
      { name: 'x', type: 'DOUBLE' as const, data: data((i) => (i % 6 === 0 ? null : i / 3)) },
      { name: 'f', type: 'FLOAT' as const, data: data((i) => i / 4) },
      { name: 'n', type: 'INT32' as const, data: data((i) => (i % 5 ? i - 1000 : null)) },
      {
        name: 'big',
        type: 'INT64' as const,
        data: data((i) => (i === 7 || i === 1500 ? 2n ** 60n : BigInt(i))),
      },
      { name: 'flag', type: 'BOOLEAN' as const, data: data((i) => (i % 3 ? i % 2 === 0 : null)) },
      { name: 'level', type: 'STRING' as const, data: data((i) => [null, 'a', 'b'][i % 3]) },
      { name: 'label', type: 'STRING' as const, data: data((i) => `row ${i}`) },
      { name: 'when', type: 'TIMESTAMP' as const, data: data((i) => new Date(i * 60_000)) },
      { name: 'none', type: 'DOUBLE' as const, data: data(() => null) },
      { name: 'req', type: 'DOUBLE' as const, nullable: false, data: data((i) => -i) },
    ];
    for (const codec of ['SNAPPY', 'UNCOMPRESSED'] as const) {
      const file = write(
        `${codec}.parquet`,
        parquetWriteBuffer({ columnData, codec, rowGroupSize: 1000, pageSize: 1024 }),
      );
      // Runs of 333 rows cross page and row-group boundaries; the 64-bit integers past 2^53 make
      // their pages bigints among pages of numbers.
      const { columns } = await expectSameAsHyparquet(file, 333);
      expect(columns[0].slice(0, 3)).toEqual([NaN, 1 / 3, 2 / 3]);
      // A page holding one stays bigints; the other pages are numbers.
      expect(columns[3].slice(6, 9)).toEqual([6n, 2n ** 60n, 8n]);
      expect(columns[3].slice(1499, 1502)).toEqual([1499n, 2n ** 60n, 1501n]);
      expect(columns[3][1000]).toBe(1000);
      expect(columns[8].every(Number.isNaN)).toBe(true);
      expect(columns[9][rows - 1]).toBe(-(rows - 1));
    }
  });

  it('reads a real-world file (parquet-mr, zstd, RLE dictionary pages of 64-bit integers) as hyparquet does', async () => {
    await expectSameAsHyparquet(
      path.resolve('node_modules/vega-datasets/data/flights-3m.parquet'),
      4096,
      20_000,
    );
  });

  it('reads into the same table as the CSV of the same values', async () => {
    const rows = 3000;
    const x = Array.from({ length: rows }, (_, i) => (i % 10 === 0 ? null : Math.sin(i) * 1e3));
    // Non-finite numbers read as missing either way (past the rows types are inferred from).
    x[2001] = Infinity;
    x[2002] = -Infinity;
    x[2003] = NaN;
    const level = Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? null : `L${i % 4}`));
    const parquet = write(
      'same.parquet',
      parquetWriteBuffer({
        columnData: [
          { name: 'x', type: 'DOUBLE', data: x },
          { name: 'level', type: 'STRING', data: level },
        ],
        rowGroupSize: 700,
      }),
    );
    const csvText = ['x,level', ...x.map((v, i) => `${v ?? ''},${level[i] ?? ''}`)].join('\n');
    const csv = path.join(tmp, 'same.csv');
    writeFileSync(csv, csvText);
    const fromParquet = await readTable(parquet, { inferRows: 100 });
    const fromCsv = await readTable(csv, { inferRows: 100 });
    expect(fromParquet.columns).toEqual(fromCsv.columns);
    expect(fromParquet.totalRows).toBe(rows);
  });

  it('names the file when a page cannot be read', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [{ name: 'x', type: 'DOUBLE', data: [1, 2, 3] }],
    });
    const bytes = new Uint8Array(buffer);
    // Overwrite the page header's first bytes: the metadata stays readable, the page does not.
    bytes.fill(0xff, 4, 12);
    const file = write('broken.parquet', bytes.buffer);
    await expect(readTable(file)).rejects.toThrow(/cannot read Parquet file '.*broken\.parquet'/);
  });
});
