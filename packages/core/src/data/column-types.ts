import { UserError } from '../inputs/user-error.js';
import {
  isMissingText,
  NOT_A_NUMBER,
  parseBooleanText,
  parseDatetimeText,
  parseNumberText,
} from './cell-parsing.js';
import type { ColumnSchema, ColumnType, ReadOptions } from './table-types.js';

type Kind = 'missing' | 'number' | 'boolean' | 'datetime' | 'text';

function kindOf(value: unknown): Kind {
  if (value === null || value === undefined) return 'missing';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : 'missing';
  if (typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'missing' : 'datetime';
  if (typeof value !== 'string') return 'text';
  if (isMissingText(value)) return 'missing';
  if (parseNumberText(value) !== NOT_A_NUMBER) return 'number';
  if (parseBooleanText(value) !== NOT_A_NUMBER) return 'boolean';
  if (parseDatetimeText(value) !== NOT_A_NUMBER) return 'datetime';
  return 'text';
}

/**
 * The type of a column from sample values: numeric, boolean or datetime when every present value
 * is one, categorical otherwise (including a column with no present value in the sample).
 */
export function inferColumnType(values: readonly unknown[]): ColumnType {
  let seen: Kind | undefined;
  for (const value of values) {
    const kind = kindOf(value);
    if (kind === 'missing') continue;
    if (kind === 'text') return 'categorical';
    if (seen === undefined) seen = kind;
    else if (seen !== kind) return 'categorical';
  }
  if (seen === 'number') return 'numeric';
  if (seen === 'boolean') return 'boolean';
  if (seen === 'datetime') return 'datetime';
  return 'categorical';
}

function checkNames(
  names: string[] | undefined,
  known: Set<string>,
  option: string,
  input?: string,
) {
  for (const name of names ?? []) {
    if (!known.has(name)) {
      const list = [...known].slice(0, 20).join(', ');
      throw new UserError(
        `${option} names column '${name}', which is not in the data (columns: ${list}).`,
        input,
      );
    }
  }
}

/** The columns to read, in order, after `columns` and `exclude-columns`. */
export function selectColumns(header: readonly string[], options: ReadOptions): string[] {
  const known = new Set(header);
  checkNames(options.columns, known, 'columns', options.input);
  checkNames(options.excludeColumns, known, 'exclude-columns', options.input);
  checkNames(options.numericColumns, known, 'numeric-columns', options.input);
  checkNames(options.categoricalColumns, known, 'categorical-columns', options.input);
  const excluded = new Set(options.excludeColumns ?? []);
  const chosen = (options.columns?.length ? options.columns : header).filter(
    (c) => !excluded.has(c),
  );
  if (chosen.length === 0)
    throw new UserError('no columns left to read after columns/exclude-columns.', options.input);
  return chosen;
}

/** Final types: fixed `types`, then numeric-columns / categorical-columns, then inference. */
export function resolveSchema(
  names: readonly string[],
  samples: readonly unknown[][],
  options: ReadOptions,
): ColumnSchema[] {
  const numeric = new Set(options.numericColumns ?? []);
  const categorical = new Set(options.categoricalColumns ?? []);
  for (const name of numeric) {
    if (categorical.has(name)) {
      throw new UserError(
        `column '${name}' is in both numeric-columns and categorical-columns.`,
        options.input,
      );
    }
  }
  return names.map((name, i) => {
    const fixed = options.types?.[name];
    if (fixed) return { name, type: fixed };
    if (numeric.has(name)) return { name, type: 'numeric' };
    if (categorical.has(name)) return { name, type: 'categorical' };
    return { name, type: inferColumnType(samples[i]) };
  });
}
