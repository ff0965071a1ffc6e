import { normalSf } from './special-functions.js';

/**
 * Two-sided Mann–Whitney U test, computed the way scipy.stats.mannwhitneyu does (scipy 1.10):
 * `statistic` is U of the first sample; the p-value is exact (the distribution of U under H0)
 * when either sample has at most 8 values and there are no ties, else the normal approximation
 * with the tie correction of the variance and a continuity correction of 0.5.
 */

export type MannWhitneyMethod = 'auto' | 'asymptotic' | 'exact';

export interface MannWhitneyResult {
  /** U of the first sample: the number of pairs (x, y) with x > y, ties counted as 1/2. */
  statistic: number;
  pValue: number;
  method: 'asymptotic' | 'exact';
}

/** Midranks (1-based) of the pooled values and the sizes of the tie groups. */
function rankPooled(values: number[]): { ranks: number[]; ties: number[] } {
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const ties: number[] = [];
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

/**
 * P(U >= k) under H0 for samples of sizes m and n, from the coefficients of the Gaussian
 * binomial [m+n choose m]_q (the number of arrangements with each U), normalised as we go.
 */
export function mannWhitneyExactSf(k: number, m: number, n: number): number {
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  const top = small * large;
  if (k <= 0) return 1;
  if (k > top) return 0;
  // coef[u] ∝ number of arrangements with U = u; product over i of (1 - q^(large+i)) / (1 - q^i).
  let coef = new Float64Array(top + 1);
  coef[0] = 1;
  for (let i = 1; i <= small; i++) {
    const next = new Float64Array(top + 1);
    const shift = large + i;
    // multiply by (1 - q^shift); terms above m*n are dropped (they cancel in the end)
    for (let u = 0; u <= top; u++) next[u] = coef[u] - (u >= shift ? coef[u - shift] : 0);
    // divide by (1 - q^i): a running sum with lag i
    for (let u = i; u <= top; u++) next[u] += next[u - i];
    // keep the numbers in range: rescale to probabilities
    let total = 0;
    for (let u = 0; u <= top; u++) total += next[u];
    for (let u = 0; u <= top; u++) next[u] /= total;
    coef = next;
  }
  // Sum the smaller tail for accuracy (the distribution is symmetric around top/2).
  let sf = 0;
  if (k > top / 2) {
    for (let u = k; u <= top; u++) sf += coef[u];
  } else {
    let cdf = 0;
    for (let u = 0; u < k; u++) cdf += coef[u];
    sf = 1 - cdf;
  }
  return Math.min(Math.max(sf, 0), 1);
}

export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  method: MannWhitneyMethod = 'auto',
): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0)
    throw new Error('Mann–Whitney U needs at least one value on each side.');
  if ([...x, ...y].some((v) => !Number.isFinite(v))) {
    throw new Error('Mann–Whitney U needs finite values.');
  }
  const { ranks, ties } = rankPooled([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = Math.max(u1, u2);
  const hasTies = ties.some((t) => t > 1);
  const chosen: 'asymptotic' | 'exact' =
    method === 'auto' ? ((n1 > 8 && n2 > 8) || hasTies ? 'asymptotic' : 'exact') : method;
  let p: number;
  if (chosen === 'exact') {
    p = 2 * mannWhitneyExactSf(Math.round(u), n1, n2);
  } else {
    const n = n1 + n2;
    const tieTerm = ties.reduce((s, t) => s + t ** 3 - t, 0);
    const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - (n1 * n2) / 2 - 0.5) / sigma;
    // All values tied: no spread to test against, scipy gives NaN; say "no difference".
    p = sigma > 0 ? 2 * normalSf(z) : 1;
  }
  return { statistic: u1, pValue: Math.min(Math.max(p, 0), 1), method: chosen };
}
