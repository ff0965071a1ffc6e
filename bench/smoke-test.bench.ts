/**
 * smoke-test: throughput of our smoke run against raw `model.predict` on the same model, data
 * and backend, in the same process (what a user would write instead: one tensor, predict with
 * the same batch size, read the result). Target: our per-batch loop within 10% of raw predict.
 * Also WASM (bundled) against the pure-JS cpu backend. BENCH_ROWS changes the WASM row count.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadTensorflow } from '@ml-actions/core/model/tfjs-backend.js';
import { fileLoadHandler, fileSaveHandler } from '@ml-actions/core/model/tfjs-file-io.js';
import { validateTfjsModel } from '@ml-actions/core/model/tfjs-format.js';
import { runSmokeTest } from '@ml-actions/core/smoke/run-smoke-test.js';
import { median, writeFeatureCsv } from './bench-data.js';

const FEATURES = 64;
const CLASSES = 5;
const BATCH = 256;
const ROWS: Record<string, number> = {
  wasm: Number(process.env.BENCH_ROWS ?? 50_000),
  cpu: 10_000,
};
const ROUNDS = 4;

async function buildModel(dir: string): Promise<void> {
  await tf.setBackend('cpu');
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [FEATURES], units: 256, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax' }));
  await model.save(fileSaveHandler(dir));
  model.dispose();
}

/**
 * What a user would run instead, timed after one warm-up batch: `whole` is one
 * `model.predict(x, { batchSize })` over a tensor of every row; `loop` is the bare per-batch
 * loop (tensor, predict, read) that a serving process runs. The faster one is the baseline.
 */
async function rawPredictRowsPerSecond(
  modelDir: string,
  values: Float32Array,
  rows: number,
): Promise<{ whole: number; loop: number }> {
  const model = await tf.loadLayersModel(fileLoadHandler(await validateTfjsModel(modelDir)));
  const x = tf.tensor2d(values, [rows, FEATURES]);
  const warm = model.predict(x.slice(0, BATCH)) as tf.Tensor;
  await warm.data();
  warm.dispose();

  let start = performance.now();
  const y = model.predict(x, { batchSize: BATCH }) as tf.Tensor;
  await y.data();
  const whole = rows / ((performance.now() - start) / 1000);
  tf.dispose([x, y]);

  start = performance.now();
  for (let offset = 0; offset < rows; offset += BATCH) {
    const n = Math.min(BATCH, rows - offset);
    const batch = tf.tensor2d(values.subarray(offset * FEATURES, (offset + n) * FEATURES), [
      n,
      FEATURES,
    ]);
    const out = model.predict(batch) as tf.Tensor;
    await out.data();
    tf.dispose([batch, out]);
  }
  const loop = rows / ((performance.now() - start) / 1000);
  model.dispose();
  return { whole, loop };
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-bench-'));
  const modelDir = path.join(work, 'model');
  await buildModel(modelDir);
  const raw: Record<string, number> = {};
  try {
    for (const backend of ['wasm', 'cpu'] as const) {
      const rows = ROWS[backend];
      const csv = path.join(work, `data-${backend}.csv`);
      const values = await writeFeatureCsv(csv, rows, FEATURES);
      const handle = await loadTensorflow(backend, work);
      if (handle.tf.engine() !== tf.engine() || tf.getBackend() !== backend) {
        throw new Error('the bench and the runtime must share one tfjs-core');
      }
      const ours: number[] = [];
      const whole: number[] = [];
      const loop: number[] = [];
      let endToEnd = 0;
      // Alternate so drift in machine load hits both sides alike.
      const smokeRun = async (): Promise<void> => {
        const start = performance.now();
        const result = await runSmokeTest({
          model: modelDir,
          data: csv,
          cwd: work,
          task: 'auto',
          batchSize: BATCH,
          maxRows: rows,
          seed: 1,
          tolerance: 1e-4,
          backend,
          outputDir: path.join(work, `out-${backend}`),
          warmup: 1,
          repeat: 2,
        });
        endToEnd = performance.now() - start;
        if (!result.passed || result.backend !== backend) {
          throw new Error(`smoke run failed on ${backend}`);
        }
        ours.push(result.metrics.rows_per_second);
      };
      const rawRun = async (): Promise<void> => {
        const rates = await rawPredictRowsPerSecond(modelDir, values, rows);
        whole.push(rates.whole);
        loop.push(rates.loop);
      };
      // Alternate the order so warm-up and machine load favour neither side.
      for (let round = 0; round < ROUNDS; round++) {
        for (const step of round % 2 === 0 ? [smokeRun, rawRun] : [rawRun, smokeRun]) {
          (globalThis as { gc?: () => void }).gc?.();
          await step();
        }
      }
      const oursRate = median(ours);
      raw[backend] = Math.max(median(whole), median(loop));
      const overhead = (raw[backend] / oursRate - 1) * 100;
      console.log(
        `${backend.padEnd(4)} ${rows} rows x ${FEATURES} features, batch ${BATCH}: ` +
          `smoke-test ${oursRate.toFixed(0)} rows/s; raw model.predict(x, {batchSize}) ` +
          `${median(whole).toFixed(0)} rows/s, raw per-batch loop ${median(loop).toFixed(0)} rows/s ` +
          `-> overhead vs the faster ${overhead.toFixed(1)}% (target < 10%)` +
          (overhead < 10 ? '' : '  ** over target **'),
      );
      console.log(
        `     whole smoke run (read CSV, load, checks, files): ${(endToEnd / 1000).toFixed(2)} s`,
      );
    }
    console.log(
      `WASM vs pure-JS cpu (faster raw predict): ${(raw.wasm / raw.cpu).toFixed(1)}x faster`,
    );
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

await main();
