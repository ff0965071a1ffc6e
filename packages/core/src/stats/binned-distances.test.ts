import {
  disagreement,
  driftFixtures,
  STATISTIC_RELATIVE,
} from '../../../../test/fixtures/stats/drift-fixtures.js';
import { binColumn } from './binning.js';
import {
  categoricalDistribution,
  numericDistribution,
  type ColumnDistribution,
} from './column-distribution.js';
import { hellinger } from './hellinger.js';
import { jensenshannon } from './jensenshannon.js';
import { klDiv } from './kl-div.js';
import { psi } from './psi.js';

const fixtures = driftFixtures();

function distributions(
  c: (typeof fixtures.binned)[number],
): [ColumnDistribution, ColumnDistribution] {
  return c.kind === 'numeric'
    ? [numericDistribution(c.reference), numericDistribution(c.current)]
    : [categoricalDistribution(c.reference), categoricalDistribution(c.current)];
}

describe('binned distances agree with numpy/scipy', () => {
  it.each(fixtures.binned.map((c) => [c.name, c] as const))(
    '%s: bins, psi, kl_div, jensenshannon, hellinger',
    (_name, c) => {
      const [ref, cur] = distributions(c);
      const bins = c.kind === 'numeric' ? c.bins : 10;
      const b = binColumn(ref, cur, bins);
      if (c.kind === 'numeric') expect(b.edges).toEqual(c.edges);
      else expect(b.categories).toEqual(c.categories);
      const failures = [
        ...b.reference.map((p, i) =>
          disagreement(`ref share ${i}`, p, c.reference_proportions[i], STATISTIC_RELATIVE),
        ),
        ...b.current.map((p, i) =>
          disagreement(`cur share ${i}`, p, c.current_proportions[i], STATISTIC_RELATIVE),
        ),
        ...[psi, klDiv, jensenshannon, hellinger].map((test) =>
          disagreement(
            test.name,
            test.compute(ref, cur, { bins }).statistic,
            c[test.name as 'psi'],
            STATISTIC_RELATIVE,
            1e-15,
          ),
        ),
      ].filter(Boolean);
      expect(failures).toEqual([]);
    },
  );

  it('counts current values beyond the reference range in the open outer bins', () => {
    const b = binColumn(
      numericDistribution([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      numericDistribution([-100, 100, 5]),
      2,
    );
    expect(b.edges).toEqual([5.5]);
    expect(b.current).toEqual([2 / 3, 1 / 3]);
  });
});
