import * as path from 'node:path';
import { readTable } from '../data/read-table.js';
import { UserError } from '../inputs/user-error.js';
import type { TensorSpec } from '../model/model-types.js';
import { formatShape, rowShapeFits, rowSize, type BatchedInput } from '../model/tensor-shape.js';
import { buildFeatureMatrix, type FeatureOptions } from './feature-matrix.js';
import { readTensorFile } from './tensor-input.js';

/** The rows a model gets, with ids/labels for tables and the files they came from. */
export interface ModelInput extends BatchedInput {
  labels?: readonly unknown[];
  ids?: readonly unknown[];
  dataFiles: string[];
  /** Table inputs: the feature columns fed to the model, in order. */
  features?: string[];
}

export interface ModelInputOptions extends FeatureOptions {
  data: string;
  cwd: string;
  maxRows: number;
  seed: number;
}

/**
 * Tables (CSV, JSON, JSONL, Parquet via core/data) become a float32 feature matrix for rank-2
 * inputs; `.npy` files and nested JSON arrays feed image and sequence inputs (first rows kept).
 */
export async function readModelInput(
  options: ModelInputOptions,
  inputShape: (number | null)[] | undefined,
): Promise<ModelInput> {
  const tensorLike =
    /\.npy$/i.test(options.data) || (inputShape !== undefined && inputShape.length > 2);
  if (tensorLike) {
    const file = path.resolve(options.cwd, options.data);
    const tensor = await readTensorFile(file, 'data');
    const rows = Math.min(tensor.shape[0], options.maxRows);
    const rowShape = tensor.shape.slice(1);
    const size = rowSize(rowShape);
    return { values: tensor.values.subarray(0, rows * size), rowShape, rows, dataFiles: [file] };
  }
  const table = await readTable(options.data, {
    input: 'data',
    cwd: options.cwd,
    maxRows: options.maxRows,
    seed: options.seed,
    // Ids are names, not quantities: keep "2012-01-01" or "007" as written.
    categoricalColumns: options.idColumn ? [options.idColumn] : undefined,
  });
  const matrix = buildFeatureMatrix(table, options);
  return {
    values: matrix.values,
    rowShape: [matrix.features.length],
    rows: matrix.rows,
    labels: matrix.labels,
    ids: matrix.ids,
    dataFiles: table.files,
    features: matrix.features,
  };
}

/** Throws a UserError when rows of `rowShape` cannot feed the model input `spec`. */
export function checkInputCompatible(rowShape: number[], spec: TensorSpec): void {
  if (!['float32', 'int32', 'float64', 'int64'].includes(spec.dtype)) {
    throw new UserError(
      `model input '${spec.name}' has dtype ${spec.dtype}; smoke-test feeds numbers (float32, float64, int32 or int64 inputs).`,
      'model',
    );
  }
  if (!spec.shape) return;
  const expected = spec.shape.slice(1);
  if (!rowShapeFits(expected, rowShape)) {
    throw new UserError(
      `the model input '${spec.name}' expects rows of shape ${formatShape(expected)} but the data gives [${rowShape.join(', ')}]` +
        (rowShape.length === 1 ? ' (check features and their order).' : '.'),
      'data',
    );
  }
}
