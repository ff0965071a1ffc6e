import { binColumn } from './binning.js';
import { binnedApproximation } from './binned-approximation.js';
import type { StatTest } from './stat-test.js';

/**
 * `jensenshannon` — Jensen–Shannon distance with base-2 logarithms (0 to 1) on the shared bins
 * (numeric or categorical; default threshold 0.1, drift when >= threshold), as
 * scipy.spatial.distance.jensenshannon(ref, cur, base=2):
 *
 *   m = (r + c)/2,   JS = sqrt( (Σ r_i·ln(r_i/m_i) + Σ c_i·ln(c_i/m_i)) / (2·ln 2) )
 */
export const jensenshannon: StatTest = {
  name: 'jensenshannon',
  title: 'Jensen–Shannon distance',
  formula: 'JS = sqrt((KL(r‖m) + KL(c‖m))/2), m = (r + c)/2, base-2 logarithms',
  accepts: ['numeric', 'categorical'],
  defaultThreshold: 0.1,
  decision: 'distance',
  compute(reference, current, { bins }) {
    const b = binColumn(reference, current, bins);
    const rs = b.reference.reduce((s, x) => s + x, 0);
    const cs = b.current.reduce((s, x) => s + x, 0);
    let sum = 0;
    for (let i = 0; i < b.reference.length; i++) {
      const r = b.reference[i] / rs;
      const c = b.current[i] / cs;
      const m = (r + c) / 2;
      if (r > 0) sum += r * Math.log(r / m);
      if (c > 0) sum += c * Math.log(c / m);
    }
    const statistic = Math.sqrt(Math.max(0, sum / Math.LN2 / 2));
    return { statistic, ...binnedApproximation(b) };
  },
};
