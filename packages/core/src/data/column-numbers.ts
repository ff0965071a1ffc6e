import type { Column } from './table-types.js';

/**
 * A numeric or datetime column's values as doubles, NaN where missing (or not a number): the
 * column's own typed array when its reader kept one, else converted once from the cells.
 * The result may be the column's storage: read it, never modify it.
 */
export function columnNumbers(column: Column): Float64Array {
  if (column.numbers) return column.numbers;
  // A plain loop: Float64Array.from with a map function is several times slower in V8.
  const values = column.values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    out[i] = typeof v === 'number' ? v : Number.NaN;
  }
  return out;
}
