import type { MetricsCheck } from '../metrics/metrics-file.js';
import { classificationSummary } from '../stats/classification-metrics.js';
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
}

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
  if (task === 'regression') return regressionQuality(input);
  return classificationQuality(input);
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
