import {
  disagreement,
  driftFixtures,
  P_VALUE_RELATIVE,
  P_VALUE_TINY,
  STATISTIC_RELATIVE,
} from '../../../../test/fixtures/stats/drift-fixtures.js';
import { chisquare, chiSquareHomogeneity } from './chisquare.js';
import { categoricalDistribution, numericDistribution } from './column-distribution.js';
import { z } from './z.js';

const fixtures = driftFixtures();

describe('chisquare and z agree with scipy', () => {
  it.each(fixtures.chisquare.map((c) => [c.name, c] as const))('chisquare: %s', (_name, c) => {
    const r = chisquare.compute(
      categoricalDistribution(c.reference),
      categoricalDistribution(c.current),
      { bins: 10 },
    );
    const failures = [
      disagreement('statistic', r.statistic, c.statistic, STATISTIC_RELATIVE),
      disagreement('p-value', r.pValue!, c.p_value, P_VALUE_RELATIVE, P_VALUE_TINY),
    ].filter(Boolean);
    expect(failures).toEqual([]);
  });

  it.each(fixtures.z.map((c) => [c.name, c] as const))('z: %s', (_name, c) => {
    const r = z.compute(categoricalDistribution(c.reference), categoricalDistribution(c.current), {
      bins: 10,
    });
    const failures = [
      disagreement('statistic', r.statistic, c.statistic, STATISTIC_RELATIVE),
      disagreement('p-value', r.pValue!, c.p_value, P_VALUE_RELATIVE, P_VALUE_TINY),
    ].filter(Boolean);
    expect(failures).toEqual([]);
  });

  it.each(fixtures.chisquare.map((c) => [c.name, c] as const))(
    'chisquare: %s has the degrees of freedom of chi2_contingency',
    (_name, c) => {
      const keys = [...new Set([...c.reference, ...c.current])].sort();
      const count = (xs: string[], k: string) => xs.filter((x) => x === k).length;
      const r = chiSquareHomogeneity(
        keys.map((k) => count(c.reference, k)),
        keys.map((k) => count(c.current, k)),
      );
      expect(r.dof).toBe(c.dof);
    },
  );

  it('chisquare treats a category seen on one side only as a zero cell (finite, as scipy)', () => {
    const r = chisquare.compute(
      categoricalDistribution(['a', 'b', 'a']),
      categoricalDistribution(['a', 'c']),
      { bins: 10 },
    );
    expect(Number.isFinite(r.statistic)).toBe(true);
    expect(r.pValue).toBeGreaterThan(0);
  });

  it('chisquare drops a category absent from both sides', () => {
    expect(chiSquareHomogeneity([5, 0, 3], [4, 0, 6])).toEqual(
      chiSquareHomogeneity([5, 3], [4, 6]),
    );
    expect(chiSquareHomogeneity([5, 0], [4, 0])).toEqual({ statistic: 0, pValue: 1, dof: 0 });
  });

  it('tests numeric columns with few values by distinct value', () => {
    const asNumbers = chisquare.compute(
      numericDistribution([0, 1, 1, 2, 2, 2]),
      numericDistribution([0, 0, 1, 2]),
      { bins: 10 },
    );
    const asText = chisquare.compute(
      categoricalDistribution(['0', '1', '1', '2', '2', '2']),
      categoricalDistribution(['0', '0', '1', '2']),
      { bins: 10 },
    );
    expect(asNumbers).toEqual(asText);
  });

  it('z gives p = 1 when both sides hold the same single value', () => {
    expect(
      z.compute(categoricalDistribution(['x', 'x']), categoricalDistribution(['x']), { bins: 10 }),
    ).toEqual({ statistic: 0, pValue: 1 });
  });
});
