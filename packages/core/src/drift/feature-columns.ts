import type { ColumnSchema } from '../data/table-types.js';
import { UserError } from '../inputs/user-error.js';
import type { DatasetSummary } from '../stats/compute-drift.js';

/**
 * Which columns are compared as features: `exclude-columns` are left out, and so are the model
 * columns (target, prediction, probabilities), which are reported as concept drift instead.
 * Every name must exist on at least one side, so a typo is not silently ignored.
 */
export function checkColumnNames(
  input: string,
  names: readonly string[],
  reference: readonly ColumnSchema[],
  current: readonly ColumnSchema[],
): void {
  const known = new Set([...reference, ...current].map((c) => c.name));
  for (const name of names) {
    if (!known.has(name)) {
      const list = [...known].slice(0, 20).join(', ');
      throw new UserError(
        `column '${name}' is in neither the reference nor the current data (columns: ${list}).`,
        input,
      );
    }
  }
}

/** The summary without the named columns. */
export function withoutColumns(
  summary: DatasetSummary,
  names: ReadonlySet<string>,
): DatasetSummary {
  return { ...summary, columns: summary.columns.filter((c) => !names.has(c.name)) };
}
