import * as path from 'node:path';
import { writeMetricsFile, type MetricsCheck, type MetricsFile } from '../metrics/metrics-file.js';
import type { BackendChoice, ModelDescription, ModelRuntime } from '../model/model-runtime.js';
import type { ModelInput } from './model-input.js';
import type { SkewRow } from './endpoint-stages.js';
import type { QualityResult, Task } from './quality-metrics.js';
import {
  dataStage,
  goldenStage,
  loadStage,
  predictionsStage,
  predictStage,
  qualityStage,
  speedStage,
  verifyPackageStage,
  type StageResult,
  type VerifiedPackage,
} from './smoke-stages.js';
import type { TimedPredictions } from './timed-predictions.js';

export interface SmokeTestOptions {
  /** Model directory, model.json, ONNX file, or package directory with ml-manifest.json (absolute or cwd-relative). */
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
  /** Per-class precision/recall/F1/support, written as `metrics.per_class.<label>`. */
  perClass?: QualityResult['perClass'];
  model: NonNullable<MetricsFile['model']>;
  /** Endpoint mode: the server's URL (no credentials, no query). */
  endpoint?: string;
  /** Endpoint mode with a local model: the rows where the two differ most. */
  servingSkew?: SkewRow[];
}

/**
 * Stages 1-2 (package verified, model loaded), shared by local and endpoint mode; undefined
 * when a stage failed (its checks are in `record`). The caller disposes the runtime.
 */
export async function verifyAndLoadStages(
  record: SmokeRecord,
  modelPath: string,
  options: Pick<SmokeTestOptions, 'backend' | 'cwd' | 'inputs' | 'output'>,
  log: (message: string) => void,
): Promise<{ runtime: ModelRuntime; metadata: VerifiedPackage['metadata'] } | undefined> {
  const pkg = record.take(await verifyPackageStage(modelPath));
  if (!pkg) return undefined;
  if (pkg.model) Object.assign(record.model, pkg.model);
  const runtime = record.take(
    await loadStage(pkg.location, {
      backend: options.backend,
      workspace: options.cwd,
      log,
      inputs: options.inputs,
      output: options.output,
    }),
  );
  return runtime ? { runtime, metadata: pkg.metadata } : undefined;
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
  const modelPath = path.resolve(options.cwd, options.model);
  const record = new SmokeRecord(options, modelName(modelPath));

  const loaded = await verifyAndLoadStages(record, modelPath, options, log);
  if (!loaded) return record.finish();
  const { runtime, metadata } = loaded;
  try {
    record.backend = runtime.backend;
    const data = record.take(await dataStage(options, runtime.description, metadata));
    if (!data) return await record.finish();
    record.dataset = data.dataset;
    const { input } = data;

    const timed = record.take(await predictStage(runtime, input, options));
    if (!timed) return await record.finish();
    return await record.finish(
      await scoreStages(record, timed, input, runtime.description, options),
    );
  } finally {
    runtime.dispose();
  }
}

/**
 * The stages after the predictions, whoever made them (a local runtime or a model server):
 * golden outputs, speed, quality and the predictions file. Returns what `finish` reports.
 */
export async function scoreStages(
  record: SmokeRecord,
  timed: TimedPredictions,
  input: ModelInput,
  description: ModelDescription,
  options: Pick<
    SmokeTestOptions,
    'cwd' | 'expectedPredictions' | 'tolerance' | 'batchSize' | 'task' | 'outputDir'
  >,
): Promise<Partial<SmokeTestResult>> {
  record.take(await goldenStage(timed, input, options));
  record.take(speedStage(timed, input, options.batchSize));
  const quality = record.take(
    qualityStage(timed, input, description, {
      task: options.task,
      finite: record.passed('finite-outputs'),
    }),
  )!;
  const predictionsFile = record.take(
    await predictionsStage(
      path.join(options.outputDir, 'predictions.jsonl'),
      timed,
      input,
      quality,
    ),
  );
  return {
    predictionsFile,
    task: quality.task,
    classNames: quality.classNames,
    confusionMatrix: quality.confusionMatrix,
    perClass: quality.perClass,
  };
}

/** The model's name in the metrics file: its directory or file name. */
export function modelName(modelPath: string): string {
  return path.basename(modelPath.replace(/[\\/]model\.json$/i, ''));
}

/** What the stages found so far; `finish` writes it as the metrics file. */
export class SmokeRecord {
  readonly checks: MetricsCheck[] = [];
  readonly metrics: Record<string, number> = {};
  readonly model: SmokeTestResult['model'];
  backend = 'none';
  dataset: NonNullable<MetricsFile['dataset']>;
  private readonly metricsFile: string;

  constructor(options: { data: string; outputDir: string }, name: string) {
    this.model = { name };
    this.dataset = { path: options.data };
    this.metricsFile = path.join(options.outputDir, 'metrics.json');
  }

  /** Records a stage's checks and metrics; returns its value (undefined: stop here). */
  take<T>(stage: StageResult<T>): T | undefined {
    this.checks.push(...stage.checks);
    Object.assign(this.metrics, stage.metrics);
    return stage.value;
  }

  passed(check: string): boolean {
    return this.checks.find((c) => c.name === check)?.status === 'pass';
  }

  async finish(extra: Partial<SmokeTestResult> = {}): Promise<SmokeTestResult> {
    await writeMetricsFile(this.metricsFile, {
      model: this.model,
      dataset: this.dataset,
      metrics: extra.perClass ? { ...this.metrics, per_class: extra.perClass } : this.metrics,
      checks: this.checks,
      backend: this.backend,
      // The per-row predictions beside this file (gate's significance-aware rules read it).
      ...(extra.predictionsFile ? { predictions: path.basename(extra.predictionsFile) } : {}),
      ...(extra.task ? { task: extra.task } : {}),
      ...(extra.confusionMatrix
        ? { confusion_matrix: { labels: extra.classNames, matrix: extra.confusionMatrix } }
        : {}),
    });
    return {
      passed: this.checks.every((c) => c.status !== 'fail'),
      checks: this.checks,
      metrics: this.metrics,
      metricsFile: this.metricsFile,
      rows: this.metrics.rows ?? 0,
      backend: this.backend,
      model: this.model,
      ...extra,
    };
  }
}
