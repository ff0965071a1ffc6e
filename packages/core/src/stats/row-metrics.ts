import { macroAverage, perClassScores } from './classification-metrics.js';

/**
 * Metrics recomputed from per-row predictions over any subset of rows (a bootstrap resample
 * is a list of row indices, repeats allowed), and per-class precision/recall/F1/support.
 * sklearn's definitions (`zero_division=0`), like classification-metrics.ts. Pure.
 */

export interface ClassRows {
  kind: 'classification';
  /** True class index per row. */
  truth: Int32Array;
  /** Predicted class index per row. */
  predicted: Int32Array;
  classNames: string[];
}

export interface RegressionRows {
  kind: 'regression';
  truth: Float64Array;
  predicted: Float64Array;
}

export type PredictionRows = ClassRows | RegressionRows;

function confusion(rows: ClassRows, subset: ArrayLike<number>): number[][] {
  const k = rows.classNames.length;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < subset.length; j++) {
    const i = subset[j];
    m[rows.truth[i]][rows.predicted[i]]++;
  }
  return m;
}

const CLASS_METRICS = ['accuracy', 'error_rate', 'precision_macro', 'recall_macro', 'f1_macro'];
const REGRESSION_METRICS = ['mae', 'rmse', 'mse', 'mape', 'r2'];

/**
 * A function computing `name` on a subset of rows, or undefined when `name` cannot be
 * recomputed from per-row predictions (latency, log_loss, …). Names: accuracy, error_rate,
 * precision_macro, recall_macro, f1_macro, per_class.<label>.{precision,recall,f1};
 * regression: mae, rmse, mse, mape, r2.
 */
export function rowMetric(
  rows: PredictionRows,
  name: string,
): ((subset: ArrayLike<number>) => number) | undefined {
  if (rows.kind === 'regression') {
    if (!REGRESSION_METRICS.includes(name)) return undefined;
    const { truth, predicted } = rows;
    return (subset) => {
      const n = subset.length;
      if (n === 0) return Number.NaN;
      let abs = 0;
      let sq = 0;
      let pct = 0;
      let mean = 0;
      for (let j = 0; j < n; j++) mean += truth[subset[j]];
      mean /= n;
      let total = 0;
      for (let j = 0; j < n; j++) {
        const i = subset[j];
        const e = truth[i] - predicted[i];
        abs += Math.abs(e);
        sq += e * e;
        pct += Math.abs(e) / Math.max(Math.abs(truth[i]), Number.EPSILON);
        total += (truth[i] - mean) ** 2;
      }
      switch (name) {
        case 'mae':
          return abs / n;
        case 'mse':
          return sq / n;
        case 'rmse':
          return Math.sqrt(sq / n);
        case 'mape':
          return pct / n;
        default:
          return total === 0 ? Number.NaN : 1 - sq / total;
      }
    };
  }
  const perClass = /^per_class\.(.+)\.(precision|recall|f1)$/.exec(name);
  if (perClass) {
    const c = rows.classNames.indexOf(perClass[1]);
    if (c < 0) return undefined;
    const field = perClass[2] as 'precision' | 'recall' | 'f1';
    return (subset) => perClassScores(confusion(rows, subset))[c][field];
  }
  if (!CLASS_METRICS.includes(name)) return undefined;
  if (name === 'accuracy' || name === 'error_rate') {
    const hit = new Uint8Array(rows.truth.length);
    for (let i = 0; i < hit.length; i++) hit[i] = rows.truth[i] === rows.predicted[i] ? 1 : 0;
    return (subset) => {
      if (subset.length === 0) return Number.NaN;
      let hits = 0;
      for (let j = 0; j < subset.length; j++) hits += hit[subset[j]];
      const acc = hits / subset.length;
      return name === 'accuracy' ? acc : 1 - acc;
    };
  }
  const field =
    name === 'precision_macro' ? 'precision' : name === 'recall_macro' ? 'recall' : 'f1';
  return (subset) => macroAverage(confusion(rows, subset), (s) => s[field]);
}

/** Names rowMetric can recompute for these rows (for error messages). */
export function rowMetricNames(rows: PredictionRows): string[] {
  if (rows.kind === 'regression') return [...REGRESSION_METRICS];
  return [...CLASS_METRICS, 'per_class.<label>.precision|recall|f1'];
}
