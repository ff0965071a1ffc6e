import { columnNumbers } from '../data/column-numbers.js';
import type { Column, Table } from '../data/table-types.js';
import { UserError } from '../inputs/user-error.js';
import { detectAnomalies, type AnomalyColumn, type AnomalyResult } from '../stats/anomalies.js';
import {
  conceptDrift,
  type ConceptDriftResult,
  type ModelOutputs,
} from '../stats/concept-drift.js';

/**
 * The model-facing parts of a drift run, computed from the (possibly sampled) reference and
 * current tables: concept drift from the target / prediction / probability columns, and row
 * anomalies on the feature columns.
 */

export interface ModelColumns {
  target?: string;
  prediction?: string;
  probabilities: string[];
}

/** Largest number of distinct whole-number labels still read as classes. */
const MAX_INTEGER_CLASSES = 20;

function find(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

function hasValues(column: Column | undefined): column is Column {
  return column !== undefined && column.missing < column.values.length;
}

/** Classification for categorical/boolean labels, probabilities, or few whole-number labels. */
export function inferTask(
  columns: (Column | undefined)[],
  probabilities: boolean,
): ConceptDriftResult['task'] {
  if (probabilities) return 'classification';
  const present = columns.filter(hasValues);
  if (present.some((c) => c.type === 'categorical' || c.type === 'boolean'))
    return 'classification';
  const distinct = new Set<number>();
  for (const column of present) {
    for (const v of column.values) {
      if (v === null) continue;
      if (typeof v !== 'number' || !Number.isInteger(v)) return 'regression';
      distinct.add(v);
      if (distinct.size > MAX_INTEGER_CLASSES) return 'regression';
    }
  }
  return 'classification';
}

function probabilityRows(table: Table, names: string[], side: string): number[][] | undefined {
  if (names.length === 0) return undefined;
  const columns = names.map((name) => {
    const column = find(table, name);
    if (!column) {
      throw new UserError(`column '${name}' is not in the ${side} data.`, 'probability-columns');
    }
    if (column.type !== 'numeric') {
      throw new UserError(
        `column '${name}' must hold numbers (probabilities).`,
        'probability-columns',
      );
    }
    return column;
  });
  return Array.from({ length: table.rows }, (_, r) =>
    columns.map((c) => (c.values[r] === null ? Number.NaN : (c.values[r] as number))),
  );
}

function modelOutputs(
  table: Table,
  columns: ModelColumns,
  side: 'reference' | 'current',
): ModelOutputs {
  const prediction = find(table, columns.prediction!);
  if (!prediction) {
    throw new UserError(
      `column '${columns.prediction}' is not in the ${side} data.`,
      'prediction-column',
    );
  }
  const target = columns.target ? find(table, columns.target) : undefined;
  return {
    prediction: prediction.values,
    target: hasValues(target) ? target.values : undefined,
    probabilities: probabilityRows(table, columns.probabilities, side),
  };
}

/** Class names of the probability columns: the sorted labels seen on either side. */
function classNames(tables: Table[], columns: ModelColumns): string[] | undefined {
  if (columns.probabilities.length === 0) return undefined;
  const labels = new Set<string>();
  for (const table of tables) {
    for (const name of [columns.target, columns.prediction]) {
      const column = name ? find(table, name) : undefined;
      for (const v of column?.values ?? []) if (v !== null) labels.add(String(v));
    }
  }
  const sorted = [...labels].sort((a, b) => {
    const x = Number(a);
    const y = Number(b);
    return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0;
  });
  const k = columns.probabilities.length;
  if (k > 1 && sorted.length > k) {
    throw new UserError(
      `${k} probability columns but ${sorted.length} classes in the data (${sorted.slice(0, 10).join(', ')}); give one column per class in sorted class order.`,
      'probability-columns',
    );
  }
  return sorted;
}

export function analyzeConcept(
  reference: Table,
  current: Table,
  columns: ModelColumns,
): ConceptDriftResult {
  const task = inferTask(
    [reference, current].flatMap((t) => [
      columns.target ? find(t, columns.target) : undefined,
      find(t, columns.prediction!),
    ]),
    columns.probabilities.length > 0,
  );
  return conceptDrift({
    task,
    classes: classNames([reference, current], columns),
    reference: modelOutputs(reference, columns, 'reference'),
    current: modelOutputs(current, columns, 'current'),
  });
}

/** Row anomalies of the current table on the given feature columns. */
export function analyzeAnomalies(
  reference: Table,
  current: Table,
  features: string[],
  options: { contamination?: number } = {},
): AnomalyResult {
  const columns: AnomalyColumn[] = [];
  for (const name of features) {
    const ref = find(reference, name);
    const cur = find(current, name);
    if (!ref || !cur) continue;
    if (ref.type === 'numeric') {
      columns.push({
        name,
        kind: 'numeric',
        reference: columnNumbers(ref),
        current: columnNumbers(cur),
      });
    } else if (ref.type === 'categorical' || ref.type === 'boolean') {
      const strings = (c: Column) => c.values.map((v) => (v === null ? null : String(v)));
      columns.push({ name, kind: 'categorical', reference: strings(ref), current: strings(cur) });
    }
  }
  const result = detectAnomalies(columns, { contamination: options.contamination });
  // Report source row numbers, not positions in a sample.
  for (const example of result.top) example.row = current.rowIndex[example.row] ?? example.row;
  return result;
}
