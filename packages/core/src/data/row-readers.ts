import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { UserError } from '../inputs/user-error.js';
import { CsvParser, type CsvRow } from './csv-parser.js';
import type { DataFile } from './data-sources.js';
import { openParquetColumns, SLICE_ROWS } from './parquet-columns.js';

/** Receives one file's header, then its records, either as CSV byte ranges or as values. */
export interface RowSink {
  header(names: string[], file: DataFile): void;
  csvRow(row: CsvRow, file: DataFile): void;
  /** CSV fields (by header position; 1: numeric) the parser may read as numbers as it scans. */
  numericFields?(): Uint8Array | undefined;
  /** `values` are aligned with the header; `line` is the line (or row number) for messages. */
  valueRow(values: readonly unknown[], line: number, file: DataFile): void;
  /**
   * `rows` rows given column by column (aligned with the header; Parquet), the first of them on
   * row `line` (1-based) of the file.
   */
  columnRows(
    columns: readonly ArrayLike<unknown>[],
    rows: number,
    line: number,
    file: DataFile,
  ): void;
}

const CHUNK_BYTES = 1 << 20;

export interface FileReadOptions {
  input?: string;
  /** Records looked at before the column set of a JSON file is fixed. */
  keyRows: number;
  /** Hears how many bytes of the file on disk have been read. */
  onBytes?: (bytesRead: number) => void;
}

/**
 * The file's (decompressed) bytes; `onBytes` hears how much of the file on disk is read. A plain
 * file is read into one buffer, reused for every chunk (a chunk is valid until the next is asked
 * for: copy what you keep), so reading allocates nothing per megabyte.
 */
async function* readBytes(
  file: DataFile,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<Buffer> {
  if (file.gzip) {
    const raw = createReadStream(file.path, { highWaterMark: CHUNK_BYTES });
    const stream: Readable = raw.pipe(createGunzip());
    for await (const chunk of stream) {
      onBytes?.(raw.bytesRead);
      yield chunk as Buffer;
    }
    return;
  }
  const handle = await fs.open(file.path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      onBytes?.(total);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function checkNotEmpty(file: DataFile, input?: string): Promise<void> {
  const stat = await fs.stat(file.path);
  if (stat.size === 0) throw new UserError(`file '${file.display}' is empty.`, input);
}

/**
 * Streams one file into the sink, yielding after each chunk so the caller can hand out finished
 * batches; memory stays bounded by the chunk size (JSON arrays, by nature, are read whole).
 */
export async function* readFileRows(
  file: DataFile,
  sink: RowSink,
  options: FileReadOptions,
): AsyncGenerator<void> {
  await checkNotEmpty(file, options.input);
  switch (file.format) {
    case 'csv':
    case 'tsv':
      yield* readCsv(file, sink, options);
      break;
    case 'jsonl':
      yield* readJsonLines(file, sink, options);
      break;
    case 'json':
      yield* readJsonArray(file, sink, options);
      break;
    case 'parquet':
      yield* readParquet(file, sink, options.input);
      break;
  }
}

async function* readCsv(
  file: DataFile,
  sink: RowSink,
  options: FileReadOptions,
): AsyncGenerator<void> {
  let headerSeen = false;
  const parser = new CsvParser(
    file.display,
    (row) => {
      if (headerSeen) return sink.csvRow(row, file);
      headerSeen = true;
      const names = [];
      for (let i = 0; i < row.count; i++) names.push(row.text(i).trim());
      sink.header(names, file);
    },
    file.format === 'tsv' ? 9 : 44,
    options.input,
    () => sink.numericFields?.(),
  );
  for await (const chunk of readBytes(file, options.onBytes)) {
    parser.push(chunk);
    yield;
  }
  parser.end();
  if (!headerSeen)
    throw new UserError(`file '${file.display}' is empty (no header line).`, options.input);
  yield;
}

/**
 * JSON records: the columns are the keys of the first `keyRows` records, in first-seen order
 * (keys that only appear later are ignored); a key a record lacks is a missing cell.
 */
class RecordColumns {
  private pending: { record: Record<string, unknown>; line: number }[] = [];
  private keys: string[] | undefined;

  constructor(
    private readonly file: DataFile,
    private readonly sink: RowSink,
    private readonly keyRows: number,
    private readonly input?: string,
  ) {}

  add(value: unknown, line: number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError(
        `${this.file.display}: line ${line}: expected a JSON object (one record), got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)?.slice(0, 40)}.`,
        this.input,
      );
    }
    const record = value as Record<string, unknown>;
    if (this.keys) return this.emit(record, line);
    this.pending.push({ record, line });
    if (this.pending.length >= this.keyRows) this.flush();
  }

  flush(): void {
    if (this.keys) return;
    const seen = new Set<string>();
    for (const { record } of this.pending) for (const key of Object.keys(record)) seen.add(key);
    this.keys = [...seen];
    this.sink.header(this.keys, this.file);
    for (const { record, line } of this.pending) this.emit(record, line);
    this.pending = [];
  }

  private emit(record: Record<string, unknown>, line: number): void {
    const keys = this.keys!;
    const values = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = record[keys[i]];
    this.sink.valueRow(values, line, this.file);
  }

  get empty(): boolean {
    return this.keys === undefined && this.pending.length === 0;
  }
}

async function* readJsonLines(
  file: DataFile,
  sink: RowSink,
  options: FileReadOptions,
): AsyncGenerator<void> {
  const records = new RecordColumns(file, sink, options.keyRows, options.input);
  let carry = '';
  let line = 0;
  const take = (text: string) => {
    line++;
    const trimmed = text.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line === 1 ? trimmed.replace(/^\uFEFF/, '') : trimmed);
    } catch (error) {
      throw new UserError(
        `${file.display}: line ${line}: not valid JSON (${(error as Error).message}).`,
        options.input,
      );
    }
    records.add(value, line);
  };
  for await (const chunk of readBytes(file, options.onBytes)) {
    const text = carry + (chunk as Buffer).toString('utf8');
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    for (const l of lines) take(l);
    yield;
  }
  if (carry !== '') take(carry);
  if (records.empty) throw new UserError(`file '${file.display}' holds no records.`, options.input);
  records.flush();
  yield;
}

async function* readJsonArray(
  file: DataFile,
  sink: RowSink,
  options: FileReadOptions,
): AsyncGenerator<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of readBytes(file, options.onBytes)) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new UserError(`file '${file.display}' is empty.`, options.input);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `file '${file.display}' is not valid JSON: ${(error as Error).message}`,
      options.input,
    );
  }
  if (!Array.isArray(data)) {
    throw new UserError(
      `file '${file.display}' must hold a JSON array of records (objects).`,
      options.input,
    );
  }
  if (data.length === 0)
    throw new UserError(`file '${file.display}' holds no records.`, options.input);
  const records = new RecordColumns(file, sink, options.keyRows, options.input);
  for (let i = 0; i < data.length; i++) {
    records.add(data[i], i + 1);
    if (i % 16384 === 16383) yield;
  }
  records.flush();
  yield;
}

async function* readParquet(file: DataFile, sink: RowSink, input?: string): AsyncGenerator<void> {
  let parquet;
  try {
    parquet = await openParquetColumns(file.path);
  } catch (error) {
    throw new UserError(
      `file '${file.display}' is not a readable Parquet file: ${(error as Error).message}`,
      input,
    );
  }
  const unreadable = (error: unknown) =>
    new UserError(`cannot read Parquet file '${file.display}': ${(error as Error).message}`, input);
  try {
    sink.header(parquet.names, file);
    for (let g = 0; g < parquet.rowGroups; g++) {
      let group;
      try {
        group = await parquet.openRowGroup(g);
      } catch (error) {
        throw unreadable(error);
      }
      for (let done = 0; done < group.rows; done += SLICE_ROWS) {
        const rows = Math.min(SLICE_ROWS, group.rows - done);
        let columns;
        try {
          columns = group.cursors.map((cursor) => cursor.take(rows));
        } catch (error) {
          throw unreadable(error);
        }
        sink.columnRows(columns, rows, group.rowStart + done + 1, file);
        yield;
      }
    }
  } finally {
    await parquet.close();
  }
}
