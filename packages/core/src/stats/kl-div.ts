import { binColumn, floorZeros } from './binning.js';
import { binnedApproximation } from './binned-approximation.js';
import type { StatTest } from './stat-test.js';

/**
 * `kl_div` — Kullback–Leibler divergence KL(ref ‖ cur) on the shared bins (numeric or categorical;
 * default threshold 0.1, drift when >= threshold). Zero shares become 0.0001, then both sides are
 * renormalized to sum 1 (what scipy.stats.entropy(ref, cur) does):
 *
 *   kl_div = Σ r_i · ln(r_i / c_i)
 */
export const klDiv: StatTest = {
  name: 'kl_div',
  title: 'Kullback–Leibler divergence',
  formula: 'kl_div = Σ r_i·ln(r_i/c_i), zero shares replaced by 0.0001 and renormalized',
  accepts: ['numeric', 'categorical'],
  defaultThreshold: 0.1,
  decision: 'distance',
  compute(reference, current, { bins }) {
    const b = binColumn(reference, current, bins);
    const r = floorZeros(b.reference);
    const c = floorZeros(b.current);
    const rs = r.reduce((s, x) => s + x, 0);
    const cs = c.reduce((s, x) => s + x, 0);
    let statistic = 0;
    for (let i = 0; i < r.length; i++) {
      const ri = r[i] / rs;
      statistic += ri * Math.log(ri / (c[i] / cs));
    }
    return { statistic, ...binnedApproximation(b) };
  },
};
