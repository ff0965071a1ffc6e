import {
  disagreement,
  P_VALUE_RELATIVE,
  P_VALUE_TINY,
  STATISTIC_RELATIVE,
} from '../../../../test/fixtures/stats/drift-fixtures.js';
import { pipelineFixtures } from '../../../../test/fixtures/stats/pipeline-fixtures.js';
import { twoProportionZTest } from './two-proportion.js';

describe('twoProportionZTest agrees with scipy (chi2_contingency without correction)', () => {
  it.each(pipelineFixtures().two_proportion.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = twoProportionZTest(c.successes1, c.total1, c.successes2, c.total2);
    const problems = [
      disagreement('|z|', Math.abs(r.statistic), c.abs_statistic, STATISTIC_RELATIVE),
      disagreement('p-value', r.pValue, c.p_value, P_VALUE_RELATIVE, P_VALUE_TINY),
    ].filter(Boolean);
    expect(problems).toEqual([]);
    expect(Math.sign(r.statistic)).toBe(Math.sign(r.p1 - r.p2));
  });

  it('gives p = 1 when both sides are all successes', () => {
    expect(twoProportionZTest(10, 10, 5, 5).pValue).toBe(1);
  });
});
