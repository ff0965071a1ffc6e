/**
 * Concept drift: how the model's quality moved from the reference data to the current data.
 * Pure functions; the metrics themselves are the shared ones of classification-metrics.ts and
 * regression-metrics.ts (scikit-learn definitions).
 *
 * Classification: accuracy, macro F1 and ROC AUC (binary: AUC of the positive class'
 * probability; multiclass: one-vs-rest macro) on each side that has labels.
 * Regression: MAE and RMSE.
 *
 * Without labels on the current side, accuracy is *estimated* from predicted probabilities
 * (confidence-based performance estimation): each row's confidence c = max class probability is
 * the chance its prediction is right, so expected accuracy = mean(c). When the reference has
 * labels and probabilities, confidences are first calibrated on it by histogram binning: the
 * [0, 1] range is cut into 10 equal-width bins and a confidence in bin b is replaced by the
 * reference's observed accuracy in bin b (bins without reference rows keep the raw confidence).
 * The result is an estimate, reported as such, and only as good as the calibration holds.
 */

import {
  accuracy,
  macroPrecisionRecallF1,
  rocAucBinary,
  rocAucOvrMacro,
} from './classification-metrics.js';
import { meanAbsoluteError, rootMeanSquaredError } from './regression-metrics.js';

export type Label = string | number | boolean | null | undefined;

export interface ModelOutputs {
  /** True labels (missing entries are null/undefined/NaN); absent when the side has no labels. */
  target?: ArrayLike<Label>;
  /** Predicted labels (classification) or values (regression), one per row. */
  prediction: ArrayLike<Label>;
  /** Class probabilities per row, columns in class order (see `classes`). */
  probabilities?: ArrayLike<number>[];
}

export interface ConceptDriftInput {
  task: 'classification' | 'regression';
  reference: ModelOutputs;
  current: ModelOutputs;
  /**
   * Class labels in the order of the probability columns. One probability column means a binary
   * problem and it is the probability of the last (positive) class.
   */
  classes?: string[];
}

export interface ClassificationQuality {
  rows: number;
  accuracy: number;
  f1_macro: number;
  /** null when probabilities were not given or a class is absent. */
  roc_auc: number | null;
}

export interface RegressionQuality {
  rows: number;
  mae: number;
  rmse: number;
}

export type Quality = ClassificationQuality | RegressionQuality;

export interface AccuracyEstimate {
  /** Always true: this is an estimate from confidences, not a measurement. */
  estimated: true;
  method: 'confidence';
  accuracy: number;
  /** True when confidences were calibrated on labelled reference rows. */
  calibrated: boolean;
  rows: number;
}

export interface ConceptDriftResult {
  task: 'classification' | 'regression';
  /** Quality on each side; null where that side has no usable labels. */
  reference: Quality | null;
  current: Quality | null;
  /** Current minus reference for each metric both sides have. */
  change: Record<string, number>;
  /** Confidence-based accuracy estimate for the current data when it has no labels. */
  estimate?: AccuracyEstimate;
}

function isMissing(v: Label): boolean {
  return (
    v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v))
  );
}

const CALIBRATION_BINS = 10;

function confidence(row: ArrayLike<number>): number {
  if (row.length === 1) return Math.max(row[0], 1 - row[0]);
  let best = 0;
  for (let i = 0; i < row.length; i++) best = Math.max(best, row[i]);
  return best;
}

function binOf(c: number): number {
  return Math.min(CALIBRATION_BINS - 1, Math.max(0, Math.floor(c * CALIBRATION_BINS)));
}

/** Per-bin observed accuracy on labelled rows; NaN for an empty bin. */
function calibrationTable(confidences: number[], correct: boolean[]): number[] {
  const hits = new Array<number>(CALIBRATION_BINS).fill(0);
  const totals = new Array<number>(CALIBRATION_BINS).fill(0);
  confidences.forEach((c, i) => {
    totals[binOf(c)]++;
    if (correct[i]) hits[binOf(c)]++;
  });
  return totals.map((t, b) => (t === 0 ? Number.NaN : hits[b] / t));
}

/** Maps labels to class indices: the given classes first, then any others in sorted order. */
function classIndex(labels: Label[], classes?: string[]): Map<string, number> {
  const names = new Set(classes ?? []);
  const extra = [...new Set(labels.filter((l) => !isMissing(l)).map(String))]
    .filter((l) => !names.has(l))
    .sort((a, b) => {
      const x = Number(a);
      const y = Number(b);
      return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0;
    });
  return new Map([...names, ...extra].map((name, i) => [name, i]));
}

function classificationQuality(
  side: ModelOutputs,
  index: Map<string, number>,
  classCount: number,
): { quality: ClassificationQuality | null; confidences: number[]; correct: boolean[] } {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const probs: ArrayLike<number>[] = [];
  const confidences: number[] = [];
  const correct: boolean[] = [];
  const target = side.target;
  for (let i = 0; i < side.prediction.length; i++) {
    if (!target || isMissing(target[i]) || isMissing(side.prediction[i])) continue;
    const t = index.get(String(target[i]))!;
    const p = index.get(String(side.prediction[i]))!;
    yTrue.push(t);
    yPred.push(p);
    if (side.probabilities) {
      probs.push(side.probabilities[i]);
      confidences.push(confidence(side.probabilities[i]));
      correct.push(t === p);
    }
  }
  if (yTrue.length === 0) return { quality: null, confidences, correct };
  let rocAuc: number | null = null;
  if (side.probabilities && probs.length > 0) {
    const auc =
      probs[0].length === 1
        ? rocAucBinary(
            yTrue.map((t) => t === classCount - 1),
            probs.map((row) => row[0]),
          )
        : rocAucOvrMacro(yTrue, probs);
    rocAuc = Number.isFinite(auc) ? auc : null;
  }
  return {
    quality: {
      rows: yTrue.length,
      accuracy: accuracy(yTrue, yPred),
      f1_macro: macroPrecisionRecallF1(yTrue, yPred).f1,
      roc_auc: rocAuc,
    },
    confidences,
    correct,
  };
}

function regressionQuality(side: ModelOutputs): RegressionQuality | null {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const target = side.target;
  for (let i = 0; i < side.prediction.length; i++) {
    if (!target || isMissing(target[i]) || isMissing(side.prediction[i])) continue;
    const t = Number(target[i]);
    const p = Number(side.prediction[i]);
    if (!Number.isFinite(t) || !Number.isFinite(p)) continue;
    yTrue.push(t);
    yPred.push(p);
  }
  if (yTrue.length === 0) return null;
  return {
    rows: yTrue.length,
    mae: meanAbsoluteError(yTrue, yPred),
    rmse: rootMeanSquaredError(yTrue, yPred),
  };
}

function metricChange(reference: Quality | null, current: Quality | null): Record<string, number> {
  const change: Record<string, number> = {};
  if (!reference || !current) return change;
  for (const [key, value] of Object.entries(current)) {
    const before = (reference as unknown as Record<string, unknown>)[key];
    if (key !== 'rows' && typeof value === 'number' && typeof before === 'number') {
      change[key] = value - before;
    }
  }
  return change;
}

/** Confidence-based accuracy estimate for rows with probabilities (see the module comment). */
export function estimateAccuracy(
  probabilities: ArrayLike<number>[],
  calibration?: { confidences: number[]; correct: boolean[] },
): AccuracyEstimate | undefined {
  const rows = probabilities.filter((row) => Array.from(row).every(Number.isFinite));
  if (rows.length === 0) return undefined;
  const table =
    calibration && calibration.confidences.length > 0
      ? calibrationTable(calibration.confidences, calibration.correct)
      : undefined;
  let sum = 0;
  for (const row of rows) {
    const c = confidence(row);
    const calibrated = table ? table[binOf(c)] : Number.NaN;
    sum += Number.isNaN(calibrated) ? c : calibrated;
  }
  return {
    estimated: true,
    method: 'confidence',
    accuracy: sum / rows.length,
    calibrated: table !== undefined,
    rows: rows.length,
  };
}

export function conceptDrift(input: ConceptDriftInput): ConceptDriftResult {
  if (input.task === 'regression') {
    const reference = regressionQuality(input.reference);
    const current = regressionQuality(input.current);
    return { task: 'regression', reference, current, change: metricChange(reference, current) };
  }
  const labels: Label[] = [];
  for (const side of [input.reference, input.current]) {
    labels.push(...Array.from(side.prediction));
    if (side.target) labels.push(...Array.from(side.target));
  }
  const index = classIndex(labels, input.classes);
  const classCount = input.classes?.length ?? index.size;
  const reference = classificationQuality(input.reference, index, classCount);
  const current = classificationQuality(input.current, index, classCount);
  const result: ConceptDriftResult = {
    task: 'classification',
    reference: reference.quality,
    current: current.quality,
    change: metricChange(reference.quality, current.quality),
  };
  if (!current.quality && input.current.probabilities) {
    result.estimate = estimateAccuracy(
      input.current.probabilities,
      reference.quality ? reference : undefined,
    );
  }
  return result;
}
