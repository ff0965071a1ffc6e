import { alignedCounts } from './category-counts.js';
import { normalSf } from './special-functions.js';
import type { StatTest } from './stat-test.js';

/**
 * `z` — two-proportion z-test for binary columns (default threshold 0.05, drift when p < threshold).
 * With p₁, p₂ the shares of the first category (sorted order) in reference and current:
 *
 *   P = (p₁n₁ + p₂n₂)/(n₁ + n₂),   z = (p₁ − p₂) / sqrt(P(1 − P)(1/n₁ + 1/n₂)),   p = 2·Φ(−|z|)
 *
 * When both sides hold only the same single value, z = 0 and p = 1.
 */
export const z: StatTest = {
  name: 'z',
  title: 'Two-proportion Z',
  formula: 'z = (p_ref − p_cur) / sqrt(P(1 − P)(1/n_ref + 1/n_cur)); p = 2·Φ(−|z|)',
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
    const n1 = ref.count;
    const n2 = cur.count;
    const p1 = (refCounts[0] ?? 0) / n1;
    const p2 = (curCounts[0] ?? 0) / n2;
    const P = (p1 * n1 + p2 * n2) / (n1 + n2);
    if (P === 0 || P === 1) return { statistic: 0, pValue: 1 };
    const statistic = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
    return { statistic, pValue: Math.min(1, 2 * normalSf(Math.abs(statistic))) };
  },
};
