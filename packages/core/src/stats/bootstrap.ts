import { quantileSorted } from './quantiles.js';
import { seededRandom } from './random.js';

/**
 * Percentile bootstrap (Efron): resample the n rows with replacement B times, compute the
 * statistic on each resample, and take the (1 − c)/2 and (1 + c)/2 quantiles (numpy's linear
 * definition, as `scipy.stats.bootstrap(..., method='percentile')` does) of the B values.
 * Seeded, so the same data and seed always give the same interval. Pure.
 *
 * The paired form draws ONE set of row indices per resample and evaluates both models on
 * it, so the interval of a difference accounts for the rows the models share.
 */

/** The bootstrap's draws: `seededRandom` on the seed mixed with a constant (a stream apart from row sampling's). */
export function bootstrapRandom(seed: number): () => number {
  return seededRandom((Math.floor(seed) >>> 0) ^ 0x9e3779b9);
}

export interface BootstrapOptions {
  /** Two-sided confidence level, e.g. 0.95. */
  confidence: number;
  /** Number of resamples (at least 2,000 is the gate's floor). */
  resamples: number;
  seed: number;
}

export interface BootstrapInterval {
  /** The statistic on the rows as they are. */
  estimate: number;
  low: number;
  high: number;
  /** Resamples whose statistic was a number (NaN resamples, e.g. one class only, are left out). */
  valid: number;
  /** The statistic of each valid resample, sorted. */
  distribution: Float64Array;
}

/** Index arrays with replacement: `statistic` receives the row indices of one resample. */
export function bootstrapDistribution(
  n: number,
  statistic: (rows: Uint32Array) => number,
  resamples: number,
  seed: number,
): Float64Array {
  if (!(n >= 1)) throw new RangeError('bootstrap: no rows.');
  if (!(resamples >= 1)) throw new RangeError('bootstrap: resamples must be at least 1.');
  const random = bootstrapRandom(seed);
  const rows = new Uint32Array(n);
  const values = new Float64Array(resamples);
  let valid = 0;
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) rows[i] = Math.floor(random() * n);
    const v = statistic(rows);
    if (!Number.isNaN(v)) values[valid++] = v;
  }
  return values.slice(0, valid).sort();
}

/** The percentile interval of a sorted bootstrap distribution. */
export function percentileInterval(sorted: Float64Array, confidence: number): [number, number] {
  if (sorted.length === 0) return [Number.NaN, Number.NaN];
  const alpha = 1 - confidence;
  return [quantileSorted(sorted, alpha / 2), quantileSorted(sorted, 1 - alpha / 2)];
}

const ALL_ROWS = new Map<number, Uint32Array>();
function identity(n: number): Uint32Array {
  let rows = ALL_ROWS.get(n);
  if (!rows) {
    rows = Uint32Array.from({ length: n }, (_, i) => i);
    if (ALL_ROWS.size < 8) ALL_ROWS.set(n, rows);
  }
  return rows;
}

/** Percentile bootstrap interval of `statistic` over n rows. */
export function bootstrapInterval(
  n: number,
  statistic: (rows: Uint32Array) => number,
  options: BootstrapOptions,
): BootstrapInterval {
  const distribution = bootstrapDistribution(n, statistic, options.resamples, options.seed);
  const [low, high] =
    distribution.length * 2 >= options.resamples
      ? percentileInterval(distribution, options.confidence)
      : [Number.NaN, Number.NaN];
  return { estimate: statistic(identity(n)), low, high, valid: distribution.length, distribution };
}

export interface PairedBootstrap extends BootstrapInterval {
  /**
   * Two-sided bootstrap p-value of "the difference is 0": twice the smaller share of
   * resampled differences on either side of 0 (at most 1; at least 1/B when no resample
   * crosses 0, reported as such rather than as 0).
   */
  pValue: number;
}

/**
 * Paired bootstrap of `a(rows) − b(rows)`: both statistics are computed on the same resampled
 * rows (the rows must be the same examples, in the same order, on both sides).
 */
export function pairedBootstrap(
  n: number,
  a: (rows: Uint32Array) => number,
  b: (rows: Uint32Array) => number,
  options: BootstrapOptions,
): PairedBootstrap {
  const difference = (rows: Uint32Array) => a(rows) - b(rows);
  const interval = bootstrapInterval(n, difference, options);
  const d = interval.distribution;
  let below = 0;
  let above = 0;
  for (const v of d) {
    if (v <= 0) below++;
    if (v >= 0) above++;
  }
  const share = Math.min(below, above) / Math.max(1, d.length);
  const pValue = d.length === 0 ? Number.NaN : Math.min(1, Math.max(2 * share, 1 / d.length));
  return { ...interval, pValue };
}
