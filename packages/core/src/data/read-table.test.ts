import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readTable, tableColumn } from './read-table.js';
import type { Table } from './table-types.js';

const fixtures = path.resolve('test/fixtures/data');
const tmp = mkdtempSync(path.join(tmpdir(), 'read-table-'));
const write = (name: string, text: string | Buffer) => {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
};
const col = (t: Table, name: string) => tableColumn(t, name);

describe('readTable', () => {
  it('reads a CSV with inferred types and counts missing cells without turning them into numbers', async () => {
    const t = await readTable('people.csv', { cwd: fixtures });
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'numeric'],
      ['age', 'numeric'],
      ['income', 'numeric'],
      ['city', 'categorical'],
      ['active', 'boolean'],
      ['joined', 'datetime'],
      ['note', 'categorical'],
    ]);
    expect(col(t, 'age').values).toEqual([34, null, 45, 29, 51]);
    expect(col(t, 'income').values).toEqual([52000.5, 61000, null, null, 48000]);
    expect(col(t, 'income').missing).toBe(2);
    expect(col(t, 'city').values).toEqual(['Paris', 'Berlin', 'Paris', null, 'Rome']);
    expect(col(t, 'active').values).toEqual([true, false, true, false, true]);
    expect(col(t, 'joined').values[0]).toBe(Date.UTC(2021, 2, 4));
    expect(col(t, 'note').values).toEqual(['likes "quotes"', null, 'multi\nline', 'ok', 'ok']);
    expect(t.rows).toBe(5);
    expect(t.rowIndex).toEqual([0, 1, 2, 3, 4]);
  });

  it('applies columns, exclude-columns, categorical-columns and numeric-columns', async () => {
    const t = await readTable('people.csv', {
      cwd: fixtures,
      columns: ['id', 'age', 'city'],
      excludeColumns: ['city'],
      categoricalColumns: ['id'],
    });
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'categorical'],
      ['age', 'numeric'],
    ]);
    expect(col(t, 'id').values).toEqual(['1', '2', '3', '4', '5']);
  });

  it('reads TSV, JSON arrays, JSON lines and gzip', async () => {
    const tsv = await readTable('small.tsv', { cwd: fixtures });
    expect(col(tsv, 'y').values).toEqual(['a', 'b']);
    const json = await readTable('people.json', { cwd: fixtures });
    expect(col(json, 'age').values).toEqual([34, null, 45]);
    expect(col(json, 'active').values).toEqual([true, false, null]);
    const jsonl = await readTable('people.jsonl', { cwd: fixtures });
    expect(col(jsonl, 'city').values).toEqual(['Paris', 'Berlin', 'Paris']);
    const gz = await readTable(write('g.csv.gz', gzipSync('a,b\n1,x\n2,y\n')));
    expect(col(gz, 'a').values).toEqual([1, 2]);
  });

  it('reads Parquet (numbers, 64-bit integers, strings, nulls, zstd pages)', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'n', data: [1.5, null, 3.25], type: 'DOUBLE' },
        { name: 'big', data: [1n, 2n, 3n], type: 'INT64' },
        { name: 's', data: ['a', 'b', null], type: 'STRING' },
        { name: 'flag', data: [true, false, true], type: 'BOOLEAN' },
      ],
    });
    const t = await readTable(write('t.parquet', Buffer.from(buffer)));
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([
      ['n', 'numeric'],
      ['big', 'numeric'],
      ['s', 'categorical'],
      ['flag', 'boolean'],
    ]);
    expect(col(t, 'n').values).toEqual([1.5, null, 3.25]);
    expect(col(t, 'big').values).toEqual([1, 2, 3]);
    expect(col(t, 's').values).toEqual(['a', 'b', null]);
    const flights = await readTable('node_modules/vega-datasets/data/flights-3m.parquet', {
      cwd: path.resolve('.'),
      columns: ['delay', 'origin'],
      maxRows: 5,
    });
    expect(flights.totalRows).toBe(3_000_000);
    expect(col(flights, 'delay').type).toBe('numeric');
  });

  it('reads several files and globs as one dataset, matching columns by name', async () => {
    const t = await readTable('shards/*.csv', { cwd: fixtures });
    expect(t.files).toEqual(['shards/part-1.csv', 'shards/part-2.csv', 'shards/part-3.csv']);
    expect(col(t, 'x').values).toEqual([1, 2, 3, 4, 5]);
    expect(col(t, 'y').values).toEqual(['a', 'b', 'c', 'd', 'e']);
    const two = await readTable(['shards/part-1.csv', 'shards/part-2.csv'], { cwd: fixtures });
    expect(two.rows).toBe(4);
    const dir = await readTable('shards', { cwd: fixtures });
    expect(dir.rows).toBe(5);
  });

  it('samples maxRows rows reproducibly by seed, in file order', async () => {
    const lines = ['i'];
    for (let i = 0; i < 1000; i++) lines.push(String(i));
    const file = write('many.csv', lines.join('\n'));
    const a = await readTable(file, { maxRows: 50, seed: 42 });
    const b = await readTable(file, { maxRows: 50, seed: 42 });
    const c = await readTable(file, { maxRows: 50, seed: 43 });
    expect(a.rows).toBe(50);
    expect(a.totalRows).toBe(1000);
    expect(a.columns[0].values).toEqual(b.columns[0].values);
    expect(a.columns[0].values).not.toEqual(c.columns[0].values);
    expect(a.columns[0].values).toEqual(a.rowIndex);
    expect([...a.rowIndex].sort((x, y) => x - y)).toEqual(a.rowIndex);
    // Uniform: the sample mean is near the population mean (499.5, sd of the mean ~ 40).
    const mean = a.rowIndex.reduce((s, x) => s + x, 0) / 50;
    expect(Math.abs(mean - 499.5)).toBeLessThan(160);
  });

  describe('clear errors naming the input', () => {
    const opts = { input: 'reference' };
    it.each([
      ['a missing file', 'nope.csv', /Input 'reference': file 'nope.csv' does not exist/],
      [
        'an empty file',
        () => write('empty.csv', ''),
        /Input 'reference': file '.*empty.csv' is empty/,
      ],
      [
        'a header without rows',
        () => write('header.csv', 'a,b\n'),
        /has a header but no data rows/,
      ],
      [
        'a malformed line',
        () => write('bad.csv', 'a,b\n1,2\n3,4,5\n'),
        /bad.csv: line 3: malformed row with 3 fields; the header has 2/,
      ],
      [
        'an unknown column',
        () => write('ok.csv', 'a,b\n1,2\n'),
        /columns names column 'zz', which is not in the data/,
        { columns: ['zz'] },
      ],
      ['a glob matching nothing', 'nothing-*.csv', /no file matches 'nothing-\*.csv'/],
      ['an unknown extension', () => write('data.xyz', 'a'), /cannot tell the format/],
      [
        'text in a numeric column after inference',
        () => write('late.csv', 'a\n1\n2\nabc\n'),
        /late.csv: line 4: column 'a' is read as numeric but holds 'abc'/,
        { inferRows: 2 },
      ],
      [
        'bad JSON lines',
        () => write('bad.jsonl', '{"a":1}\n{"a":\n'),
        /bad.jsonl: line 2: not valid JSON/,
      ],
      [
        'a JSON file that is not an array',
        () => write('obj.json', '{"a":1}'),
        /must hold a JSON array of records/,
      ],
      [
        'a file lacking a column of the first',
        () => [write('s1.csv', 'a,b\n1,2\n'), write('s2.csv', 'a\n1\n')],
        /s2.csv' lacks column 'b'/,
      ],
      ['duplicate header names', () => write('dup.csv', 'a,a\n1,2\n'), /has two columns named 'a'/],
    ])('%s', async (_what, source, message, ...extra: object[]) => {
      const src = typeof source === 'function' ? source() : source;
      await expect(readTable(src, { cwd: tmp, ...opts, ...extra[0] })).rejects.toThrow(message);
    });
  });
});
