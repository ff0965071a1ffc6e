import { alignedCounts } from './category-counts.js';
import { chiSquareSf } from './special-functions.js';
import type { StatTest } from './stat-test.js';

/**
 * Pearson's chi-square test of homogeneity on the 2 × k contingency table of reference and
 * current counts (as `scipy.stats.chi2_contingency(table, correction=False)`).
 *
 * Columns are the categories seen on either side; a category absent from both (count 0 twice) is
 * dropped, a category seen on one side only is a column with a zero cell. Expected counts use the
 * pooled shares: `e_si = n_s · (ref_i + cur_i) / (n_ref + n_cur)`. Returns the statistic, the
 * p-value `chi2.sf(χ², dof)` and `dof = k − 1` (a table with fewer than two categories, or an
 * empty side, gives χ² = 0, p = 1, dof = 0).
 */
export function chiSquareHomogeneity(
  reference: readonly number[],
  current: readonly number[],
): { statistic: number; pValue: number; dof: number } {
  const ref: number[] = [];
  const cur: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] + current[i] > 0) {
      ref.push(reference[i]);
      cur.push(current[i]);
    }
  }
  const nRef = ref.reduce((s, c) => s + c, 0);
  const nCur = cur.reduce((s, c) => s + c, 0);
  const k = ref.length;
  if (k < 2 || nRef === 0 || nCur === 0) return { statistic: 0, pValue: 1, dof: 0 };
  const total = nRef + nCur;
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const pooled = ref[i] + cur[i];
    const eRef = (nRef * pooled) / total;
    const eCur = (nCur * pooled) / total;
    const dRef = ref[i] - eRef;
    const dCur = cur[i] - eCur;
    statistic += (dRef * dRef) / eRef + (dCur * dCur) / eCur;
  }
  const dof = k - 1;
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}

/**
 * `chisquare` — two-sample chi-square test of homogeneity (categorical columns, or numeric ones by
 * distinct value; default threshold 0.05, drift when p < threshold). Both samples are treated as
 * samples: unlike a goodness-of-fit test against the reference shares, it keeps its false alarm
 * rate at the threshold when the two windows have similar sizes.
 */
export const chisquare: StatTest = {
  name: 'chisquare',
  title: 'Chi-square',
  formula:
    'χ² = Σ_s Σ_i (n_si − e_si)² / e_si, e_si = n_s·(ref_i + cur_i)/(n_ref + n_cur); p = chi2.sf(χ², k − 1)',
  accepts: ['categorical', 'numeric'],
  defaultThreshold: 0.05,
  decision: 'p_value',
  compute(reference, current) {
    const { reference: refCounts, current: curCounts, ref } = alignedCounts(reference, current);
    const { statistic, pValue } = chiSquareHomogeneity(refCounts, curCounts);
    if (ref.countError === 0) return { statistic, pValue };
    return {
      statistic,
      pValue,
      approximation: {
        statistic: ref.countError / ref.count,
        note: `reference counts from a frequent-items sketch: each share within ${(ref.countError / ref.count).toPrecision(2)}`,
      },
    };
  },
};
