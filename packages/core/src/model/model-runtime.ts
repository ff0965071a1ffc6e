import { BackendUnavailableError } from './model-errors.js';
import type { ModelSignature, TensorSpec } from './model-types.js';

/**
 * What callers (smoke-test, deploy, drift-monitor) need from a model, whatever its format and
 * runtime: load it, learn its signature, predict a batch, free it. The format picks the runtime:
 * `*.onnx` runs on onnxruntime (model/onnx-runtime.ts), anything else on TF.js.
 */

/** `wasm` is the bundled WASM build of either runtime; `onnxruntime-node` applies to ONNX models. */
export const BACKEND_CHOICES = ['auto', 'tfjs-node', 'onnxruntime-node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export interface ModelDescription {
  /** `tfjs-layers` | `tfjs-graph` | `onnx` (the manifest's format names). */
  format: string;
  signature: ModelSignature;
  parameterCount: number;
  sizeBytes: number;
  /** Activation of the final layer when known (`softmax`, `sigmoid`, `linear`, …). */
  finalActivation?: string;
  /** Free-form metadata stored with the model (e.g. `classNames`). */
  metadata?: Record<string, unknown>;
  /** The tensor predict() takes, when it is not the first input (several inputs fed from one row). */
  feed?: TensorSpec;
  /** The output predict() returns, when the model has several (ONNX). */
  output?: string;
}

/** A dense batch: row-major values and their shape (first dimension = rows). */
export interface Batch {
  values: Float32Array;
  shape: number[];
}

export interface ModelRuntime {
  /** The backend that actually runs the model (`wasm`, `cpu`, `tfjs-node`). */
  readonly backend: string;
  readonly description: ModelDescription;
  /** Runs the first output of the model on one batch shaped like the first input. */
  predict(input: Batch): Promise<Batch>;
  dispose(): void;
}

export interface LoadModelOptions {
  backend: BackendChoice;
  /** Where a user-installed accelerator (tfjs-node) is resolved from; default GITHUB_WORKSPACE. */
  workspace?: string;
  /** Receives notes such as why `auto` fell back to a slower backend. */
  log?: (message: string) => void;
  /** ONNX: data columns for each named model input (default: the single input, every feature). */
  inputs?: Record<string, string[]>;
  /** ONNX: the output to read (default: the first tensor output). */
  output?: string;
}

/** Loads a model directory or file with the runtime its format needs, after static checks. */
export async function loadModel(
  location: string,
  options: LoadModelOptions,
): Promise<ModelRuntime> {
  if (/\.onnx$/i.test(location)) {
    const { loadOnnxModel } = await import('./onnx-runtime.js');
    return loadOnnxModel(location, options);
  }
  if (options.backend === 'onnxruntime-node') {
    throw new BackendUnavailableError(
      `backend onnxruntime-node runs ONNX models; ${location} is a TF.js model (use auto, tfjs-node, wasm or cpu).`,
    );
  }
  const { validateTfjsModel } = await import('./tfjs-format.js');
  const { loadTfjsRuntime } = await import('./tfjs-runtime.js');
  return loadTfjsRuntime(await validateTfjsModel(location), options);
}
