import type {
  CategoricalDistribution,
  ColumnDistribution,
  NumericDistribution,
} from './column-distribution.js';
import { numericAsCategorical } from './column-distribution.js';
import { distributionQuantile, weightAtMost } from './quantiles.js';

/**
 * The bins `psi`, `jensenshannon`, `hellinger` and `kl_div` share.
 *
 * Numeric: edges are the reference quantiles at 1/B … (B−1)/B (numpy's linear interpolation),
 * de-duplicated; the outer bins are open, so current values outside the reference range are
 * counted; a value goes to the first bin whose upper edge is >= the value:
 *   (−∞, e₁], (e₁, e₂], …, (e_k, +∞).
 * Categorical: one bin per category seen on either side, in sorted order.
 */
export interface Bins {
  /** Numeric bin edges (k edges, k + 1 bins); undefined for categories. */
  edges?: number[];
  /** Category of each bin; undefined for numeric bins. */
  categories?: string[];
  /** Share of the reference's values in each bin (sums to 1). */
  reference: number[];
  current: number[];
  /** Bound on each share's error when a side comes from sketches (0: exact). */
  shareError: number;
}

/** Proportions of zero are replaced by this before psi and kl_div (never for JS or Hellinger). */
export const ZERO_PROPORTION_FLOOR = 0.0001;

export function numericEdges(reference: NumericDistribution, bins: number): number[] {
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const e = distributionQuantile(reference, i / bins);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

function numericShares(d: NumericDistribution, edges: number[]): number[] {
  const shares: number[] = [];
  let below = 0;
  for (const e of edges) {
    const upTo = weightAtMost(d, e);
    shares.push((upTo - below) / d.count);
    below = upTo;
  }
  shares.push((d.count - below) / d.count);
  return shares;
}

function categoricalShares(d: CategoricalDistribution, categories: string[]): number[] {
  return categories.map((c) => (d.counts.get(c) ?? 0) / d.count);
}

/** Bins both sides of a column the same way (numeric when both are numeric, else by category). */
export function binColumn(
  reference: ColumnDistribution,
  current: ColumnDistribution,
  bins: number,
): Bins {
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    const edges = numericEdges(reference, bins);
    return {
      edges,
      reference: numericShares(reference, edges),
      current: numericShares(current, edges),
      // Each bin share is a difference of two CDF values, each off by at most rankError.
      shareError: 2 * Math.max(reference.rankError, current.rankError),
    };
  }
  const ref = reference.kind === 'numeric' ? numericAsCategorical(reference) : reference;
  const cur = current.kind === 'numeric' ? numericAsCategorical(current) : current;
  const categories = [...new Set([...ref.counts.keys(), ...cur.counts.keys()])].sort();
  return {
    categories,
    reference: categoricalShares(ref, categories),
    current: categoricalShares(cur, categories),
    shareError: Math.max(ref.countError / ref.count, cur.countError / cur.count),
  };
}

export function floorZeros(shares: number[]): number[] {
  return shares.map((p) => (p === 0 ? ZERO_PROPORTION_FLOOR : p));
}
