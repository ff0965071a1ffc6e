import type { Column, Table } from '../data/table-types.js';
import { UserError } from '../inputs/user-error.js';

/** Model-ready rows from a table: features in order as float32, plus labels and ids when named. */
export interface FeatureMatrix {
  features: string[];
  /** Row-major, rows × features.length. */
  values: Float32Array;
  rows: number;
  labels?: Column['values'];
  ids?: Column['values'];
}

export interface FeatureOptions {
  /** Feature columns in model order; default: every column except the label and id columns. */
  features?: string[];
  labelColumn?: string;
  idColumn?: string;
}

/** Builds the float32 feature matrix, failing clearly on a missing or non-numeric feature. */
export function buildFeatureMatrix(table: Table, options: FeatureOptions): FeatureMatrix {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const available = table.columns.map((c) => c.name);
  const need = (name: string, input: string): Column => {
    const column = byName.get(name);
    if (!column) {
      throw new UserError(
        `column '${name}' is not in the data (columns: ${available.join(', ')}).`,
        input,
      );
    }
    return column;
  };
  const labels = options.labelColumn ? need(options.labelColumn, 'label-column').values : undefined;
  const ids = options.idColumn ? need(options.idColumn, 'id-column').values : undefined;
  const features =
    options.features && options.features.length > 0
      ? options.features
      : available.filter((n) => n !== options.labelColumn && n !== options.idColumn);
  if (features.length === 0) throw new UserError('the data has no feature columns.', 'features');

  const rows = table.rows;
  const values = new Float32Array(rows * features.length);
  features.forEach((name, j) => {
    const column = need(name, 'features');
    if (column.type === 'categorical' || column.type === 'datetime') {
      const example = column.values.find((v) => v !== null);
      throw new UserError(
        `feature '${name}' is not numeric (it reads as ${column.type}, e.g. ${JSON.stringify(example)}); ` +
          'encode it as numbers before the model or leave it out of features.',
        'features',
      );
    }
    for (let i = 0; i < rows; i++) {
      const v = column.values[i];
      if (v === null) {
        throw new UserError(
          `feature '${name}' has ${column.missing} missing value(s) (first at data row ${table.rowIndex[i] + 1}); ` +
            'the model needs a number in every cell.',
          'features',
        );
      }
      values[i * features.length + j] = typeof v === 'boolean' ? Number(v) : (v as number);
    }
  });
  return { features, values, rows, labels, ids };
}
