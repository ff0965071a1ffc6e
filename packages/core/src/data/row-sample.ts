import { sortFloat64InPlace } from '../stats/column-distribution.js';
import { seededRandom } from '../stats/random.js';
import type { BatchSink } from './fold-table.js';
import type { CellValue, Column, ColumnSchema, RowBatch, Table } from './table-types.js';

/** Rows of storage a sample starts with; it doubles up to its cap as rows arrive. */
const FIRST_ROWS = 1024;
/** Room above the reader's estimate of the rows, so an estimate a little short needs no copy. */
const ESTIMATE_MARGIN = 1.05;

/** A column's kept cells: numbers (NaN: missing) in a typed array, categories as strings. */
type SampleColumn = { numbers: Float64Array } | { strings: (string | null)[] };

/**
 * The slots 0..kept-1 ordered by the source row each holds (rows are distinct). Sampling
 * scatters rows over the slots; one typed sort of keys `row · 2^bits + slot` (exact in a double
 * while below 2^53) orders them, several times faster than a comparison sort of 100,000 indices.
 */
function slotsInRowOrder(rowIndex: Float64Array, kept: number, scattered: boolean): Int32Array {
  const order = new Int32Array(kept);
  for (let i = 0; i < kept; i++) order[i] = i;
  if (!scattered) return order;
  const scale = 2 ** (32 - Math.clz32(kept));
  let last = 0;
  for (let i = 0; i < kept; i++) last = Math.max(last, rowIndex[i]);
  if (last * scale + scale > Number.MAX_SAFE_INTEGER) {
    return order.sort((a, b) => rowIndex[a] - rowIndex[b]);
  }
  const keys = new Float64Array(kept);
  for (let i = 0; i < kept; i++) keys[i] = rowIndex[i] * scale + i;
  sortFloat64InPlace(keys);
  for (let i = 0; i < kept; i++) order[i] = keys[i] % scale;
  return order;
}

/**
 * A sampled numeric, datetime or boolean column: kept as doubles (`numbers`), its cells boxed
 * only when a consumer reads `values` (most read the doubles: 100,000 rows × 20 columns of
 * boxed cells cost hundreds of milliseconds and tens of MB for nothing). `values` is an own
 * enumerable accessor, so spreads and JSON still see the cells.
 */
export function sampledColumn(
  schema: ColumnSchema,
  numbers: Float64Array,
  missing: number,
): Column {
  let cells: CellValue[] | undefined;
  return {
    name: schema.name,
    type: schema.type,
    missing,
    numbers,
    get values(): CellValue[] {
      if (cells) return cells;
      const boolean = schema.type === 'boolean';
      cells = [];
      for (const x of numbers) cells.push(x !== x ? null : boolean ? x === 1 : x);
      return cells;
    },
  };
}

/**
 * A uniform sample of at most `maxRows` rows of a stream of batches (Algorithm R with a seeded
 * PRNG: the same data and seed give the same rows), kept column by column in typed arrays so the
 * sample costs 8 bytes a numeric cell and no object per cell until `finish` builds the table.
 * With no cap it keeps every row. A sink for `foldTable`, so the sample can come from the same
 * read as other statistics.
 */
export class RowSampler implements BatchSink<Table> {
  private readonly columns: SampleColumn[];
  private rowIndex = new Float64Array(0);
  private seen = 0;
  /** Per batch: (slot, row) pairs of the rows kept. */
  private slots = new Int32Array(0);
  private readonly random: () => number;

  constructor(
    private readonly schema: readonly ColumnSchema[],
    private readonly maxRows = Number.POSITIVE_INFINITY,
    seed = 1,
  ) {
    this.random = seededRandom(seed);
    this.columns = schema.map((c) =>
      c.type === 'categorical' ? { strings: [] } : { numbers: new Float64Array(0) },
    );
  }

  /** Rows seen so far (before sampling). */
  get rowsSeen(): number {
    return this.seen;
  }

  /**
   * Makes room for the rows of the next batch in every typed array, up to the cap: sized for
   * the reader's estimate of the rows in all when it has one (doubling from a few rows copies
   * and leaves as garbage nearly the whole sample again), else doubling.
   */
  private reserve(batchRows: number, expectedRows: number | undefined): void {
    const needed = Math.min(this.maxRows, this.seen + batchRows);
    if (needed <= this.rowIndex.length) return;
    const estimate = expectedRows === undefined ? 0 : Math.ceil(expectedRows * ESTIMATE_MARGIN);
    const size = Math.min(
      this.maxRows,
      Math.max(FIRST_ROWS, 2 * this.rowIndex.length, needed, estimate),
    );
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.rowIndex = grow(this.rowIndex);
    for (const c of this.columns) if ('numbers' in c) c.numbers = grow(c.numbers);
  }

  add(batch: RowBatch): void {
    // Slots first (one PRNG draw per row past the cap, in row order as Algorithm R), then the
    // cells column by column: tight loops over one array type each.
    const cap = this.maxRows;
    if (this.slots.length < 2 * batch.length) this.slots = new Int32Array(2 * batch.length);
    const slots = this.slots;
    this.reserve(batch.length, batch.expectedRows);
    let taken = 0;
    for (let r = 0; r < batch.length; r++, this.seen++) {
      let slot = this.seen;
      if (slot >= cap) {
        slot = Math.floor(this.random() * (this.seen + 1));
        if (slot >= cap) continue;
      }
      this.rowIndex[slot] = batch.offset + r;
      slots[taken++] = slot;
      slots[taken++] = r;
    }
    for (let c = 0; c < this.columns.length; c++) {
      const from = batch.columns[c];
      const to = this.columns[c];
      if (from.type === 'categorical') {
        const strings = (to as { strings: (string | null)[] }).strings;
        for (let i = 0; i < taken; i += 2) strings[slots[i]] = from.strings[slots[i + 1]];
      } else {
        const numbers = (to as { numbers: Float64Array }).numbers;
        for (let i = 0; i < taken; i += 2) numbers[slots[i]] = from.numbers[slots[i + 1]];
      }
    }
  }

  /** The sample in file order (sampling scatters rows over the slots), with source row indices. */
  finish(): Table {
    const kept = Math.min(this.seen, this.maxRows);
    const order = slotsInRowOrder(this.rowIndex, kept, this.seen > kept);
    // Numbers are put in file order within their own arrays, through one shared buffer: a new
    // array per column would briefly hold the whole sample twice.
    const inOrder = new Float64Array(kept);
    const columns: Column[] = this.schema.map((s, c) => {
      const from = this.columns[c];
      if ('strings' in from) {
        // Filled by push: `new Array(n)` of 100,000 or more is a slow dictionary array in V8.
        const values: CellValue[] = [];
        let missing = 0;
        for (let i = 0; i < kept; i++) {
          const v = from.strings[order[i]];
          if (v === null) missing++;
          values.push(v);
        }
        return { name: s.name, type: s.type, values, missing };
      }
      const numbers = from.numbers.subarray(0, kept);
      let missing = 0;
      for (let i = 0; i < kept; i++) {
        const x = numbers[order[i]];
        if (x !== x) missing++;
        inOrder[i] = x;
      }
      numbers.set(inOrder);
      return sampledColumn(s, numbers, missing);
    });
    return {
      columns,
      rows: kept,
      totalRows: this.seen,
      rowIndex: Array.from(order, (i) => this.rowIndex[i]),
      files: [],
    };
  }
}
