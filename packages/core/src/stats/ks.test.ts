import {
  disagreement,
  driftFixtures,
  P_VALUE_RELATIVE,
  P_VALUE_TINY,
  STATISTIC_RELATIVE,
} from '../../../../test/fixtures/stats/drift-fixtures.js';
import { numericDistribution } from './column-distribution.js';
import { kolmogornSf } from './kolmogorov-distributions.js';
import { ks } from './ks.js';

const fixtures = driftFixtures();

describe('ks agrees with scipy', () => {
  it('kstwo.sf on every branch (Ruben–Gambino, Durbin, Pomeranz, Pelz–Good, Smirnov) for n = 1 … 1.2 million', () => {
    const failures = fixtures.kstwo
      .map((c) =>
        disagreement(
          `kstwo.sf(${c.x}, ${c.n})`,
          kolmogornSf(c.n, c.x),
          c.sf,
          P_VALUE_RELATIVE,
          P_VALUE_TINY,
        ),
      )
      .filter(Boolean);
    expect(failures).toEqual([]);
  });

  it.each(fixtures.ks.map((c) => [c.name, c] as const))(
    'ks_2samp(method="auto"): %s',
    (_name, c) => {
      const result = ks.compute(numericDistribution(c.reference), numericDistribution(c.current), {
        bins: 10,
      });
      const failures = [
        disagreement('statistic', result.statistic, c.statistic, STATISTIC_RELATIVE),
        disagreement('p-value', result.pValue!, c.p_value, P_VALUE_RELATIVE, P_VALUE_TINY),
      ].filter(Boolean);
      expect(failures).toEqual([]);
    },
  );
});
