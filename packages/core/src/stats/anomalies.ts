import { medianSorted } from './quantiles.js';

/**
 * Row anomalies against a reference sample. Pure functions.
 *
 * Numeric columns: the modified z-score of Iglewicz & Hoaglin,
 *   Mᵢ = 0.6745 · (xᵢ − median) / MAD,   MAD = median(|x − median|)
 * with median and MAD taken on the reference. 0.6745 is the 0.75 quantile of the standard
 * normal, so M is on the scale of an ordinary z-score for normal data. A value is anomalous
 * when |M| > 3.5 (their recommended cut-off; `threshold` overrides it). When MAD is 0 (more than
 * half the reference is one value) the mean absolute deviation around the median is used
 * instead, M = (xᵢ − median) / (1.2533 · MeanAD), 1.2533 = √(π/2) putting it on the same scale;
 * a column whose reference is constant has no spread to measure and is skipped.
 *
 * Categorical columns: a value never seen in the reference is anomalous.
 *
 * A row is anomalous when any of its columns is; missing values are never anomalous here (the
 * missing share is its own drift signal). The same rule applied to the reference rows gives the
 * share expected by chance, which the report shows next to the current share.
 */

export const DEFAULT_ANOMALY_THRESHOLD = 3.5;
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
  threshold: number;
  reference: { rows: number; anomalous: number; share: number };
  current: { rows: number; anomalous: number; share: number };
  /** Anomalous current rows per column (a row can count in several). */
  by_column: Record<string, number>;
  scales: NumericScale[];
  /** Columns left out, with the reason (constant reference, no data). */
  skipped: { column: string; reason: string }[];
  /** The most anomalous current rows: most anomalous columns first, then the largest |M|. */
  top: AnomalyExample[];
}

export interface AnomalyOptions {
  threshold?: number;
  /** How many example rows to keep (default 10). */
  top?: number;
}

/** Median and robust scale of the non-missing values; undefined when there is no spread. */
export function robustScale(column: string, values: ArrayLike<number>): NumericScale | undefined {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) present.push(values[i]);
  if (present.length === 0) return undefined;
  const sorted = Float64Array.from(present).sort();
  const center = medianSorted(sorted);
  const deviations = sorted.map((v) => Math.abs(v - center)).sort();
  const mad = medianSorted(deviations);
  if (mad > 0) return { column, median: center, scale: mad / MAD_TO_Z, estimator: 'mad' };
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

interface Detector {
  column: string;
  reasonAt(values: ArrayLike<number | string | null>, row: number): AnomalyReason | undefined;
}

function numericDetector(scale: NumericScale, threshold: number): Detector {
  return {
    column: scale.column,
    reasonAt(values, row) {
      const x = values[row] as number;
      const z = robustZ(x, scale);
      return Math.abs(z) > threshold ? { column: scale.column, value: x, score: z } : undefined;
    },
  };
}

function categoricalDetector(column: string, seen: Set<string>): Detector {
  return {
    column,
    reasonAt(values, row) {
      const v = values[row] as string | null;
      return v !== null && v !== undefined && !seen.has(v)
        ? { column, value: v, unseen: true }
        : undefined;
    },
  };
}

function rowCount(columns: AnomalyColumn[], side: 'reference' | 'current'): number {
  return columns.length === 0 ? 0 : columns[0][side].length;
}

function maxAbsScore(example: AnomalyExample): number {
  return Math.max(0, ...example.reasons.map((r) => Math.abs(r.score ?? 0)));
}

/** Worst first: more anomalous columns, then an unseen category, then the largest |M|. */
function compareExamples(a: AnomalyExample, b: AnomalyExample): number {
  const unseen = (e: AnomalyExample): number => e.reasons.filter((r) => r.unseen).length;
  return (
    b.reasons.length - a.reasons.length ||
    unseen(b) - unseen(a) ||
    maxAbsScore(b) - maxAbsScore(a) ||
    a.row - b.row
  );
}

/**
 * Scores every current row (and, for the baseline share, every reference row) against the
 * reference. All columns of one side must have the same length (one entry per row).
 */
export function detectAnomalies(
  columns: AnomalyColumn[],
  options: AnomalyOptions = {},
): AnomalyResult {
  const threshold = options.threshold ?? DEFAULT_ANOMALY_THRESHOLD;
  const keep = options.top ?? 10;
  const detectors: { detector: Detector; column: AnomalyColumn }[] = [];
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
      detectors.push({ detector: numericDetector(scale, threshold), column });
    } else {
      const seen = new Set<string>();
      for (let i = 0; i < column.reference.length; i++) {
        const v = column.reference[i];
        if (v !== null && v !== undefined) seen.add(v);
      }
      detectors.push({ detector: categoricalDetector(column.name, seen), column });
    }
  }

  let referenceAnomalous = 0;
  const referenceRows = rowCount(columns, 'reference');
  for (let row = 0; row < referenceRows; row++) {
    if (detectors.some(({ detector, column }) => detector.reasonAt(column.reference, row))) {
      referenceAnomalous++;
    }
  }

  const byColumn: Record<string, number> = {};
  for (const { detector } of detectors) byColumn[detector.column] = 0;
  const currentRows = rowCount(columns, 'current');
  let currentAnomalous = 0;
  let top: AnomalyExample[] = [];
  for (let row = 0; row < currentRows; row++) {
    const reasons: AnomalyReason[] = [];
    for (const { detector, column } of detectors) {
      const reason = detector.reasonAt(column.current, row);
      if (reason) {
        reasons.push(reason);
        byColumn[detector.column]++;
      }
    }
    if (reasons.length === 0) continue;
    currentAnomalous++;
    if (keep > 0) {
      top.push({ row, reasons });
      // Keep the candidate list small: sort and trim once it doubles.
      if (top.length >= 2 * keep) top = top.sort(compareExamples).slice(0, keep);
    }
  }
  top = top.sort(compareExamples).slice(0, keep);

  const share = (k: number, n: number): number => (n === 0 ? 0 : k / n);
  return {
    method: 'robust_z',
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
