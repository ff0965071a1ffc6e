import {
  disagreement,
  P_VALUE_RELATIVE,
  P_VALUE_TINY,
  STATISTIC_RELATIVE,
} from '../../../../test/fixtures/stats/drift-fixtures.js';
import { pipelineFixtures } from '../../../../test/fixtures/stats/pipeline-fixtures.js';
import { mannWhitneyExactSf, mannWhitneyU } from './mann-whitney.js';

const fixtures = pipelineFixtures();

describe('mannWhitneyU agrees with scipy.stats.mannwhitneyu (two-sided)', () => {
  it.each(fixtures.mannwhitneyu.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = mannWhitneyU(c.x, c.y, c.method);
    const problems = [
      disagreement('statistic', result.statistic, c.statistic, STATISTIC_RELATIVE),
      disagreement('p-value', result.pValue, c.p_value, P_VALUE_RELATIVE, P_VALUE_TINY),
    ].filter(Boolean);
    expect(problems).toEqual([]);
  });

  it('chooses exact only for small samples without ties, like scipy', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).method).toBe('exact');
    expect(mannWhitneyU([1, 2, 2], [4, 5, 6]).method).toBe('asymptotic');
    const big = Array.from({ length: 9 }, (_, i) => i);
    expect(
      mannWhitneyU(
        big,
        big.map((v) => v + 0.5),
      ).method,
    ).toBe('asymptotic');
  });

  it('exact survival function sums to a distribution', () => {
    expect(mannWhitneyExactSf(0, 3, 4)).toBe(1);
    expect(mannWhitneyExactSf(13, 3, 4)).toBe(0);
    // U = 12 (all of one side above the other) has probability 1 / C(7, 3) = 1/35.
    expect(mannWhitneyExactSf(12, 3, 4)).toBeCloseTo(1 / 35, 12);
  });

  it('refuses empty or non-finite samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(/at least one value/);
    expect(() => mannWhitneyU([NaN], [1])).toThrow(/finite/);
  });
});
