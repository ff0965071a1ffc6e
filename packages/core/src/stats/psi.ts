import { binnedDistance } from './binned-distance.js';
import { floorZeros } from './binning.js';

/**
 * `psi` — population stability index on the shared bins (binning.ts; numeric or categorical;
 * default threshold 0.1, drift when psi >= threshold). Zero shares become 0.0001 first.
 *
 *   psi = Σ (cur_i − ref_i) · ln(cur_i / ref_i)
 */
export const psi = binnedDistance(
  'psi',
  'Population stability index',
  'psi = Σ (cur_i − ref_i)·ln(cur_i/ref_i), zero shares replaced by 0.0001',
  (reference, current) => {
    const r = floorZeros(reference);
    const c = floorZeros(current);
    let value = 0;
    for (let i = 0; i < r.length; i++) value += (c[i] - r[i]) * Math.log(c[i] / r[i]);
    return value;
  },
);
