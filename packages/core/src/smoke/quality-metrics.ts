import type { MetricsCheck } from '../metrics/metrics-file.js';
import {
  argMax,
  classificationSummary,
  perClassScores,
  type ClassScores,
} from '../stats/classification-metrics.js';
import { regressionSummary } from '../stats/regression-metrics.js';

export type Task = 'classification' | 'regression';

export interface QualityInput {
  task: Task | 'auto';
  /** Model outputs, rows × width, row-major. */
  outputs: Float32Array;
  width: number;
  finalActivation?: string;
  metadata?: Record<string, unknown>;
  /** Raw label cells; undefined when there is no label column (or outputs are unusable). */
  labels?: readonly unknown[];
}

export interface QualityResult {
  task: Task;
  metrics: Record<string, number>;
  checks: MetricsCheck[];
  classNames?: string[];
  /** Class index of each label row (−1 where missing), for the predictions file. */
  labelIndex?: Int32Array;
  confusionMatrix?: number[][];
  /** Precision, recall, F1 and support per class name (sklearn precision_recall_fscore_support). */
  perClass?: Record<string, ClassScores>;
}

/**
 * Degenerate output is only called out on enough rows to mean something: fewer rows than
 * this (or labels of a single class) give a skipped check, never a false alarm.
 */
export const DEGENERATE_MIN_ROWS = 10;

/** Classification when asked, or when the model ends in softmax/sigmoid or has several outputs. */
export function detectTask(
  requested: Task | 'auto',
  width: number,
  finalActivation?: string,
): Task {
  if (requested !== 'auto') return requested;
  return width > 1 || finalActivation === 'softmax' || finalActivation === 'sigmoid'
    ? 'classification'
    : 'regression';
}

/** Probability rows: softmax outputs as they are; one sigmoid output becomes [1 − p, p]. */
export function probabilityRows(outputs: Float32Array, width: number): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let i = 0; i < outputs.length / width; i++) {
    rows.push(
      width === 1
        ? Float32Array.of(1 - outputs[i], outputs[i])
        : outputs.subarray(i * width, (i + 1) * width),
    );
  }
  return rows;
}

/** Class names stored with the model (`classNames`, `class_names` or `labels` metadata). */
function modelClassNames(metadata: Record<string, unknown> | undefined): string[] | undefined {
  for (const key of ['classNames', 'class_names', 'labels']) {
    const value = metadata?.[key];
    if (Array.isArray(value) && value.length > 0) return value.map(String);
  }
  return undefined;
}

export function computeQualityMetrics(input: QualityInput): QualityResult {
  const task = detectTask(input.task, input.width, input.finalActivation);
  const result = task === 'regression' ? regressionQuality(input) : classificationQuality(input);
  result.checks.push(degenerateOutputCheck(input, result));
  return result;
}

/**
 * `degenerate-output`: a classifier that predicts one class for every row, or a regression
 * whose output is the same number for every row, while the labels vary. Needs at least
 * DEGENERATE_MIN_ROWS rows and labels of more than one value (without them: skip).
 */
export function degenerateOutputCheck(input: QualityInput, quality: QualityResult): MetricsCheck {
  const name = 'degenerate-output';
  const rows = input.outputs.length / Math.max(1, input.width);
  if (rows < DEGENERATE_MIN_ROWS) {
    return { name, status: 'skip', detail: `only ${rows} rows (needs ${DEGENERATE_MIN_ROWS}).` };
  }
  if (!input.labels) return { name, status: 'skip', detail: 'no labels to compare with.' };
  const labels = input.labels.filter((l) => l !== null && l !== undefined && l !== '');
  const distinctLabels = new Set(labels.map(String));
  if (distinctLabels.size < 2) {
    return {
      name,
      status: 'skip',
      detail: 'the labels have a single value, so one output is right.',
    };
  }
  if (quality.task === 'classification') {
    const probabilities = probabilityRows(input.outputs, input.width);
    const counts = new Map<number, number>();
    for (const row of probabilities) {
      const k = argMax(row);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    if (counts.size === 1) {
      const k = [...counts.keys()][0];
      const cls = quality.classNames?.[k] ?? String(k);
      return {
        name,
        status: 'fail',
        detail: `the model predicts class '${cls}' for all ${rows} rows, while the labels have ${distinctLabels.size} distinct values (check the feature order and preprocessing).`,
      };
    }
    return {
      name,
      status: 'pass',
      detail: `${counts.size} distinct classes predicted over ${rows} rows.`,
    };
  }
  if (input.width !== 1) return { name, status: 'skip', detail: 'several outputs per row.' };
  const first = input.outputs[0];
  const constant = input.outputs.every((v) => Object.is(v, first) || v === first);
  return constant
    ? {
        name,
        status: 'fail',
        detail: `the model outputs the same value ${first} for all ${rows} rows, while the labels vary (check the feature order and preprocessing).`,
      }
    : { name, status: 'pass', detail: `outputs vary over ${rows} rows.` };
}

function regressionQuality(input: QualityInput): QualityResult {
  const result: QualityResult = { task: 'regression', metrics: {}, checks: [] };
  if (!input.labels) return result;
  if (input.width !== 1) {
    result.checks.push({
      name: 'labels',
      status: 'warn',
      detail: `regression metrics need one output per row; the model gives ${input.width}.`,
    });
    return result;
  }
  const truth: number[] = [];
  const predicted: number[] = [];
  let unusable = 0;
  input.labels.forEach((label, i) => {
    const y =
      typeof label === 'number' ? label : typeof label === 'string' ? Number(label) : Number.NaN;
    if (!Number.isFinite(y)) {
      unusable++;
      return;
    }
    truth.push(y);
    predicted.push(input.outputs[i]);
  });
  if (truth.length === 0) {
    result.checks.push({
      name: 'labels',
      status: 'fail',
      detail: 'no label is a number; a regression label column must be numeric.',
    });
    return result;
  }
  Object.assign(result.metrics, regressionSummary(truth, predicted), {
    labeled_rows: truth.length,
  });
  result.checks.push(labelsCheck(truth.length, unusable));
  return result;
}

function classificationQuality(input: QualityInput): QualityResult {
  const probabilities = probabilityRows(input.outputs, input.width);
  const classes = probabilities[0]?.length ?? 0;
  let classNames = modelClassNames(input.metadata);
  const result: QualityResult = { task: 'classification', metrics: {}, checks: [] };
  if (classNames && classNames.length !== classes) {
    result.checks.push({
      name: 'labels',
      status: 'fail',
      detail: `the model's metadata names ${classNames.length} classes but it outputs ${classes} probabilities.`,
    });
    classNames = undefined;
  }
  if (!input.labels) {
    result.classNames = classNames;
    return result;
  }
  const present = input.labels.filter((l) => l !== null && l !== undefined);
  let note = '';
  if (!classNames) {
    const allIndices = present.every(
      (l) => Number.isInteger(Number(l)) && Number(l) >= 0 && Number(l) < classes,
    );
    if (allIndices) {
      classNames = Array.from({ length: classes }, (_, i) => String(i));
    } else {
      // Without names from the model, assume the usual encoding: sorted distinct labels (sklearn's LabelEncoder).
      classNames = [...new Set(present.map(String))].sort();
      note = ` Class names were not stored with the model; assumed the sorted labels ${classNames.join(', ')}.`;
      if (classNames.length !== classes) {
        result.checks.push({
          name: 'labels',
          status: 'fail',
          detail: `the labels have ${classNames.length} distinct values but the model outputs ${classes} classes; store classNames in the model metadata.`,
        });
        return result;
      }
    }
  }
  result.classNames = classNames;
  const index = new Map(classNames.map((name, i) => [name, i]));
  const labelIndex = new Int32Array(input.labels.length).fill(-1);
  const truth: number[] = [];
  const rows: Float32Array[] = [];
  const unknown = new Set<string>();
  input.labels.forEach((label, i) => {
    if (label === null || label === undefined) return;
    const k = index.get(String(label));
    if (k === undefined) {
      unknown.add(String(label));
      return;
    }
    labelIndex[i] = k;
    truth.push(k);
    rows.push(probabilities[i]);
  });
  result.labelIndex = labelIndex;
  if (unknown.size > 0) {
    result.checks.push({
      name: 'labels',
      status: 'fail',
      detail: `labels not among the model's classes (${classNames.join(', ')}): ${[...unknown].slice(0, 5).join(', ')}.`,
    });
    return result;
  }
  if (truth.length === 0) return result;
  const summary = classificationSummary(truth, rows);
  result.confusionMatrix = summary.confusion_matrix;
  const scores = perClassScores(summary.confusion_matrix);
  result.perClass = Object.fromEntries(classNames.map((c, k) => [c, scores[k]]));
  for (const [key, value] of Object.entries(summary)) {
    if (typeof value === 'number' && Number.isFinite(value)) result.metrics[key] = value;
  }
  result.metrics.labeled_rows = truth.length;
  const check = labelsCheck(truth.length, input.labels.length - truth.length);
  check.detail += note;
  result.checks.push(check);
  return result;
}

function labelsCheck(used: number, skipped: number): MetricsCheck {
  return {
    name: 'labels',
    status: 'pass',
    detail: `${used} labeled rows scored${skipped > 0 ? `; ${skipped} rows without a usable label skipped` : ''}.`,
  };
}
