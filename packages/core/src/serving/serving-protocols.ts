import type { Batch } from '../model/model-runtime.js';
import { rowSize } from '../model/tensor-shape.js';
import { selectPath, type ResponsePath } from './response-path.js';

/**
 * The request and answer shapes of the serving protocols, as their documentation gives them.
 * Pure: a batch in, a JSON body out; an answer in, a batch (rows × width) or a problem out.
 *
 * - `open-inference` (Open Inference Protocol, "V2": KServe, Triton, Seldon MLServer, OpenVINO):
 *   `POST /v2/models/<name>[/versions/<v>]/infer` with `{"inputs": [{"name", "shape",
 *   "datatype", "data"}], "outputs"?: [{"name"}]}`; `datatype` is one of BOOL, UINT8…UINT64,
 *   INT8…INT64, FP16, FP32, FP64, BYTES; `data` is the tensor flattened row-major (servers also
 *   accept it nested). The answer is `{"model_name", "model_version"?, "id"?, "outputs":
 *   [{"name", "shape", "datatype", "data"}]}`, the same tensor form; errors are a non-200 status
 *   with `{"error": "<message>"}`.
 * - `tf-serving` (TensorFlow Serving REST): `POST /v1/models/<name>[/versions/<v>|/labels/<l>]:predict`.
 *   Row format: `{"signature_name"?, "instances": [<row>, …]}`, each row a value or list, or an
 *   object of named inputs; answer `{"predictions": [<row>, …]}`. Columnar format (here
 *   `tf-serving-columnar`): `{"inputs": <tensor> | {"<name>": <tensor>}}`, answer
 *   `{"outputs": <tensor> | {"<name>": <tensor>}}`. Errors: `{"error": "<message>"}`.
 * - `mlflow` (MLflow scoring server, `mlflow models serve`): `POST /invocations` with
 *   `Content-Type: application/json` and `{"dataframe_split": {"columns": [...], "data":
 *   [[...], …]}}` (the server also takes `dataframe_records`, `instances` or `inputs`; we send
 *   `inputs` when the columns have no names). MLflow 2 answers `{"predictions": […]}`, MLflow 1
 *   the bare list; a DataFrame result comes as a list of records.
 * - `json` (a home-made server): `POST <url>` with `{"instances": [<row>, …]}`, each row an
 *   object of feature name → value when the data has column names, else a list; the
 *   predictions are wherever `response-path` points (default `$.predictions`).
 */
export const SERVING_PROTOCOLS = [
  'open-inference',
  'tf-serving',
  'tf-serving-columnar',
  'mlflow',
  'json',
] as const;
export type ServingProtocol = (typeof SERVING_PROTOCOLS)[number];

/** One tensor the server is fed: a slice of each row's values (several ONNX-style inputs). */
export interface InputTensor {
  name: string;
  /** Values of one row this tensor takes (the tensor's row shape is `[width]` when split). */
  width: number;
  /** `float32` | `float64` | `int32` | `int64` (the model's dtype when known). */
  dtype: string;
}

export interface ProtocolOptions {
  protocol: ServingProtocol;
  /** open-inference and tf-serving: the model's name on the server. */
  modelName?: string;
  /** The tensors a row is cut into, in order; one tensor takes the whole row. */
  tensors: InputTensor[];
  /** Column names of table rows (mlflow's `columns`, json's record keys). */
  features?: string[];
  /** The output to read when the server answers several (open-inference, tf-serving). */
  output?: string;
  /** Where the predictions are in the answer (json; overrides the protocol's place). */
  responsePath?: ResponsePath;
}

/** The path the protocol posts to, below the endpoint's base URL (`''`: the URL itself). */
export function protocolPath(protocol: ServingProtocol, modelName = ''): string {
  const name = encodeURIComponent(modelName);
  switch (protocol) {
    case 'open-inference':
      return `/v2/models/${name}/infer`;
    case 'tf-serving':
    case 'tf-serving-columnar':
      return `/v1/models/${name}:predict`;
    case 'mlflow':
      return '/invocations';
    case 'json':
      return '';
  }
}

const OIP_DATATYPES: Record<string, string> = {
  float32: 'FP32',
  float64: 'FP64',
  int32: 'INT32',
  int64: 'INT64',
};

/** The request body for one batch. */
export function encodeBatch(options: ProtocolOptions, batch: Batch): unknown {
  const rows = batch.shape[0];
  const rowShape = batch.shape.slice(1);
  const parts = splitTensors(options.tensors, batch);
  const nestedRows = (values: Float32Array, shape: number[]) => nest(values, [rows, ...shape]);
  switch (options.protocol) {
    case 'open-inference':
      return {
        inputs: parts.map(({ tensor, values, shape }) => ({
          name: tensor.name,
          shape: [rows, ...shape],
          datatype: OIP_DATATYPES[tensor.dtype] ?? 'FP32',
          data: Array.from(values),
        })),
        ...(options.output ? { outputs: [{ name: options.output }] } : {}),
      };
    case 'tf-serving': {
      if (parts.length === 1) return { instances: nestedRows(parts[0].values, parts[0].shape) };
      const columns = parts.map((p) => nestedRows(p.values, p.shape) as unknown[]);
      return {
        instances: Array.from({ length: rows }, (_, r) =>
          Object.fromEntries(parts.map((p, k) => [p.tensor.name, columns[k][r]])),
        ),
      };
    }
    case 'tf-serving-columnar':
      return {
        inputs:
          parts.length === 1
            ? nestedRows(parts[0].values, parts[0].shape)
            : Object.fromEntries(parts.map((p) => [p.tensor.name, nestedRows(p.values, p.shape)])),
      };
    case 'mlflow':
      return tableRows(options, rowShape)
        ? {
            dataframe_split: {
              columns: options.features,
              data: nestedRows(batch.values, rowShape),
            },
          }
        : { inputs: nestedRows(batch.values, rowShape) };
    case 'json': {
      const data = nestedRows(batch.values, rowShape) as unknown[];
      const features = options.features;
      if (!tableRows(options, rowShape)) return { instances: data };
      return {
        instances: data.map((row) =>
          Object.fromEntries((row as number[]).map((v, j) => [features![j], v])),
        ),
      };
    }
  }
}

function tableRows(options: ProtocolOptions, rowShape: number[]): boolean {
  return (
    options.features !== undefined &&
    rowShape.length === 1 &&
    options.features.length === rowShape[0]
  );
}

function splitTensors(tensors: InputTensor[], batch: Batch) {
  const rows = batch.shape[0];
  const rowShape = batch.shape.slice(1);
  if (tensors.length <= 1) {
    const tensor = tensors[0] ?? { name: 'input', width: rowSize(rowShape), dtype: 'float32' };
    return [{ tensor, values: batch.values, shape: rowShape }];
  }
  // Several tensors: each takes its columns of the (flat) row, in order.
  const size = rowSize(rowShape);
  let offset = 0;
  return tensors.map((tensor) => {
    const values = new Float32Array(rows * tensor.width);
    for (let r = 0; r < rows; r++) {
      values.set(
        batch.values.subarray(r * size + offset, r * size + offset + tensor.width),
        r * tensor.width,
      );
    }
    offset += tensor.width;
    return { tensor, values, shape: [tensor.width] };
  });
}

/** Row-major values as nested arrays of `shape`. */
function nest(values: Float32Array, shape: number[]): unknown[] {
  const build = (offset: number, depth: number): unknown[] => {
    const size = rowSize(shape.slice(depth + 1));
    return Array.from({ length: shape[depth] }, (_, i) =>
      depth === shape.length - 1 ? values[offset + i] : build(offset + i * size, depth + 1),
    );
  };
  return build(0, 0);
}

export type Decoded = { batch: Batch } | { problem: string };

/** The predictions of one batch of `rows` rows from the server's answer. */
export function decodeAnswer(options: ProtocolOptions, answer: unknown, rows: number): Decoded {
  if (options.responsePath) {
    const found = selectPath(options.responsePath, answer);
    if ('missing' in found) {
      return {
        problem: `the answer has nothing at ${found.missing} (response-path ${options.responsePath.text}).`,
      };
    }
    return toRows(found.value, rows, options.responsePath.text, options.output);
  }
  const record = isRecord(answer) ? answer : undefined;
  switch (options.protocol) {
    case 'open-inference':
      return decodeOpenInference(record?.outputs, rows, options.output);
    case 'tf-serving':
    case 'tf-serving-columnar': {
      const key = record && 'predictions' in record ? 'predictions' : 'outputs';
      if (!record || !(key in record)) {
        return {
          problem:
            'the answer has neither "predictions" (row format) nor "outputs" (columnar format).',
        };
      }
      const value = record[key];
      const named = isRecord(value) ? pickNamed(value, options.output) : { value, name: '' };
      if ('problem' in named) return named;
      return toRows(named.value, rows, `$.${key}${named.name ? `.${named.name}` : ''}`);
    }
    case 'mlflow':
      if (Array.isArray(answer)) return toRows(answer, rows, '$', options.output);
      if (record && 'predictions' in record)
        return toRows(record.predictions, rows, '$.predictions', options.output);
      return { problem: 'the answer is neither a list nor {"predictions": …}.' };
    case 'json': {
      if (!record || !('predictions' in record)) {
        return {
          problem:
            'the answer has no "predictions": set response-path to where the predictions are (e.g. $.data[*].score).',
        };
      }
      return toRows(record.predictions, rows, '$.predictions', options.output);
    }
  }
}

function decodeOpenInference(outputs: unknown, rows: number, wanted?: string): Decoded {
  if (!Array.isArray(outputs) || outputs.length === 0) {
    return { problem: 'the answer has no "outputs" list of tensors.' };
  }
  const tensor = (
    wanted ? outputs.find((o) => isRecord(o) && o.name === wanted) : outputs[0]
  ) as unknown;
  if (!isRecord(tensor)) {
    const names = outputs.map((o) => (isRecord(o) ? String(o.name) : '?')).join(', ');
    return { problem: `the answer has no output '${wanted}' (outputs: ${names}).` };
  }
  const where = `output '${String(tensor.name)}'`;
  if (tensor.datatype === 'BYTES') return { problem: `${where} is BYTES, not numbers.` };
  const shape = tensor.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    return { problem: `${where} has no valid "shape".` };
  }
  const data = Array.isArray(tensor.data) ? tensor.data.flat(Infinity as 1) : undefined;
  const size = rowSize(shape as number[]);
  if (!data || data.length !== size) {
    return {
      problem: `${where} has ${data ? data.length : 'no'} data values for shape [${shape.join(', ')}].`,
    };
  }
  if (shape[0] !== rows)
    return { problem: `a batch of ${rows} rows gave ${String(shape[0])} output rows.` };
  const bad = data.findIndex((v) => typeof v !== 'number');
  if (bad >= 0) return { problem: `${where} value ${bad} is ${preview(data[bad])}, not a number.` };
  return { batch: { values: Float32Array.from(data as number[]), shape: shape as number[] } };
}

function pickNamed(
  value: Record<string, unknown>,
  wanted?: string,
): { value: unknown; name: string } | { problem: string } {
  const names = Object.keys(value);
  const name = wanted ?? names[0];
  if (name === undefined || !(name in value)) {
    return { problem: `the answer has no output '${wanted}' (outputs: ${names.join(', ')}).` };
  }
  return { value: value[name], name };
}

/**
 * One entry per row: a number, a (nested) list of numbers, or a record whose numeric fields
 * (or its `field`) are the row's outputs. Every row must have the same width.
 */
function toRows(value: unknown, rows: number, where: string, field?: string): Decoded {
  if (!Array.isArray(value))
    return { problem: `${where} is ${preview(value)}, not a list of predictions.` };
  if (value.length !== rows)
    return { problem: `a batch of ${rows} rows gave ${value.length} predictions at ${where}.` };
  let width = -1;
  let rowShape: number[] = [];
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let item = value[r];
    if (isRecord(item))
      item = field !== undefined && field in item ? item[field] : Object.values(item);
    const flat = Array.isArray(item) ? item.flat(Infinity as 1) : [item];
    const bad = flat.find((v) => typeof v !== 'number');
    if (bad !== undefined || flat.length === 0) {
      return {
        problem: `prediction ${r + 1} at ${where} is ${preview(value[r])}: the endpoint must answer numbers (scores, probabilities or values).`,
      };
    }
    if (width < 0) {
      width = flat.length;
      rowShape = Array.isArray(item) ? shapeOf(item) : [];
    } else if (flat.length !== width) {
      return {
        problem: `prediction ${r + 1} at ${where} has ${flat.length} values, the first had ${width}.`,
      };
    }
    out.push(...(flat as number[]));
  }
  return { batch: { values: Float32Array.from(out), shape: [rows, ...rowShape] } };
}

function shapeOf(value: unknown[]): number[] {
  const shape: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  return shape;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, inert rendering of an unexpected value for a one-line message. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
