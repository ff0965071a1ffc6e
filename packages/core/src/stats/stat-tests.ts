import { StatsError } from './stats-error.js';
import { chisquare } from './chisquare.js';
import type { ColumnDistribution } from './column-distribution.js';
import { distinctValues } from './column-distribution.js';
import { hellinger } from './hellinger.js';
import { jensenshannon } from './jensenshannon.js';
import { klDiv } from './kl-div.js';
import { ks } from './ks.js';
import { psi } from './psi.js';
import type { StatTest, StatTestName } from './stat-test.js';
import { wasserstein } from './wasserstein.js';
import { z } from './z.js';

/** Every drift method by the name users give it. */
export const STAT_TESTS: Readonly<Record<StatTestName, StatTest>> = {
  ks,
  chisquare,
  z,
  psi,
  jensenshannon,
  hellinger,
  kl_div: klDiv,
  wasserstein,
};

export const STAT_TEST_NAMES = Object.keys(STAT_TESTS) as StatTestName[];

/** The method of that name, or a StatsError listing the names. */
export function getStatTest(name: string): StatTest {
  const test = STAT_TESTS[name as StatTestName];
  if (!test) {
    throw new StatsError(
      `unknown drift method '${name}'; use auto or one of ${STAT_TEST_NAMES.join(', ')}.`,
      'unknown-method',
    );
  }
  return test;
}

/** Reference size up to which `auto` uses the statistical tests rather than distances. */
export const AUTO_SMALL_REFERENCE = 1000;
/** Distinct values above which a numeric column is tested as continuous. */
export const AUTO_MAX_DISCRETE_VALUES = 5;

/**
 * `auto` (as Evidently): with a reference of at most 1000 values, a numeric column with more than
 * 5 distinct values (over both sides) gets `ks`, any other column `chisquare`, or `z` when it has
 * at most 2 distinct values; with a larger reference, a numeric column with more than 5 distinct
 * values gets `wasserstein`, any other `jensenshannon`.
 */
export function chooseStatTest(
  reference: ColumnDistribution,
  current: ColumnDistribution,
): StatTest {
  const distinct = distinctValues(reference, AUTO_MAX_DISCRETE_VALUES);
  for (const v of distinctValues(current, AUTO_MAX_DISCRETE_VALUES)) distinct.add(v);
  const continuous = reference.kind === 'numeric' && distinct.size > AUTO_MAX_DISCRETE_VALUES;
  if (reference.count <= AUTO_SMALL_REFERENCE) {
    if (continuous) return ks;
    return distinct.size > 2 ? chisquare : z;
  }
  return continuous ? wasserstein : jensenshannon;
}
