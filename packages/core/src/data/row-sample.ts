import { seededRandom } from '../stats/random.js';
import type { BatchSink } from './fold-table.js';
import type { CellValue, Column, ColumnSchema, RowBatch, Table } from './table-types.js';

/** Rows of storage a sample starts with; it doubles up to its cap as rows arrive. */
const FIRST_ROWS = 1024;

/** A column's kept cells: numbers (NaN: missing) in a typed array, categories as strings. */
type SampleColumn = { numbers: Float64Array } | { strings: (string | null)[] };

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

  /** Makes room for slot `slot` in every typed array (doubling, up to the cap). */
  private reserve(slot: number): void {
    if (slot < this.rowIndex.length) return;
    const size = Math.min(this.maxRows, Math.max(FIRST_ROWS, 2 * this.rowIndex.length, slot + 1));
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
    let taken = 0;
    for (let r = 0; r < batch.length; r++, this.seen++) {
      let slot = this.seen;
      if (slot >= cap) {
        slot = Math.floor(this.random() * (this.seen + 1));
        if (slot >= cap) continue;
      }
      this.reserve(slot);
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
    const order = Array.from({ length: kept }, (_, i) => i);
    if (this.seen > kept) order.sort((a, b) => this.rowIndex[a] - this.rowIndex[b]);
    const columns: Column[] = this.schema.map((s, c) => {
      const from = this.columns[c];
      // Filled by push: `new Array(n)` of 100,000 or more is a slow dictionary array in V8.
      const values: CellValue[] = [];
      let missing = 0;
      if ('strings' in from) {
        for (let i = 0; i < kept; i++) {
          const v = from.strings[order[i]];
          if (v === null) missing++;
          values.push(v);
        }
      } else {
        const boolean = s.type === 'boolean';
        for (let i = 0; i < kept; i++) {
          const x = from.numbers[order[i]];
          if (x !== x) {
            missing++;
            values.push(null);
          } else values.push(boolean ? x === 1 : x);
        }
      }
      return { name: s.name, type: s.type, values, missing };
    });
    return {
      columns,
      rows: kept,
      totalRows: this.seen,
      rowIndex: order.map((i) => this.rowIndex[i]),
      files: [],
    };
  }
}
