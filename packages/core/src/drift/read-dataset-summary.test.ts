import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { summarizeTable } from '../stats/column-collector.js';
import { readTable } from '../data/read-table.js';
import { schemaTypes } from '../data/table-types.js';
import { readDatasetSummary } from './read-dataset-summary.js';

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
    expect(streamed.summary).toEqual(inMemory);
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
});
