import type { TensorSpec } from './model-types.js';
import { workspaceDir } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';
import type { Batch, LoadModelOptions, ModelRuntime } from './model-runtime.js';
import { loadOnnxRuntime, type Ort } from './onnx-backend.js';
import { readOnnxFile, type OnnxModelFile } from './onnx-format.js';

type Session = Awaited<ReturnType<Ort['InferenceSession']['create']>>;
type OrtTensor = InstanceType<Ort['Tensor']>;

const NUMERIC_INPUTS = new Set(['float32', 'float64', 'int64', 'int32']);

export const ZIPMAP_HINT =
  'export the classifier without ZipMap (skl2onnx: convert_sklearn(clf, initial_types=..., ' +
  "options={id(clf): {'zipmap': False}})) so probabilities are a tensor";

/** One model input fed from a slice of each feature row. */
interface Feed {
  spec: TensorSpec;
  /** Offset and width of its columns in a feature row; undefined = the whole row (tensor data). */
  offset?: number;
  width?: number;
}

/**
 * An ONNX model behind the ModelRuntime interface, on onnxruntime-node (workspace) or the bundled
 * onnxruntime-web WASM build. Handles what exported models need: a fixed batch dimension (runs
 * in batches of that size, padding the last one), several inputs fed from named column groups
 * (`inputs`), the choice of output (`output`, default the first tensor output), and float32,
 * float64, int64 and int32 inputs. Outputs come back as float32.
 */
export async function loadOnnxModel(
  file: string,
  options: LoadModelOptions,
): Promise<ModelRuntime> {
  const info = await readOnnxFile(file);
  const feeds = planFeeds(info, options.inputs);
  const output = pickOutput(info, options.output);
  if (!options.output && info.signature.outputs.length > 1) {
    options.log?.(
      `Reading output '${output.name}' (the first tensor output); set output to read another (${info.signature.outputs.map((o) => o.name).join(', ')}).`,
    );
  }

  const { ort, backend, notes } = await loadOnnxRuntime(
    options.backend,
    options.workspace ?? workspaceDir(),
  );
  for (const note of notes) options.log?.(`Backend ${backend}: ${note}.`);
  let session: Session;
  try {
    session = await ort.InferenceSession.create(info.bytes, { graphOptimizationLevel: 'all' });
  } catch (error) {
    throw new UserError(`${file}: onnxruntime could not load the model: ${firstLine(error)}`);
  }

  const fixedBatch = feeds[0].spec.shape?.[0] ?? undefined;
  const totalWidth = feeds.reduce((sum, f) => sum + (f.width ?? 0), 0);
  const feedSpec: TensorSpec | undefined =
    feeds.length > 1 || feeds[0].width !== undefined
      ? {
          name: feeds.map((f) => f.spec.name).join(' + '),
          dtype: feeds[0].spec.dtype,
          shape: [null, totalWidth],
        }
      : undefined;
  const op = info.outputOps[output.name];
  const finalActivation = op === 'Softmax' ? 'softmax' : op === 'Sigmoid' ? 'sigmoid' : undefined;

  const runChunk = async (batch: Batch, start: number, rows: number, padTo: number) => {
    const rowSize = batch.shape.slice(1).reduce((a, b) => a * b, 1);
    const feedsByName: Record<string, OrtTensor> = {};
    for (const feed of feeds) {
      const width = feed.width ?? rowSize;
      const values = new Float64Array(padTo * width);
      for (let r = 0; r < rows; r++) {
        const from = (start + r) * rowSize + (feed.offset ?? 0);
        values.set(batch.values.subarray(from, from + width), r * width);
      }
      const dims = feed.width !== undefined ? [padTo, width] : [padTo, ...batch.shape.slice(1)];
      feedsByName[feed.spec.name] = tensorOf(ort, feed.spec.dtype, values, dims);
    }
    let result: Record<string, OrtTensor>;
    try {
      result = await session.run(feedsByName, [output.name]);
    } catch (error) {
      throw new UserError(
        `${file}: onnxruntime failed on a batch of ${rows} rows: ${firstLine(error)}`,
      );
    }
    const out = result[output.name];
    const data = out.data as ArrayLike<number | bigint>;
    const perRow = out.dims[0] > 0 ? data.length / out.dims[0] : 0;
    const values = new Float32Array(rows * perRow);
    for (let i = 0; i < values.length; i++) values[i] = Number(data[i]);
    return { values, rowShape: out.dims.slice(1) };
  };

  return {
    backend,
    description: {
      format: 'onnx',
      signature: info.signature,
      parameterCount: info.parameterCount,
      sizeBytes: info.bytes.byteLength,
      finalActivation,
      metadata: {
        ...info.metadata,
        ...(info.featureNames ? { featureNames: info.featureNames } : {}),
      },
      ...(feedSpec ? { feed: feedSpec } : {}),
      output: output.name,
    },
    async predict(input: Batch): Promise<Batch> {
      const rows = input.shape[0];
      const chunk = fixedBatch ?? rows;
      const parts: Float32Array[] = [];
      let rowShape: number[] = [];
      for (let start = 0; start < rows; start += chunk) {
        const n = Math.min(chunk, rows - start);
        const part = await runChunk(input, start, n, fixedBatch ?? n);
        parts.push(part.values);
        rowShape = part.rowShape;
      }
      const values = parts.length === 1 ? parts[0] : concat(parts);
      return { values, shape: [rows, ...rowShape] };
    },
    dispose() {
      void session.release();
    },
  };
}

/** Which model inputs get which columns; fails naming the input that cannot be fed. */
function planFeeds(info: OnnxModelFile, mapping: Record<string, string[]> | undefined): Feed[] {
  const inputs = info.signature.inputs;
  const names = inputs.map((i) => i.name);
  for (const spec of inputs) {
    if (spec.dtype === 'string') {
      throw new UserError(
        `${info.file}: model input '${spec.name}' takes strings; smoke-test feeds numbers. ` +
          'Export the model with the string encoding outside the graph (numeric inputs only).',
      );
    }
    if (!NUMERIC_INPUTS.has(spec.dtype)) {
      throw new UserError(
        `${info.file}: model input '${spec.name}' has dtype ${spec.dtype}; smoke-test feeds float32, float64, int64 or int32 inputs.`,
      );
    }
  }
  if (!mapping || Object.keys(mapping).length === 0) {
    if (inputs.length !== 1) {
      throw new UserError(
        `${info.file}: the model has ${inputs.length} inputs (${names.join(', ')}); map data columns to each with inputs (e.g. ${names[0]}: [a, b]).`,
      );
    }
    return [{ spec: inputs[0] }];
  }
  for (const key of Object.keys(mapping)) {
    if (!names.includes(key)) {
      throw new UserError(
        `${info.file}: inputs maps columns to '${key}', which is not a model input (inputs: ${names.join(', ')}).`,
      );
    }
  }
  const feeds: Feed[] = [];
  let offset = 0;
  for (const spec of inputs) {
    const columns = mapping[spec.name];
    if (!columns || columns.length === 0) {
      throw new UserError(
        `${info.file}: model input '${spec.name}' is missing from inputs (map data columns to every input: ${names.join(', ')}).`,
      );
    }
    const declared = spec.shape;
    if (
      declared &&
      (declared.length !== 2 || (declared[1] !== null && declared[1] !== columns.length))
    ) {
      throw new UserError(
        `${info.file}: model input '${spec.name}' expects shape [${declared.map((d) => d ?? '?').join(', ')}] but inputs gives it ${columns.length} column(s).`,
      );
    }
    feeds.push({ spec, offset, width: columns.length });
    offset += columns.length;
  }
  return feeds;
}

/** The output to read: named by `output`, else the first tensor output; ZipMap outputs refused. */
function pickOutput(info: OnnxModelFile, requested: string | undefined): TensorSpec {
  const outputs = info.signature.outputs;
  const isTensor = (s: TensorSpec) =>
    s.dtype !== 'sequence' && s.dtype !== 'map' && s.dtype !== 'unknown';
  const list = outputs.map((o) => `${o.name} (${o.dtype})`).join(', ');
  if (requested) {
    const found = outputs.find((o) => o.name === requested);
    if (!found)
      throw new UserError(
        `${info.file}: the model has no output '${requested}' (outputs: ${list}).`,
      );
    if (!isTensor(found)) {
      throw new UserError(
        `${info.file}: output '${found.name}' is a ${found.dtype} (scikit-learn's ZipMap), not a tensor; ${ZIPMAP_HINT}.`,
      );
    }
    return found;
  }
  const zipmap = outputs.find((o) => !isTensor(o));
  if (zipmap) {
    throw new UserError(
      `${info.file}: output '${zipmap.name}' is a ${zipmap.dtype} (scikit-learn's ZipMap) so its probabilities cannot be read; ${ZIPMAP_HINT}, or pick a tensor output with output (outputs: ${list}).`,
    );
  }
  return outputs[0];
}

function tensorOf(ort: Ort, dtype: string, values: Float64Array, dims: number[]): OrtTensor {
  switch (dtype) {
    case 'float64':
      return new ort.Tensor('float64', values, dims);
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(values, (v) => BigInt(Math.round(v))),
        dims,
      );
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(values, Math.round), dims);
    default:
      return new ort.Tensor('float32', Float32Array.from(values), dims);
  }
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
}
