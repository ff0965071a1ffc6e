import { promises as fs } from 'node:fs';
import type { ModelSignature, TensorSpec } from '../model/model-types.js';
import { UserError } from '../inputs/user-error.js';

/**
 * Static reading of an ONNX model: the file must parse as an ONNX ModelProto, and the graph's
 * inputs and outputs (names, element types, shapes) become the package signature. No runtime
 * and no native code: a minimal protobuf wire-format reader over the field numbers of onnx.proto.
 */

// Field numbers from onnx/onnx.proto.
const MODEL = { irVersion: 1, producerName: 2, graph: 7 };
const GRAPH = { initializer: 5, input: 11, output: 12 };
const VALUE_INFO = { name: 1, type: 2 };
const TYPE = { tensorType: 1, sequenceType: 4, mapType: 5, sparseTensorType: 8, optionalType: 9 };
const TENSOR_TYPE = { elemType: 1, shape: 2 };
const SHAPE = { dim: 1 };
const DIM = { value: 1, param: 2 };
const TENSOR = { name: 8, externalData: 13, dataLocation: 14 };
const STRING_ENTRY = { key: 1, value: 2 };

/** TensorProto.DataType names, lower-cased the way TF.js and NumPy spell dtypes. */
const ELEM_TYPES = [
  'undefined', 'float32', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool',
  'float16', 'float64', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16',
  'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4', 'float4e2m1',
]; // prettier-ignore

class WireError extends Error {}

interface Field {
  number: number;
  wireType: number;
  /** Varint value (wire type 0) as a bigint; fixed-width values are not needed here. */
  varint?: bigint;
  /** Bytes of a length-delimited field (wire type 2), a view into the file buffer. */
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const byte = buf[pos++];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
  throw new WireError('varint longer than 10 bytes');
}

/** Every field of one message, in wire order. Throws WireError on malformed input. */
export function readFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new WireError('field number 0');
    switch (wireType) {
      case 0: {
        const [value, next] = readVarint(buf, pos);
        fields.push({ number, wireType, varint: value });
        pos = next;
        break;
      }
      case 1:
      case 5: {
        const width = wireType === 1 ? 8 : 4;
        if (pos + width > buf.length) throw new WireError('truncated fixed-width field');
        fields.push({ number, wireType });
        pos += width;
        break;
      }
      case 2: {
        const [length, next] = readVarint(buf, pos);
        const end = next + Number(length);
        if (length > BigInt(buf.length) || end > buf.length) {
          throw new WireError(`field ${number} runs past the end of its message`);
        }
        fields.push({ number, wireType, bytes: buf.subarray(next, end) });
        pos = end;
        break;
      }
      default:
        throw new WireError(`unsupported wire type ${wireType} (field ${number})`);
    }
  }
  return fields;
}

const messages = (fields: Field[], n: number): Buffer[] =>
  fields.filter((f) => f.number === n && f.bytes).map((f) => f.bytes as Buffer);
const message = (fields: Field[], n: number): Buffer | undefined => messages(fields, n).at(-1);
const text = (fields: Field[], n: number): string | undefined =>
  message(fields, n)?.toString('utf8');
const varint = (fields: Field[], n: number): bigint | undefined =>
  fields.filter((f) => f.number === n && f.varint !== undefined).at(-1)?.varint;

function tensorSpec(valueInfo: Buffer): TensorSpec {
  const info = readFields(valueInfo);
  const name = text(info, VALUE_INFO.name) ?? '';
  const typeBytes = message(info, VALUE_INFO.type);
  if (!typeBytes) return { name, dtype: 'unknown' };
  const type = readFields(typeBytes);
  const tensor = message(type, TYPE.tensorType) ?? message(type, TYPE.sparseTensorType);
  if (!tensor) {
    const kind = type.some((f) => f.number === TYPE.sequenceType)
      ? 'sequence'
      : type.some((f) => f.number === TYPE.mapType)
        ? 'map'
        : type.some((f) => f.number === TYPE.optionalType)
          ? 'optional'
          : 'unknown';
    return { name, dtype: kind };
  }
  const tensorFields = readFields(tensor);
  const elem = Number(varint(tensorFields, TENSOR_TYPE.elemType) ?? 0n);
  const spec: TensorSpec = { name, dtype: ELEM_TYPES[elem] ?? `onnx-type-${elem}` };
  const shapeBytes = message(tensorFields, TENSOR_TYPE.shape);
  if (shapeBytes) {
    spec.shape = messages(readFields(shapeBytes), SHAPE.dim).map((dim) => {
      const value = varint(readFields(dim), DIM.value);
      // dim_param (a symbolic name) or nothing at all: a dynamic dimension.
      return value === undefined ? null : Number(BigInt.asIntN(64, value));
    });
  }
  return spec;
}

export interface OnnxModelInfo {
  irVersion: number;
  producer?: string;
  signature: ModelSignature;
  /** Files the initializers keep their data in (external data), relative to the model file. */
  externalData: string[];
}

/** Parses ONNX model bytes; `source` names the file in errors. */
export function parseOnnxModel(bytes: Buffer, source: string): OnnxModelInfo {
  const invalid = (why: string): UserError =>
    new UserError(`${source} is not a valid ONNX model: ${why}.`);
  try {
    const model = readFields(bytes);
    const ir = varint(model, MODEL.irVersion);
    if (ir === undefined || ir <= 0n) throw invalid('it has no ir_version');
    const graphBytes = message(model, MODEL.graph);
    if (!graphBytes) throw invalid('it has no graph');
    const graph = readFields(graphBytes);

    const initializers = new Set<string>();
    const externalData = new Set<string>();
    for (const init of messages(graph, GRAPH.initializer)) {
      const tensor = readFields(init);
      const name = text(tensor, TENSOR.name);
      if (name) initializers.add(name);
      if (varint(tensor, TENSOR.dataLocation) === 1n) {
        for (const entry of messages(tensor, TENSOR.externalData)) {
          const kv = readFields(entry);
          if (text(kv, STRING_ENTRY.key) === 'location') {
            const location = text(kv, STRING_ENTRY.value);
            if (location) externalData.add(location);
          }
        }
      }
    }
    // Before IR version 4, initializers are also listed as graph inputs; they are weights, not inputs.
    const inputs = messages(graph, GRAPH.input)
      .map(tensorSpec)
      .filter((spec) => !initializers.has(spec.name));
    const outputs = messages(graph, GRAPH.output).map(tensorSpec);
    if (outputs.length === 0) throw invalid('its graph declares no outputs');
    return {
      irVersion: Number(ir),
      producer: text(model, MODEL.producerName),
      signature: { inputs, outputs },
      externalData: [...externalData],
    };
  } catch (error) {
    if (error instanceof WireError) throw invalid(`the protobuf is malformed (${error.message})`);
    throw error;
  }
}

export async function readOnnxModel(file: string, source = file): Promise<OnnxModelInfo> {
  return parseOnnxModel(await fs.readFile(file), source);
}
