import type { ColumnSchema } from '../data/table-types.js';
import { UserError } from '../inputs/user-error.js';

/**
 * Which columns are compared as features: those both sides have, narrowed by `columns` and
 * `exclude-columns`; the model columns (target, prediction, probabilities) are reported as
 * concept drift instead of feature drift.
 */
export interface FeatureSelection {
  columns: string[];
  excludeColumns: string[];
  modelColumns: string[];
}

export function selectFeatureColumns(
  reference: readonly ColumnSchema[],
  current: readonly ColumnSchema[],
  selection: FeatureSelection,
): string[] {
  const inReference = new Set(reference.map((c) => c.name));
  const inCurrent = new Set(current.map((c) => c.name));
  for (const [input, names] of [
    ['columns', selection.columns],
    ['exclude-columns', selection.excludeColumns],
  ] as const) {
    for (const name of names) {
      if (!inReference.has(name) && !inCurrent.has(name)) {
        throw new UserError(`column '${name}' is in neither the reference nor the current data.`, input);
      }
    }
  }
  for (const name of selection.columns) {
    const side = inReference.has(name) ? 'current' : 'reference';
    if (!inReference.has(name) || !inCurrent.has(name)) {
      throw new UserError(`column '${name}' is missing from the ${side} data.`, 'columns');
    }
  }
  const skip = new Set([...selection.excludeColumns, ...selection.modelColumns]);
  const wanted = selection.columns.length > 0 ? selection.columns : reference.map((c) => c.name);
  const common = wanted.filter((name) => inCurrent.has(name) && inReference.has(name));
  if (common.length === 0) {
    const list = (s: Set<string>) => [...s].slice(0, 10).join(', ');
    throw new UserError(
      `no column is in both reference and current (reference: ${list(inReference)}; current: ${list(inCurrent)}).`,
    );
  }
  const features = common.filter((name) => !skip.has(name));
  if (features.length === 0) {
    throw new UserError('no feature column left to compare after exclude-columns and the model columns.');
  }
  return features;
}
