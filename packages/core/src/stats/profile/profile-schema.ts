import type { ColumnType } from '../../data/table-types.js';
import { StatsError } from '../stats-error.js';
import type { ColumnProfile, DatasetProfile } from './dataset-profile.js';

/**
 * The schema of `ml-actions/profile@1`, with bounds, checked before a profile is used: a profile
 * is read from a file anyone could have written, so every number the merge and the drift tests
 * rely on is checked here (types, finiteness, counts that add up, sketch levels whose weights sum
 * to `n`). What passes costs time polynomial in the file's size: the sketch holds at most
 * `levels × k` items and every item weight 2^h is backed by `n`.
 */

export const PROFILE_SCHEMA = 'ml-actions/profile@1';

export const PROFILE_BOUNDS = {
  /** Sketch level size k: even, 2 ..= 65,536 (the default is 2048, data sketches use 8192). */
  maxSketchK: 65_536,
  /** Sketch levels: weights up to 2^52, so every count stays an exact double. */
  maxLevels: 53,
  /** Distinct numeric values counted exactly. */
  maxExactValues: 64,
  /** Histogram bins. */
  maxHistogramBins: 1000,
  /** Category capacity of the frequent-items summary. */
  maxCategoryCapacity: 1_000_000,
  /** Columns of one profile. */
  maxColumns: 100_000,
  /** Distinct-count sketch: 2^p registers, p from 4 to 16. */
  minDistinctP: 4,
  maxDistinctP: 16,
  /** A high-cardinality column's min_count: 1 to this. */
  maxMinCount: 1_000_000,
} as const;

const TYPES: readonly ColumnType[] = ['numeric', 'categorical', 'boolean', 'datetime'];

class Invalid extends Error {}

function fail(message: string): never {
  throw new Invalid(message);
}

const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function count(value: unknown, what: string): number {
  if (!isCount(value)) fail(`${what} must be a whole number >= 0, got ${JSON.stringify(value)}`);
  return value;
}

function finite(value: unknown, what: string): number {
  if (!isFinite(value)) fail(`${what} must be a finite number, got ${JSON.stringify(value)}`);
  return value;
}

function array(value: unknown, what: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(`${what} must be an array`);
  if (value.length > max) fail(`${what} has ${value.length} entries; at most ${max} are allowed`);
  return value;
}

function checkQuantiles(q: unknown, columnCount: number): void {
  if (!isObject(q)) fail('numeric.quantiles must be an object');
  const k = q.k;
  if (!(isCount(k) && k >= 2 && k <= PROFILE_BOUNDS.maxSketchK && k % 2 === 0)) {
    fail(
      `quantiles.k must be an even whole number from 2 to ${PROFILE_BOUNDS.maxSketchK}, got ${JSON.stringify(k)}`,
    );
  }
  const n = count(q.n, 'quantiles.n');
  const levels = array(q.levels, 'quantiles.levels', PROFILE_BOUNDS.maxLevels);
  let weight = 0;
  levels.forEach((level, h) => {
    const items = array(level, `quantiles.levels[${h}]`, k);
    let previous = -Infinity;
    for (const item of items) {
      const v = finite(item, `an item of quantiles.levels[${h}]`);
      if (v < previous) fail(`quantiles.levels[${h}] is not sorted`);
      previous = v;
    }
    weight += items.length * 2 ** h;
  });
  if (weight !== n) {
    fail(`quantiles.levels hold a weight of ${weight}, but quantiles.n is ${n}`);
  }
  if (n !== columnCount) fail(`quantiles.n is ${n}, but the column's count is ${columnCount}`);
  const rankError = finite(q.rank_error, 'quantiles.rank_error');
  if (rankError < 0 || rankError > n) {
    fail(`quantiles.rank_error must be from 0 to n (${n}), got ${rankError}`);
  }
  const parity = array(q.parity, 'quantiles.parity', PROFILE_BOUNDS.maxLevels);
  if (parity.length !== levels.length || parity.some((p) => p !== 0 && p !== 1)) {
    fail('quantiles.parity must hold one 0 or 1 per level');
  }
}

function checkNumeric(c: Record<string, unknown>, columnCount: number): void {
  const num = c.numeric;
  if (!isObject(num)) fail('a numeric or datetime column needs "numeric"');
  if (columnCount > 0) {
    finite(num.mean, 'numeric.mean');
    const m2 = finite(num.m2, 'numeric.m2');
    if (m2 < 0) fail(`numeric.m2 must be >= 0, got ${m2}`);
    const min = finite(num.min, 'numeric.min');
    const max = finite(num.max, 'numeric.max');
    if (min > max) fail(`numeric.min (${min}) is above numeric.max (${max})`);
  } else {
    for (const key of ['mean', 'm2'] as const) {
      if (num[key] !== 0 && num[key] !== null) finite(num[key], `numeric.${key}`);
    }
  }
  checkQuantiles(num.quantiles, columnCount);
  if (num.values !== null && num.values !== undefined) {
    let total = 0;
    for (const pair of array(num.values, 'numeric.values', PROFILE_BOUNDS.maxExactValues)) {
      if (!Array.isArray(pair) || pair.length !== 2)
        fail('numeric.values must hold [value, count] pairs');
      finite(pair[0], 'a value of numeric.values');
      total += count(pair[1], 'a count of numeric.values');
    }
    if (total !== columnCount) {
      fail(`numeric.values count ${total} values, but the column's count is ${columnCount}`);
    }
  }
  if (num.histogram !== undefined) {
    const h = num.histogram;
    if (!isObject(h)) fail('numeric.histogram must be an object');
    const edges = array(h.edges, 'numeric.histogram.edges', PROFILE_BOUNDS.maxHistogramBins + 1);
    const counts = array(h.counts, 'numeric.histogram.counts', PROFILE_BOUNDS.maxHistogramBins);
    edges.forEach((e) => finite(e, 'a histogram edge'));
    counts.forEach((x) => finite(x, 'a histogram count'));
    if (counts.length !== Math.max(0, edges.length - 1)) {
      fail('numeric.histogram needs one count per pair of edges');
    }
  }
}

function checkCategories(c: Record<string, unknown>, columnCount: number): void {
  const cat = c.categories;
  if (!isObject(cat)) fail('a categorical or boolean column needs "categories"');
  const capacity = count(cat.capacity, 'categories.capacity');
  if (capacity < 1 || capacity > PROFILE_BOUNDS.maxCategoryCapacity) {
    fail(`categories.capacity must be from 1 to ${PROFILE_BOUNDS.maxCategoryCapacity}`);
  }
  let total = 0;
  const seen = new Set<string>();
  const items = array(cat.items, 'categories.items', 2 * capacity);
  for (const pair of items) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
      fail('categories.items must hold [value, count] pairs');
    }
    if (seen.has(pair[0])) fail(`categories.items lists ${JSON.stringify(pair[0])} twice`);
    seen.add(pair[0]);
    total += count(pair[1], 'a count of categories.items');
  }
  count(cat.undercount, 'categories.undercount');
  if (total > columnCount) {
    fail(`categories.items count ${total} values, more than the column's count ${columnCount}`);
  }
  if (cat.min_count !== undefined) {
    const minCount = count(cat.min_count, 'categories.min_count');
    if (minCount < 1 || minCount > PROFILE_BOUNDS.maxMinCount) {
      fail(`categories.min_count must be from 1 to ${PROFILE_BOUNDS.maxMinCount}`);
    }
    if (items.some((pair) => (pair as [string, number])[1] < minCount)) {
      fail('categories.items lists a value counted fewer than min_count times');
    }
  }
  if (cat.distinct !== undefined) checkDistinct(cat.distinct);
}

function checkDistinct(d: unknown): void {
  if (!isObject(d) || d.method !== 'hll') fail('categories.distinct must be {"method": "hll", …}');
  const p = count(d.p, 'categories.distinct.p');
  if (p < PROFILE_BOUNDS.minDistinctP || p > PROFILE_BOUNDS.maxDistinctP) {
    fail(
      `categories.distinct.p must be from ${PROFILE_BOUNDS.minDistinctP} to ${PROFILE_BOUNDS.maxDistinctP}`,
    );
  }
  const m = 2 ** p;
  if (typeof d.registers !== 'string' || d.registers.length !== 4 * Math.ceil(m / 3)) {
    fail(`categories.distinct.registers must be ${m} registers in base64`);
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(d.registers)) {
    fail('categories.distinct.registers must be base64');
  }
  const registers = Buffer.from(d.registers, 'base64');
  if (registers.length !== m || registers.some((r) => r > 33 - p)) {
    fail(`categories.distinct.registers must be ${m} registers of at most ${33 - p}`);
  }
  finite(d.estimate, 'categories.distinct.estimate');
}

function checkExcluded(value: unknown): void {
  const list = array(value, '"excluded_columns"', PROFILE_BOUNDS.maxColumns);
  for (const e of list) {
    if (!isObject(e) || typeof e.name !== 'string' || typeof e.reason !== 'string') {
      fail('"excluded_columns" must hold {name, reason} objects');
    }
  }
}

function checkColumn(value: unknown, rows: number): void {
  if (!isObject(value)) fail('must be an object');
  if (!TYPES.includes(value.type as ColumnType)) {
    fail(`type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(value.type)}`);
  }
  const present = count(value.count, 'count');
  const missing = count(value.missing, 'missing');
  if (present + missing !== rows) {
    fail(`count (${present}) + missing (${missing}) must equal the profile's rows (${rows})`);
  }
  if (value.type === 'numeric' || value.type === 'datetime') checkNumeric(value, present);
  else checkCategories(value, present);
}

/**
 * Checks parsed JSON against `ml-actions/profile@1` and its bounds; returns it typed, or throws
 * a StatsError ('invalid-profile') saying what is wrong, and where.
 */
export function validateProfile(value: unknown): DatasetProfile {
  if (!isObject(value) || value.schema !== PROFILE_SCHEMA) {
    throw new StatsError(
      `expected a profile with "schema": "${PROFILE_SCHEMA}".`,
      'invalid-profile',
    );
  }
  if (!Array.isArray(value.columns) || value.rows === undefined) {
    throw new StatsError(
      'the profile lacks "rows" or "columns"; write it with mode: profile.',
      'invalid-profile',
    );
  }
  let rows: number;
  try {
    rows = count(value.rows, '"rows"');
    array(value.columns, '"columns"', PROFILE_BOUNDS.maxColumns);
    if (value.excluded_columns !== undefined) checkExcluded(value.excluded_columns);
  } catch (error) {
    if (error instanceof Invalid)
      throw new StatsError(`the profile's ${error.message}.`, 'invalid-profile');
    throw error;
  }
  const names = new Set<string>();
  for (const column of value.columns as unknown[]) {
    const name = isObject(column) ? column.name : undefined;
    try {
      if (typeof name !== 'string') fail('has no name');
      if (names.has(name)) fail('appears twice');
      names.add(name);
      checkColumn(column, rows);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      throw new StatsError(
        `the profile's column ${JSON.stringify(name)} is malformed (${error.message}); write the profile again with mode: profile.`,
        'invalid-profile',
      );
    }
  }
  return value as unknown as DatasetProfile;
}

export type { ColumnProfile };
