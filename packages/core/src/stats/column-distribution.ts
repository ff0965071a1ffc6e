/**
 * What a drift test sees of one side of one column: its non-missing values, either exactly (a
 * raw sample) or approximately (from a profile's sketches, with the error bound carried along).
 */

export interface NumericDistribution {
  kind: 'numeric';
  /** Values sorted ascending (all of them, or a sketch's retained items). */
  values: Float64Array;
  /** Weight of each value (a sketch item stands for several values); absent: 1 each. */
  weights?: Float64Array;
  /** Number of values represented (the sum of the weights). */
  count: number;
  /** Largest error of the CDF built from `values`/`weights`, as a fraction of `count` (0: exact). */
  rankError: number;
  /** Exact moments, also for sketches (kept by the parallel formula). */
  mean: number;
  /** Population standard deviation (ddof 0, as numpy's default). */
  std: number;
  /** Exact extremes when `values` are a sketch's items (else the first and last value). */
  min?: number;
  max?: number;
}

export interface CategoricalDistribution {
  kind: 'categorical';
  counts: Map<string, number>;
  /** Number of values represented. */
  count: number;
  /** Largest undercount of any category's count (frequent-items sketch); 0 when exact. */
  countError: number;
}

export type ColumnDistribution = NumericDistribution | CategoricalDistribution;

/** Neumaier-compensated sum, so long sums match numpy's pairwise sums to ~1e-16. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

const BLOCK = 256;

/**
 * Sum of f(x) over the values: plain sums over short blocks, the block sums added with
 * compensation; as accurate as numpy's pairwise sums (~1e-15 relative) at close to plain speed.
 */
function blockSum(values: Float64Array, shift: number, square: boolean): number {
  const total = new CompensatedSum();
  for (let start = 0; start < values.length; start += BLOCK) {
    const end = Math.min(values.length, start + BLOCK);
    let s = 0;
    if (square) {
      for (let i = start; i < end; i++) {
        const d = values[i] - shift;
        s += d * d;
      }
    } else {
      for (let i = start; i < end; i++) s += values[i];
    }
    total.add(s);
  }
  return total.value;
}

/** Mean and population standard deviation by two passes (as numpy's mean and std). */
export function meanAndStd(values: Float64Array): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const mean = blockSum(values, 0, false) / n;
  return { mean, std: Math.sqrt(blockSum(values, mean, true) / n) };
}

/** An exact numeric distribution from raw values (missing values already removed). */
export function numericDistribution(
  values: Float64Array | number[],
  sorted = false,
): NumericDistribution {
  const v = values instanceof Float64Array ? values : Float64Array.from(values);
  const s = sorted ? v : sortFloat64(v);
  const { mean, std } = meanAndStd(s);
  return { kind: 'numeric', values: s, count: s.length, rankError: 0, mean, std };
}

/** An exact categorical distribution from raw values (missing values already removed). */
export function categoricalDistribution(values: Iterable<string>): CategoricalDistribution {
  const counts = new Map<string, number>();
  let count = 0;
  for (const v of values) {
    counts.set(v, (counts.get(v) ?? 0) + 1);
    count++;
  }
  return { kind: 'categorical', counts, count, countError: 0 };
}

/**
 * The categories of a numeric column (each distinct value, named by its shortest decimal form),
 * for the category tests that `auto` picks when a numeric column has few distinct values.
 */
export function numericAsCategorical(d: NumericDistribution): CategoricalDistribution {
  const counts = new Map<string, number>();
  const { values, weights } = d;
  for (let i = 0; i < values.length;) {
    let j = i;
    let w = 0;
    while (j < values.length && values[j] === values[i]) {
      w += weights ? weights[j] : 1;
      j++;
    }
    counts.set(String(values[i]), w);
    i = j;
  }
  return { kind: 'categorical', counts, count: d.count, countError: d.rankError * d.count };
}

/** Distinct non-missing values of a distribution, counted up to `limit` (then `limit + 1`). */
export function distinctValues(d: ColumnDistribution, limit: number): Set<string> {
  const out = new Set<string>();
  if (d.kind === 'categorical') {
    for (const key of d.counts.keys()) {
      out.add(key);
      if (out.size > limit) break;
    }
    return out;
  }
  for (let i = 0; i < d.values.length && out.size <= limit; i++) {
    if (i === 0 || d.values[i] !== d.values[i - 1]) out.add(String(d.values[i]));
  }
  return out;
}

/**
 * Sorts doubles ascending into a new array; the input is not modified. NaN never occurs here
 * (missing values are removed before).
 */
export function sortFloat64(values: Float64Array): Float64Array {
  return sortFloat64InPlace(values.slice());
}

/**
 * Below this many values, 16-bit digits cost more in histogram upkeep (4 × 65,536 counters per
 * call) than the values themselves: quantile sketches sort thousands of buffers of 8,192 values,
 * and spent most of a 10-million-row run there. Shorter arrays take 8-bit digits.
 */
const SMALL_SORT = 32_768;
const smallCounts = new Uint32Array(8 * 256);
let smallScratch: Uint32Array = new Uint32Array(2 * SMALL_SORT);

/**
 * Sorts doubles ascending in place and returns the same array: an LSD radix sort on the IEEE
 * bits (all digit histograms counted in one read, digits shared by every value skipped), several
 * times faster than a comparison sort; 16-bit digits for long arrays, 8-bit ones below 32,768
 * values. The sort needs as much room again (`scratch`, at least `values.length` doubles' worth
 * of 32-bit words: `2 * values.length`); a caller sorting many columns passes one scratch for
 * all of them, so the sorts allocate nothing (freeing and reallocating buffers of many MB
 * fragments the heap).
 */
export function sortFloat64InPlace(values: Float64Array, scratch?: Uint32Array): Float64Array {
  const n = values.length;
  if (n < 256) return values.sort();
  if (n < SMALL_SORT) {
    if (smallScratch.length < 2 * n) smallScratch = new Uint32Array(2 * n);
    return radixSort(values, 8, smallCounts.fill(0), smallScratch);
  }
  const room = scratch && scratch.length >= 2 * n ? scratch : new Uint32Array(2 * n);
  return radixSort(values, 16, new Uint32Array(4 * 65536), room);
}

function radixSort(
  values: Float64Array,
  bits: 8 | 16,
  counts: Uint32Array,
  scratch: Uint32Array,
): Float64Array {
  const n = values.length;
  const radix = 1 << bits;
  const mask = radix - 1;
  const perWord = 32 / bits;
  const passes = 2 * perWord;
  const keys = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  // Map each double to an order-preserving unsigned 64-bit key (lo, hi words) and count digits.
  for (let i = 0; i < n; i++) {
    let lo = keys[2 * i];
    let hi = keys[2 * i + 1];
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    keys[2 * i] = lo;
    keys[2 * i + 1] = hi;
    for (let d = 0; d < perWord; d++) {
      counts[d * radix + ((lo >>> (d * bits)) & mask)]++;
      counts[(perWord + d) * radix + ((hi >>> (d * bits)) & mask)]++;
    }
  }
  let src = keys;
  let dst = scratch;
  for (let pass = 0; pass < passes; pass++) {
    const base = pass * radix;
    const word = pass < perWord ? 0 : 1;
    const shift = (pass % perWord) * bits;
    if (toOffsets(counts, base, radix, n)) continue;
    for (let i = 0; i < n; i++) {
      const p = counts[base + ((src[2 * i + word] >>> shift) & mask)]++;
      dst[2 * p] = src[2 * i];
      dst[2 * p + 1] = src[2 * i + 1];
    }
    [src, dst] = [dst, src];
  }
  // An odd number of passes leaves the keys in the scratch: back into the caller's array.
  if (src !== keys) keys.set(src.subarray(0, 2 * n));
  // Back from keys to IEEE bits.
  for (let i = 0; i < n; i++) {
    const hi = keys[2 * i + 1];
    if (hi & 0x80000000) {
      keys[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    } else {
      keys[2 * i + 1] = ~hi >>> 0;
      keys[2 * i] = ~keys[2 * i] >>> 0;
    }
  }
  return values;
}

/**
 * Turns one digit's counts (`radix` of them from `base`) into the positions where each digit's
 * values start; true when all `n` values share the digit, so its pass can be skipped.
 */
function toOffsets(counts: Uint32Array, base: number, radix: number, n: number): boolean {
  let shared = false;
  for (let b = 0, sum = 0; b < radix; b++) {
    const c = counts[base + b];
    if (c === n) shared = true;
    counts[base + b] = sum;
    sum += c;
  }
  return shared;
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
    if (toOffsets(counts, base, 65536, n)) continue;
    for (let i = 0; i < n; i++) dst[counts[base + ((src[i] >>> shift) & 0xffff)]++] = src[i];
    [src, dst] = [dst, src];
  }
  if (src !== keys) keys.set(src);
  for (let i = 0; i < n; i++) keys[i] = (keys[i] ^ 0x80000000) >>> 0;
  return integers;
}
