import { binnedDistance } from './binned-distance.js';

/**
 * `jensenshannon` — Jensen–Shannon distance with base-2 logarithms (0 to 1) on the shared bins
 * (numeric or categorical; default threshold 0.1, drift when >= threshold), as
 * scipy.spatial.distance.jensenshannon(ref, cur, base=2):
 *
 *   m = (r + c)/2,   JS = sqrt( (Σ r_i·ln(r_i/m_i) + Σ c_i·ln(c_i/m_i)) / (2·ln 2) )
 */
export const jensenshannon = binnedDistance(
  'jensenshannon',
  'Jensen–Shannon distance',
  'JS = sqrt((KL(r‖m) + KL(c‖m))/2), m = (r + c)/2, base-2 logarithms',
  (reference, current) => {
    const rs = reference.reduce((s, x) => s + x, 0);
    const cs = current.reduce((s, x) => s + x, 0);
    let sum = 0;
    for (let i = 0; i < reference.length; i++) {
      const r = reference[i] / rs;
      const c = current[i] / cs;
      const m = (r + c) / 2;
      if (r > 0) sum += r * Math.log(r / m);
      if (c > 0) sum += c * Math.log(c / m);
    }
    return Math.sqrt(Math.max(0, sum / Math.LN2 / 2));
  },
);
