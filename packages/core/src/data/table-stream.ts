import { promises as fs } from 'node:fs';
import { UserError } from '../inputs/user-error.js';
import {
  isMissingText,
  NOT_A_NUMBER,
  parseBooleanText,
  parseDatetimeText,
  parseNumberBytes,
  parseNumberText,
} from './cell-parsing.js';
import { resolveSchema, selectColumns } from './column-types.js';
import { FIELD_ESCAPED, type CsvRow } from './csv-parser.js';
import { resolveDataFiles, type DataFile } from './data-sources.js';
import { readFileRows, type RowSink } from './row-readers.js';
import { TextInterner } from './text-interner.js';
import type {
  BatchColumn,
  ColumnSchema,
  ColumnType,
  ReadOptions,
  RowBatch,
} from './table-types.js';

const DEFAULT_INFER_ROWS = 10_000;
const DEFAULT_BATCH_SIZE = 16_384;
/** Cells per batch (8 MB of numbers): wide data gets shorter batches, not gigabytes of them. */
const BATCH_CELLS = 1 << 20;

/** Rows per batch: the requested size, at most BATCH_CELLS cells (and at least 64 rows). */
function batchRows(requested: number | undefined, columns: number): number {
  if (requested !== undefined) return Math.max(1, requested);
  return Math.max(64, Math.min(DEFAULT_BATCH_SIZE, Math.floor(BATCH_CELLS / Math.max(1, columns))));
}

/** An opened dataset: its schema is known; its rows come as batches, once. */
export interface TableStream {
  readonly schema: ColumnSchema[];
  /** The files, as the user named them (or as the glob found them). */
  readonly files: string[];
  /** Rows handed out so far (all rows once `batches()` is exhausted). */
  readonly rowsRead: number;
  /**
   * The row batches, once. A batch is valid until the next one is asked for: its arrays are then
   * reused for a later batch (copy what you keep), so reading allocates no arrays per batch.
   */
  batches(): AsyncGenerator<RowBatch>;
}

/** Converts a JSON/Parquet value (or a cell text) to a number for a numeric-like column. */
function valueToNumber(value: unknown, type: ColumnType): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'string') {
    if (type === 'numeric') return parseNumberText(value);
    if (type === 'boolean') return parseBooleanText(value);
    return parseDatetimeText(value);
  }
  if (typeof value === 'number') {
    if (type === 'boolean') return NOT_A_NUMBER;
    return Number.isFinite(value) ? value : NaN;
  }
  if (typeof value === 'bigint') return type === 'boolean' ? NOT_A_NUMBER : Number(value);
  if (typeof value === 'boolean') return type === 'boolean' ? Number(value) : NOT_A_NUMBER;
  if (value instanceof Date) return type === 'datetime' ? value.getTime() : NOT_A_NUMBER;
  return NOT_A_NUMBER;
}

function valueToCategory(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length <= 12 && isMissingText(value) ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return JSON.stringify(value);
}

/** Fills fixed-size column arrays row by row and hands out full batches. */
class BatchBuilder {
  private numbers: (Float64Array | undefined)[] = [];
  private strings: ((string | null)[] | undefined)[] = [];
  private length = 0;
  private offset = 0;
  private missing = new Int32Array(0);
  private readonly interners: (TextInterner | undefined)[];
  /** Batches handed back by the consumer, whose arrays the next batches reuse. */
  private readonly spare: RowBatch[] = [];

  constructor(
    private readonly schema: ColumnSchema[],
    private readonly capacity: number,
    private readonly out: RowBatch[],
    private readonly input: string | undefined,
    private readonly expectedRows: () => number | undefined,
  ) {
    this.interners = schema.map((c) => (c.type === 'categorical' ? new TextInterner() : undefined));
    this.allocate();
  }

  get rows(): number {
    return this.offset + this.length;
  }

  /** Takes back a batch the consumer is done with. */
  recycle(batch: RowBatch): void {
    if (this.spare.length < 2) this.spare.push(batch);
  }

  private allocate(): void {
    this.missing = new Int32Array(this.schema.length);
    const spare = this.spare.pop();
    if (spare) {
      this.numbers = spare.columns.map((c) => (c.type === 'categorical' ? undefined : c.numbers));
      this.strings = spare.columns.map((c) => (c.type === 'categorical' ? c.strings : undefined));
      return;
    }
    this.numbers = this.schema.map((c) =>
      c.type === 'categorical' ? undefined : new Float64Array(this.capacity),
    );
    this.strings = this.schema.map((c) =>
      c.type === 'categorical' ? new Array(this.capacity) : undefined,
    );
  }

  private fail(file: DataFile, line: number, column: ColumnSchema, value: unknown): never {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    throw new UserError(
      `${file.display}: line ${line}: column '${column.name}' is read as ${column.type} but holds '${String(shown).slice(0, 60)}'; ` +
        `name it in categorical-columns to read it as categories, or fix the value.`,
      this.input,
    );
  }

  addCsv(row: CsvRow, fields: Int32Array, file: DataFile): void {
    const r = this.length;
    const schema = this.schema;
    for (let c = 0; c < schema.length; c++) {
      const f = fields[c];
      const type = schema[c].type;
      if (type === 'categorical') {
        this.strings[c]![r] =
          row.kinds[f] === FIELD_ESCAPED
            ? valueToCategory(row.text(f))
            : this.interners[c]!.get(row.buf, row.starts[f], row.ends[f]);
        continue;
      }
      let v: number;
      if (type === 'numeric' && row.kinds[f] !== FIELD_ESCAPED) {
        v = row.numbers[f];
        if (v !== v) v = parseNumberBytes(row.buf, row.starts[f], row.ends[f]);
      } else {
        v = valueToNumber(row.text(f), type);
      }
      if (v === NOT_A_NUMBER) this.fail(file, row.line, schema[c], row.text(f));
      if (v !== v) this.missing[c]++;
      this.numbers[c]![r] = v;
    }
    if (++this.length === this.capacity) this.flush();
  }

  addValues(values: readonly unknown[], fields: Int32Array, line: number, file: DataFile): void {
    const r = this.length;
    const schema = this.schema;
    for (let c = 0; c < schema.length; c++) {
      const value = values[fields[c]];
      const type = schema[c].type;
      if (type === 'categorical') {
        this.strings[c]![r] = valueToCategory(value);
        continue;
      }
      const v = valueToNumber(value, type);
      if (v === NOT_A_NUMBER) this.fail(file, line, schema[c], value);
      if (v !== v) this.missing[c]++;
      this.numbers[c]![r] = v;
    }
    if (++this.length === this.capacity) this.flush();
  }

  /** Rows given column by column (Parquet): converted a column at a time, no array per row. */
  addColumns(
    columns: readonly ArrayLike<unknown>[],
    rows: number,
    fields: Int32Array,
    line: number,
    file: DataFile,
  ): void {
    for (let done = 0; done < rows;) {
      const r0 = this.length;
      const n = Math.min(rows - done, this.capacity - r0);
      for (let c = 0; c < this.schema.length; c++) {
        const from = columns[fields[c]];
        const type = this.schema[c].type;
        if (type === 'categorical') {
          const strings = this.strings[c]!;
          for (let i = 0; i < n; i++) strings[r0 + i] = valueToCategory(from[done + i]);
          continue;
        }
        const numbers = this.numbers[c]!;
        if (type === 'numeric' && from instanceof Float64Array) {
          // Decoded Parquet numbers: copied as a block, non-finite values made missing.
          numbers.set(from.subarray(done, done + n), r0);
          for (let i = r0; i < r0 + n; i++) {
            const v = numbers[i];
            if (v - v !== 0) {
              numbers[i] = NaN;
              this.missing[c]++;
            }
          }
          continue;
        }
        for (let i = 0; i < n; i++) {
          const value = from[done + i];
          const v =
            typeof value === 'number' && type !== 'boolean'
              ? Number.isFinite(value)
                ? value
                : NaN
              : valueToNumber(value, type);
          if (v === NOT_A_NUMBER) this.fail(file, line + done + i, this.schema[c], value);
          if (v !== v) this.missing[c]++;
          numbers[r0 + i] = v;
        }
      }
      this.length += n;
      done += n;
      if (this.length === this.capacity) this.flush();
    }
  }

  flush(): void {
    if (this.length === 0) return;
    const columns: BatchColumn[] = this.schema.map((col, c) =>
      col.type === 'categorical'
        ? { name: col.name, type: 'categorical', strings: this.strings[c]! }
        : { name: col.name, type: col.type, numbers: this.numbers[c]!, missing: this.missing[c] },
    );
    this.out.push({
      offset: this.offset,
      length: this.length,
      columns,
      expectedRows: this.expectedRows(),
    });
    this.offset += this.length;
    this.length = 0;
    this.allocate();
  }
}

interface PendingRow {
  values: unknown[];
  line: number;
  file: DataFile;
}

/** Reads files in order into batches; infers the schema from the first rows. */
class TableReader implements RowSink {
  schema: ColumnSchema[] | undefined;
  private selected: string[] | undefined;
  private fields = new Int32Array(0);
  private headerLength = 0;
  /** This file's numeric fields by header position, once the schema is fixed. */
  private numeric: Uint8Array | undefined;
  private pending: PendingRow[] = [];
  private builder: BatchBuilder | undefined;
  readonly queue: RowBatch[] = [];
  private readonly inferRows: number;
  /** Bytes on disk of all files; bytes and rows of the chunks read whole so far. */
  private totalBytes = 0;
  private bytesDone = 0;
  private rowsDone = 0;
  private bytesRead = 0;

  constructor(
    readonly files: DataFile[],
    private readonly options: ReadOptions,
  ) {
    this.inferRows = Math.max(1, options.inferRows ?? DEFAULT_INFER_ROWS);
  }

  get rows(): number {
    return this.builder ? this.builder.rows : 0;
  }

  /** Hands a consumed batch back for reuse. */
  recycle(batch: RowBatch): void {
    this.builder?.recycle(batch);
  }

  header(raw: string[], file: DataFile): void {
    const names = raw.map((n, i) => (n === '' ? `column_${i + 1}` : n));
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) {
        throw new UserError(
          `file '${file.display}' has two columns named '${name}'.`,
          this.options.input,
        );
      }
      seen.add(name);
    }
    if (!this.selected) this.selected = selectColumns(names, this.options);
    const missing = this.selected.filter((n) => !seen.has(n));
    if (missing.length > 0) {
      throw new UserError(
        `file '${file.display}' lacks column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} ` +
          `that ${this.files[0].display} has; all files of one dataset need the same columns.`,
        this.options.input,
      );
    }
    this.fields = Int32Array.from(this.selected, (n) => names.indexOf(n));
    this.numeric = undefined;
    this.headerLength = names.length;
  }

  numericFields(): Uint8Array | undefined {
    if (this.numeric || !this.builder || !this.schema) return this.numeric;
    const numeric = new Uint8Array(this.headerLength);
    for (const [c, column] of this.schema.entries())
      if (column.type === 'numeric') numeric[this.fields[c]] = 1;
    this.numeric = numeric;
    return numeric;
  }

  csvRow(row: CsvRow, file: DataFile): void {
    if (row.count !== this.headerLength) {
      throw new UserError(
        `${file.display}: line ${row.line}: malformed row with ${row.count} field${row.count === 1 ? '' : 's'}; the header has ${this.headerLength}.`,
        this.options.input,
      );
    }
    if (this.builder) return this.builder.addCsv(row, this.fields, file);
    const values = Array.from(this.fields, (f) => row.text(f));
    this.hold({ values, line: row.line, file });
  }

  valueRow(values: readonly unknown[], line: number, file: DataFile): void {
    if (this.builder) return this.builder.addValues(values, this.fields, line, file);
    this.hold({ values: Array.from(this.fields, (f) => values[f]), line, file });
  }

  columnRows(
    columns: readonly ArrayLike<unknown>[],
    rows: number,
    line: number,
    file: DataFile,
  ): void {
    // Rows until the schema is fixed go the row way (type inference looks at rows).
    let done = 0;
    for (; done < rows && !this.builder; done++) {
      this.valueRow(
        columns.map((c) => c[done]),
        line + done,
        file,
      );
    }
    if (done === rows) return;
    const rest =
      done === 0
        ? columns
        : columns.map((c) =>
            c instanceof Float64Array ? c.subarray(done) : Array.prototype.slice.call(c, done),
          );
    this.builder!.addColumns(rest, rows - done, this.fields, line + done, file);
  }

  private hold(row: PendingRow): void {
    this.pending.push(row);
    if (this.pending.length >= this.inferRows) this.startBuilding();
  }

  /** Fixes the schema from the rows held so far and replays them into batches. */
  startBuilding(): void {
    if (this.builder || !this.selected) return;
    const names = this.selected;
    const samples = names.map((_, c) => this.pending.map((r) => r.values[c]));
    this.schema = resolveSchema(names, samples, this.options);
    const batchSize = batchRows(this.options.batchSize, this.schema.length);
    this.builder = new BatchBuilder(this.schema, batchSize, this.queue, this.options.input, () =>
      this.expectedRows(),
    );
    const identity = Int32Array.from(names, (_, i) => i);
    for (const row of this.pending)
      this.builder.addValues(row.values, identity, row.line, row.file);
    this.pending = [];
  }

  /**
   * Total rows extrapolated from the chunks parsed whole (the current one is parsed only in
   * part), once there are some: their rows per byte times all the bytes.
   */
  private expectedRows(): number | undefined {
    if (this.rowsDone === 0 || this.bytesDone === 0) return undefined;
    return Math.ceil((this.rowsDone * this.totalBytes) / this.bytesDone);
  }

  async *run(): AsyncGenerator<RowBatch | null> {
    const { progress } = this.options;
    const sizes = await Promise.all(this.files.map(async (f) => (await fs.stat(f.path)).size));
    const totalBytes = sizes.reduce((a, b) => a + b, 0);
    this.totalBytes = totalBytes;
    let before = 0;
    for (const [i, file] of this.files.entries()) {
      // Heard before a chunk is parsed: the rows so far are those of the bytes before it.
      const onBytes = (bytes: number) => {
        this.bytesDone = this.bytesRead;
        this.rowsDone = this.rows;
        this.bytesRead = before + bytes;
        progress?.({ bytes: before + bytes, totalBytes, rows: this.rows });
      };
      for await (const _ of readFileRows(file, this, {
        input: this.options.input,
        keyRows: this.inferRows,
        onBytes,
      })) {
        while (this.queue.length) yield this.queue.shift()!;
        yield null;
      }
      before += sizes[i] ?? 0;
      progress?.({ bytes: before, totalBytes, rows: this.rows });
    }
    this.startBuilding();
    this.builder?.flush();
    while (this.queue.length) yield this.queue.shift()!;
  }
}

/**
 * Opens a dataset (one file, several files, or globs) for streaming: reads just enough to know
 * the columns and their types, then hands out row batches with bounded memory.
 */
export async function openTable(
  source: string | string[],
  options: ReadOptions = {},
): Promise<TableStream> {
  const files = await resolveDataFiles(source, options);
  const reader = new TableReader(files, options);
  const it = reader.run();
  const early: RowBatch[] = [];
  let done = false;
  while (!reader.schema) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    if (next.value) early.push(next.value);
  }
  let started = false;
  return {
    schema: reader.schema!,
    files: files.map((f) => f.display),
    get rowsRead() {
      return reader.rows;
    },
    async *batches() {
      if (started) throw new Error('TableStream.batches() can only be iterated once.');
      started = true;
      for (const batch of early) {
        yield batch;
        reader.recycle(batch);
      }
      if (done) return;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        if (next.value) {
          yield next.value;
          reader.recycle(next.value);
        }
      }
    },
  };
}
