import { StatsError } from './stats-error.js';
import type { NumericDistribution } from './column-distribution.js';
import { ksTwoSamplePValue } from './kolmogorov-distributions.js';
import type { StatTest } from './stat-test.js';

/**
 * `ks` — two-sample Kolmogorov–Smirnov test (numeric columns; default threshold 0.05, drift when
 * p < threshold).
 *
 *   D = sup_x |F_ref(x) − F_cur(x)|   (right-continuous empirical CDFs)
 *
 * p-value as `scipy.stats.ks_2samp(ref, cur, method="auto")`: exact null distribution of D when
 * both samples have at most 10,000 values (D is then reported as round(D·lcm)/lcm, as scipy does),
 * otherwise kstwo.sf(D, round(n·m/(n+m))).
 */
export function ksStatistic(a: NumericDistribution, b: NumericDistribution): number {
  const av = a.values;
  const bv = b.values;
  const aw = a.weights;
  const bw = b.weights;
  let i = 0;
  let j = 0;
  let ca = 0;
  let cb = 0;
  let maxS = 0;
  let minS = 0;
  while (i < av.length || j < bv.length) {
    const x = j >= bv.length || (i < av.length && av[i] <= bv[j]) ? av[i] : bv[j];
    for (; i < av.length && av[i] === x; i++) ca += aw ? aw[i] : 1;
    for (; j < bv.length && bv[j] === x; j++) cb += bw ? bw[j] : 1;
    const diff = ca / a.count - cb / b.count;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  return Math.max(maxS, Math.min(1, -minS));
}

export const ks: StatTest = {
  name: 'ks',
  title: 'Kolmogorov–Smirnov',
  formula:
    'D = sup |F_ref(x) − F_cur(x)|; p from the exact (n ≤ 10,000) or kstwo distribution, as scipy.stats.ks_2samp',
  accepts: ['numeric'],
  defaultThreshold: 0.05,
  decision: 'p_value',
  compute(reference, current) {
    if (reference.kind !== 'numeric' || current.kind !== 'numeric') {
      throw new StatsError(
        'method ks needs a numeric column; use chisquare or jensenshannon for categories.',
        'method-column-kind',
      );
    }
    const d = ksStatistic(reference, current);
    const { pValue, statistic } = ksTwoSamplePValue(reference.count, current.count, d);
    const bound = reference.rankError + current.rankError;
    if (bound === 0) return { statistic, pValue };
    return {
      statistic,
      pValue,
      approximation: {
        statistic: bound,
        note: `D from quantile sketches: within ±${bound.toPrecision(2)} of the exact D`,
      },
    };
  },
};
