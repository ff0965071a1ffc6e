import { foldTable } from '../data/fold-table.js';
import { checkHasRows, checkSampleSize } from '../data/read-table.js';
import { RowSampler } from '../data/row-sample.js';
import type { ColumnSchema, ReadOptions, Table } from '../data/table-types.js';
import { DatasetCollector, type CollectorOptions } from '../stats/column-collector.js';
import type { DatasetSummary } from '../stats/compute-drift.js';

export interface DatasetRead {
  summary: DatasetSummary;
  schema: ColumnSchema[];
  files: string[];
}

export interface SummaryReadOptions extends ReadOptions, CollectorOptions {
  /**
   * Also keep a uniform sample of this many rows (seeded reservoir, as `readTable`'s `maxRows`)
   * from the same read, for the parts that need whole rows.
   */
  sampleRows?: number;
  /** Hears the schema as soon as it is known, before the rows are read. */
  onSchema?: (schema: ColumnSchema[]) => void;
  /**
   * Hears the row sample (with `sampleRows`) as soon as every row is read, before the numeric
   * columns are sorted, so its consumers can start meanwhile.
   */
  onSample?: (sample: Table) => void;
}

/**
 * Streams a dataset into drift inputs (sorted numeric values and category counts per column):
 * exact while the numbers fit `maxExactValues` (default 25 million, 100-200 MB), quantile sketches
 * past that, so memory stays bounded for any number of rows (the report marks those columns
 * approximate, with the bound). With `sampleRows`, the row sample comes from the same single
 * read of the files.
 */
export async function readDatasetSummary(
  source: string | string[],
  options: SummaryReadOptions & { sampleRows: number },
): Promise<DatasetRead & { sample: Table }>;
export async function readDatasetSummary(
  source: string | string[],
  options?: SummaryReadOptions,
): Promise<DatasetRead & { sample?: Table }>;
export async function readDatasetSummary(
  source: string | string[],
  options: SummaryReadOptions = {},
): Promise<DatasetRead & { sample?: Table }> {
  const { sampleRows } = options;
  checkSampleSize(sampleRows, options.input);
  const { result, schema, files } = await foldTable(source, options, (s, files) => {
    options.onSchema?.(s);
    const collector = new DatasetCollector(s, options);
    const sampler = sampleRows === undefined ? undefined : new RowSampler(s, sampleRows);
    return {
      add(batch) {
        collector.add(batch);
        sampler?.add(batch);
      },
      finish() {
        const sample = sampler && { ...sampler.finish(), files };
        if (sample) {
          checkHasRows(sample, options.input);
          options.onSample?.(sample);
        }
        return { summary: collector.finish(), sample };
      },
    };
  });
  return {
    summary: result.summary,
    schema,
    files,
    ...(result.sample && { sample: result.sample }),
  };
}
