import {
  meanAndStd,
  type ColumnDistribution,
  type NumericDistribution,
} from './column-distribution.js';

/**
 * Numbers held as 32-bit integers at one decimal scale (value = integer / 10^scale): half the
 * memory of doubles, and exact. Data written with a fixed number of decimals (`%.6f`, prices,
 * counts) fits, which is most tabular data; a column with a value that does not fit goes back
 * to doubles.
 *
 * Why it is exact: an integer m and 10^s are both exact doubles, and IEEE division rounds
 * correctly, so m / 10^s is the double nearest the decimal m·10^-s, the same double a correct
 * parser makes of that text. A value is stored only after checking that m / 10^s gives it back
 * bit for bit, so nothing depends on how m was found. Dividing by one positive constant keeps
 * order, so sorting the integers sorts the values.
 */

/** 10^s for the scales used; literals, so each is the exact double. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const MAX_SCALE = POW10.length - 1;
const LIMIT = 2 ** 31 - 1;

/** The integer holding `value` at the scale of power `p` (10^scale), or NaN when not exact. */
function integerAt(value: number, p: number): number {
  const m = Math.round(value * p);
  return m / p === value && m <= LIMIT && m >= -LIMIT ? m : NaN;
}

/**
 * A growing column of integers at one scale. `append` stores numbers until one cannot be held
 * (too many decimals or too large): it then returns that number's index, and the caller moves
 * the column to doubles (`decodeInto`).
 */
export class ScaledIntegerColumn {
  integers = new Int32Array(0);
  length = 0;
  scale = 0;
  missing = 0;

  /** Makes room for `capacity` integers in all (keeps what is stored). */
  reserve(capacity: number): void {
    if (capacity <= this.integers.length) return;
    const grown = new Int32Array(capacity);
    grown.set(this.integers.subarray(0, this.length));
    this.integers = grown;
  }

  /**
   * Appends numbers[from..to) (NaN counts as missing; room must be reserved); returns `to`, or
   * the index of the first number that cannot be held (not stored, not counted).
   */
  append(numbers: Float64Array, from: number, to: number): number {
    const integers = this.integers;
    let p = POW10[this.scale];
    let length = this.length;
    for (let r = from; r < to; r++) {
      const v = numbers[r];
      if (v !== v) {
        this.missing++;
        continue;
      }
      let m = integerAt(v, p);
      if (m !== m) {
        this.length = length;
        m = this.rescaleFor(v);
        if (m !== m) return r;
        p = POW10[this.scale];
      }
      integers[length++] = m;
    }
    this.length = length;
    return to;
  }

  /**
   * Moves to the smallest larger scale that holds `value` and everything stored; returns its
   * integer there, or NaN (scale unchanged) when no scale holds them all.
   */
  private rescaleFor(value: number): number {
    for (let s = this.scale + 1; s <= MAX_SCALE; s++) {
      const m = integerAt(value, POW10[s]);
      if (m !== m) continue;
      const factor = POW10[s - this.scale];
      const stored = this.integers.subarray(0, this.length);
      let largest = 0;
      for (let i = 0; i < stored.length; i++) largest = Math.max(largest, Math.abs(stored[i]));
      if (largest * factor > LIMIT) return NaN;
      for (let i = 0; i < stored.length; i++) stored[i] *= factor;
      this.scale = s;
      return m;
    }
    return NaN;
  }

  /**
   * The stored values from index `from` as doubles, written into `out` as far as it holds
   * them; returns how many were written.
   */
  decodeInto(out: Float64Array, from: number): number {
    const n = Math.max(0, Math.min(out.length, this.length - from));
    decode(this.integers.subarray(from, from + n), this.scale, out);
    return n;
  }
}

function decode(integers: Int32Array, scale: number, out: Float64Array): void {
  const p = POW10[scale];
  for (let i = 0; i < integers.length; i++) out[i] = integers[i] / p;
}

/**
 * Decoded columns are many MB each and short-lived (one column's test, then the next): taking
 * fresh memory for each costs more than decoding (the pages fault in again), so released
 * buffers are kept for the next column. A buffer is handed out again only after its holder
 * released it.
 */
const freeBuffers: Float64Array[] = [];
const KEPT_BUFFERS = 2;

function takeBuffer(n: number): Float64Array {
  const i = freeBuffers.findIndex((b) => b.length >= n);
  // Columns of one side differ by their missing cells: a little headroom lets the next reuse it.
  const buffer = i >= 0 ? freeBuffers.splice(i, 1)[0] : new Float64Array(Math.ceil(n * 1.02));
  return buffer.subarray(0, n);
}

function giveBuffer(view: Float64Array): void {
  freeBuffers.push(new Float64Array(view.buffer, 0, view.buffer.byteLength / 8));
  freeBuffers.sort((a, b) => b.length - a.length);
  freeBuffers.length = Math.min(freeBuffers.length, KEPT_BUFFERS);
}

/**
 * An exact numeric distribution kept as sorted scaled integers: `values` decodes them on first
 * use and keeps them until `release` (after that column's test), so a dataset costs 4 bytes per
 * value and only the columns being compared are held as doubles.
 */
export class ScaledIntegerDistribution implements NumericDistribution {
  readonly kind = 'numeric';
  readonly rankError = 0;
  readonly count: number;
  private decoded: Float64Array | undefined;

  constructor(
    /** Sorted ascending. */
    readonly integers: Int32Array,
    readonly scale: number,
    readonly mean: number,
    readonly std: number,
  ) {
    this.count = integers.length;
  }

  /** From sorted integers, with the moments computed from the decoded values (as for doubles). */
  static of(integers: Int32Array, scale: number): ScaledIntegerDistribution {
    const decoded = takeBuffer(integers.length);
    decode(integers, scale, decoded);
    const { mean, std } = meanAndStd(decoded);
    giveBuffer(decoded);
    return new ScaledIntegerDistribution(integers, scale, mean, std);
  }

  get values(): Float64Array {
    if (!this.decoded) {
      this.decoded = takeBuffer(this.count);
      decode(this.integers, this.scale, this.decoded);
    }
    return this.decoded;
  }

  /** Gives the decoded doubles back; `values` decodes again if asked. */
  release(): void {
    if (this.decoded) giveBuffer(this.decoded);
    this.decoded = undefined;
  }
}

/** Lets go of a distribution's decoded doubles, if it has any (after its column is tested). */
export function releaseDecoded(d: ColumnDistribution): void {
  if (d instanceof ScaledIntegerDistribution) d.release();
}

/**
 * The distribution again after crossing threads (a structured clone keeps the fields but not
 * the class), and the buffers to transfer for it.
 */
export function revivedDistribution(d: ColumnDistribution): ColumnDistribution {
  if (d.kind !== 'numeric' || !('integers' in d) || d instanceof ScaledIntegerDistribution)
    return d;
  const { integers, scale, mean, std } = d as unknown as ScaledIntegerDistribution;
  return new ScaledIntegerDistribution(integers, scale, mean, std);
}

export function distributionBuffers(d: ColumnDistribution): ArrayBuffer[] {
  if (d.kind !== 'numeric') return [];
  if (d instanceof ScaledIntegerDistribution) return [d.integers.buffer as ArrayBuffer];
  const buffers = [d.values.buffer as ArrayBuffer];
  if (d.weights) buffers.push(d.weights.buffer as ArrayBuffer);
  return buffers;
}
