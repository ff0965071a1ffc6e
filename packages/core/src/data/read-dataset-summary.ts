import { DatasetCollector, type CollectorOptions } from '../stats/column-collector.js';
import type { DatasetSummary } from '../stats/compute-drift.js';
import { openTable } from './table-stream.js';
import type { ColumnSchema, ColumnType, ReadOptions } from './table-types.js';

export interface DatasetRead {
  summary: DatasetSummary;
  schema: ColumnSchema[];
  files: string[];
}

/**
 * Streams a dataset into drift inputs (sorted numeric values and category counts per column):
 * exact while the numbers fit `maxExactValues` (default 25 million, ~200 MB), quantile sketches
 * past that, so memory stays bounded for any number of rows (the report marks those columns
 * approximate, with the bound).
 */
export async function readDatasetSummary(
  source: string | string[],
  options: ReadOptions & CollectorOptions = {},
): Promise<DatasetRead> {
  const stream = await openTable(source, options);
  const collector = new DatasetCollector(stream.schema, options);
  for await (const batch of stream.batches()) collector.add(batch);
  return { summary: collector.finish(), schema: stream.schema, files: stream.files };
}

/** Column types of a schema, to read a second dataset (the current data) exactly like the first. */
export function schemaTypes(schema: readonly ColumnSchema[]): Record<string, ColumnType> {
  return Object.fromEntries(schema.map((c) => [c.name, c.type]));
}
