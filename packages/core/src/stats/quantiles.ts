import type { NumericDistribution } from './column-distribution.js';

/**
 * The one place quantiles and ranks are computed (numpy's definitions), on sorted typed arrays:
 * the numeric bin edges, the anomaly median/MAD, and quantiles and ranks of a sketch's weighted
 * items all come from here.
 *
 * Hand-written rather than simple-statistics' `quantileSorted` (which implements the same type-7
 * definition, checked against it in quantiles.test.ts): bin edges must equal numpy's bit for bit
 * (a value equal to an edge decides its bin), and numpy interpolates from the nearer end
 * (`b − (b − a)(1 − t)` when t ≥ 0.5) where simple-statistics always goes from `a`; these run over
 * Float64Arrays of millions of values; and sketches need weighted quantiles, which it lacks.
 */

/** numpy's default (`linear`, type 7) quantile of sorted values, with its two-sided interpolation. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1];
  if (virtual < 0) return sorted[0];
  const lo = Math.floor(virtual);
  const t = virtual - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** numpy's default quantile of unsorted values; NaN when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  return quantileSorted(Float64Array.from(values).sort(), q);
}

/** numpy's `median`: the middle value, or the mean of the two middle values. */
export function medianSorted(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The same median as `medianSorted` of the sorted values, found by selection (linear time, no
 * sort); reorders `values`.
 */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  const mid = n >> 1;
  selectInPlace(values, mid);
  if (n % 2 === 1) return values[mid];
  // The lower middle value is the largest of those placed before the upper one.
  let lower = values[0];
  for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + values[mid]) / 2;
}

/**
 * Puts the k-th smallest value at index k, none larger before it and none smaller after
 * (quickselect with a median-of-three pivot). Ranges that stay long after many rounds (pivots
 * chosen badly by the data's order) are sorted instead, which bounds the worst case.
 */
function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  let rounds = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (hi > lo) {
    if (hi - lo < 16 || rounds-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi]; anything between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Number of values <= x in a sorted array (binary search): the rank numpy's searchsorted(side='right') gives. */
export function countAtMost(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Weight of values <= x in a (possibly weighted) sorted sample. */
export function weightAtMost(d: NumericDistribution, x: number): number {
  const k = countAtMost(d.values, x);
  if (!d.weights) return k;
  let w = 0;
  for (let i = 0; i < k; i++) w += d.weights[i];
  return w;
}

/**
 * Quantile of a distribution: numpy-linear for raw values; for a sketch's weighted items, the
 * value whose cumulative weight first reaches q·count (within the sketch's rank error).
 */
export function distributionQuantile(d: NumericDistribution, q: number): number {
  if (!d.weights) return quantileSorted(d.values, q);
  const target = q * d.count;
  let acc = 0;
  for (let i = 0; i < d.values.length; i++) {
    acc += d.weights[i];
    if (acc >= target) return d.values[i];
  }
  return d.values[d.values.length - 1];
}
