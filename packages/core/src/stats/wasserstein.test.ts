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
