import { UserError } from '../inputs/user-error.js';
import { seededRandom } from '../stats/random.js';
import { openTable } from './table-stream.js';
import type { CellValue, Column, ReadOptions, RowBatch, Table } from './table-types.js';

export interface ReadTableOptions extends ReadOptions {
  /** Keep at most this many rows, drawn uniformly (reservoir sampling); all rows when unset. */
  maxRows?: number;
  /** Seed for the sampling, so the same data and seed give the same rows (default 1). */
  seed?: number;
}

function cell(batch: RowBatch, c: number, r: number): CellValue {
  const col = batch.columns[c];
  if (col.type === 'categorical') return col.strings[r];
  const v = col.numbers[r];
  if (Number.isNaN(v)) return null;
  return col.type === 'boolean' ? v === 1 : v;
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
  if (
    options.maxRows !== undefined &&
    !(Number.isInteger(options.maxRows) && options.maxRows > 0)
  ) {
    throw new UserError(
      `the number of rows to sample must be a positive whole number, got ${options.maxRows}.`,
      options.input,
    );
  }
  const stream = await openTable(source, options);
  const width = stream.schema.length;
  const cap = options.maxRows ?? Number.POSITIVE_INFINITY;
  const random = seededRandom(options.seed ?? 1);
  const values: CellValue[][] = stream.schema.map(() => []);
  const rowIndex: number[] = [];
  let seen = 0;
  for await (const batch of stream.batches()) {
    for (let r = 0; r < batch.length; r++, seen++) {
      let slot: number;
      if (seen < cap) {
        slot = seen;
      } else {
        slot = Math.floor(random() * (seen + 1));
        if (slot >= cap) continue;
      }
      rowIndex[slot] = batch.offset + r;
      for (let c = 0; c < width; c++) values[c][slot] = cell(batch, c, r);
    }
  }
  if (seen === 0) {
    throw new UserError(
      `'${stream.files.join(', ')}' has a header but no data rows.`,
      options.input,
    );
  }
  // Back to file order: sampling scatters rows over the slots.
  const order = rowIndex.map((_, i) => i);
  if (seen > cap) order.sort((a, b) => rowIndex[a] - rowIndex[b]);
  const columns: Column[] = stream.schema.map((s, c) => {
    const v = seen > cap ? order.map((i) => values[c][i]) : values[c];
    let missing = 0;
    for (const x of v) if (x === null) missing++;
    return { name: s.name, type: s.type, values: v, missing };
  });
  return {
    columns,
    rows: order.length,
    totalRows: seen,
    rowIndex: seen > cap ? order.map((i) => rowIndex[i]) : rowIndex,
    files: stream.files,
  };
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
