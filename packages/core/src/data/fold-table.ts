import { openTable } from './table-stream.js';
import type { ColumnSchema, ReadOptions, RowBatch } from './table-types.js';

/** Something that takes a dataset's row batches and gives one result (a summary, a profile). */
export interface BatchSink<T> {
  add(batch: RowBatch): void;
  finish(): T;
}

/**
 * Streams a dataset (bounded memory: 1 MB chunks, row batches) through a sink made for its
 * schema. The sink decides what is kept; data/ knows nothing of statistics.
 */
export async function foldTable<T>(
  source: string | string[],
  options: ReadOptions,
  sink: (schema: ColumnSchema[], files: string[]) => BatchSink<T>,
): Promise<{ result: T; schema: ColumnSchema[]; files: string[] }> {
  const stream = await openTable(source, options);
  const target = sink(stream.schema, stream.files);
  for await (const batch of stream.batches()) target.add(batch);
  return { result: target.finish(), schema: stream.schema, files: stream.files };
}
