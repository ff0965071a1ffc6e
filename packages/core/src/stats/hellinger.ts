import { binnedDistance } from './binned-distance.js';

/**
 * `hellinger` — Hellinger distance on the shared bins (numeric or categorical; default threshold
 * 0.1, drift when >= threshold):
 *
 *   H = sqrt(1 − Σ sqrt(ref_i · cur_i))
 */
export const hellinger = binnedDistance(
  'hellinger',
  'Hellinger distance',
  'H = sqrt(1 − Σ sqrt(ref_i·cur_i))',
  (reference, current) => {
    let bc = 0;
    for (let i = 0; i < reference.length; i++) bc += Math.sqrt(reference[i] * current[i]);
    return Math.sqrt(Math.max(0, 1 - bc));
  },
);
