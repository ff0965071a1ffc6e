import type { ModelSignature } from './model-types.js';
import { workspaceDir } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';
import type { Batch, LoadModelOptions, ModelRuntime } from './model-runtime.js';
import { loadTensorflow, type Tf } from './tfjs-backend.js';
import { fileLoadHandler } from './tfjs-file-io.js';
import type { TfjsModelInfo } from './tfjs-format.js';

type Tensor = ReturnType<Tf['tensor']>;
type LoadedModel =
  Awaited<ReturnType<Tf['loadLayersModel']>> | Awaited<ReturnType<Tf['loadGraphModel']>>;

/** A TF.js layers or graph model behind the ModelRuntime interface. */
export async function loadTfjsRuntime(
  info: TfjsModelInfo,
  options: LoadModelOptions,
): Promise<ModelRuntime> {
  const { tf, backend, notes } = await loadTensorflow(
    options.backend,
    options.workspace ?? workspaceDir(),
  );
  for (const note of notes) options.log?.(`Backend ${backend}: ${note}.`);
  const handler = fileLoadHandler(info);
  let model: LoadedModel;
  try {
    model =
      info.format === 'tfjs-graph'
        ? await tf.loadGraphModel(handler)
        : await tf.loadLayersModel(handler);
  } catch (error) {
    throw new UserError(
      `${info.modelJsonPath}: TF.js could not load the model: ${(error as Error).message}`,
    );
  }
  if (model.inputs.length !== 1) {
    model.dispose?.();
    throw new UserError(
      `${info.modelJsonPath}: the model has ${model.inputs.length} inputs; smoke-test supports single-input models.`,
    );
  }
  const signature = runtimeSignature(model, info.signature);
  const inputDtype = signature.inputs[0].dtype;
  // Graph models with control flow only run through executeAsync; find out on the first batch.
  let needsAsync = false;

  const run = async (x: Tensor): Promise<Tensor> => {
    if (!needsAsync) {
      try {
        return firstOutput(model.predict(x));
      } catch (error) {
        if (!('executeAsync' in model) || !/executeAsync/.test((error as Error).message))
          throw error;
        needsAsync = true;
      }
    }
    return firstOutput(await (model as Awaited<ReturnType<Tf['loadGraphModel']>>).executeAsync(x));
  };

  return {
    backend,
    description: {
      format: info.format,
      signature,
      parameterCount: info.parameterCount,
      sizeBytes: info.sizeBytes,
      finalActivation: info.finalActivation,
      metadata: info.metadata,
    },
    async predict(input: Batch): Promise<Batch> {
      const x =
        inputDtype === 'int32'
          ? tf.tensor(Int32Array.from(input.values, Math.round), input.shape, 'int32')
          : tf.tensor(input.values, input.shape, 'float32');
      let y: Tensor | undefined;
      try {
        y = await run(x);
        const values = await y.data();
        return {
          values:
            values instanceof Float32Array
              ? values
              : Float32Array.from(values as ArrayLike<number>),
          shape: y.shape,
        };
      } finally {
        x.dispose();
        y?.dispose();
      }
    },
    dispose() {
      model.dispose?.();
    },
  };
}

function firstOutput(output: Tensor | Tensor[] | Record<string, Tensor>): Tensor {
  if (Array.isArray(output)) {
    output.slice(1).forEach((t) => t.dispose());
    return output[0];
  }
  if ('dataId' in output) return output as Tensor;
  const tensors = Object.values(output);
  tensors.slice(1).forEach((t) => t.dispose());
  return tensors[0];
}

/** The loaded model knows exact shapes and dtypes; keep static names where it has none. */
function runtimeSignature(model: LoadedModel, fallback: ModelSignature): ModelSignature {
  const specs = (
    list: { name: string; shape?: (number | null)[] | number[]; dtype?: string }[],
    known: ModelSignature['inputs'],
  ) =>
    list.map((t, i) => ({
      name: t.name || known[i]?.name || `tensor_${i}`,
      dtype: t.dtype ?? known[i]?.dtype ?? 'float32',
      shape: t.shape ? t.shape.map((d) => (d === -1 || d === null ? null : d)) : known[i]?.shape,
    }));
  return {
    inputs: specs(model.inputs as never, fallback.inputs),
    outputs: specs(model.outputs as never, fallback.outputs),
  };
}
