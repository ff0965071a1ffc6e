/** Shapes of tensors and rows, and cutting row-major data into batches. */

/** Rows of one input, row-major, ready to be cut into batches. */
export interface BatchedInput {
  /** Row-major values of every row. */
  values: Float32Array;
  /** Shape of one row (without the batch dimension). */
  rowShape: number[];
  rows: number;
}

/** `[1, ?, 3]` for a declared shape (null = dynamic), `[unknown shape]` when there is none. */
export function formatShape(shape: (number | null)[] | undefined): string {
  return shape ? `[${shape.map((d) => d ?? '?').join(', ')}]` : '[unknown shape]';
}

/** Number of values in one row of this shape (1 for a scalar row). */
export function rowSize(rowShape: readonly number[]): number {
  return rowShape.reduce((a, b) => a * b, 1);
}

/** Whether a concrete row shape fits a declared one (without batch dimension; null = any). */
export function rowShapeFits(declared: (number | null)[], actual: number[]): boolean {
  return (
    declared.length === actual.length && declared.every((d, i) => d === null || d === actual[i])
  );
}

/** The batch of at most `batchSize` rows that starts at row `start` (a view, not a copy). */
export function batchAt(
  input: BatchedInput,
  start: number,
  batchSize: number,
): { values: Float32Array; shape: number[] } {
  const size = rowSize(input.rowShape);
  const rows = Math.min(batchSize, input.rows - start);
  return {
    values: input.values.subarray(start * size, (start + rows) * size),
    shape: [rows, ...input.rowShape],
  };
}
