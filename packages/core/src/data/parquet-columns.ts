/**
 * A Parquet file's rows as aligned column slices, a row group at a time. Flat columns (the usual
 * case) are decoded page by page (`parquet-pages.ts`); nested ones go through hyparquet's
 * `parquetRead` as a whole row group.
 */
import * as fs from 'node:fs/promises';
import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type AsyncBuffer,
  type FileMetaData,
  type RowGroup,
  type SchemaTree,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { isFlatColumn } from 'hyparquet/src/schema.js';
import {
  FlatColumnChunk,
  pageLength,
  PageScratch,
  type ColumnDecoder,
  type PageValues,
} from './parquet-pages.js';

/** Rows handed over per slice: a slice's columns are copied into batches right away. */
export const SLICE_ROWS = 16_384;

/** Copies `n` values of a page from row `from` into `out` at `at`. */
function copyValues(page: PageValues, from: number, n: number, out: unknown[], at: number): void {
  if ('codes' in page) {
    const { dictionary, codes } = page;
    for (let i = 0; i < n; i++) {
      const code = codes[from + i];
      out[at + i] = code < 0 ? null : dictionary[code];
    }
    return;
  }
  for (let i = 0; i < n; i++) out[at + i] = page[from + i];
}

/**
 * A column's values in consecutive runs of rows, across page boundaries, in arrays reused from
 * run to run (a run is valid until the next is taken).
 */
export class ColumnCursor {
  private page: PageValues = [];
  private at = 0;
  private readonly numbers = new Float64Array(SLICE_ROWS);
  private readonly values: unknown[] = new Array<unknown>(SLICE_ROWS).fill(null);

  /** `nextPage` gives the column's values a page at a time, undefined at the end. */
  constructor(private nextPage: () => PageValues | undefined) {}

  /** Goes on with the next row group's pages. */
  continueWith(nextPage: () => PageValues | undefined): void {
    this.nextPage = nextPage;
    this.page = [];
    this.at = 0;
  }

  private advance(): void {
    do {
      const page = this.nextPage();
      if (!page) throw new Error('parquet column chunk holds fewer rows than its row group');
      this.page = page;
      this.at = 0;
    } while (pageLength(this.page) === 0);
  }

  /** The next `rows` values (at most SLICE_ROWS). */
  take(rows: number): ArrayLike<unknown> {
    if (this.at === pageLength(this.page)) this.advance();
    if (this.page instanceof Float64Array && this.page.length - this.at >= rows) {
      this.at += rows;
      return this.page.subarray(this.at - rows, this.at);
    }
    let numbers = this.page instanceof Float64Array ? this.numbers.subarray(0, rows) : undefined;
    const values = rows === SLICE_ROWS ? this.values : new Array<unknown>(rows).fill(null);
    for (let filled = 0; filled < rows;) {
      if (this.at === pageLength(this.page)) this.advance();
      const page = this.page;
      const n = Math.min(rows - filled, pageLength(page) - this.at);
      if (numbers && page instanceof Float64Array) {
        numbers.set(page.subarray(this.at, this.at + n), filled);
      } else {
        // A page of other values: what is copied so far moves over to the value array.
        if (numbers) for (let i = 0; i < filled; i++) values[i] = numbers[i];
        numbers = undefined;
        copyValues(page, this.at, n, values, filled);
      }
      this.at += n;
      filled += n;
    }
    return numbers ?? values;
  }
}

/** One column's values of rows [rowStart, rowEnd), from the chunks that cover them. */
function groupColumn(
  chunks: { data: ArrayLike<unknown>; rowStart: number }[],
  rowStart: number,
  rowEnd: number,
): ArrayLike<unknown> {
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only && only.rowStart === rowStart && only.data.length === rowEnd - rowStart)
    return only.data;
  const values = new Array<unknown>(rowEnd - rowStart).fill(null);
  for (const { data, rowStart: start } of chunks) {
    for (let i = 0; i < data.length; i++) {
      const row = start + i;
      if (row >= rowStart && row < rowEnd) values[row - rowStart] = data[i];
    }
  }
  return values;
}

/** Nested columns of one row group, read whole by hyparquet. */
async function readNestedColumns(
  buffer: AsyncBuffer,
  metadata: FileMetaData,
  names: string[],
  rowStart: number,
  rowEnd: number,
): Promise<Map<string, ArrayLike<unknown>>> {
  // Column chunks, not rows: no array per row is built (a chunk may reach past the group).
  const chunks = new Map<string, { data: ArrayLike<unknown>; rowStart: number }[]>();
  await parquetRead({
    file: buffer,
    metadata,
    compressors,
    columns: names,
    rowStart,
    rowEnd,
    onChunk: (chunk) => {
      const list = chunks.get(chunk.columnName) ?? [];
      list.push({ data: chunk.columnData, rowStart: chunk.rowStart });
      chunks.set(chunk.columnName, list);
    },
  });
  return new Map(names.map((n) => [n, groupColumn(chunks.get(n) ?? [], rowStart, rowEnd)]));
}

/** An opened Parquet file: its column names and a cursor per column for each row group. */
export interface ParquetColumns {
  names: string[];
  rowGroups: number;
  /**
   * A cursor over each column, moved to row group `index` (the same cursors every time), the
   * group's rows and its first row (0-based).
   */
  openRowGroup(index: number): Promise<{ cursors: ColumnCursor[]; rows: number; rowStart: number }>;
  /** Closes the file. */
  close(): Promise<void>;
}

export async function openParquetColumns(path: string): Promise<ParquetColumns> {
  const buffer = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(buffer);
  const schema = parquetSchema(metadata);
  const columns = schema.children;
  const flat = columns.map((column) => isFlatColumn([schema, column]));
  const starts: number[] = [];
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    starts.push(rowStart);
    rowStart += Number(group.num_rows);
  }
  const cursors = columns.map(() => new ColumnCursor(() => undefined));
  const scratch = columns.map(() => new PageScratch());
  const shared = new PageScratch();
  const file = await fs.open(path, 'r');
  return {
    names: columns.map((c) => c.element.name),
    rowGroups: metadata.row_groups.length,
    async openRowGroup(index) {
      const group = metadata.row_groups[index];
      const rows = Number(group.num_rows);
      const start = starts[index];
      const chunks = flatChunks(group, schema, flat, rows, (i, chunk, decoder) => {
        return new FlatColumnChunk({ fd: file.fd, ...chunk }, decoder, rows, scratch[i], shared);
      });
      const nested = columns.filter((_, i) => !chunks[i]).map((c) => c.element.name);
      const nestedValues =
        nested.length > 0
          ? await readNestedColumns(buffer, metadata, nested, start, start + rows)
          : new Map<string, ArrayLike<unknown>>();
      columns.forEach((column, i) => {
        const chunk = chunks[i];
        if (chunk) return cursors[i].continueWith(() => chunk.nextPage());
        // A nested column's values of the whole group, as one page.
        let values: PageValues | undefined = Array.from(nestedValues.get(column.element.name)!);
        cursors[i].continueWith(() => {
          const page = values;
          values = undefined;
          return page;
        });
      });
      return { cursors, rows, rowStart: start };
    },
    close: () => file.close(),
  };
}

/** The page readers of the row group's flat columns (undefined for the others). */
function flatChunks(
  group: RowGroup,
  schema: SchemaTree,
  flat: boolean[],
  rows: number,
  open: (
    column: number,
    chunk: { start: number; end: number },
    decoder: ColumnDecoder,
  ) => FlatColumnChunk,
): (FlatColumnChunk | undefined)[] {
  const columns = schema.children;
  const ranges = columns.map((column, i) => {
    if (!flat[i]) return undefined;
    const meta = group.columns.find(
      (c) =>
        c.meta_data?.path_in_schema.length === 1 &&
        c.meta_data.path_in_schema[0] === column.element.name,
    )?.meta_data;
    if (!meta) return undefined;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    return { start, end: start + Number(meta.total_compressed_size), meta };
  });
  return ranges.map((range, i) => {
    if (!range) return undefined;
    const { start, end, meta } = range;
    const decoder = {
      pathInSchema: meta.path_in_schema,
      element: columns[i].element,
      schemaPath: [schema, columns[i]],
      type: meta.type,
      codec: meta.codec,
      parsers: DEFAULT_PARSERS,
      compressors,
    };
    return open(i, { start, end }, decoder);
  });
}
