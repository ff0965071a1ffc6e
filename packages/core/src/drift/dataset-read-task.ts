import { sampledColumn } from '../data/row-sample.js';
import type { CellValue, Column, ReadProgress, Table } from '../data/table-types.js';
import { defineWorkerTask } from '../runner/worker-tasks.js';
import { distributionBuffers, revivedDistribution } from '../stats/scaled-integers.js';
import {
  readDatasetSummary,
  type DatasetRead,
  type SummaryReadOptions,
} from './read-dataset-summary.js';

/** What a worker needs to read one side: plain data only (no callbacks, no scratch buffers). */
export type DatasetReadRequest = {
  source: string | string[];
  options: Omit<SummaryReadOptions, 'progress' | 'onSchema'> & {
    sampleRows: number;
  };
};

export type DatasetReadEvent = { progress: ReadProgress };

/**
 * A sampled column crosses threads as typed arrays: numbers as their doubles (boxed cells are
 * rebuilt on demand), categories as codes into their distinct values (copying each of 100,000
 * strings one by one costs more than rebuilding the array from codes).
 */
type PortableColumn =
  | { name: string; type: Column['type']; missing: number; numbers: Float64Array }
  | { name: string; type: Column['type']; missing: number; codes: Int32Array; levels: CellValue[] };

function portable(sample: Table): Table {
  const columns = sample.columns.map((c): PortableColumn => {
    const { name, type, missing } = c;
    if (c.numbers) return { name, type, missing, numbers: c.numbers };
    const index = new Map<CellValue, number>();
    const levels: CellValue[] = [];
    const codes = Int32Array.from(c.values, (v) => {
      let code = index.get(v);
      if (code === undefined) {
        code = levels.push(v) - 1;
        index.set(v, code);
      }
      return code;
    });
    return { name, type, missing, codes, levels };
  });
  return { ...sample, columns: columns as unknown as Column[] };
}

function revived(sample: Table): Table {
  const columns = (sample.columns as unknown as PortableColumn[]).map((c): Column => {
    const { name, type, missing } = c;
    if ('numbers' in c) return sampledColumn({ name, type }, c.numbers, missing);
    const values: CellValue[] = new Array(c.codes.length);
    for (let r = 0; r < values.length; r++) values[r] = c.levels[c.codes[r]];
    return { name, type, missing, values };
  });
  return { ...sample, columns };
}

const readInWorker = defineWorkerTask<
  DatasetReadRequest,
  DatasetRead & { sample: Table },
  DatasetReadEvent
>({
  name: 'drift/read-dataset-summary',
  async run({ source, options }, post) {
    const read = await readDatasetSummary(source, {
      ...options,
      progress: (progress) => post({ progress }),
    });
    return { ...read, sample: portable(read.sample) };
  },
  transfer(read) {
    const buffers = new Set<ArrayBuffer>();
    for (const c of read.summary.columns)
      for (const b of distributionBuffers(c.distribution)) buffers.add(b);
    for (const c of read.sample.columns as unknown as PortableColumn[])
      buffers.add(('numbers' in c ? c.numbers : c.codes).buffer as ArrayBuffer);
    return [...buffers];
  },
});

/**
 * Reads one side of a drift run (statistics and row sample, as `readDatasetSummary`) in a
 * worker thread when the bundle allows it, so the other side can be read at the same time;
 * `progress` hears how far the files are read. The request may come later (a promise): the
 * worker starts meanwhile.
 */
export async function readDatasetSummaryAside(
  request: DatasetReadRequest | Promise<DatasetReadRequest>,
  listeners: { progress(read: ReadProgress): void },
): Promise<DatasetRead & { sample: Table }> {
  const read = await readInWorker(request, (event) => listeners.progress(event.progress));
  const columns = read.summary.columns.map((c) => ({
    ...c,
    distribution: revivedDistribution(c.distribution),
  }));
  return { ...read, summary: { ...read.summary, columns }, sample: revived(read.sample) };
}
