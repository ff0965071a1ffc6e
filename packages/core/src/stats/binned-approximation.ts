import type { Bins } from './binning.js';
import type { StatTestResult } from './stat-test.js';

/**
 * How far the reference's bin shares can be from exact when they come from a profile. The edges
 * are sketch quantiles too, so the bins differ slightly from the exact ones; the distance is then
 * that of slightly different bins, each share within the bound. Empty when exact.
 */
export function binnedApproximation(bins: Bins): Pick<StatTestResult, 'approximation'> {
  if (bins.referenceError === 0) return {};
  return {
    approximation: {
      statistic: bins.referenceError,
      note: `reference bin shares from the profile's sketches, each within ±${bins.referenceError.toPrecision(2)}`,
    },
  };
}
