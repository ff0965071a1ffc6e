import type { DriftColumn } from '../drift/drift-report.js';
import { STAT_TESTS } from '../stats/stat-tests.js';
import { formatPercent, formatSignificant } from './format-number.js';

/**
 * One drift score comparable across methods, where 1 is the column's threshold:
 * distances give statistic / threshold; p-value tests give log10(p) / log10(threshold), so
 * p = threshold scores 1 and p = threshold² scores 2. Above 1 means drifted either way.
 * p-values below 1e-300 are clamped so a p of 0 still has a finite score.
 */
export function driftScore(column: DriftColumn): number {
  if (isPValueColumn(column)) {
    const p = Math.max(column.p_value ?? 1, 1e-300);
    const t = Math.min(Math.max(column.threshold, 1e-300), 1 - 1e-12);
    return Math.log10(p) / Math.log10(t);
  }
  if (!(column.threshold > 0)) return column.statistic > 0 ? Number.MAX_VALUE : 0;
  return column.statistic / column.threshold;
}

export function isPValueColumn(column: DriftColumn): boolean {
  return STAT_TESTS[column.method]?.decision === 'p_value' && typeof column.p_value === 'number';
}

/** Drifted columns first, then by descending drift score, then by name for a stable order. */
export function sortBySeverity<T extends DriftColumn>(columns: readonly T[]): T[] {
  return [...columns].sort(
    (a, b) =>
      Number(b.drifted) - Number(a.drifted) ||
      driftScore(b) - driftScore(a) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/**
 * What else the column shows besides its test: a jump in missing values, values the reference
 * never had, and whether the statistic is approximate (reference given as a profile).
 */
export function columnSignals(column: DriftColumn): string[] {
  const signals: string[] = [];
  if (column.missing_share_jump) signals.push('missing values jumped');
  const unseen = column.unseen;
  if (unseen && unseen.count > 0) {
    const share = formatPercent(unseen.share);
    if (unseen.examples?.length) {
      signals.push(`unseen categories (${share}): ${unseen.examples.slice(0, 3).join(', ')}`);
    } else {
      signals.push(`outside the reference range (${share})`);
    }
  }
  if (!column.exact && column.approximation) {
    signals.push(`approximate (±${formatSignificant(column.approximation.statistic, 2)})`);
  }
  return signals;
}

/** Drifted columns named in the headline at most (the most severe first); the rest are counted. */
export const HEADLINE_COLUMNS = 5;

const METHOD_LABELS: Record<string, string> = {
  ks: 'KS',
  chisquare: 'χ²',
  z: 'z',
  psi: 'PSI',
  kl_div: 'KL',
  jensenshannon: 'JS',
  hellinger: 'Hellinger',
  wasserstein: 'Wasserstein',
};

/** A p-value for a headline: two significant digits, or `4e-40` when below 0.001. */
function headlineP(p: number): string {
  if (p !== 0 && p < 1e-3) return p.toExponential(0);
  return String(Number(p.toPrecision(2)));
}

/** One drifted column's statistic for the headline: `KS p=4e-40`, `PSI 0.23`. */
export function headlineStatistic(column: DriftColumn): string {
  const label = METHOD_LABELS[column.method] ?? column.method;
  if (isPValueColumn(column)) return `${label} p=${headlineP(column.p_value as number)}`;
  const s = column.statistic;
  const value = Number.isFinite(s) ? String(Number(s.toPrecision(2))) : '∞';
  return `${label} ${value}`;
}

/**
 * "2 of 32 columns drifted: mean_radius (KS p=4e-40), site (χ² p=0.0012)", whatever the dataset
 * verdict: the most severe drifted columns by name (escaped by `escape`; the statistics are our
 * own text of letters, digits, `χ²`, `=`, `.`, `-`), at most
 * HEADLINE_COLUMNS, then "and N more".
 */
export function driftedColumnsLine(
  columns: readonly DriftColumn[],
  escape: (text: string) => string,
): string {
  const drifted = sortBySeverity(columns).filter((c) => c.drifted);
  const head = `${drifted.length} of ${columns.length} columns drifted`;
  if (drifted.length === 0) return head;
  const named = drifted
    .slice(0, HEADLINE_COLUMNS)
    .map((c) => `${escape(c.name)} (${headlineStatistic(c)})`);
  const more =
    drifted.length > HEADLINE_COLUMNS ? ` and ${drifted.length - HEADLINE_COLUMNS} more` : '';
  return `${head}: ${named.join(', ')}${more}`;
}
