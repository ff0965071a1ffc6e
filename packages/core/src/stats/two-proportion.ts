import { normalSf } from './special-functions.js';

/**
 * Two-sided two-proportion z test with the pooled proportion (the test statsmodels'
 * proportions_ztest runs; z² is the uncorrected chi-square statistic of the 2x2 table).
 * `statistic` is z for p1 - p2.
 */
export interface TwoProportionResult {
  statistic: number;
  pValue: number;
  p1: number;
  p2: number;
}

export function twoProportionZTest(
  successes1: number,
  total1: number,
  successes2: number,
  total2: number,
): TwoProportionResult {
  if (!(total1 > 0 && total2 > 0))
    throw new Error('The two-proportion test needs counts on both sides.');
  if (successes1 < 0 || successes1 > total1 || successes2 < 0 || successes2 > total2) {
    throw new Error('Successes must be between 0 and the total.');
  }
  const p1 = successes1 / total1;
  const p2 = successes2 / total2;
  const pooled = (successes1 + successes2) / (total1 + total2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / total1 + 1 / total2));
  if (se === 0) return { statistic: 0, pValue: 1, p1, p2 };
  const z = (p1 - p2) / se;
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))), p1, p2 };
}
