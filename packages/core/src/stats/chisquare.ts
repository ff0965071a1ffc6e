import { alignedCounts } from './category-counts.js';
import { chiSquareSf } from './special-functions.js';
import type { StatTest } from './stat-test.js';

/**
 * `chisquare` — Pearson chi-square test (categorical columns, or numeric ones by distinct value;
 * default threshold 0.05, drift when p < threshold).
 *
 *   expected_i = ref_count_i · (n_cur / n_ref)    over the categories of either side
 *   χ² = Σ (cur_count_i − expected_i)² / expected_i,   p = P(χ²_{k−1} ≥ χ²)
 *
 * A category the reference never had gives χ² = ∞ and p = 0 (as scipy.stats.chisquare).
 */
export const chisquare: StatTest = {
  name: 'chisquare',
  title: 'Chi-square',
  formula: 'χ² = Σ (cur_i − ref_i·n_cur/n_ref)² / (ref_i·n_cur/n_ref); p = chi2.sf(χ², k − 1)',
  accepts: ['categorical', 'numeric'],
  defaultThreshold: 0.05,
  decision: 'p_value',
  compute(reference, current) {
    const {
      reference: refCounts,
      current: curCounts,
      ref,
      cur,
    } = alignedCounts(reference, current);
    const scale = cur.count / ref.count;
    let statistic = 0;
    for (let i = 0; i < refCounts.length; i++) {
      const expected = refCounts[i] * scale;
      const diff = curCounts[i] - expected;
      statistic += expected === 0 ? (diff === 0 ? 0 : Infinity) : (diff * diff) / expected;
    }
    const k = refCounts.length;
    const pValue = k < 2 ? 1 : chiSquareSf(statistic, k - 1);
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
