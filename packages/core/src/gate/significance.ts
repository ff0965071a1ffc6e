import { UserError } from '../inputs/user-error.js';
import type { LoadedPredictions } from '../metrics/predictions-rows.js';
import { bootstrapInterval, pairedBootstrap } from '../stats/bootstrap.js';
import { mcnemarExact } from '../stats/mcnemar.js';
import { rowMetric, rowMetricNames, type PredictionRows } from '../stats/row-metrics.js';

/**
 * Significance for rules with `confidence` (docs/gate.md "Significance-aware rules"):
 * - min/max: the percentile-bootstrap interval of the metric over the candidate's rows;
 * - baseline rules: a paired test on the rows both prediction files share — exact McNemar
 *   for accuracy and error_rate, a paired bootstrap for the other metrics — and the paired
 *   bootstrap interval of the difference (candidate − baseline).
 */

/** Resamples and seed of every bootstrap the gate runs (fixed: the same files give the same verdict). */
export const GATE_BOOTSTRAP = { resamples: 2000, seed: 1 } as const;

export interface Significance {
  /** Two-sided confidence level of the interval. */
  confidence: number;
  /** Interval of the metric (min/max) or of candidate − baseline (baseline rules). */
  interval: [number, number];
  /** p-value of "no difference from the baseline" (baseline rules only). */
  pValue?: number;
  test: 'bootstrap' | 'mcnemar' | 'paired-bootstrap';
}

function metricFunction(
  predictions: LoadedPredictions,
  metric: string,
  rule: number,
  input: string,
): (rows: ArrayLike<number>) => number {
  const f = rowMetric(predictions.rows, metric);
  if (!f) {
    throw new UserError(
      `policy rule ${rule} asks for a confidence on '${metric}', which cannot be recomputed from the per-row predictions in '${predictions.source}'; confidence works for ${rowMetricNames(predictions.rows).join(', ')}.`,
      input,
    );
  }
  return f;
}

/** Bootstrap interval of `metric` on the candidate's rows. */
export function metricInterval(
  predictions: LoadedPredictions,
  metric: string,
  confidence: number,
  rule: number,
  input = 'predictions',
): Significance {
  const f = metricFunction(predictions, metric, rule, input);
  const n = predictions.keys.length;
  const result = bootstrapInterval(n, f, { confidence, ...GATE_BOOTSTRAP });
  return { confidence, interval: [result.low, result.high], test: 'bootstrap' };
}

/** The candidate's and the baseline's rows, paired (same ids, or same row numbers). */
export function pairRows(
  candidate: LoadedPredictions,
  baseline: LoadedPredictions,
  input = 'baseline-predictions',
): { candidate: PredictionRows; baseline: PredictionRows } {
  const byId = candidate.byId && baseline.byId;
  const where = new Map<string, number>();
  baseline.keys.forEach((k, i) => where.set(k, i));
  if (
    candidate.keys.length !== baseline.keys.length ||
    candidate.rows.kind !== baseline.rows.kind ||
    candidate.keys.some((k) => !where.has(k))
  ) {
    throw new UserError(
      `'${baseline.source}' does not hold the same labeled rows as '${candidate.source}' (${baseline.keys.length} vs ${candidate.keys.length} rows, matched by ${byId ? 'id' : 'row number'}); run both models on the same data with the same max-rows and seed.`,
      input,
    );
  }
  const order = candidate.keys.map((k) => where.get(k)!);
  const c = candidate.rows;
  const b = baseline.rows;
  const differentLabels = () =>
    new UserError(
      `'${baseline.source}' and '${candidate.source}' give different labels for the same rows; they were not run on the same data.`,
      input,
    );
  if (c.kind === 'classification' && b.kind === 'classification') {
    if (c.classNames.join('\u0000') !== b.classNames.join('\u0000')) {
      throw new UserError(
        `'${baseline.source}' has classes ${b.classNames.join(', ')} but '${candidate.source}' has ${c.classNames.join(', ')}.`,
        input,
      );
    }
    const truth = Int32Array.from(order, (j) => b.truth[j]);
    if (truth.some((t, i) => t !== c.truth[i])) throw differentLabels();
    return {
      candidate: c,
      baseline: { ...b, truth, predicted: Int32Array.from(order, (j) => b.predicted[j]) },
    };
  }
  if (c.kind === 'regression' && b.kind === 'regression') {
    const truth = Float64Array.from(order, (j) => b.truth[j]);
    if (truth.some((t, i) => t !== c.truth[i])) throw differentLabels();
    return {
      candidate: c,
      baseline: { ...b, truth, predicted: Float64Array.from(order, (j) => b.predicted[j]) },
    };
  }
  throw new UserError(
    `'${baseline.source}' and '${candidate.source}' are of different tasks.`,
    input,
  );
}

/** Paired test of candidate − baseline on `metric`. */
export function pairedDifference(
  candidate: LoadedPredictions,
  baseline: LoadedPredictions,
  metric: string,
  confidence: number,
  rule: number,
): Significance {
  const paired = pairRows(candidate, baseline);
  const wrap = (rows: PredictionRows): LoadedPredictions => ({ ...candidate, rows });
  const a = metricFunction(wrap(paired.candidate), metric, rule, 'predictions');
  const b = metricFunction(wrap(paired.baseline), metric, rule, 'baseline-predictions');
  const n = candidate.keys.length;
  const boot = pairedBootstrap(n, a, b, { confidence, ...GATE_BOOTSTRAP });
  const interval: [number, number] = [boot.low, boot.high];
  if (
    (metric === 'accuracy' || metric === 'error_rate') &&
    paired.candidate.kind === 'classification' &&
    paired.baseline.kind === 'classification'
  ) {
    const pc = paired.candidate;
    const pb = paired.baseline;
    const right = (r: typeof pc) => Array.from(r.truth, (t, i) => t === r.predicted[i]);
    const test = mcnemarExact(right(pc), right(pb));
    return { confidence, interval, pValue: test.pValue, test: 'mcnemar' };
  }
  return { confidence, interval, pValue: boot.pValue, test: 'paired-bootstrap' };
}
