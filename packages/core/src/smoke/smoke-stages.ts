import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { hashFile } from '../artifact/hash-files.js';
import { MANIFEST_FILE, type Manifest } from '../artifact/manifest.js';
import { verifyPackage } from '../artifact/verify-package.js';
import { isUserError, UserError } from '../inputs/user-error.js';
import type { MetricsCheck, MetricsFile } from '../metrics/metrics-file.js';
import {
  loadModel,
  type LoadModelOptions,
  type ModelDescription,
  type ModelRuntime,
} from '../model/model-runtime.js';
import { BackendUnavailableError } from '../model/model-errors.js';
import type { TensorSpec } from '../model/model-types.js';
import { formatShape } from '../model/tensor-shape.js';
import { featureOrderCheck, storedFeatureNames } from './feature-order.js';
import { compareGolden, readGoldenFile } from './golden.js';
import { resolveModelFeatures, type ModelFeatureOptions } from './model-features.js';
import {
  checkInputCompatible,
  readModelInput,
  type ModelInput,
  type ModelInputOptions,
} from './model-input.js';
import {
  determinismCheck,
  finiteOutputsCheck,
  outputShapeCheck,
  probabilitiesCheck,
} from './prediction-checks.js';
import { writePredictionsFile } from './predictions-file.js';
import { computeQualityMetrics, type QualityResult, type Task } from './quality-metrics.js';
import { speedMetrics, timePredictions, type TimedPredictions } from './timed-predictions.js';

/**
 * The stages of a smoke test. Each returns the checks it made and the metrics it measured, in
 * the order they are reported, plus what the next stage needs (`value`). A stage without a
 * `value` failed in a way that stops the run (its failed check says why); later stages are
 * not run. User mistakes that no check can describe (a missing golden file) still throw.
 */
export interface StageResult<T> {
  checks: MetricsCheck[];
  metrics?: Record<string, number>;
  value?: T;
}

type ModelInfo = NonNullable<MetricsFile['model']>;

/** What the package manifest says about the model, for the later stages. */
export interface VerifiedPackage {
  /** The file or directory to load: the package's model.json or ONNX file, else `modelPath`. */
  location: string;
  model?: ModelInfo;
  /** The manifest's free-form metadata (may hold the feature names). */
  metadata?: Record<string, unknown>;
}

/** 1. The package manifest (when there is one) vouches for the files before anything reads them. */
export async function verifyPackageStage(modelPath: string): Promise<StageResult<VerifiedPackage>> {
  if (!(await exists(path.join(modelPath, MANIFEST_FILE)))) {
    return { checks: [], value: { location: modelPath } };
  }
  let manifest: Manifest;
  try {
    manifest = await verifyPackage(modelPath);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { checks: [{ name: 'package-verified', status: 'fail', detail: error.message }] };
  }
  const modelJson = manifest.files.find((f) => /(^|\/)model\.json$/.test(f.path));
  let location = modelJson ? path.join(modelPath, modelJson.path) : modelPath;
  // ONNX packages: the one .onnx file (or model.onnx among several).
  const onnxFiles = manifest.files.filter((f) => /\.onnx$/i.test(f.path));
  const onnxFile =
    onnxFiles.length === 1
      ? onnxFiles[0]
      : onnxFiles.find((f) => /(^|\/)model\.onnx$/.test(f.path));
  if (manifest.format === 'onnx' && onnxFile) location = path.join(modelPath, onnxFile.path);
  return {
    checks: [
      {
        name: 'package-verified',
        status: 'pass',
        detail: `${manifest.files.length} files match ${MANIFEST_FILE} (${manifest.digest}).`,
      },
    ],
    value: {
      location,
      model: { name: manifest.name, version: manifest.version, digest: manifest.digest },
      metadata: manifest.metadata,
    },
  };
}

/**
 * 2. Load the model with the runtime its format needs (ONNX: with the `inputs` mapping and the
 * `output` to read). A bad `backend` choice throws.
 */
export async function loadStage(
  location: string,
  options: LoadModelOptions & { workspace: string; log: (message: string) => void },
): Promise<StageResult<ModelRuntime>> {
  const loadStart = performance.now();
  let runtime: ModelRuntime;
  try {
    runtime = await loadModel(location, options);
  } catch (error) {
    if (error instanceof BackendUnavailableError) throw new UserError(error.message, 'backend');
    if (!isUserError(error)) throw error;
    return { checks: [{ name: 'model-loads', status: 'fail', detail: error.message }] };
  }
  const loadMs = performance.now() - loadStart;
  const { description, backend } = runtime;
  options.log(
    `Model loaded (${description.format}) on backend ${backend} in ${loadMs.toFixed(0)} ms.`,
  );
  return {
    checks: [
      {
        name: 'model-loads',
        status: 'pass',
        detail: `${description.format}, ${description.parameterCount} parameters, backend ${backend}.`,
      },
    ],
    metrics: {
      model_load_ms: loadMs,
      parameter_count: description.parameterCount,
      model_size_bytes: description.sizeBytes,
    },
    value: runtime,
  };
}

/**
 * 3. Read the data, shaped for the tensor the model is fed (its first input, or the columns of
 * several ONNX inputs side by side), and check that it fits. The feature columns are checked
 * against the feature names stored with the model or in the package manifest (`metadata`):
 * columns in another order run fine and silently predict garbage.
 */
export async function dataStage(
  options: ModelInputOptions & ModelFeatureOptions,
  description: ModelDescription,
  metadata?: Record<string, unknown>,
): Promise<StageResult<{ input: ModelInput; dataset: NonNullable<MetricsFile['dataset']> }>> {
  const inputSpec: TensorSpec = description.feed ?? description.signature.inputs[0];
  const storedFeatures = storedFeatureNames(description.metadata, metadata);
  let input: ModelInput;
  try {
    const features = resolveModelFeatures(options, storedFeatures?.names);
    input = await readModelInput({ ...options, features }, inputSpec.shape);
    checkInputCompatible(input.rowShape, inputSpec);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { checks: [{ name: 'input-compatible', status: 'fail', detail: error.message }] };
  }
  const dataset: NonNullable<MetricsFile['dataset']> = { path: options.data, rows: input.rows };
  if (input.dataFiles.length === 1)
    dataset.sha256 = (await hashFile(path.resolve(options.cwd, input.dataFiles[0]))).sha256;
  return {
    checks: [
      {
        name: 'input-compatible',
        status: 'pass',
        detail: `${input.rows} rows of shape [${input.rowShape.join(', ')}] fit input '${inputSpec.name}' ${formatShape(inputSpec.shape)} (${inputSpec.dtype}).`,
      },
      ...[featureOrderCheck(input.features, storedFeatures)].filter(
        (c): c is MetricsCheck => c !== undefined,
      ),
    ],
    metrics: { rows: input.rows },
    value: { input, dataset },
  };
}

/**
 * 4. Predict: warm-up, then `repeat` timed passes over every batch; check the outputs'
 * shape, finiteness, probabilities and determinism.
 */
export async function predictStage(
  runtime: ModelRuntime,
  input: ModelInput,
  options: { batchSize: number; warmup: number; repeat: number },
): Promise<StageResult<TimedPredictions>> {
  const { description } = runtime;
  const timed = await timePredictions(
    runtime,
    input,
    options.batchSize,
    options.warmup,
    options.repeat,
  );
  if ('problem' in timed) {
    return { checks: [{ name: 'output-shape', status: 'fail', detail: timed.problem }] };
  }
  const outputs = timed.runs[0];
  return {
    checks: [
      outputShapeCheck(timed.outputRowShape, description.signature.outputs[0]?.shape),
      finiteOutputsCheck(outputs, timed.width),
      probabilitiesCheck(outputs, timed.width, description.finalActivation),
      determinismCheck(timed.runs),
    ],
    value: timed,
  };
}

/** 5. Compare with golden outputs, when given. */
export async function goldenStage(
  timed: TimedPredictions,
  input: ModelInput,
  options: { cwd: string; expectedPredictions?: string; tolerance: number },
): Promise<StageResult<void>> {
  if (!options.expectedPredictions) return { checks: [] };
  const golden = await readGoldenFile(options.cwd, options.expectedPredictions);
  return {
    checks: [compareGolden(timed.runs[0], timed.width, input.ids, golden, options.tolerance)],
  };
}

/** 6. Speed: latency percentiles and throughput of the timed passes. */
export function speedStage(
  timed: TimedPredictions,
  input: ModelInput,
  batchSize: number,
): StageResult<void> {
  return {
    checks: [],
    metrics: { ...speedMetrics(timed, input.rows), batch_size: batchSize },
  };
}

/** 7. Quality against the labels, when the outputs are usable (finite) and labels exist. */
export function qualityStage(
  timed: TimedPredictions,
  input: ModelInput,
  description: ModelDescription,
  options: { task: Task | 'auto'; finite: boolean },
): StageResult<QualityResult> {
  const quality = computeQualityMetrics({
    task: options.task,
    outputs: timed.runs[0],
    width: timed.width,
    finalActivation: description.finalActivation,
    metadata: description.metadata,
    labels: options.finite ? input.labels : undefined,
  });
  return { checks: quality.checks, metrics: quality.metrics, value: quality };
}

/** 8. The per-row predictions file, and the process's peak memory once everything ran. */
export async function predictionsStage(
  file: string,
  timed: TimedPredictions,
  input: ModelInput,
  quality: QualityResult,
): Promise<StageResult<string>> {
  await writePredictionsFile(file, {
    outputs: timed.runs[0],
    width: timed.width,
    ids: input.ids,
    labels: input.labels,
    task: quality.task,
    classNames: quality.classNames,
    labelIndex: quality.labelIndex,
  });
  return {
    checks: [],
    metrics: { peak_rss_mb: process.resourceUsage().maxRSS / 1024 },
    value: file,
  };
}

async function exists(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => undefined)) !== undefined;
}
