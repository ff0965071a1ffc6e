import { sampledColumn } from '../data/row-sample.js';
import type { Column, ReadProgress, Table } from '../data/table-types.js';
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

/** A sampled column crosses threads as its doubles; its boxed cells are rebuilt on demand. */
type PortableColumn =
  Column | { name: string; type: Column['type']; missing: number; numbers: Float64Array };

function portable(sample: Table): Table {
  const columns = sample.columns.map((c): PortableColumn =>
    c.numbers ? { name: c.name, type: c.type, missing: c.missing, numbers: c.numbers } : c,
  );
  return { ...sample, columns: columns as Column[] };
}

function revived(sample: Table): Table {
  const columns = sample.columns.map((c) =>
    c.numbers ? sampledColumn({ name: c.name, type: c.type }, c.numbers, c.missing) : c,
  );
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
    for (const c of read.sample.columns)
      if (c.numbers) buffers.add(c.numbers.buffer as ArrayBuffer);
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
