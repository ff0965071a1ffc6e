import { binColumn, floorZeros } from './binning.js';
import type { StatTest } from './stat-test.js';
import { binnedApproximation } from './binned-approximation.js';

/**
 * `psi` — population stability index on the shared bins (binning.ts; numeric or categorical;
 * default threshold 0.1, drift when psi >= threshold). Zero shares become 0.0001 first.
 *
 *   psi = Σ (cur_i − ref_i) · ln(cur_i / ref_i)
 */
export const psi: StatTest = {
  name: 'psi',
  title: 'Population stability index',
  formula: 'psi = Σ (cur_i − ref_i)·ln(cur_i/ref_i), zero shares replaced by 0.0001',
  accepts: ['numeric', 'categorical'],
  defaultThreshold: 0.1,
  decision: 'distance',
  compute(reference, current, { bins }) {
    const b = binColumn(reference, current, bins);
    const r = floorZeros(b.reference);
    const c = floorZeros(b.current);
    let statistic = 0;
    for (let i = 0; i < r.length; i++) statistic += (c[i] - r[i]) * Math.log(c[i] / r[i]);
    return { statistic, ...binnedApproximation(b) };
  },
};
