import { columnNumbers } from '../data/column-numbers.js';
import type { CellValue, Column } from '../data/table-types.js';
import type { DatasetProfile } from '../stats/profile/dataset-profile.js';
import { formatSignificant } from '../report/format-number.js';
import type { ColumnHistogram } from './drift-report.js';

/**
 * Display histograms for the HTML report (not the drift statistics, which use their own bins):
 * numeric columns over equal-width bins spanning both sides, categories by combined frequency
 * with the rest pooled as "(other)". Shares are of each side's non-missing values.
 */

const NUMERIC_BINS = 20;
const MAX_CATEGORIES = 20;
export const OTHER_CATEGORY = '(other)';

function shares(counts: number[], total: number): number[] {
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

/** The finite numbers of a column, in a typed array (no growing array of boxed numbers). */
function finiteNumbers(column: Column): Float64Array {
  const values = columnNumbers(column);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  if (n === values.length) return values;
  const out = new Float64Array(n);
  n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[n++] = values[i];
  return out;
}

function formatEdge(v: number): string {
  return formatSignificant(v, 3);
}

/** Datetime values are epoch milliseconds: show them as dates (with the time when not midnight). */
function formatInstant(v: number): string {
  const iso = new Date(v).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
}

function numericHistogram(
  name: string,
  reference: Float64Array,
  current: Float64Array,
  format: (v: number) => string,
): ColumnHistogram {
  let lo = Infinity;
  let hi = -Infinity;
  for (const side of [reference, current]) {
    for (const v of side) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return { column: name, bins: [], reference: [], current: [] };
  const bins = hi > lo ? NUMERIC_BINS : 1;
  const width = (hi - lo) / bins || 1;
  const count = (side: Float64Array) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of side) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    return shares(counts, side.length);
  };
  const labels = Array.from({ length: bins }, (_, i) =>
    bins === 1 ? format(lo) : `${format(lo + i * width)}–${format(lo + (i + 1) * width)}`,
  );
  return { column: name, bins: labels, reference: count(reference), current: count(current) };
}

function categoryCounts(values: readonly CellValue[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (v === null) continue;
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function categoricalHistogram(
  name: string,
  ref: Map<string, number>,
  cur: Map<string, number>,
): ColumnHistogram {
  const refTotal = [...ref.values()].reduce((a, b) => a + b, 0);
  const curTotal = [...cur.values()].reduce((a, b) => a + b, 0);
  const combined = (k: string) =>
    (ref.get(k) ?? 0) / (refTotal || 1) + (cur.get(k) ?? 0) / (curTotal || 1);
  const keys = [...new Set([...ref.keys(), ...cur.keys()])].sort(
    (a, b) => combined(b) - combined(a) || (a < b ? -1 : 1),
  );
  const shown = keys.length > MAX_CATEGORIES ? keys.slice(0, MAX_CATEGORIES - 1) : keys;
  const side = (counts: Map<string, number>, total: number) => {
    const values = shown.map((k) => counts.get(k) ?? 0);
    if (shown.length < keys.length) values.push(total - values.reduce((a, b) => a + b, 0));
    return shares(values, total);
  };
  return {
    column: name,
    bins: shown.length < keys.length ? [...shown, OTHER_CATEGORY] : shown,
    reference: side(ref, refTotal),
    current: side(cur, curTotal),
  };
}

/**
 * Current values over a profile's histogram edges (values outside its range go to the end
 * bins), next to the profile's own counts.
 */
function binnedAgainstEdges(
  name: string,
  edges: number[],
  referenceCounts: number[],
  current: Float64Array,
  format: (v: number) => string,
): ColumnHistogram {
  const bins = referenceCounts.length;
  const counts = new Array<number>(bins).fill(0);
  for (const v of current) {
    let i = 0;
    while (i < bins - 1 && v > edges[i + 1]) i++;
    counts[i]++;
  }
  return {
    column: name,
    bins: referenceCounts.map((_, i) =>
      bins === 1 ? format(edges[0]) : `${format(edges[i])}–${format(edges[i + 1])}`,
    ),
    reference: shares(
      referenceCounts,
      referenceCounts.reduce((a, b) => a + b, 0),
    ),
    current: shares(counts, current.length),
  };
}

function edgeFormat(type: string): (v: number) => string {
  return type === 'datetime' ? formatInstant : formatEdge;
}

/** Histograms of the columns both tables share (by name), in the reference's order. */
export function columnHistograms(reference: Column[], current: Column[]): ColumnHistogram[] {
  const byName = new Map(current.map((c) => [c.name, c]));
  const out: ColumnHistogram[] = [];
  for (const ref of reference) {
    const cur = byName.get(ref.name);
    if (!cur) continue;
    out.push(
      ref.type === 'numeric' || ref.type === 'datetime'
        ? numericHistogram(ref.name, finiteNumbers(ref), finiteNumbers(cur), edgeFormat(ref.type))
        : categoricalHistogram(ref.name, categoryCounts(ref.values), categoryCounts(cur.values)),
    );
  }
  return out;
}

/** Histograms of the profiled columns present in the current table, from the profile's counts. */
export function profileHistograms(profile: DatasetProfile, current: Column[]): ColumnHistogram[] {
  const byName = new Map(current.map((c) => [c.name, c]));
  const out: ColumnHistogram[] = [];
  for (const column of profile.columns) {
    const cur = byName.get(column.name);
    if (!cur) continue;
    const histogram = column.numeric?.histogram;
    if (histogram && histogram.counts.length > 0) {
      out.push(
        binnedAgainstEdges(
          column.name,
          histogram.edges,
          histogram.counts,
          finiteNumbers(cur),
          edgeFormat(column.type),
        ),
      );
    } else if (column.categories) {
      out.push(
        categoricalHistogram(
          column.name,
          new Map(column.categories.items),
          categoryCounts(cur.values),
        ),
      );
    }
  }
  return out;
}
