import type { ModelRuntime } from '../model/model-runtime.js';
import { batchAt, rowSize, type BatchedInput } from '../model/tensor-shape.js';
import { percentile } from './prediction-checks.js';

export interface TimedPredictions {
  /** Outputs of each pass (rows × width, row-major); the first one is reported. */
  runs: Float32Array[];
  /** Shape of one output row. */
  outputRowShape: number[];
  width: number;
  /** Latency of every timed predict call, and the same divided by its rows. */
  batchMs: number[];
  rowMs: number[];
  predictMs: number;
}

/**
 * `warmup` untimed calls on the first batch, then `repeat` timed passes over every batch of
 * `batchSize` rows. Returns a one-line problem instead when the model answers a batch with a
 * different number of rows.
 */
export async function timePredictions(
  runtime: ModelRuntime,
  input: BatchedInput,
  batchSize: number,
  warmup: number,
  repeat: number,
): Promise<TimedPredictions | { problem: string }> {
  const batchOf = (start: number) => batchAt(input, start, batchSize);
  for (let w = 0; w < warmup; w++) await runtime.predict(batchOf(0));

  const runs: Float32Array[] = [];
  const batchMs: number[] = [];
  const rowMs: number[] = [];
  let outputRowShape: number[] | undefined;
  let width = 0;
  let predictMs = 0;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    let outputs: Float32Array | undefined;
    for (let start = 0; start < input.rows; start += batchSize) {
      const batch = batchOf(start);
      const t0 = performance.now();
      const out = await runtime.predict(batch);
      const ms = performance.now() - t0;
      predictMs += ms;
      batchMs.push(ms);
      rowMs.push(ms / batch.shape[0]);
      if (out.shape[0] !== batch.shape[0]) {
        return { problem: `a batch of ${batch.shape[0]} rows gave ${out.shape[0]} output rows.` };
      }
      if (!outputRowShape) {
        outputRowShape = out.shape.slice(1);
        width = rowSize(outputRowShape);
      }
      outputs ??= new Float32Array(input.rows * width);
      outputs.set(out.values, start * width);
    }
    runs.push(outputs!);
  }
  return { runs, outputRowShape: outputRowShape!, width, batchMs, rowMs, predictMs };
}

/** Latency percentiles (per call and per row, after warm-up) and throughput, by metric name. */
export function speedMetrics(timed: TimedPredictions, rows: number): Record<string, number> {
  return {
    latency_ms_p50: percentile(timed.batchMs, 50),
    latency_ms_p95: percentile(timed.batchMs, 95),
    latency_ms_p99: percentile(timed.batchMs, 99),
    latency_ms_per_row_p50: percentile(timed.rowMs, 50),
    latency_ms_per_row_p95: percentile(timed.rowMs, 95),
    latency_ms_per_row_p99: percentile(timed.rowMs, 99),
    rows_per_second: (rows * timed.runs.length) / (timed.predictMs / 1000),
  };
}
