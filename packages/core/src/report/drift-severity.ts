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
