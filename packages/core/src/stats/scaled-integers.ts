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
export const MAX_SCALE = POW10.length - 1;
const LIMIT = 2 ** 31 - 1;

/** The integer holding `value` at `scale`, or undefined when that would not be exact. */
function integerAt(value: number, scale: number): number | undefined {
  const p = POW10[scale];
  const m = Math.round(value * p);
  return m / p === value && m <= LIMIT && m >= -LIMIT ? m : undefined;
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
    let integers = this.integers;
    let p = POW10[this.scale];
    let length = this.length;
    for (let r = from; r < to; r++) {
      const v = numbers[r];
      if (v !== v) {
        this.missing++;
        continue;
      }
      let m = Math.round(v * p);
      if (m / p !== v || m > LIMIT || m < -LIMIT) {
        this.length = length;
        const rescaled = this.rescaleFor(v);
        if (rescaled === undefined) return r;
        integers = this.integers;
        p = POW10[this.scale];
        m = rescaled;
      }
      integers[length++] = m;
    }
    this.length = length;
    return to;
  }

  /** Moves to the smallest larger scale that holds `value` and everything stored; its integer. */
  private rescaleFor(value: number): number | undefined {
    for (let s = this.scale + 1; s <= MAX_SCALE; s++) {
      const m = integerAt(value, s);
      if (m === undefined) continue;
      const factor = POW10[s - this.scale];
      const stored = this.integers.subarray(0, this.length);
      let largest = 0;
      for (let i = 0; i < stored.length; i++) largest = Math.max(largest, Math.abs(stored[i]));
      if (largest * factor > LIMIT) return undefined;
      for (let i = 0; i < stored.length; i++) stored[i] *= factor;
      this.scale = s;
      return m;
    }
    return undefined;
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

/**
 * Sorts integers ascending in place: an LSD radix sort on two 16-bit digits (the sign bit
 * flipped so negatives come first), a pass skipped when every value shares its digit. `scratch`
 * needs `integers.length` words.
 */
export function sortInt32InPlace(integers: Int32Array, scratch: Uint32Array): Int32Array {
  const n = integers.length;
  if (n < 256) return integers.sort();
  const keys = new Uint32Array(integers.buffer, integers.byteOffset, n);
  const counts = new Uint32Array(2 * 65536);
  for (let i = 0; i < n; i++) {
    const k = (keys[i] ^ 0x80000000) >>> 0;
    keys[i] = k;
    counts[k & 0xffff]++;
    counts[65536 + (k >>> 16)]++;
  }
  let src = keys;
  let dst = scratch.subarray(0, n);
  for (let pass = 0; pass < 2; pass++) {
    const base = pass * 65536;
    const shift = 16 * pass;
    let skip = false;
    for (let b = 0, sum = 0; b < 65536; b++) {
      const c = counts[base + b];
      if (c === n) skip = true;
      counts[base + b] = sum;
      sum += c;
    }
    if (skip) continue;
    for (let i = 0; i < n; i++) dst[counts[base + ((src[i] >>> shift) & 0xffff)]++] = src[i];
    [src, dst] = [dst, src];
  }
  if (src !== keys) keys.set(src);
  for (let i = 0; i < n; i++) keys[i] = (keys[i] ^ 0x80000000) >>> 0;
  return integers;
}
