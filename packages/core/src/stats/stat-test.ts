import type { ColumnDistribution } from './column-distribution.js';

/** Drift methods users pick by name; the report quotes them. */
export type StatTestName =
  'ks' | 'chisquare' | 'z' | 'psi' | 'jensenshannon' | 'hellinger' | 'kl_div' | 'wasserstein';

/** The column views a test accepts: numeric (and datetime) values, or categories. */
export type TestColumnKind = 'numeric' | 'categorical';

export interface StatTestOptions {
  /** Number of quantile bins for the binned distances (default 10). */
  bins: number;
}

export interface StatTestResult {
  /** The test statistic or distance. */
  statistic: number;
  /** Two-sided p-value, for tests that decide by p-value. */
  pValue?: number;
  /**
   * When the reference is a profile: how far the statistic (or p-value, for tests deciding by
   * it) can be from the exact value on the raw data; 0 when exact.
   */
  approximation?: { statistic: number; note: string };
}

/**
 * One drift method (Evidently style): its name, the columns it accepts, its default threshold, how
 * it decides, and one function from two distributions to a result.
 */
export interface StatTest {
  name: StatTestName;
  title: string;
  /** The formula, as quoted in the docs and reports. */
  formula: string;
  accepts: readonly TestColumnKind[];
  defaultThreshold: number;
  /** `p_value`: drift when p < threshold. `distance`: drift when statistic >= threshold. */
  decision: 'p_value' | 'distance';
  compute(
    reference: ColumnDistribution,
    current: ColumnDistribution,
    options: StatTestOptions,
  ): StatTestResult;
}

export function isDrifted(test: StatTest, result: StatTestResult, threshold: number): boolean {
  return test.decision === 'p_value'
    ? (result.pValue ?? 1) < threshold
    : result.statistic >= threshold;
}
