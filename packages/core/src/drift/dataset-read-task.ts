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
  options: Omit<SummaryReadOptions, 'progress' | 'onSchema' | 'onSample'> & {
    sampleRows: number;
  };
};

/** Progress while reading; then the row sample, before the columns are sorted. */
export type DatasetReadEvent = { progress: ReadProgress } | { sample: Table };

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

/** The buffers of a portable sample, moved rather than copied to the other thread. */
function sampleBuffers(sample: Table): ArrayBuffer[] {
  return (sample.columns as unknown as PortableColumn[]).map(
    (c) => ('numbers' in c ? c.numbers : c.codes).buffer as ArrayBuffer,
  );
}

const readInWorker = defineWorkerTask<DatasetReadRequest, DatasetRead, DatasetReadEvent>({
  name: 'drift/read-dataset-summary',
  async run({ source, options }, post) {
    const { summary, schema, files } = await readDatasetSummary(source, {
      ...options,
      progress: (progress) => post({ progress }),
      onSample(sample) {
        const moved = portable(sample);
        post({ sample: moved }, sampleBuffers(moved));
      },
    });
    return { summary, schema, files };
  },
  transfer: (read) => [
    ...new Set(read.summary.columns.flatMap((c) => distributionBuffers(c.distribution))),
  ],
});

/** One side read aside: its row sample comes first, then the rest. */
export interface DatasetReadAside {
  /** The row sample, heard before the numeric columns are sorted. */
  sample: Promise<Table>;
  read: Promise<DatasetRead>;
}

/**
 * Reads one side of a drift run (statistics and row sample, as `readDatasetSummary`) in a
 * worker thread when the bundle allows it, so the other side can be read at the same time;
 * `progress` hears how far the files are read. The request may come later (a promise): the
 * worker starts meanwhile. The sample arrives while the worker still sorts the columns, so the
 * parts that need only rows can start. Both promises reject if the read fails.
 */
export function readDatasetSummaryAside(
  request: DatasetReadRequest | Promise<DatasetReadRequest>,
  listeners: { progress(read: ReadProgress): void },
): DatasetReadAside {
  let heard: (sample: Table) => void = () => {};
  const sample = new Promise<Table>((resolve) => (heard = resolve));
  const read = readInWorker(request, (event) => {
    if ('progress' in event) listeners.progress(event.progress);
    else heard(revived(event.sample));
  }).then((done) => {
    const columns = done.summary.columns.map((c) => ({
      ...c,
      distribution: revivedDistribution(c.distribution),
    }));
    return { ...done, summary: { ...done.summary, columns } };
  });
  return { sample: Promise.race([sample, read.then(noSample)]), read };
}

/** A read that ended without sending its sample (it always sends one before its result). */
function noSample(): never {
  throw new Error('the read aside ended without its row sample');
}
