import { promises as fs } from 'node:fs';
import { UserError } from '../inputs/user-error.js';

/**
 * Non-tabular inputs (images, sequences): a `.npy` array or a JSON nested array whose first
 * dimension is rows. Returned row-major as float32 with its shape.
 */
export interface TensorData {
  values: Float32Array;
  shape: number[];
}

export async function readTensorFile(file: string, input = 'data'): Promise<TensorData> {
  if (/\.npy$/i.test(file)) return parseNpy(await fs.readFile(file), file, input);
  const text = await fs.readFile(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`'${file}' is not valid JSON: ${(error as Error).message}`, input);
  }
  return fromNested(data, file, input);
}

function fromNested(data: unknown, file: string, input: string): TensorData {
  const shape: number[] = [];
  for (let level: unknown = data; Array.isArray(level); level = level[0]) shape.push(level.length);
  if (shape.length === 0 || shape[0] === 0) {
    throw new UserError(
      `'${file}' must hold a non-empty nested array of numbers (rows first).`,
      input,
    );
  }
  const flat = (data as unknown[]).flat(Infinity as 1);
  const size = shape.reduce((a, b) => a * b, 1);
  if (flat.length !== size || !flat.every((v) => typeof v === 'number')) {
    throw new UserError(
      `'${file}' is not a rectangular array of numbers (shape ${JSON.stringify(shape)} expected).`,
      input,
    );
  }
  return { values: Float32Array.from(flat as number[]), shape };
}

/** NumPy .npy v1–v3, little-endian float32/float64/int32/int64/uint8, C order. */
function parseNpy(buffer: Buffer, file: string, input: string): TensorData {
  const bad = (what: string): never => {
    throw new UserError(`'${file}' ${what}`, input);
  };
  if (buffer.subarray(0, 6).toString('latin1') !== '\x93NUMPY') bad('is not a .npy file.');
  const major = buffer[6];
  const headerLength = major === 1 ? buffer.readUInt16LE(8) : buffer.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buffer.subarray(start, start + headerLength).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) bad('has an unreadable header.');
  if (fortran) bad('is in Fortran order; save it with C order (np.ascontiguousarray).');
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  const body = buffer.subarray(start + headerLength);
  const readers: Record<string, [number, (offset: number) => number]> = {
    '<f4': [4, (o) => body.readFloatLE(o)],
    '<f8': [8, (o) => body.readDoubleLE(o)],
    '<i4': [4, (o) => body.readInt32LE(o)],
    '<i8': [8, (o) => Number(body.readBigInt64LE(o))],
    '|u1': [1, (o) => body[o]],
  };
  const reader = readers[descr!];
  if (!reader) bad(`has dtype ${descr}; use float32, float64, int32, int64 or uint8.`);
  const [bytes, read] = reader!;
  if (body.length < size * bytes)
    bad(`is truncated: shape ${JSON.stringify(shape)} needs ${size * bytes} bytes.`);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = read(i * bytes);
  return { values, shape };
}
