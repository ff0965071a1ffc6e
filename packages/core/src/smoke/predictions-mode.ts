import * as path from 'node:path';
import { hashFile } from '../artifact/hash-files.js';
import { readTable } from '../data/read-table.js';
import type { Column } from '../data/table-types.js';
import { UserError } from '../inputs/user-error.js';
import { writeMetricsFile, type MetricsCheck } from '../metrics/metrics-file.js';
import { compareGolden, readGoldenFile } from './golden.js';
import { finiteOutputsCheck, probabilitiesCheck } from './prediction-checks.js';
import { writePredictionsFile } from './predictions-file.js';
import { computeQualityMetrics, type Task } from './quality-metrics.js';
import type { SmokeTestResult } from './run-smoke-test.js';

/**
 * Predictions mode: for a model smoke-test cannot run (any framework), the user's own script
 * writes its predictions; the same quality metrics, checks, golden comparison, metrics file and
 * predictions file follow, so gate works the same way. No model, so no latency metrics.
 */
export interface PredictionsModeOptions {
  /** CSV/JSONL/Parquet file (or glob) relative to cwd. */
  predictions: string;
  cwd: string;
  labelColumn?: string;
  idColumn?: string;
  /** Column with the predicted class or value (default `prediction`). */
  predictionColumn?: string;
  /** Probability columns, one per class in class order; default: columns named `prob_<class>` or `probability_<class>`. */
  probabilityColumns?: string[];
  task: Task | 'auto';
  maxRows: number;
  seed: number;
  expectedPredictions?: string;
  tolerance: number;
  outputDir: string;
  log?: (message: string) => void;
}

const PROBABILITY_PREFIX = /^(prob|probability|proba)_(.+)$/i;

export async function runPredictionsMode(
  options: PredictionsModeOptions,
): Promise<SmokeTestResult> {
  const predictionColumn = options.predictionColumn || 'prediction';
  const table = await readTable(options.predictions, {
    input: 'predictions',
    cwd: options.cwd,
    maxRows: options.maxRows,
    seed: options.seed,
    categoricalColumns: options.idColumn ? [options.idColumn] : undefined,
  });
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const need = (name: string, input: string): Column => {
    const column = byName.get(name);
    if (!column) {
      throw new UserError(
        `column '${name}' is not in the predictions file (columns: ${table.columns.map((c) => c.name).join(', ')}).`,
        input,
      );
    }
    return column;
  };
  const predicted = need(predictionColumn, 'prediction-column');
  const labels = options.labelColumn ? need(options.labelColumn, 'label-column').values : undefined;
  const ids = options.idColumn ? need(options.idColumn, 'id-column').values : undefined;
  const probabilityNames =
    options.probabilityColumns && options.probabilityColumns.length > 0
      ? options.probabilityColumns
      : table.columns.map((c) => c.name).filter((n) => PROBABILITY_PREFIX.test(n));
  const probabilityColumns = probabilityNames.map((n) => need(n, 'probability-columns'));
  const task: Task =
    options.task !== 'auto'
      ? options.task
      : probabilityColumns.length > 0 || predicted.type !== 'numeric'
        ? 'classification'
        : 'regression';

  const rows = table.rows;
  const checks: MetricsCheck[] = [];
  let outputs: Float32Array;
  let width: number;
  let classNames: string[] | undefined;
  if (task === 'classification' && probabilityColumns.length > 0) {
    width = probabilityColumns.length;
    // prob_<class> names carry the classes; other names leave them to the labels (0..k-1 or sorted).
    classNames = probabilityNames.every((n) => PROBABILITY_PREFIX.test(n))
      ? probabilityNames.map((n) => PROBABILITY_PREFIX.exec(n)![2])
      : undefined;
    outputs = new Float32Array(rows * width);
    probabilityColumns.forEach((column, j) => {
      for (let i = 0; i < rows; i++) outputs[i * width + j] = toNumber(column.values[i]);
    });
  } else if (task === 'classification') {
    // Hard predictions only: one-hot rows over the classes seen in predictions and labels.
    const seen = [...(labels ?? []), ...predicted.values].filter((v) => v !== null).map(String);
    classNames = [...new Set(seen)].sort();
    width = classNames.length;
    const index = new Map(classNames.map((n, k) => [n, k]));
    outputs = new Float32Array(rows * width);
    for (let i = 0; i < rows; i++) {
      const v = predicted.values[i];
      if (v === null) outputs.fill(Number.NaN, i * width, (i + 1) * width);
      else outputs[i * width + index.get(String(v))!] = 1;
    }
  } else {
    width = 1;
    outputs = Float32Array.from(predicted.values, toNumber);
  }

  checks.push({
    name: 'predictions-read',
    status: 'pass',
    detail: `${rows} rows from ${table.files.join(', ')} (prediction column '${predictionColumn}'${probabilityNames.length > 0 ? `, probabilities ${probabilityNames.join(', ')}` : ''}).`,
  });
  checks.push(finiteOutputsCheck(outputs, width));
  if (probabilityColumns.length > 0) checks.push(probabilitiesCheck(outputs, width, 'softmax'));
  if (options.expectedPredictions) {
    const golden = await readGoldenFile(options.cwd, options.expectedPredictions);
    checks.push(compareGolden(outputs, width, ids, golden, options.tolerance));
  }
  const finite = checks.find((c) => c.name === 'finite-outputs')?.status === 'pass';
  const quality = computeQualityMetrics({
    task,
    outputs,
    width,
    finalActivation: task === 'classification' ? 'softmax' : undefined,
    metadata: classNames ? { classNames } : undefined,
    labels: finite ? labels : undefined,
  });
  checks.push(...quality.checks);
  const metrics: Record<string, number> = { rows, ...quality.metrics };

  const metricsFile = path.join(options.outputDir, 'metrics.json');
  const predictionsFile = path.join(options.outputDir, 'predictions.jsonl');
  const model = { name: path.basename(options.predictions) };
  const dataset: { path: string; rows: number; sha256?: string } = {
    path: options.predictions,
    rows,
  };
  if (table.files.length === 1)
    dataset.sha256 = (await hashFile(path.resolve(options.cwd, table.files[0]))).sha256;
  await writeMetricsFile(metricsFile, {
    model,
    dataset,
    metrics,
    checks,
    backend: 'predictions-file',
    task: quality.task,
    ...(quality.confusionMatrix
      ? { confusion_matrix: { labels: quality.classNames, matrix: quality.confusionMatrix } }
      : {}),
  });
  await writePredictionsFile(predictionsFile, {
    outputs,
    width,
    ids,
    labels,
    task: quality.task,
    classNames: quality.classNames,
    labelIndex: quality.labelIndex,
  });
  options.log?.(`Predictions mode: ${rows} rows scored from ${options.predictions}.`);
  return {
    passed: checks.every((c) => c.status !== 'fail'),
    checks,
    metrics,
    metricsFile,
    predictionsFile,
    rows,
    backend: 'predictions-file',
    task: quality.task,
    classNames: quality.classNames,
    confusionMatrix: quality.confusionMatrix,
    model,
  };
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}
