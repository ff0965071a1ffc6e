import { promises as fs } from 'node:fs';
import onnxProto from 'onnx-proto';
import type { ModelSignature, TensorSpec } from './model-types.js';
import { UserError } from '../inputs/user-error.js';

const { onnx } = onnxProto;

/**
 * Static reading of an ONNX model before any runtime sees it: the protobuf must decode (a
 * truncated or corrupt file fails here with its name), and the graph tells the signature
 * (including non-tensor outputs such as scikit-learn's ZipMap), the parameter count, the op that
 * produces each output (Softmax/Sigmoid make it a classifier) and the `metadata_props`
 * (feature and class names).
 */
export interface OnnxModelFile {
  file: string;
  bytes: Uint8Array;
  signature: ModelSignature;
  parameterCount: number;
  /** `metadata_props`, with JSON values parsed where they parse. */
  metadata: Record<string, unknown>;
  /** Feature names stored with the model (`feature_names` metadata), in model order. */
  featureNames?: string[];
  /** Op type of the node that produces each graph output. */
  outputOps: Record<string, string>;
}

const ELEM_TYPES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64',
  8: 'string', 9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64',
}; // prettier-ignore

type ValueInfo = InstanceType<typeof onnx.ValueInfoProto>;

function spec(info: ValueInfo): TensorSpec {
  const name = info.name ?? '';
  const type = info.type;
  const tensor = type?.tensorType;
  if (!tensor) {
    const kind = type?.sequenceType ? 'sequence' : type?.mapType ? 'map' : 'unknown';
    return { name, dtype: kind };
  }
  const result: TensorSpec = {
    name,
    dtype: ELEM_TYPES[tensor.elemType ?? 0] ?? `onnx-type-${tensor.elemType}`,
  };
  if (tensor.shape) {
    result.shape = (tensor.shape.dim ?? []).map((d) => {
      const v = d.dimValue;
      if (v === undefined || v === null) return null;
      const n = typeof v === 'number' ? v : Number(v.toString());
      return n > 0 ? n : null;
    });
  }
  return result;
}

function parseMetadataValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Feature names from metadata: a JSON list, or a comma-separated string. */
function featureNamesOf(metadata: Record<string, unknown>): string[] | undefined {
  for (const key of ['feature_names', 'features', 'featureNames']) {
    const value = metadata[key];
    if (Array.isArray(value) && value.length > 0) return value.map(String);
    if (key !== 'features' && typeof value === 'string' && value.trim() !== '')
      return value.split(',').map((s) => s.trim());
  }
  return undefined;
}

export function parseOnnxFile(bytes: Uint8Array, file: string): OnnxModelFile {
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new UserError(
      `${file} is not a valid ONNX model (truncated or corrupt: ${(error as Error).message}).`,
    );
  }
  const graph = model.graph;
  if (!graph || !model.irVersion || (graph.output ?? []).length === 0) {
    throw new UserError(`${file} is not a valid ONNX model (no ir_version, graph or outputs).`);
  }
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const parameterCount = (graph.initializer ?? []).reduce(
    (sum, t) => sum + (t.dims ?? []).reduce<number>((p, d) => p * Number(d.toString()), 1),
    0,
  );
  const outputOps: Record<string, string> = {};
  for (const node of graph.node ?? []) {
    for (const out of node.output ?? []) outputOps[out] = node.opType ?? '';
  }
  const metadata: Record<string, unknown> = {};
  for (const prop of model.metadataProps ?? []) {
    if (prop.key) metadata[prop.key] = parseMetadataValue(prop.value ?? '');
  }
  return {
    file,
    bytes,
    signature: {
      inputs: (graph.input ?? [])
        .filter((i) => !initializers.has(i.name ?? ''))
        .map((i) => spec(i as ValueInfo)),
      outputs: (graph.output ?? []).map((o) => spec(o as ValueInfo)),
    },
    parameterCount,
    metadata,
    featureNames: featureNamesOf(metadata),
    outputOps,
  };
}

export async function readOnnxFile(file: string): Promise<OnnxModelFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new UserError(
      `${file}: cannot read the model (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
  return parseOnnxFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
}
