import { StatsError } from './stats-error.js';
import type { NumericDistribution } from './column-distribution.js';
import { CompensatedSum } from './column-distribution.js';
import type { StatTest } from './stat-test.js';

/** First Wasserstein distance ∫ |F_a(x) − F_b(x)| dx between two (weighted) sorted samples. */
export function wassersteinDistance(a: NumericDistribution, b: NumericDistribution): number {
  if (!a.weights && !b.weights) return unweightedDistance(a.values, a.count, b.values, b.count);
  const av = a.values;
  const bv = b.values;
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  const sum = new CompensatedSum();
  let x = Math.min(av[0], bv[0]);
  while (i < av.length || j < bv.length) {
    for (; i < av.length && av[i] === x; i++) ca += a.weights ? a.weights[i] : 1;
    for (; j < bv.length && bv[j] === x; j++) cb += b.weights ? b.weights[j] : 1;
    const next = j >= bv.length || (i < av.length && av[i] <= bv[j]) ? av[i] : bv[j];
    if (next === undefined) break;
    sum.add(Math.abs(ca / a.count - cb / b.count) * (next - x));
    x = next;
  }
  return sum.value;
}

/**
 * The same walk for exact samples, where the count below x is an index: no weight lookups in
 * the loop over millions of values (the sums and their order are those of the general walk).
 */
function unweightedDistance(av: Float64Array, an: number, bv: Float64Array, bn: number): number {
  const sum = new CompensatedSum();
  const na = av.length;
  const nb = bv.length;
  let i = 0;
  let j = 0;
  let x = Math.min(av[0], bv[0]);
  for (;;) {
    while (i < na && av[i] === x) i++;
    while (j < nb && bv[j] === x) j++;
    let next: number;
    if (j >= nb) {
      if (i >= na) break;
      next = av[i];
    } else next = i < na && av[i] <= bv[j] ? av[i] : bv[j];
    sum.add(Math.abs(i / an - j / bn) * (next - x));
    x = next;
  }
  return sum.value;
}

/**
 * `wasserstein` — first Wasserstein (earth mover's) distance divided by the reference's spread
 * (numeric columns; default threshold 0.1, drift when >= threshold), as Evidently:
 *
 *   W = ∫ |F_ref(x) − F_cur(x)| dx / max(std_ref, 0.001)    (population std, ddof 0)
 */
export const wasserstein: StatTest = {
  name: 'wasserstein',
  title: 'Wasserstein distance (normed)',
  formula: 'W = ∫|F_ref − F_cur| dx / max(std_ref, 0.001)',
  accepts: ['numeric'],
  defaultThreshold: 0.1,
  decision: 'distance',
  compute(reference, current) {
    if (reference.kind !== 'numeric' || current.kind !== 'numeric') {
      throw new StatsError(
        'method wasserstein needs a numeric column; use jensenshannon for categories.',
        'method-column-kind',
      );
    }
    const norm = Math.max(reference.std, 0.001);
    const statistic = wassersteinDistance(reference, current) / norm;
    const rankError = reference.rankError + current.rankError;
    if (rankError === 0) return { statistic };
    // |∫(F̂ − F)| <= rank error · (range of the data): the CDF error integrated over the support.
    const lo = Math.min(reference.min ?? reference.values[0], current.min ?? current.values[0]);
    const hi = Math.max(
      reference.max ?? reference.values[reference.values.length - 1],
      current.max ?? current.values[current.values.length - 1],
    );
    const bound = (rankError * (hi - lo)) / norm;
    return {
      statistic,
      approximation: {
        statistic: bound,
        note: `CDFs from quantile sketches: within ±${bound.toPrecision(2)}`,
      },
    };
  },
};
