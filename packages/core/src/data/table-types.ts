/**
 * The shapes the dataset readers produce. A cell that is missing (empty, NaN, null, ±Infinity,
 * NA, N/A, None) is `null` in a materialized column and `NaN` in a numeric batch column: missing
 * cells are counted, never turned into numbers.
 */

/** How a column is read: numbers, categories (text), true/false, or timestamps (epoch ms). */
export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'datetime';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'numeric',
  'categorical',
  'boolean',
  'datetime',
];

export interface ColumnSchema {
  name: string;
  type: ColumnType;
}

/**
 * One column of a row batch. `numbers` for numeric, datetime (epoch milliseconds) and boolean
 * (0 or 1) columns, with NaN marking a missing cell; `strings` for categorical columns, with
 * null marking a missing cell.
 */
export type BatchColumn =
  | {
      name: string;
      type: 'numeric' | 'datetime' | 'boolean';
      numbers: Float64Array;
      /** How many of the batch's cells are missing (NaN), when the reader counted them. */
      missing?: number;
    }
  | { name: string; type: 'categorical'; strings: (string | null)[] };

/** A slice of consecutive rows, column by column. */
export interface RowBatch {
  /** Index (0-based, over all files) of the first row of this batch. */
  offset: number;
  /** Number of rows in this batch; the arrays may be longer (reused capacity). */
  length: number;
  columns: BatchColumn[];
  /**
   * The dataset's total rows as estimated from the share of its bytes read so far (absent when
   * unknown), so a consumer can size its storage once instead of growing it by copies.
   */
  expectedRows?: number;
}

export type CellValue = number | string | boolean | null;

/** A materialized column. Numeric and datetime values are numbers, booleans are booleans. */
export interface Column {
  name: string;
  type: ColumnType;
  values: CellValue[];
  /** How many values are null (missing). */
  missing: number;
  /**
   * For numeric, datetime and boolean (1, 0) columns whose reader kept them so: the same values
   * as doubles (NaN where missing). Read them through `columnNumbers` (data/column-numbers.ts); never modify.
   */
  numbers?: Float64Array;
}

export interface Table {
  columns: Column[];
  /** Rows in `columns` (after sampling). */
  rows: number;
  /** Rows read from the source (before sampling). */
  totalRows: number;
  /** Source row index (0-based over all files) of each kept row, ascending. */
  rowIndex: number[];
  /** The files read, in order. */
  files: string[];
}

/** File formats the readers understand; `auto` picks by extension. */
export type DataFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet';

export interface ReadOptions {
  /** Name of the action input the source came from, for error messages. */
  input?: string;
  /** Keep only these columns (in this order). Unknown names are an error. */
  columns?: string[];
  /** Drop these columns. Unknown names are an error. */
  excludeColumns?: string[];
  /** Read these columns as categories even when they look numeric. */
  categoricalColumns?: string[];
  /** Read these columns as numbers; a non-numeric, non-missing cell is an error. */
  numericColumns?: string[];
  /** Fixed types per column (e.g. the reference's schema when reading the current data). */
  types?: Record<string, ColumnType>;
  /** Directory relative paths and globs resolve against (default: the workspace). */
  cwd?: string;
  /** Force a format instead of choosing by file extension. */
  format?: DataFormat;
  /** Rows looked at to infer column types (default 10,000). */
  inferRows?: number;
  /** Rows per streamed batch (default 16,384). */
  batchSize?: number;
  /** Called as the files are read, for progress logs (bytes are of the files on disk). */
  progress?: (read: ReadProgress) => void;
}

export interface ReadProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

/** Column types of a schema, to read a second dataset (the current data) exactly like the first. */
export function schemaTypes(schema: readonly ColumnSchema[]): Record<string, ColumnType> {
  return Object.fromEntries(schema.map((c) => [c.name, c.type]));
}
