import { binColumn } from './binning.js';
import { binnedApproximation } from './binned-approximation.js';
import type { StatTest } from './stat-test.js';

/**
 * `hellinger` — Hellinger distance on the shared bins (numeric or categorical; default threshold
 * 0.1, drift when >= threshold):
 *
 *   H = sqrt(1 − Σ sqrt(ref_i · cur_i))
 */
export const hellinger: StatTest = {
  name: 'hellinger',
  title: 'Hellinger distance',
  formula: 'H = sqrt(1 − Σ sqrt(ref_i·cur_i))',
  accepts: ['numeric', 'categorical'],
  defaultThreshold: 0.1,
  decision: 'distance',
  compute(reference, current, { bins }) {
    const b = binColumn(reference, current, bins);
    let bc = 0;
    for (let i = 0; i < b.reference.length; i++) bc += Math.sqrt(b.reference[i] * b.current[i]);
    return { statistic: Math.sqrt(Math.max(0, 1 - bc)), ...binnedApproximation(b) };
  },
};
