import { binColumn } from './binning.js';
import type { StatTest, StatTestName } from './stat-test.js';

/**
 * A distance on the shared bins (binning.ts): numeric or categorical columns, default threshold
 * 0.1, drift when the distance >= threshold. `distance` gets both sides' bin shares.
 *
 * From a profile (or a sketched large dataset) the edges are sketch quantiles, so the bins differ
 * slightly from the exact ones and each share is within the stated bound; the result says so.
 */
export function binnedDistance(
  name: StatTestName,
  title: string,
  formula: string,
  distance: (reference: number[], current: number[]) => number,
): StatTest {
  return {
    name,
    title,
    formula,
    accepts: ['numeric', 'categorical'],
    defaultThreshold: 0.1,
    decision: 'distance',
    compute(reference, current, { bins }) {
      const b = binColumn(reference, current, bins);
      const statistic = distance(b.reference, b.current);
      if (b.shareError === 0) return { statistic };
      return {
        statistic,
        approximation: {
          statistic: b.shareError,
          note: `bin shares from sketches, each within ±${b.shareError.toPrecision(2)}`,
        },
      };
    },
  };
}
