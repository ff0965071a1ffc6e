import { UserError } from '../inputs/user-error.js';
import { foldTable } from './fold-table.js';
import { RowSampler } from './row-sample.js';
import type { Column, ReadOptions, Table } from './table-types.js';

export interface ReadTableOptions extends ReadOptions {
  /** Keep at most this many rows, drawn uniformly (reservoir sampling); all rows when unset. */
  maxRows?: number;
  /** Seed for the sampling, so the same data and seed give the same rows (default 1). */
  seed?: number;
}

/** Refuses a sample size that is not a positive whole number (naming the input). */
export function checkSampleSize(maxRows: number | undefined, input?: string): void {
  if (maxRows !== undefined && !(Number.isInteger(maxRows) && maxRows > 0)) {
    throw new UserError(
      `the number of rows to sample must be a positive whole number, got ${maxRows}.`,
      input,
    );
  }
}

/** Refuses a table read from files that hold a header and no rows. */
export function checkHasRows(table: Table, input?: string): void {
  if (table.totalRows === 0) {
    throw new UserError(`'${table.files.join(', ')}' has a header but no data rows.`, input);
  }
}

/**
 * Reads a dataset into memory, column by column (for small data: smoke tests, examples). With
 * `maxRows`, keeps a uniform sample of that many rows (Algorithm R with a seeded PRNG), returned
 * in file order with their source row indices.
 */
export async function readTable(
  source: string | string[],
  options: ReadTableOptions = {},
): Promise<Table> {
  checkSampleSize(options.maxRows, options.input);
  const { result, files } = await foldTable(
    source,
    options,
    (schema) => new RowSampler(schema, options.maxRows, options.seed),
  );
  const table = { ...result, files };
  checkHasRows(table, options.input);
  return table;
}

/** The column of a table by name, with a clear error naming the input when it is absent. */
export function tableColumn(table: Table, name: string, input?: string): Column {
  const column = table.columns.find((c) => c.name === name);
  if (!column) {
    const list = table.columns
      .map((c) => c.name)
      .slice(0, 20)
      .join(', ');
    throw new UserError(`column '${name}' is not in the data (columns: ${list}).`, input);
  }
  return column;
}
