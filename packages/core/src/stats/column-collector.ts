import type {
  BatchColumn,
  ColumnSchema,
  ColumnType,
  RowBatch,
  Table,
} from '../data/table-types.js';
import {
  categoricalDistribution,
  meanAndStd,
  sortFloat64,
  sortFloat64InPlace,
  sortInt32InPlace,
} from './column-distribution.js';
import type { ColumnSummary, DatasetSummary } from './compute-drift.js';
import { NumericSketch } from './profile/numeric-sketch.js';
import { ScaledIntegerColumn, ScaledIntegerDistribution } from './scaled-integers.js';

/**
 * The room the radix sort needs, grown to the longest column and reused for every column of a
 * dataset: one buffer instead of one per column, so finishing a dataset allocates nothing beyond
 * the sorted columns themselves.
 */
class SortScratch {
  private room = new Uint32Array(0);

  /** A scratch of at least `n` 32-bit words (two per double, one per scaled integer). */
  words(n: number): Uint32Array {
    if (this.room.length < n) this.room = new Uint32Array(n);
    return this.room;
  }
}
/** First capacity of a column: per-column memory starts small and grows with the rows. */
const FIRST_CAPACITY = 64;
/** Rows after which a column is sized from the dataset's expected rows (a settled estimate). */
const SIZE_FROM_ESTIMATE_AFTER = 65_536;
/** Numbers decoded at a time when scaled integers move to a sketch. */
const SKETCH_CHUNK = 16_384;
/** Room above the expected rows, so that an estimate a little short needs no second copy. */
const ESTIMATE_MARGIN = 1.05;

/**
 * Gathers one column's present values from row batches, without per-value objects: numbers go
 * into one array that is sorted in place at the end (no copy into a final array, so finishing a
 * dataset does not hold every column twice): 32-bit scaled integers while every value fits
 * (`scaled-integers.ts`: half the memory, exact), else a Float64Array. The array doubles from 64 values (so
 * 20,000 narrow columns stay small) until the reader's estimate of the total rows has settled,
 * then is sized once for that estimate: every doubling copies what is stored and leaves the old
 * array as garbage, which on 20 columns of a million rows costs seconds and hundreds of MB.
 * Categories go into a count map. Switched to a sketch (`toSketch`), numbers go to a
 * bounded-memory quantile sketch.
 */
export class ColumnCollector {
  /** The numbers while they fit as scaled integers; undefined once they moved to `values`. */
  private scaled: ScaledIntegerColumn | undefined;
  private values = new Float64Array(0);
  private stored = 0;
  private readonly counts = new Map<string, number>();
  private missing = 0;
  private sketch: NumericSketch | undefined;

  constructor(
    readonly name: string,
    readonly type: ColumnType,
  ) {
    if (type !== 'categorical' && type !== 'boolean') this.scaled = new ScaledIntegerColumn();
  }

  /** Room for `more` values after the stored ones; `expected`: the estimated rows in all. */
  private reserve(more: number, expected: number | undefined): void {
    const needed = this.storedValues + more;
    const capacity = this.scaled ? this.scaled.integers.length : this.values.length;
    if (needed <= capacity) return;
    const size =
      expected !== undefined && needed >= SIZE_FROM_ESTIMATE_AFTER
        ? Math.ceil(expected * ESTIMATE_MARGIN)
        : 2 * capacity;
    const grown = Math.max(FIRST_CAPACITY, size, needed);
    if (this.scaled) {
      this.scaled.reserve(grown);
      return;
    }
    const values = new Float64Array(grown);
    values.set(this.values.subarray(0, this.stored));
    this.values = values;
  }

  /** Moves the numbers from scaled integers to doubles, for good. */
  private toDoubles(): void {
    const scaled = this.scaled;
    if (!scaled) return;
    this.values = new Float64Array(scaled.integers.length);
    scaled.decodeInto(this.values, 0);
    this.stored = scaled.length;
    this.missing += scaled.missing;
    this.scaled = undefined;
  }

  add(column: BatchColumn, length: number, expectedRows?: number): void {
    if (column.type === 'categorical') {
      const strings = column.strings;
      for (let r = 0; r < length; r++) {
        const s = strings[r];
        if (s === null) this.missing++;
        else this.counts.set(s, (this.counts.get(s) ?? 0) + 1);
      }
      return;
    }
    const numbers = column.numbers;
    if (column.type === 'boolean') {
      let t = 0;
      let f = 0;
      for (let r = 0; r < length; r++) {
        const v = numbers[r];
        if (v === 1) t++;
        else if (v === 0) f++;
        else this.missing++;
      }
      if (t) this.counts.set('true', (this.counts.get('true') ?? 0) + t);
      if (f) this.counts.set('false', (this.counts.get('false') ?? 0) + f);
      return;
    }
    if (this.sketch) {
      for (let r = 0; r < length; r++) if (numbers[r] !== numbers[r]) this.missing++;
      this.sketch.addValues(numbers, length);
      return;
    }
    this.reserve(length, expectedRows);
    let from = 0;
    if (this.scaled) {
      from = this.scaled.append(numbers, 0, length);
      if (from === length) return;
      this.toDoubles();
    }
    const values = this.values;
    if (from === 0 && column.missing === 0) {
      // No missing cell in this batch: copy in bulk.
      values.set(numbers.subarray(0, length), this.stored);
      this.stored += length;
      return;
    }
    let stored = this.stored;
    for (let r = from; r < length; r++) {
      const v = numbers[r];
      if (v !== v) this.missing++;
      else values[stored++] = v;
    }
    this.stored = stored;
  }

  /** Numbers held exactly so far. */
  get storedValues(): number {
    return this.scaled ? this.scaled.length : this.stored;
  }

  /** From now on, keep the numbers in a quantile sketch (of level size k) instead of exactly. */
  toSketch(k: number): void {
    if (this.sketch || this.type === 'categorical' || this.type === 'boolean') return;
    this.sketch = new NumericSketch(k);
    const scaled = this.scaled;
    if (scaled) {
      // In chunks, as batches arrive: decoding every column at once would take 8 bytes per
      // stored number over all columns, the memory the sketch is there to bound.
      const chunk = new Float64Array(Math.min(SKETCH_CHUNK, scaled.length));
      for (let from = 0; from < scaled.length; from += chunk.length) {
        const n = scaled.decodeInto(chunk, from);
        this.sketch.addValues(chunk, n);
      }
      this.missing += scaled.missing;
      this.scaled = undefined;
    }
    this.sketch.addValues(this.values, this.stored);
    this.values = new Float64Array(0);
    this.stored = 0;
  }

  finish(scratch = new SortScratch()): ColumnSummary {
    if (this.sketch) {
      return {
        name: this.name,
        type: this.type,
        missing: this.missing,
        distribution: this.sketch.toDistribution(),
      };
    }
    if (this.type === 'categorical' || this.type === 'boolean') {
      let count = 0;
      for (const c of this.counts.values()) count += c;
      return {
        name: this.name,
        type: this.type,
        missing: this.missing,
        distribution: { kind: 'categorical', counts: this.counts, count, countError: 0 },
      };
    }
    const scaled = this.scaled;
    if (scaled) {
      const integers = scaled.integers.subarray(0, scaled.length);
      this.scaled = undefined;
      return {
        name: this.name,
        type: this.type,
        missing: this.missing + scaled.missing,
        distribution: ScaledIntegerDistribution.of(
          sortInt32InPlace(integers, scratch.words(integers.length)),
          scaled.scale,
        ),
      };
    }
    const values = sortFloat64InPlace(
      this.values.subarray(0, this.stored),
      scratch.words(2 * this.stored),
    );
    this.values = new Float64Array(0);
    const { mean, std } = meanAndStd(values);
    return {
      name: this.name,
      type: this.type,
      missing: this.missing,
      distribution: { kind: 'numeric', values, count: values.length, rankError: 0, mean, std },
    };
  }
}

export interface CollectorOptions {
  /**
   * Numbers kept exactly over all columns (4 or 8 bytes each; default 25 million, 100-200 MB). Past
   * that, every numeric column continues in a quantile sketch: memory stays bounded whatever the
   * number of rows, and the drift report marks those columns approximate, with the bound.
   */
  maxExactValues?: number;
  /** Level size of those sketches (default 8192: rank error ≤ 0.15% of the values at 10⁷). */
  sketchK?: number;
}

/** Collects every column of a dataset from its batches into drift inputs (exact while they fit). */
export class DatasetCollector {
  private readonly columns: ColumnCollector[];
  private rows = 0;
  private sketching = false;
  private readonly maxExact: number;
  private readonly numericColumns: number;
  private readonly sketchK: number;

  constructor(
    schema: readonly ColumnSchema[],
    private readonly options: CollectorOptions = {},
  ) {
    this.columns = schema.map((c) => new ColumnCollector(c.name, c.type));
    this.numericColumns = Math.max(
      1,
      schema.filter((c) => c.type !== 'categorical' && c.type !== 'boolean').length,
    );
    this.maxExact = options.maxExactValues ?? 25_000_000;
    this.sketchK = options.sketchK ?? 8192;
  }

  add(batch: RowBatch): void {
    // Sized from the estimate, but never beyond the exact budget: past it the columns turn into
    // sketches, and a larger array would be memory reserved for nothing.
    const expected =
      batch.expectedRows === undefined
        ? undefined
        : Math.min(
            batch.expectedRows,
            Math.ceil(this.maxExact / this.numericColumns) + batch.length,
          );
    for (let c = 0; c < this.columns.length; c++)
      this.columns[c].add(batch.columns[c], batch.length, expected);
    this.rows += batch.length;
    if (!this.sketching && this.columns.reduce((s, c) => s + c.storedValues, 0) > this.maxExact) {
      this.sketching = true;
      for (const c of this.columns) c.toSketch(this.sketchK);
    }
  }

  finish(): DatasetSummary {
    const scratch = new SortScratch();
    return { rows: this.rows, columns: this.columns.map((c) => c.finish(scratch)), source: 'data' };
  }
}

/** Drift inputs from a table already in memory. */
export function summarizeTable(table: Table): DatasetSummary {
  return {
    rows: table.rows,
    source: 'data',
    columns: table.columns.map((column): ColumnSummary => {
      const present = column.values.filter((v) => v !== null);
      const missing = table.rows - present.length;
      if (column.type === 'categorical' || column.type === 'boolean') {
        return {
          name: column.name,
          type: column.type,
          missing,
          distribution: categoricalDistribution(present.map(String)),
        };
      }
      const values = sortFloat64(Float64Array.from(present as number[]));
      return {
        name: column.name,
        type: column.type,
        missing,
        distribution: {
          kind: 'numeric',
          values,
          count: values.length,
          rankError: 0,
          ...meanAndStd(values),
        },
      };
    }),
  };
}
