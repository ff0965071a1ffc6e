import {
  disagreement,
  driftFixtures,
  P_VALUE_RELATIVE,
  P_VALUE_TINY,
} from '../../../../test/fixtures/stats/drift-fixtures.js';
import { chiSquareSf, normalSf } from './special-functions.js';

const fixtures = driftFixtures();

describe('special functions agree with scipy', () => {
  it('chi-square survival (scipy.stats.chi2.sf) from df 1 to 5000, deep into the tail', () => {
    const failures = fixtures.special.chi2_sf
      .map((c) =>
        disagreement(
          `chi2.sf(${c.x}, ${c.df})`,
          chiSquareSf(c.x, c.df),
          c.p,
          P_VALUE_RELATIVE,
          P_VALUE_TINY,
        ),
      )
      .filter(Boolean);
    expect(failures).toEqual([]);
  });

  it('normal survival (scipy.stats.norm.sf) including z = 37', () => {
    const failures = fixtures.special.norm_sf
      .map((c) => disagreement(`norm.sf(${c.z})`, normalSf(c.z), c.p, 1e-12, 0))
      .filter(Boolean);
    expect(failures).toEqual([]);
  });
});
