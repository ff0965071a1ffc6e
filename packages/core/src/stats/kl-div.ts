import { binnedDistance } from './binned-distance.js';
import { floorZeros } from './binning.js';

/**
 * `kl_div` — Kullback–Leibler divergence KL(ref ‖ cur) on the shared bins (numeric or categorical;
 * default threshold 0.1, drift when >= threshold). Zero shares become 0.0001, then both sides are
 * renormalized to sum 1 (what scipy.stats.entropy(ref, cur) does):
 *
 *   kl_div = Σ r_i · ln(r_i / c_i)
 */
export const klDiv = binnedDistance(
  'kl_div',
  'Kullback–Leibler divergence',
  'kl_div = Σ r_i·ln(r_i/c_i), zero shares replaced by 0.0001 and renormalized',
  (reference, current) => {
    const r = floorZeros(reference);
    const c = floorZeros(current);
    const rs = r.reduce((s, x) => s + x, 0);
    const cs = c.reduce((s, x) => s + x, 0);
    let value = 0;
    for (let i = 0; i < r.length; i++) value += (r[i] / rs) * Math.log(r[i] / rs / (c[i] / cs));
    return value;
  },
);
