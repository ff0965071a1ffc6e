import type { BatchColumn, ColumnSchema, ColumnType, RowBatch } from '../../data/table-types.js';
import type { ColumnSummary, DatasetSummary } from '../compute-drift.js';
import { StatsError } from '../stats-error.js';
import { DistinctCount, distinctCountError, type DistinctCountState } from './distinct-count.js';
import { FrequentItems, type FrequentItemsState } from './frequent-items.js';
import { NumericSketch } from './numeric-sketch.js';
import { PROFILE_SCHEMA, validateProfile } from './profile-schema.js';
import { QuantileSketch, type QuantileSketchState } from './quantile-sketch.js';

export { PROFILE_SCHEMA };

/** Numeric columns keep exact value counts up to this many distinct values. */
const NUMERIC_DISTINCT_LIMIT = 64;
const HISTOGRAM_BINS = 20;
/**
 * A categorical column with more distinct values than this is high-cardinality: its profile keeps
 * only the values seen at least MIN_ITEM_COUNT times (at most `capacity` of them) and a
 * distinct-count sketch, never every raw value.
 */
export const HIGH_CARDINALITY = 100;
/** Values of a high-cardinality column seen fewer times than this are not written. */
export const MIN_ITEM_COUNT = 5;
/** Columns of fewer present values are never called ID-like. */
export const ID_MIN_COUNT = 20;
/** Numeric columns are ID-like only under an identifier's name (and unique integer values). */
const ID_NAME = /(^|[^a-z0-9])(id|ids|uuid|guid|key|idx|index)$|^id([^a-z]|$)/i;

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Present (non-missing) values. */
  count: number;
  missing: number;
  /** Numeric and datetime columns: exact moments (parallel formula), extremes and sketches. */
  numeric?: {
    mean: number;
    /** Sum of squared deviations from the mean; population variance = m2 / count. */
    m2: number;
    min: number;
    max: number;
    quantiles: QuantileSketchState;
    /** Exact counts of each value while there are at most 64 distinct values; else null. */
    values: [number, number][] | null;
    /** Equal-width histogram over [min, max], derived from the sketch (for reports). */
    histogram: { edges: number[]; counts: number[] };
  };
  /**
   * Categorical and boolean columns: value counts (exact or Misra–Gries); for a high-cardinality
   * column only the values seen at least `min_count` times, with `distinct`.
   */
  categories?: FrequentItemsState & {
    /** Present when values seen fewer times were left out (high-cardinality columns). */
    min_count?: number;
    /** Distinct-count sketch of a high-cardinality column. */
    distinct?: DistinctCountState;
  };
}

/** A mergeable summary of a dataset (`ml-actions/profile@1`). */
export interface DatasetProfile {
  schema: typeof PROFILE_SCHEMA;
  rows: number;
  columns: ColumnProfile[];
  /** Columns left out of the profile, with the reason (ID-like: one value per row). */
  excluded_columns?: { name: string; reason: string }[];
}

export interface ProfileOptions {
  /** Quantile sketch level size (even; default 2048). Larger: more accurate, larger profile. */
  sketchK?: number;
  /** Distinct categories counted exactly (x2) before the Misra–Gries summary (default 1000). */
  categoryCapacity?: number;
  /** Columns left out of the profile (listed in `excluded_columns`). */
  excludeColumns?: readonly string[];
}

/** The reason written for a column the caller asked to leave out. */
export const EXCLUDED_ON_REQUEST = 'excluded when profiling (not a feature to compare)';

/** Accumulates one column. */
class ColumnProfiler {
  count = 0;
  missing = 0;
  num: NumericSketch;
  values: Map<number, number> | null = new Map();
  categories: FrequentItems;
  /** Distinct values (a sketch: detects ID-like columns; written for high-cardinality ones). */
  distinct = new DistinctCount();
  /** Once high-cardinality (here or in a merged profile), always written as such. */
  highCardinality = false;
  /** Numeric columns under an identifier's name: every present value so far is an integer. */
  integers: boolean;

  constructor(
    readonly name: string,
    readonly type: ColumnType,
    options: ProfileOptions,
  ) {
    this.num = new NumericSketch(options.sketchK ?? 2048);
    this.categories = new FrequentItems(options.categoryCapacity ?? 1000);
    // Only an integer column under an identifier's name can be ID-like: hash its values.
    this.integers = ID_NAME.test(name);
  }

  get numeric(): boolean {
    return this.type === 'numeric' || this.type === 'datetime';
  }

  add(column: BatchColumn, length: number): void {
    if (column.type === 'categorical') {
      for (let r = 0; r < length; r++) {
        const s = column.strings[r];
        if (s === null) this.missing++;
        else {
          this.count++;
          this.categories.add(s);
          this.distinct.add(s);
        }
      }
      return;
    }
    const numbers = column.numbers;
    if (column.type === 'boolean') {
      for (let r = 0; r < length; r++) {
        const v = numbers[r];
        if (v !== v) this.missing++;
        else {
          this.count++;
          this.categories.add(v === 1 ? 'true' : 'false');
        }
      }
      return;
    }
    for (let r = 0; r < length; r++) {
      const v = numbers[r];
      if (v !== v) this.missing++;
      else {
        if (this.values) {
          this.values.set(v, (this.values.get(v) ?? 0) + 1);
          if (this.values.size > NUMERIC_DISTINCT_LIMIT) this.values = null;
        }
        if (this.integers) {
          if (Number.isInteger(v)) this.distinct.add(String(v));
          else this.integers = false;
        }
      }
    }
    this.num.addValues(numbers, length);
    this.count = this.num.count;
  }

  /** Distinct values: exact while the counts are exact, else the sketch's estimate. */
  private distinctValues(): number {
    if (!this.numeric && this.categories.exact) return this.categories.size;
    return this.distinct.estimate();
  }

  /**
   * One value per row: a categorical column whose present values are all distinct, or an integer
   * column under an identifier's name whose values are all distinct (within the sketch's error).
   */
  idLike(): boolean {
    if (this.count < ID_MIN_COUNT || this.type === 'boolean' || this.type === 'datetime') {
      return false;
    }
    if (this.numeric && !this.integers) return false;
    const exact = !this.numeric && this.categories.exact;
    const distinct = this.distinctValues();
    return exact
      ? distinct === this.count
      : distinct >= this.count * (1 - 3 * distinctCountError(this.distinct.p));
  }

  private categoriesJSON(): NonNullable<ColumnProfile['categories']> {
    const state = this.categories.toJSON();
    this.highCardinality ||= this.categories.size > HIGH_CARDINALITY || !this.categories.exact;
    if (this.type === 'boolean' || !this.highCardinality) return state;
    // High cardinality: keep the frequent values only; every listed count stays within the
    // (raised) undercount of the truth, since a value left out counted at most `dropped`.
    const kept = state.items
      .filter(([, c]) => c >= MIN_ITEM_COUNT)
      .slice(0, this.categories.capacity);
    const dropped = state.items.length > kept.length ? state.items[kept.length][1] : 0;
    return {
      ...state,
      items: kept,
      undercount: state.undercount + dropped,
      min_count: MIN_ITEM_COUNT,
      distinct: this.distinct.toJSON(),
    };
  }

  toJSON(): ColumnProfile {
    const base = { name: this.name, type: this.type, count: this.count, missing: this.missing };
    if (!this.numeric) return { ...base, categories: this.categoriesJSON() };
    const num = this.num;
    return {
      ...base,
      numeric: {
        mean: num.mean,
        m2: num.m2,
        min: num.min,
        max: num.max,
        quantiles: num.sketch.toJSON(),
        values: this.values ? [...this.values].sort((a, b) => a[0] - b[0]) : null,
        histogram: histogram(num.sketch, num.min, num.max),
      },
    };
  }

  static fromJSON(c: ColumnProfile, options: ProfileOptions): ColumnProfiler {
    const p = new ColumnProfiler(c.name, c.type, options);
    p.count = c.count;
    p.missing = c.missing;
    if (c.numeric) {
      Object.assign(p.num, {
        count: c.count,
        mean: c.numeric.mean,
        m2: c.numeric.m2,
        min: c.numeric.min,
        max: c.numeric.max,
      });
      p.num.sketch = QuantileSketch.fromJSON(c.numeric.quantiles);
      p.values = c.numeric.values ? new Map(c.numeric.values) : null;
    }
    if (c.categories) {
      p.categories = FrequentItems.fromJSON(c.categories);
      p.highCardinality = c.categories.min_count !== undefined;
      if (c.categories.distinct) p.distinct = DistinctCount.fromJSON(c.categories.distinct);
      else for (const [value] of c.categories.items) p.distinct.add(value);
    }
    return p;
  }

  merge(other: ColumnProfiler): void {
    this.missing += other.missing;
    if (this.numeric) {
      this.num.merge(other.num);
      this.count = this.num.count;
      if (this.values && other.values) {
        for (const [v, c] of other.values) this.values.set(v, (this.values.get(v) ?? 0) + c);
        if (this.values.size > NUMERIC_DISTINCT_LIMIT) this.values = null;
      } else {
        this.values = null;
      }
    } else {
      this.categories.merge(other.categories);
      this.distinct.merge(other.distinct);
      this.highCardinality ||= other.highCardinality;
      this.count += other.count;
    }
  }
}

function histogram(
  sketch: QuantileSketch,
  min: number,
  max: number,
): { edges: number[]; counts: number[] } {
  if (sketch.count === 0) return { edges: [], counts: [] };
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const edges = Array.from({ length: bins + 1 }, (_, i) =>
    i === bins ? max : min + ((max - min) * i) / bins,
  );
  const counts: number[] = [];
  let below = 0;
  for (let i = 1; i <= bins; i++) {
    const upTo = i === bins ? sketch.count : sketch.rank(edges[i]);
    counts.push(Math.max(0, upTo - below));
    below = Math.max(below, upTo);
  }
  return { edges, counts };
}

/** Builds a profile from row batches (drift/profile-io.ts profiles files). */
export class ProfileBuilder {
  /** One profiler per schema column; undefined for a column left out on request. */
  private readonly columns: (ColumnProfiler | undefined)[];
  private readonly requested: string[];
  private rows = 0;

  constructor(schema: readonly ColumnSchema[], options: ProfileOptions = {}) {
    const exclude = new Set(options.excludeColumns ?? []);
    this.columns = schema.map((c) =>
      exclude.has(c.name) ? undefined : new ColumnProfiler(c.name, c.type, options),
    );
    this.requested = schema.filter((c) => exclude.has(c.name)).map((c) => c.name);
  }

  add(batch: RowBatch): void {
    for (let c = 0; c < this.columns.length; c++)
      this.columns[c]?.add(batch.columns[c], batch.length);
    this.rows += batch.length;
  }

  /** The profile; ID-like columns (one value per row) are left out and listed with the reason. */
  finish(): DatasetProfile {
    const profiled = this.columns.filter((c): c is ColumnProfiler => c !== undefined);
    const kept = profiled.filter((c) => !c.idLike());
    const excluded = [
      ...this.requested.map((name) => ({ name, reason: EXCLUDED_ON_REQUEST })),
      ...profiled
        .filter((c) => c.idLike())
        .map((c) => ({
          name: c.name,
          reason: 'ID-like: a distinct value in every row (an identifier, not a feature)',
        })),
    ];
    return {
      schema: PROFILE_SCHEMA,
      rows: this.rows,
      columns: kept.map((c) => c.toJSON()),
      ...(excluded.length > 0 ? { excluded_columns: excluded } : {}),
    };
  }
}

/**
 * Merges profiles of shards into the profile of the whole: counts, missing, min/max and exact
 * value counts add up exactly; mean and variance combine by the parallel formula (equal up to
 * floating-point rounding); the sketches merge within their (added) error bounds.
 */
export function mergeProfiles(profiles: readonly DatasetProfile[]): DatasetProfile {
  if (profiles.length === 0) throw new StatsError('no profiles to merge.', 'profiles-differ');
  const first = profiles[0];
  const merged = first.columns.map((c) => ColumnProfiler.fromJSON(c, {}));
  for (const profile of profiles.slice(1)) {
    const byName = new Map(profile.columns.map((c) => [c.name, c]));
    if (
      profile.columns.length !== first.columns.length ||
      first.columns.some((c) => byName.get(c.name)?.type !== c.type)
    ) {
      throw new StatsError(
        `profiles describe different columns (${first.columns.map((c) => `${c.name}:${c.type}`).join(', ')} vs ` +
          `${profile.columns.map((c) => `${c.name}:${c.type}`).join(', ')}); profile every shard with the same column settings.`,
        'profiles-differ',
      );
    }
    const k = (c: ColumnProfile) => c.numeric?.quantiles.k;
    const differentK = first.columns.find((c) => k(c) !== k(byName.get(c.name)!));
    if (differentK) {
      throw new StatsError(
        `profiles of column '${differentK.name}' were written with different sketch sizes ` +
          `(k ${k(differentK)} and ${k(byName.get(differentK.name)!)}); profile every shard with the same settings.`,
        'profiles-differ',
      );
    }
    merged.forEach((m) => m.merge(ColumnProfiler.fromJSON(byName.get(m.name)!, {})));
  }
  const excluded = new Map<string, { name: string; reason: string }>();
  for (const profile of profiles) {
    for (const e of profile.excluded_columns ?? []) excluded.set(e.name, e);
  }
  return {
    schema: PROFILE_SCHEMA,
    rows: profiles.reduce((s, p) => s + p.rows, 0),
    columns: merged.map((m) => m.toJSON()),
    ...(excluded.size > 0 ? { excluded_columns: [...excluded.values()] } : {}),
  };
}

/** Validates parsed JSON as a profile (schema and bounds: see profile-schema.ts). */
export function parseProfile(value: unknown): DatasetProfile {
  return validateProfile(value);
}

/**
 * Drift inputs from a profile: numeric columns as the sketch's weighted items (exact while the
 * column had at most k values; otherwise each CDF value within rank_error/count), categorical
 * columns as their value counts (exact unless the Misra–Gries summary had to reduce).
 */
export function profileToSummary(profile: DatasetProfile): DatasetSummary {
  const columns = profile.columns.map((c): ColumnSummary => {
    if (c.numeric) {
      const num = c.numeric;
      if (num.values && num.values.length <= NUMERIC_DISTINCT_LIMIT) {
        // Few distinct values: exact counts beat the sketch.
        const values = Float64Array.from(num.values, (x) => x[0]);
        const weights = Float64Array.from(num.values, (x) => x[1]);
        return {
          name: c.name,
          type: c.type,
          missing: c.missing,
          distribution: numericFromItems(values, weights, c, 0),
        };
      }
      const sketch = QuantileSketch.fromJSON(num.quantiles);
      const { values, weights } = sketch.weightedItems();
      return {
        name: c.name,
        type: c.type,
        missing: c.missing,
        distribution: numericFromItems(values, weights, c, sketch.rankError),
      };
    }
    const items = c.categories!;
    return {
      name: c.name,
      type: c.type,
      missing: c.missing,
      distribution: {
        kind: 'categorical',
        counts: new Map(items.items),
        count: c.count,
        countError: items.undercount,
      },
    };
  });
  return { rows: profile.rows, columns, source: 'profile' };
}

function numericFromItems(
  values: Float64Array,
  weights: Float64Array,
  c: ColumnProfile,
  rankError: number,
): ColumnSummary['distribution'] {
  const num = c.numeric!;
  return {
    kind: 'numeric',
    values,
    weights,
    count: c.count,
    rankError: c.count === 0 ? 0 : rankError / c.count,
    mean: num.mean,
    std: c.count === 0 ? NaN : Math.sqrt(num.m2 / c.count),
    min: num.min,
    max: num.max,
  };
}
