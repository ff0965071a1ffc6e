import type { CategoricalDistribution, ColumnDistribution } from './column-distribution.js';
import { numericAsCategorical } from './column-distribution.js';

/** The categorical view of a column (numeric columns: one category per distinct value). */
export function asCategories(d: ColumnDistribution): CategoricalDistribution {
  return d.kind === 'categorical' ? d : numericAsCategorical(d);
}

/** Categories of either side, sorted, with both sides' counts aligned. */
export function alignedCounts(
  reference: ColumnDistribution,
  current: ColumnDistribution,
): {
  categories: string[];
  reference: number[];
  current: number[];
  ref: CategoricalDistribution;
  cur: CategoricalDistribution;
} {
  const ref = asCategories(reference);
  const cur = asCategories(current);
  const categories = [...new Set([...ref.counts.keys(), ...cur.counts.keys()])].sort();
  return {
    categories,
    reference: categories.map((c) => ref.counts.get(c) ?? 0),
    current: categories.map((c) => cur.counts.get(c) ?? 0),
    ref,
    cur,
  };
}
