import { closeSync, mkdtempSync, openSync, promises as fsp, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openTable } from './table-stream.js';

/** Writes `rows` generated rows without ever holding the file in memory. */
function writeLargeCsv(file: string, rows: number): void {
  const fd = openSync(file, 'w');
  writeSync(fd, 'x,y,city,flag\n');
  const cities = ['Paris', 'Berlin', 'Rome', 'Oslo'];
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `${(i % 1000) / 8},${i % 7 === 0 ? '' : i},${cities[i % 4]},${i % 2 === 0}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

describe('streaming a large CSV', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stream-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes 2 million rows through with bounded heap and exact per-column tallies', async () => {
    const rows = 2_000_000;
    const file = path.join(dir, 'large.csv');
    writeLargeCsv(file, rows);
    const stream = await openTable(file);
    expect(stream.schema.map((c) => c.type)).toEqual([
      'numeric',
      'numeric',
      'categorical',
      'boolean',
    ]);
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let sumX = 0;
    let missingY = 0;
    let flags = 0;
    const cities = new Map<string, number>();
    let seen = 0;
    for await (const batch of stream.batches()) {
      const [x, y, city, flag] = batch.columns;
      if (x.type === 'categorical' || y.type === 'categorical' || flag.type === 'categorical')
        throw new Error('types');
      if (city.type !== 'categorical') throw new Error('types');
      for (let r = 0; r < batch.length; r++) {
        sumX += x.numbers[r];
        if (Number.isNaN(y.numbers[r])) missingY++;
        flags += flag.numbers[r];
        const c = city.strings[r]!;
        cities.set(c, (cities.get(c) ?? 0) + 1);
      }
      seen += batch.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
    let expectedSum = 0;
    for (let i = 0; i < rows; i++) expectedSum += (i % 1000) / 8;
    expect(seen).toBe(rows);
    expect(sumX).toBe(expectedSum);
    expect(missingY).toBe(Math.ceil(rows / 7));
    expect(flags).toBe(rows / 2);
    expect(cities.get('Oslo')).toBe(rows / 4);
    // The file is ~50 MB and its values would take well over 100 MB of heap as JS arrays;
    // streaming keeps only a chunk and a batch or two alive (garbage not yet collected included).
    expect(peak).toBeLessThan(96 * 1024 * 1024);
  });
});

describe('openTable progress', () => {
  it('reports bytes read across files up to their total size, with the rows so far', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'progress-'));
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},${i % 7}`).join('\n');
    await fsp.writeFile(path.join(dir, 'a.csv'), `x,y\n${rows}\n`);
    await fsp.writeFile(path.join(dir, 'b.csv'), `x,y\n${rows}\n`);
    const total = (await fsp.stat(path.join(dir, 'a.csv'))).size * 2;
    const seen: Array<{ bytes: number; totalBytes: number; rows: number }> = [];
    const stream = await openTable(path.join(dir, '*.csv'), { progress: (p) => seen.push(p) });
    for await (const _ of stream.batches());
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((p) => p.totalBytes === total)).toBe(true);
    const bytes = seen.map((p) => p.bytes);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
    expect(seen[seen.length - 1]).toMatchObject({ bytes: total, rows: 100_000 });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('openTable row estimate', () => {
  it('tells each batch the total rows to expect, close to the truth once a few chunks are read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'estimate-'));
    // Two files of different sizes, full-precision numbers and a category, ~12 MB in all.
    const file = (name: string, rows: number, shift: number) =>
      fsp.writeFile(
        path.join(dir, name),
        `x,y,c\n${Array.from(
          { length: rows },
          (_, i) => `${Math.sin(i + shift).toFixed(6)},${(Math.cos(i) * 1e3).toFixed(6)},k${i % 6}`,
        ).join('\n')}\n`,
      );
    await file('a.csv', 300_000, 0);
    await file('b.csv', 120_000, 7);
    const stream = await openTable(path.join(dir, '*.csv'));
    const estimates: [number, number | undefined][] = [];
    for await (const batch of stream.batches()) estimates.push([batch.offset, batch.expectedRows]);
    expect(estimates.length).toBeGreaterThan(20);
    // Collectors size their storage from the estimate once 65,536 rows are read (the first
    // batches, before a whole chunk is parsed, may have none).
    const settled = estimates.filter(([offset]) => offset >= 65_536);
    expect(settled.length).toBeGreaterThan(15);
    for (const [, expected] of settled) {
      expect(expected).toBeDefined();
      expect(Math.abs(expected! / 420_000 - 1)).toBeLessThan(0.03);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
