import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { hashFile } from '../artifact/hash-files.js';
import { MANIFEST_FILE, type Manifest } from '../artifact/manifest.js';
import { verifyPackage } from '../artifact/verify-package.js';
import { readTable } from '../data/read-table.js';
import { isUserError, UserError } from '../inputs/user-error.js';
import { writeMetricsFile, type MetricsCheck, type MetricsFile } from '../metrics/metrics-file.js';
import { loadModel, type BackendChoice, type ModelRuntime } from '../model/model-runtime.js';
import { compareGolden, parseGolden } from './golden.js';
import { buildFeatureMatrix } from './feature-matrix.js';
import { computeQualityMetrics, type Task } from './quality-metrics.js';
import {
  determinismCheck,
  finiteOutputsCheck,
  percentile,
  probabilitiesCheck,
} from './prediction-checks.js';
import { writePredictionsFile } from './predictions-file.js';
import { readTensorFile } from './tensor-input.js';

export interface SmokeTestOptions {
  /** Model directory, model.json, or package directory with ml-manifest.json (absolute or cwd-relative). */
  model: string;
  /** Dataset path (or glob, for tables) relative to cwd. */
  data: string;
  /** Directory relative paths resolve against and tfjs-node is looked up from (the workspace). */
  cwd: string;
  features?: string[];
  labelColumn?: string;
  idColumn?: string;
  task: Task | 'auto';
  batchSize: number;
  maxRows: number;
  seed: number;
  /** Golden outputs file (absolute or cwd-relative). */
  expectedPredictions?: string;
  tolerance: number;
  backend: BackendChoice;
  outputDir: string;
  warmup: number;
  repeat: number;
  log?: (message: string) => void;
}

export interface SmokeTestResult {
  passed: boolean;
  checks: MetricsCheck[];
  metrics: Record<string, number>;
  metricsFile: string;
  /** Absent when the model never ran. */
  predictionsFile?: string;
  rows: number;
  backend: string;
  task?: Task;
  classNames?: string[];
  confusionMatrix?: number[][];
  model: NonNullable<MetricsFile['model']>;
}

/** The inputs a model gets: one row per example, row-major, with ids/labels for tables. */
interface ModelInput {
  values: Float32Array;
  /** Shape of one row (without the batch dimension). */
  rowShape: number[];
  rows: number;
  labels?: readonly unknown[];
  ids?: readonly unknown[];
  dataFiles: string[];
}

/**
 * Runs a chunk of real data through a model the way production would and checks everything
 * that can silently break: loading, input compatibility, output shape, finiteness,
 * probabilities, determinism and golden outputs; then computes quality and speed metrics and
 * writes the metrics and predictions files. Failed checks are returned, not thrown; user
 * mistakes in the options (a missing data file) throw UserError.
 */
export async function runSmokeTest(options: SmokeTestOptions): Promise<SmokeTestResult> {
  const log = options.log ?? (() => undefined);
  const checks: MetricsCheck[] = [];
  const metrics: Record<string, number> = {};
  const metricsFile = path.join(options.outputDir, 'metrics.json');
  const modelPath = path.resolve(options.cwd, options.model);
  const model: SmokeTestResult['model'] = {
    name: path.basename(modelPath.replace(/[\\/]model\.json$/i, '')),
  };
  let backend = 'none';
  let dataset: MetricsFile['dataset'] = { path: options.data };

  const finish = async (extra: Partial<SmokeTestResult> = {}): Promise<SmokeTestResult> => {
    await writeMetricsFile(metricsFile, {
      model,
      dataset,
      metrics,
      checks,
      backend,
      ...(extra.task ? { task: extra.task } : {}),
      ...(extra.confusionMatrix
        ? { confusion_matrix: { labels: extra.classNames, matrix: extra.confusionMatrix } }
        : {}),
    });
    return {
      passed: checks.every((c) => c.status !== 'fail'),
      checks,
      metrics,
      metricsFile,
      rows: metrics.rows ?? 0,
      backend,
      model,
      ...extra,
    };
  };

  // 1. The package manifest (when there is one) vouches for the files before anything reads them.
  let modelLocation = modelPath;
  if (await exists(path.join(modelPath, MANIFEST_FILE))) {
    let manifest: Manifest;
    try {
      manifest = await verifyPackage(modelPath);
    } catch (error) {
      if (!isUserError(error)) throw error;
      checks.push({ name: 'package-verified', status: 'fail', detail: error.message });
      return finish();
    }
    Object.assign(model, {
      name: manifest.name,
      version: manifest.version,
      digest: manifest.digest,
    });
    const modelJson = manifest.files.find((f) => /(^|\/)model\.json$/.test(f.path));
    if (modelJson) modelLocation = path.join(modelPath, modelJson.path);
    checks.push({
      name: 'package-verified',
      status: 'pass',
      detail: `${manifest.files.length} files match ${MANIFEST_FILE} (${manifest.digest}).`,
    });
  }

  // 2. Load.
  let runtime: ModelRuntime;
  const loadStart = performance.now();
  try {
    runtime = await loadModel(modelLocation, {
      backend: options.backend,
      workspace: options.cwd,
      log,
    });
  } catch (error) {
    if (!isUserError(error) || error.input === 'backend') throw error;
    checks.push({ name: 'model-loads', status: 'fail', detail: error.message });
    return finish();
  }
  try {
    metrics.model_load_ms = performance.now() - loadStart;
    backend = runtime.backend;
    const description = runtime.description;
    metrics.parameter_count = description.parameterCount;
    metrics.model_size_bytes = description.sizeBytes;
    checks.push({
      name: 'model-loads',
      status: 'pass',
      detail: `${description.format}, ${description.parameterCount} parameters, backend ${backend}.`,
    });
    log(
      `Model loaded (${description.format}) on backend ${backend} in ${metrics.model_load_ms.toFixed(0)} ms.`,
    );

    // 3. Data, shaped for the model's input.
    const inputSpec = description.signature.inputs[0];
    let input: ModelInput;
    try {
      input = await readModelInput(options, inputSpec.shape);
      checkInputCompatible(input.rowShape, inputSpec);
    } catch (error) {
      if (!isUserError(error)) throw error;
      checks.push({ name: 'input-compatible', status: 'fail', detail: error.message });
      return finish();
    }
    metrics.rows = input.rows;
    dataset = { path: options.data, rows: input.rows };
    if (input.dataFiles.length === 1) dataset.sha256 = (await hashFile(input.dataFiles[0])).sha256;
    checks.push({
      name: 'input-compatible',
      status: 'pass',
      detail: `${input.rows} rows of shape [${input.rowShape.join(', ')}] fit input '${inputSpec.name}' ${formatShape(inputSpec.shape)} (${inputSpec.dtype}).`,
    });

    // 4. Predict: warm-up, then `repeat` timed passes over every batch.
    const rowSize = input.rowShape.reduce((a, b) => a * b, 1);
    const batchOf = (start: number) => {
      const rows = Math.min(options.batchSize, input.rows - start);
      return {
        values: input.values.subarray(start * rowSize, (start + rows) * rowSize),
        shape: [rows, ...input.rowShape],
      };
    };
    for (let w = 0; w < options.warmup; w++) await runtime.predict(batchOf(0));
    const runs: Float32Array[] = [];
    const batchMs: number[] = [];
    const rowMs: number[] = [];
    let outputRowShape: number[] | undefined;
    let predictMs = 0;
    for (let r = 0; r < Math.max(1, options.repeat); r++) {
      let outputs: Float32Array | undefined;
      for (let start = 0; start < input.rows; start += options.batchSize) {
        const batch = batchOf(start);
        const t0 = performance.now();
        const out = await runtime.predict(batch);
        const ms = performance.now() - t0;
        predictMs += ms;
        batchMs.push(ms);
        rowMs.push(ms / batch.shape[0]);
        if (out.shape[0] !== batch.shape[0]) {
          checks.push({
            name: 'output-shape',
            status: 'fail',
            detail: `a batch of ${batch.shape[0]} rows gave ${out.shape[0]} output rows.`,
          });
          return finish();
        }
        outputRowShape ??= out.shape.slice(1);
        const width = outputRowShape.reduce((a, b) => a * b, 1);
        outputs ??= new Float32Array(input.rows * width);
        outputs.set(out.values, start * width);
      }
      runs.push(outputs!);
    }
    const outputs = runs[0];
    const width = outputRowShape!.reduce((a, b) => a * b, 1);
    checks.push(outputShapeCheck(outputRowShape!, description.signature.outputs[0]?.shape));
    checks.push(finiteOutputsCheck(outputs, width));
    checks.push(probabilitiesCheck(outputs, width, description.finalActivation));
    checks.push(determinismCheck(runs));
    if (options.expectedPredictions) {
      const file = path.resolve(options.cwd, options.expectedPredictions);
      const text = await fs.readFile(file, 'utf8').catch(() => {
        throw new UserError(
          `file '${options.expectedPredictions}' does not exist (resolved to ${file}).`,
          'expected-predictions',
        );
      });
      checks.push(
        compareGolden(
          outputs,
          width,
          input.ids,
          parseGolden(text, options.expectedPredictions),
          options.tolerance,
        ),
      );
    }

    // 5. Speed.
    Object.assign(metrics, {
      latency_ms_p50: percentile(batchMs, 50),
      latency_ms_p95: percentile(batchMs, 95),
      latency_ms_p99: percentile(batchMs, 99),
      latency_ms_per_row_p50: percentile(rowMs, 50),
      latency_ms_per_row_p95: percentile(rowMs, 95),
      latency_ms_per_row_p99: percentile(rowMs, 99),
      rows_per_second: (input.rows * runs.length) / (predictMs / 1000),
      batch_size: options.batchSize,
    });

    // 6. Quality, when the outputs are usable.
    const finite = checks.find((c) => c.name === 'finite-outputs')?.status === 'pass';
    const quality = computeQualityMetrics({
      task: options.task,
      outputs,
      width,
      finalActivation: description.finalActivation,
      metadata: description.metadata,
      labels: finite ? input.labels : undefined,
    });
    checks.push(...quality.checks);
    Object.assign(metrics, quality.metrics);

    const predictionsFile = path.join(options.outputDir, 'predictions.jsonl');
    await writePredictionsFile(predictionsFile, {
      outputs,
      width,
      ids: input.ids,
      labels: input.labels,
      task: quality.task,
      classNames: quality.classNames,
      labelIndex: quality.labelIndex,
    });
    metrics.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
    return await finish({
      predictionsFile,
      task: quality.task,
      classNames: quality.classNames,
      confusionMatrix: quality.confusionMatrix,
    });
  } finally {
    runtime.dispose();
  }
}

async function exists(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined)) !== undefined;
}

function formatShape(shape: (number | null)[] | undefined): string {
  return shape ? `[${shape.map((d) => d ?? '?').join(', ')}]` : '[unknown shape]';
}

/** Tables for rank-2 inputs; `.npy` / nested JSON arrays for images and sequences. */
async function readModelInput(
  options: SmokeTestOptions,
  inputShape: (number | null)[] | undefined,
): Promise<ModelInput> {
  const tensorLike =
    /\.npy$/i.test(options.data) || (inputShape !== undefined && inputShape.length > 2);
  if (tensorLike) {
    const file = path.resolve(options.cwd, options.data);
    const tensor = await readTensorFile(file, 'data');
    const rows = Math.min(tensor.shape[0], options.maxRows);
    const rowShape = tensor.shape.slice(1);
    const rowSize = rowShape.reduce((a, b) => a * b, 1);
    return { values: tensor.values.subarray(0, rows * rowSize), rowShape, rows, dataFiles: [file] };
  }
  const table = await readTable(options.data, {
    input: 'data',
    cwd: options.cwd,
    maxRows: options.maxRows,
    seed: options.seed,
    // Ids are names, not quantities: keep "2012-01-01" or "007" as written.
    categoricalColumns: options.idColumn ? [options.idColumn] : undefined,
  });
  const matrix = buildFeatureMatrix(table, options);
  return {
    values: matrix.values,
    rowShape: [matrix.features.length],
    rows: matrix.rows,
    labels: matrix.labels,
    ids: matrix.ids,
    dataFiles: table.files,
  };
}

function checkInputCompatible(
  rowShape: number[],
  spec: { name: string; dtype: string; shape?: (number | null)[] },
): void {
  if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
    throw new UserError(
      `model input '${spec.name}' has dtype ${spec.dtype}; smoke-test feeds numbers (float32 or int32 inputs).`,
      'model',
    );
  }
  if (!spec.shape) return;
  const expected = spec.shape.slice(1);
  const fits =
    expected.length === rowShape.length &&
    expected.every((d, i) => d === null || d === rowShape[i]);
  if (!fits) {
    throw new UserError(
      `the model input '${spec.name}' expects rows of shape ${formatShape(expected)} but the data gives [${rowShape.join(', ')}]` +
        (rowShape.length === 1 ? ' (check features and their order).' : '.'),
      'data',
    );
  }
}

function outputShapeCheck(actual: number[], declared: (number | null)[] | undefined): MetricsCheck {
  const name = 'output-shape';
  if (!declared)
    return {
      name,
      status: 'pass',
      detail: `outputs of shape [${actual.join(', ')}] per row (no declared shape).`,
    };
  const expected = declared.slice(1);
  const ok =
    expected.length === actual.length && expected.every((d, i) => d === null || d === actual[i]);
  return ok
    ? {
        name,
        status: 'pass',
        detail: `[${actual.join(', ')}] per row, as declared ${formatShape(declared)}.`,
      }
    : {
        name,
        status: 'fail',
        detail: `outputs are [${actual.join(', ')}] per row but the model declares ${formatShape(declared)}.`,
      };
}
