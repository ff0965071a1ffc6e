import { sortFloat64InPlace } from './column-distribution.js';
import { medianInPlace, quantileSorted } from './quantiles.js';

/**
 * Row anomalies against a reference sample, calibrated on the reference. Pure functions.
 *
 * Numeric columns: the modified z-score of Iglewicz & Hoaglin,
 *   Mᵢ = 0.6745 · (xᵢ − median) / MAD,   MAD = median(|x − median|)
 * with median and MAD taken on the reference. 0.6745 is the 0.75 quantile of the standard
 * normal, so M is on the scale of an ordinary z-score for normal data. When MAD is 0 (more than
 * half the reference is one value) the mean absolute deviation around the median is used
 * instead, M = (xᵢ − median) / (1.2533 · MeanAD), 1.2533 = √(π/2) putting it on the same scale;
 * a column whose reference is constant has no spread to measure and is skipped.
 *
 * A row's anomaly score is the largest |M| over its numeric columns (missing values count 0).
 * The score threshold is calibrated on the reference: it is the reference rows' own
 * (1 − contamination) quantile of the score (numpy's linear interpolation), so on data drawn
 * like the reference about a share `contamination` of the rows score above it. A current row is
 * anomalous when its score is above the threshold, or when a categorical column holds a value
 * the reference never had. Missing values are never anomalous here (the missing share is its
 * own drift signal). Reference rows are only counted (the share at the threshold), never listed.
 */

export const DEFAULT_CONTAMINATION = 0.01;
/** Anomalous current rows listed in the result (worst first); the report shows fewer. */
export const MAX_LISTED_ANOMALIES = 10_000;
const MAD_TO_Z = 0.6745;
const MEAN_AD_TO_SIGMA = Math.sqrt(Math.PI / 2);

/** A numeric column: NaN marks a missing value. */
export interface NumericAnomalyColumn {
  name: string;
  kind: 'numeric';
  reference: ArrayLike<number>;
  current: ArrayLike<number>;
}

/** A categorical column: null marks a missing value. */
export interface CategoricalAnomalyColumn {
  name: string;
  kind: 'categorical';
  reference: ArrayLike<string | null>;
  current: ArrayLike<string | null>;
}

export type AnomalyColumn = NumericAnomalyColumn | CategoricalAnomalyColumn;

export interface AnomalyReason {
  column: string;
  value: number | string;
  /** The modified z-score for numeric columns; absent for an unseen category. */
  score?: number;
  unseen?: true;
}

export interface AnomalyExample {
  /** 0-based row index in the current data. */
  row: number;
  /** The row's anomaly score: the largest |M| over its numeric columns (0 when none). */
  score: number;
  reasons: AnomalyReason[];
}

export interface NumericScale {
  column: string;
  median: number;
  /** The divisor of (x − median): MAD / 0.6745, or 1.2533 · MeanAD when MAD is 0. */
  scale: number;
  estimator: 'mad' | 'mean_absolute_deviation';
}

export interface AnomalyResult {
  method: 'robust_z';
  /** The share of reference rows whose score the threshold leaves above it. */
  contamination: number;
  /** The calibrated score threshold: the reference's (1 − contamination) quantile of the score. */
  threshold: number;
  reference: { rows: number; anomalous: number; share: number };
  current: { rows: number; anomalous: number; share: number };
  /** Anomalous current rows per column (a row can count in several). */
  by_column: Record<string, number>;
  scales: NumericScale[];
  /** Columns left out, with the reason (constant reference, no data). */
  skipped: { column: string; reason: string }[];
  /**
   * The anomalous current rows (up to MAX_LISTED_ANOMALIES), worst first: rows with unseen
   * categories first, then the highest score.
   */
  top: AnomalyExample[];
}

export interface AnomalyOptions {
  /** Share of reference rows above the calibrated threshold (default 0.01), in (0, 1). */
  contamination?: number;
  /** A fixed score threshold instead of the calibrated one. */
  threshold?: number;
  /** How many anomalous rows to list (default MAX_LISTED_ANOMALIES). */
  top?: number;
}

/** Median and robust scale of the non-missing values; undefined when there is no spread. */
export function robustScale(column: string, values: ArrayLike<number>): NumericScale | undefined {
  const present = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) present[n++] = values[i];
  if (n === 0) return undefined;
  const center = medianInPlace(present.subarray(0, n));
  const deviations = present.subarray(0, n);
  for (let i = 0; i < n; i++) deviations[i] = Math.abs(deviations[i] - center);
  const mad = medianInPlace(deviations);
  if (mad > 0) return { column, median: center, scale: mad / MAD_TO_Z, estimator: 'mad' };
  // Summed in ascending order, so the fallback's scale does not depend on the row order.
  sortFloat64InPlace(deviations);
  let sum = 0;
  for (const d of deviations) sum += d;
  const meanAd = sum / deviations.length;
  if (meanAd > 0) {
    return {
      column,
      median: center,
      scale: MEAN_AD_TO_SIGMA * meanAd,
      estimator: 'mean_absolute_deviation',
    };
  }
  return undefined;
}

/** The modified z-score of x; NaN for a missing value. */
export function robustZ(x: number, scale: NumericScale): number {
  return Number.isFinite(x) ? (x - scale.median) / scale.scale : Number.NaN;
}

function rowCount(columns: AnomalyColumn[], side: 'reference' | 'current'): number {
  return columns.length === 0 ? 0 : columns[0][side].length;
}

/** Worst first: more unseen categories, then the highest score, then the row. */
function compareExamples(a: AnomalyExample, b: AnomalyExample): number {
  const unseen = (e: AnomalyExample): number => e.reasons.filter((r) => r.unseen).length;
  return unseen(b) - unseen(a) || b.score - a.score || a.row - b.row;
}

interface Scored {
  column: NumericAnomalyColumn;
  scale: NumericScale;
}

/** The row's score: the largest |M| over the scored columns (missing values count 0). */
function rowScore(scored: Scored[], side: 'reference' | 'current', row: number): number {
  let score = 0;
  for (const { column, scale } of scored) {
    const z = Math.abs(robustZ(column[side][row], scale));
    if (z > score) score = z;
  }
  return score;
}

/**
 * Scores every reference row to calibrate the threshold, then every current row against it.
 * All columns of one side must have the same length (one entry per row).
 */
export function detectAnomalies(
  columns: AnomalyColumn[],
  options: AnomalyOptions = {},
): AnomalyResult {
  const contamination = options.contamination ?? DEFAULT_CONTAMINATION;
  if (!(contamination > 0 && contamination < 1)) {
    throw new RangeError(`contamination must be between 0 and 1 (exclusive), got ${contamination}`);
  }
  const keep = options.top ?? MAX_LISTED_ANOMALIES;
  const scored: Scored[] = [];
  const categorical: { column: CategoricalAnomalyColumn; seen: Set<string> }[] = [];
  const scales: NumericScale[] = [];
  const skipped: AnomalyResult['skipped'] = [];
  for (const column of columns) {
    if (column.kind === 'numeric') {
      const scale = robustScale(column.name, column.reference);
      if (!scale) {
        skipped.push({
          column: column.name,
          reason: 'reference has no spread (constant or empty)',
        });
        continue;
      }
      scales.push(scale);
      scored.push({ column, scale });
    } else {
      const seen = new Set<string>();
      for (let i = 0; i < column.reference.length; i++) {
        const v = column.reference[i];
        if (v !== null && v !== undefined) seen.add(v);
      }
      categorical.push({ column, seen });
    }
  }

  const referenceRows = rowCount(columns, 'reference');
  const referenceScores = new Float64Array(referenceRows);
  for (let row = 0; row < referenceRows; row++) {
    referenceScores[row] = rowScore(scored, 'reference', row);
  }
  referenceScores.sort();
  const threshold =
    options.threshold ??
    (referenceRows === 0 ? Infinity : quantileSorted(referenceScores, 1 - contamination));
  let referenceAnomalous = 0;
  for (let i = referenceRows - 1; i >= 0 && referenceScores[i] > threshold; i--) {
    referenceAnomalous++;
  }

  const byColumn: Record<string, number> = {};
  for (const column of columns) {
    if (column.kind === 'categorical' || scales.some((s) => s.column === column.name)) {
      byColumn[column.name] = 0;
    }
  }
  const currentRows = rowCount(columns, 'current');
  let currentAnomalous = 0;
  let top: AnomalyExample[] = [];
  for (let row = 0; row < currentRows; row++) {
    const reasons: AnomalyReason[] = [];
    let score = 0;
    for (const { column, scale } of scored) {
      const x = column.current[row];
      const z = robustZ(x, scale);
      if (Math.abs(z) > score) score = Math.abs(z);
      if (Math.abs(z) > threshold) reasons.push({ column: column.name, value: x, score: z });
    }
    for (const { column, seen } of categorical) {
      const v = column.current[row];
      if (v !== null && v !== undefined && !seen.has(v)) {
        reasons.push({ column: column.name, value: v, unseen: true });
      }
    }
    if (reasons.length === 0) continue;
    for (const r of reasons) byColumn[r.column]++;
    currentAnomalous++;
    if (keep > 0) {
      top.push({ row, score, reasons });
      // Keep the candidate list bounded: sort and trim once it doubles.
      if (top.length >= 2 * keep) top = top.sort(compareExamples).slice(0, keep);
    }
  }
  top = top.sort(compareExamples).slice(0, keep);

  const share = (k: number, n: number): number => (n === 0 ? 0 : k / n);
  return {
    method: 'robust_z',
    contamination,
    threshold,
    reference: {
      rows: referenceRows,
      anomalous: referenceAnomalous,
      share: share(referenceAnomalous, referenceRows),
    },
    current: {
      rows: currentRows,
      anomalous: currentAnomalous,
      share: share(currentAnomalous, currentRows),
    },
    by_column: byColumn,
    scales,
    skipped,
    top,
  };
}
