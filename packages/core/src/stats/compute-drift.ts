import type { ColumnType } from '../data/table-types.js';
import type { ColumnDistribution } from './column-distribution.js';
import { isDrifted, type StatTest, type StatTestName } from './stat-test.js';
import { chooseStatTest, getStatTest } from './stat-tests.js';
import { releaseDecoded } from './scaled-integers.js';
import { StatsError } from './stats-error.js';

export const DRIFT_REPORT_SCHEMA = 'ml-actions/drift@1';

/** One column of one side: its type, how many cells were missing, and its present values. */
export interface ColumnSummary {
  name: string;
  type: ColumnType;
  missing: number;
  distribution: ColumnDistribution;
}

/** One side of the comparison: raw data (exact) or a profile (sketches). */
export interface DatasetSummary {
  rows: number;
  columns: ColumnSummary[];
  source: 'data' | 'profile';
}

export type MethodSetting = StatTestName | 'auto';

export interface DriftOptions {
  /** One method for all columns, or a per-column map with a default (default `auto`). */
  method?: MethodSetting | { default?: MethodSetting; perColumn?: Record<string, MethodSetting> };
  /** Overrides every method's default threshold. */
  threshold?: number;
  /** Bins for psi / jensenshannon / hellinger / kl_div (default 10). */
  bins?: number;
  /** Share of drifted columns from which the dataset counts as drifted (default 0.5). */
  driftShare?: number;
  /** Rise in missing share (absolute) flagged as its own signal (default 0.1). */
  missingShareJump?: number;
  /** Columns to compare (default: all columns both sides have; datetime columns only when named). */
  columns?: string[];
}

export interface UnseenValues {
  /** Current values the reference never had: categories, or numbers outside its [min, max]. */
  count: number;
  share: number;
  /** Up to 10 unseen categories, most frequent first (categorical columns). */
  examples?: string[];
  below_min?: number;
  above_max?: number;
}

export interface ColumnDrift {
  name: string;
  type: ColumnType;
  method: StatTestName;
  statistic: number;
  p_value: number | null;
  threshold: number;
  drifted: boolean;
  missing_share: { reference: number; current: number };
  /** The missing share rose by at least `missingShareJump`: reported even without drift. */
  missing_share_jump: boolean;
  unseen: UnseenValues;
  /** Exact on raw data; approximate when the reference is a profile (see `approximation`). */
  exact: boolean;
  approximation?: { statistic: number; note: string };
}

export interface DriftResult {
  schema: typeof DRIFT_REPORT_SCHEMA;
  reference: { rows: number; source: 'data' | 'profile' };
  current: { rows: number; source: 'data' | 'profile' };
  drift_share: number;
  drift_share_threshold: number;
  dataset_drift: boolean;
  number_of_columns: number;
  number_of_drifted_columns: number;
  drifted_columns: string[];
  missing_share_jumps: string[];
  columns: ColumnDrift[];
  skipped_columns: { name: string; reason: string }[];
}

const DEFAULT_BINS = 10;
const DEFAULT_DRIFT_SHARE = 0.5;
const DEFAULT_MISSING_JUMP = 0.1;
const MAX_UNSEEN_EXAMPLES = 10;

function methodFor(name: string, options: DriftOptions): MethodSetting {
  const m = options.method ?? 'auto';
  if (typeof m === 'string') return m;
  return m.perColumn?.[name] ?? m.default ?? 'auto';
}

function unseenValues(reference: ColumnDistribution, current: ColumnDistribution): UnseenValues {
  if (current.count === 0) return { count: 0, share: 0 };
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    const min = reference.min ?? reference.values[0];
    const max = reference.max ?? reference.values[reference.values.length - 1];
    let below = 0;
    let above = 0;
    const weightOf = (i: number) => (current.weights ? current.weights[i] : 1);
    for (let i = 0; i < current.values.length && current.values[i] < min; i++) below += weightOf(i);
    for (let i = current.values.length - 1; i >= 0 && current.values[i] > max; i--)
      above += weightOf(i);
    return {
      count: below + above,
      share: (below + above) / current.count,
      below_min: below,
      above_max: above,
    };
  }
  if (reference.kind !== 'categorical' || current.kind !== 'categorical')
    return { count: 0, share: 0 };
  const unseen = [...current.counts]
    .filter(([key]) => !reference.counts.has(key))
    .sort((a, b) => b[1] - a[1]);
  const count = unseen.reduce((s, [, c]) => s + c, 0);
  return {
    count,
    share: count / current.count,
    examples: unseen.slice(0, MAX_UNSEEN_EXAMPLES).map(([k]) => k),
  };
}

function checkComparable(ref: ColumnSummary, cur: ColumnSummary): void {
  if (ref.distribution.kind !== cur.distribution.kind) {
    throw new StatsError(
      `column '${ref.name}' is ${ref.type} in the reference but ${cur.type} in the current data`,
      'type-mismatch',
    );
  }
  for (const [side, s] of [
    ['reference', ref],
    ['current', cur],
  ] as const) {
    if (s.distribution.count === 0) {
      throw new StatsError(
        `column '${s.name}' has no values in the ${side} data (all ${s.missing} cells missing)`,
        'no-values',
      );
    }
  }
}

function compareColumn(
  ref: ColumnSummary,
  cur: ColumnSummary,
  refRows: number,
  curRows: number,
  options: DriftOptions,
): ColumnDrift {
  checkComparable(ref, cur);
  const setting = methodFor(ref.name, options);
  const test: StatTest =
    setting === 'auto' ? chooseStatTest(ref.distribution, cur.distribution) : getStatTest(setting);
  const kind = ref.distribution.kind;
  if (!test.accepts.includes(kind)) {
    throw new StatsError(
      `method ${test.name} cannot test ${ref.type} column '${ref.name}'; it takes ${test.accepts.join(' or ')} columns.`,
      'method-column-kind',
    );
  }
  const threshold = options.threshold ?? test.defaultThreshold;
  const result = test.compute(ref.distribution, cur.distribution, {
    bins: options.bins ?? DEFAULT_BINS,
  });
  const missing = {
    reference: refRows === 0 ? 0 : ref.missing / refRows,
    current: curRows === 0 ? 0 : cur.missing / curRows,
  };
  const column: ColumnDrift = {
    name: ref.name,
    type: ref.type,
    method: test.name,
    statistic: result.statistic,
    p_value: result.pValue ?? null,
    threshold,
    drifted: isDrifted(test, result, threshold),
    missing_share: missing,
    missing_share_jump:
      missing.current - missing.reference >= (options.missingShareJump ?? DEFAULT_MISSING_JUMP),
    unseen: unseenValues(ref.distribution, cur.distribution),
    exact: result.approximation === undefined,
  };
  if (result.approximation) column.approximation = result.approximation;
  return column;
}

/** A column as pairing sees it: its name and type. */
type NamedColumn = Pick<ColumnSummary, 'name' | 'type'>;

/**
 * Which columns `computeDrift` compares (index pairs into the two lists, in reference order)
 * and which it skips, with why: the columns on both sides (all of `columns` when given, which
 * must exist on both), datetime ones only when named. Throws when none is common.
 */
export function pairColumns(
  reference: readonly NamedColumn[],
  current: readonly NamedColumn[],
  columns?: readonly string[],
): { pairs: [number, number][]; skipped: { name: string; reason: string }[] } {
  const curIndex = new Map(current.map((c, i) => [c.name, i]));
  const refNames = new Set(reference.map((c) => c.name));
  const skipped: { name: string; reason: string }[] = [];
  const requested = columns && columns.length > 0 ? new Set(columns) : undefined;
  if (requested) {
    for (const name of requested) {
      if (!refNames.has(name))
        throw new StatsError(`column '${name}' is not in the reference data.`, 'column-not-found');
      if (!curIndex.has(name))
        throw new StatsError(`column '${name}' is not in the current data.`, 'column-not-found');
    }
  }
  const pairs: [number, number][] = [];
  for (const [r, ref] of reference.entries()) {
    if (requested && !requested.has(ref.name)) continue;
    const c = curIndex.get(ref.name);
    if (c === undefined) skipped.push({ name: ref.name, reason: 'not in the current data' });
    else if (ref.type === 'datetime' && !requested)
      skipped.push({ name: ref.name, reason: 'datetime column (name it in columns to test it)' });
    else pairs.push([r, c]);
  }
  for (const cur of current) {
    if (!refNames.has(cur.name) && !requested)
      skipped.push({ name: cur.name, reason: 'not in the reference data' });
  }
  if (pairs.length === 0) {
    const names = (list: readonly NamedColumn[]) =>
      list
        .map((c) => c.name)
        .slice(0, 10)
        .join(', ');
    throw new StatsError(
      `the reference and current data have no column in common to compare ` +
        `(reference: ${names(reference)}; current: ${names(current)}).`,
      'no-common-columns',
    );
  }
  return { pairs, skipped };
}

/**
 * Compares every common column of two datasets with its drift method and decides dataset drift:
 * the share of drifted columns >= `driftShare`. Produces the `ml-actions/drift@1` report body.
 */
export function computeDrift(
  reference: DatasetSummary,
  current: DatasetSummary,
  options: DriftOptions = {},
): DriftResult {
  const { pairs, skipped } = pairColumns(reference.columns, current.columns, options.columns);
  const columns = pairs.map(([r, c]) => {
    const ref = reference.columns[r];
    const cur = current.columns[c];
    try {
      return compareColumn(ref, cur, reference.rows, current.rows, options);
    } finally {
      // Only the columns under test are held as doubles (see scaled-integers.ts).
      releaseDecoded(ref.distribution);
      releaseDecoded(cur.distribution);
    }
  });
  const drifted = columns.filter((c) => c.drifted).map((c) => c.name);
  const shareThreshold = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  const driftShare = drifted.length / columns.length;
  return {
    schema: DRIFT_REPORT_SCHEMA,
    reference: { rows: reference.rows, source: reference.source },
    current: { rows: current.rows, source: current.source },
    drift_share: driftShare,
    drift_share_threshold: shareThreshold,
    dataset_drift: driftShare >= shareThreshold,
    number_of_columns: columns.length,
    number_of_drifted_columns: drifted.length,
    drifted_columns: drifted,
    missing_share_jumps: columns.filter((c) => c.missing_share_jump).map((c) => c.name),
    columns,
    skipped_columns: skipped,
  };
}
