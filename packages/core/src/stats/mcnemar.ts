import { logGamma } from './special-functions.js';

/**
 * Exact McNemar test of two classifiers on the same rows: only the discordant pairs count
 * (b = rows only the first model gets right, c = rows only the second gets right). Under
 * "same accuracy" each discordant row is a fair coin, so the p-value is the two-sided exact
 * binomial test of b successes in b + c trials with p = ½, which equals
 * `scipy.stats.binomtest(b, b + c, 0.5).pvalue`: min(1, 2·P(X ≤ min(b, c))). Pure.
 */

export interface McNemarResult {
  /** Rows only the first model classifies correctly. */
  onlyFirst: number;
  /** Rows only the second model classifies correctly. */
  onlySecond: number;
  pValue: number;
}

/** ln C(n, k) */
function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** P(X ≤ k) for X ~ Binomial(n, ½), summed in log space (exact to rounding for any n). */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const logHalfN = -n * Math.LN2;
  let max = -Infinity;
  const terms: number[] = [];
  for (let i = 0; i <= k; i++) {
    const t = logChoose(n, i) + logHalfN;
    terms.push(t);
    if (t > max) max = t;
  }
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return Math.min(1, Math.exp(max + Math.log(sum)));
}

/** Two-sided exact binomial test with p = ½ (scipy.stats.binomtest(k, n, 0.5).pvalue). */
export function binomTestHalf(k: number, n: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n) {
    throw new RangeError(`binomTestHalf: need integers 0 <= k <= n, got k=${k}, n=${n}.`);
  }
  if (n === 0) return 1;
  // Symmetric at p = ½: the outcomes at least as unlikely as k are those at most min(k, n−k)
  // from either end.
  const m = Math.min(k, n - k);
  if (2 * m === n) return 1;
  return Math.min(1, 2 * binomialHalfCdf(m, n));
}

/** McNemar's exact test from per-row correctness of two models on the same rows. */
export function mcnemarExact(
  firstCorrect: ArrayLike<boolean>,
  secondCorrect: ArrayLike<boolean>,
): McNemarResult {
  if (firstCorrect.length !== secondCorrect.length) {
    throw new RangeError(
      `mcnemarExact: lengths differ (${firstCorrect.length} vs ${secondCorrect.length}).`,
    );
  }
  let onlyFirst = 0;
  let onlySecond = 0;
  for (let i = 0; i < firstCorrect.length; i++) {
    if (firstCorrect[i] && !secondCorrect[i]) onlyFirst++;
    else if (!firstCorrect[i] && secondCorrect[i]) onlySecond++;
  }
  return { onlyFirst, onlySecond, pValue: binomTestHalf(onlyFirst, onlyFirst + onlySecond) };
}
