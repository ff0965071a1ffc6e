import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { hashFile } from '../artifact/hash-files.js';
import { MANIFEST_FILE, type Manifest } from '../artifact/manifest.js';
import { verifyPackage } from '../artifact/verify-package.js';
import { isUserError } from '../inputs/user-error.js';
import { writeMetricsFile, type MetricsCheck, type MetricsFile } from '../metrics/metrics-file.js';
import { loadModel, type BackendChoice, type ModelRuntime } from '../model/model-runtime.js';
import { compareGolden, readGoldenFile } from './golden.js';
import { resolveModelFeatures, storedFeatureNames } from './model-features.js';
import {
  checkInputCompatible,
  formatShape,
  readModelInput,
  type ModelInput,
} from './model-input.js';
import {
  determinismCheck,
  finiteOutputsCheck,
  outputShapeCheck,
  probabilitiesCheck,
} from './prediction-checks.js';
import { writePredictionsFile } from './predictions-file.js';
import { computeQualityMetrics, type Task } from './quality-metrics.js';
import { speedMetrics, timePredictions } from './timed-predictions.js';

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
  /** ONNX: data columns per named model input. */
  inputs?: Record<string, string[]>;
  /** ONNX: the model output to read (default: the first tensor output). */
  output?: string;
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
  let manifestMetadata: Record<string, unknown> | undefined;
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
    // ONNX packages: the one .onnx file (or model.onnx among several).
    const onnxFiles = manifest.files.filter((f) => /\.onnx$/i.test(f.path));
    const onnxFile =
      onnxFiles.length === 1
        ? onnxFiles[0]
        : onnxFiles.find((f) => /(^|\/)model\.onnx$/.test(f.path));
    if (manifest.format === 'onnx' && onnxFile) modelLocation = path.join(modelPath, onnxFile.path);
    manifestMetadata = manifest.metadata;
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
      inputs: options.inputs,
      output: options.output,
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
    const inputSpec = description.feed ?? description.signature.inputs[0];
    let input: ModelInput;
    try {
      const features = resolveModelFeatures(
        options,
        storedFeatureNames(description.metadata, manifestMetadata),
      );
      input = await readModelInput({ ...options, features }, inputSpec.shape);
      checkInputCompatible(input.rowShape, inputSpec);
    } catch (error) {
      if (!isUserError(error)) throw error;
      checks.push({ name: 'input-compatible', status: 'fail', detail: error.message });
      return finish();
    }
    metrics.rows = input.rows;
    dataset = { path: options.data, rows: input.rows };
    if (input.dataFiles.length === 1)
      dataset.sha256 = (await hashFile(path.resolve(options.cwd, input.dataFiles[0]))).sha256;
    checks.push({
      name: 'input-compatible',
      status: 'pass',
      detail: `${input.rows} rows of shape [${input.rowShape.join(', ')}] fit input '${inputSpec.name}' ${formatShape(inputSpec.shape)} (${inputSpec.dtype}).`,
    });

    // 4. Predict: warm-up, then `repeat` timed passes over every batch; check the outputs.
    const timed = await timePredictions(
      runtime,
      input,
      options.batchSize,
      options.warmup,
      options.repeat,
    );
    if ('problem' in timed) {
      checks.push({ name: 'output-shape', status: 'fail', detail: timed.problem });
      return finish();
    }
    const { runs, width } = timed;
    const outputs = runs[0];
    checks.push(outputShapeCheck(timed.outputRowShape, description.signature.outputs[0]?.shape));
    checks.push(finiteOutputsCheck(outputs, width));
    checks.push(probabilitiesCheck(outputs, width, description.finalActivation));
    checks.push(determinismCheck(runs));
    if (options.expectedPredictions) {
      const golden = await readGoldenFile(options.cwd, options.expectedPredictions);
      checks.push(compareGolden(outputs, width, input.ids, golden, options.tolerance));
    }

    // 5. Speed.
    Object.assign(metrics, speedMetrics(timed, input.rows), { batch_size: options.batchSize });

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
