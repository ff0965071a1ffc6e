/**
 * ONNX: throughput of a smoke run on an ONNX MLP (64 -> 256 -> 128 -> 5, ReLU, Softmax) over
 * 10,000 rows against raw `session.run` on the same backend, model and batches, in the same
 * process (what a user would write instead: per-batch tensor, run, read). Target: within 10%.
 * Also WASM (bundled onnxruntime-web) against onnxruntime-node when the workspace has it
 * (run from a directory where `onnxruntime-node` resolves; BENCH_WORKSPACE names it).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import onnxProto from 'onnx-proto';
import { loadOnnxRuntime } from '@ml-actions/core/model/onnx-backend.js';
import { runSmokeTest } from '@ml-actions/core/smoke/run-smoke-test.js';
import { median, writeFeatureCsv } from './bench-data.js';

const { onnx } = onnxProto;
const FEATURES = 64;
const LAYERS = [256, 128, 5];
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const BATCH = 256;
const ROUNDS = 4;

function mlp(): Uint8Array {
  let s = 7;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 0.2;
  };
  const node: object[] = [];
  const initializer: object[] = [];
  let input = 'x';
  let width = FEATURES;
  LAYERS.forEach((units, i) => {
    const W = `W${i}`;
    const B = `B${i}`;
    initializer.push(
      {
        name: W,
        dataType: 1,
        dims: [width, units],
        floatData: Array.from({ length: width * units }, rand),
      },
      { name: B, dataType: 1, dims: [units], floatData: Array.from({ length: units }, rand) },
    );
    const z = `z${i}`;
    node.push({ opType: 'Gemm', input: [input, W, B], output: [z] });
    const last = i === LAYERS.length - 1;
    const a = last ? 'probabilities' : `a${i}`;
    node.push(
      last
        ? {
            opType: 'Softmax',
            input: [z],
            output: [a],
            attribute: [{ name: 'axis', type: 2, i: 1 }],
          }
        : { opType: 'Relu', input: [z], output: [a] },
    );
    input = a;
    width = units;
  });
  const info = (name: string, dims: (number | string)[]) => ({
    name,
    type: {
      tensorType: {
        elemType: 1,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  });
  return onnx.ModelProto.encode({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'mlp',
      node,
      initializer,
      input: [info('x', ['N', FEATURES])],
      output: [info('probabilities', ['N', LAYERS.at(-1)!])],
    },
  } as never).finish();
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'onnx-bench-'));
  const workspace = process.env.BENCH_WORKSPACE ?? process.cwd();
  try {
    const modelFile = path.join(work, 'mlp.onnx');
    const bytes = mlp();
    await fs.writeFile(modelFile, bytes);
    const csv = path.join(work, 'data.csv');
    const values = await writeFeatureCsv(csv, ROWS, FEATURES);
    const raw: Record<string, number> = {};
    for (const backend of ['wasm', 'onnxruntime-node'] as const) {
      let handle;
      try {
        handle = await loadOnnxRuntime(backend, workspace);
      } catch (error) {
        console.log(`${backend}: skipped (${(error as Error).message})`);
        continue;
      }
      const { ort } = handle;
      const ours: number[] = [];
      const loop: number[] = [];
      const smokeRun = async () => {
        const result = await runSmokeTest({
          model: modelFile,
          data: csv,
          cwd: workspace,
          task: 'auto',
          batchSize: BATCH,
          maxRows: ROWS,
          seed: 1,
          tolerance: 1e-4,
          backend,
          outputDir: path.join(work, `out-${backend}`),
          warmup: 1,
          repeat: 2,
        });
        if (!result.passed || result.backend !== handle.backend) {
          throw new Error(`smoke run failed on ${backend}: ${JSON.stringify(result.checks)}`);
        }
        ours.push(result.metrics.rows_per_second);
      };
      const rawRun = async () => {
        const session = await ort.InferenceSession.create(bytes);
        const batchOf = (offset: number) => {
          const n = Math.min(BATCH, ROWS - offset);
          return new ort.Tensor(
            'float32',
            values.slice(offset * FEATURES, (offset + n) * FEATURES),
            [n, FEATURES],
          );
        };
        await session.run({ x: batchOf(0) });
        const start = performance.now();
        for (let offset = 0; offset < ROWS; offset += BATCH) {
          const out = await session.run({ x: batchOf(offset) });
          void (out.probabilities.data as Float32Array)[0];
        }
        loop.push(ROWS / ((performance.now() - start) / 1000));
        await session.release();
      };
      for (let round = 0; round < ROUNDS; round++) {
        for (const step of round % 2 === 0 ? [smokeRun, rawRun] : [rawRun, smokeRun]) {
          (globalThis as { gc?: () => void }).gc?.();
          await step();
        }
      }
      raw[backend] = median(loop);
      const oursRate = median(ours);
      const overhead = (raw[backend] / oursRate - 1) * 100;
      console.log(
        `${handle.backend} ${ROWS} rows x ${FEATURES} features, MLP ${LAYERS.join('-')}, batch ${BATCH}: ` +
          `smoke-test ${oursRate.toFixed(0)} rows/s; raw session.run loop ${raw[backend].toFixed(0)} rows/s ` +
          `-> overhead ${overhead.toFixed(1)}% (target < 10%)` +
          (overhead < 10 ? '' : '  ** over target **'),
      );
    }
    if (raw.wasm && raw['onnxruntime-node']) {
      console.log(
        `onnxruntime-node vs WASM (raw): ${(raw['onnxruntime-node'] / raw.wasm).toFixed(1)}x`,
      );
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

await main();
