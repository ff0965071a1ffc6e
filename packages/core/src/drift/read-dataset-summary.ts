import { foldTable } from '../data/fold-table.js';
import type { ColumnSchema, ReadOptions } from '../data/table-types.js';
import { DatasetCollector, type CollectorOptions } from '../stats/column-collector.js';
import type { DatasetSummary } from '../stats/compute-drift.js';

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
  const { result, schema, files } = await foldTable(
    source,
    options,
    (s) => new DatasetCollector(s, options),
  );
  return { summary: result, schema, files };
}
