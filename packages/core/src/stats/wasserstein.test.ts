import {
  disagreement,
  driftFixtures,
  STATISTIC_RELATIVE,
} from '../../../../test/fixtures/stats/drift-fixtures.js';
import { numericDistribution } from './column-distribution.js';
import { wasserstein, wassersteinDistance } from './wasserstein.js';

const fixtures = driftFixtures();

describe('wasserstein agrees with scipy', () => {
  it.each(fixtures.wasserstein.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ref = numericDistribution(c.reference);
    const cur = numericDistribution(c.current);
    const failures = [
      disagreement('distance', wassersteinDistance(ref, cur), c.distance, STATISTIC_RELATIVE),
      disagreement(
        'normed',
        wasserstein.compute(ref, cur, { bins: 10 }).statistic,
        c.statistic,
        STATISTIC_RELATIVE,
      ),
    ].filter(Boolean);
    expect(failures).toEqual([]);
  });
});

describe('wasserstein on exact samples', () => {
  it('takes the unweighted walk with the very sums of the weighted one (weights of 1)', () => {
    for (const c of fixtures.wasserstein) {
      const ref = numericDistribution(c.reference);
      const cur = numericDistribution(c.current);
      const ones = (d: typeof ref) => ({
        ...d,
        weights: new Float64Array(d.values.length).fill(1),
      });
      expect(wassersteinDistance(ref, cur)).toBe(wassersteinDistance(ones(ref), ones(cur)));
    }
  });
});
