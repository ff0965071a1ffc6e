import type { ModelDescription } from '../model/model-runtime.js';
import { batchAt, rowSize } from '../model/tensor-shape.js';
import { formatNumber } from '../report/format-number.js';
import { EndpointError, type EndpointClient } from '../serving/endpoint-client.js';
import type { ModelInput } from './model-input.js';
import {
  determinismCheck,
  finiteOutputsCheck,
  outputShapeCheck,
  probabilitiesCheck,
} from './prediction-checks.js';
import type { StageResult } from './smoke-stages.js';
import type { TimedPredictions } from './timed-predictions.js';

/**
 * The stages of a smoke test against a model server (endpoint mode): the data goes to the
 * server in batches instead of a local runtime; the answers get the same checks, and with a
 * local model beside it, the two must agree (serving skew).
 */

/**
 * Warm-up requests, then `repeat` timed passes over every batch. Latency is what each
 * successful request took (retries and their waits are not part of it: they show in the error
 * rate). A server that gives no usable answer, retries included, fails `endpoint-answers`.
 */
export async function endpointPredictStage(
  client: EndpointClient,
  input: ModelInput,
  description: ModelDescription,
  options: { batchSize: number; warmup: number; repeat: number },
): Promise<StageResult<TimedPredictions>> {
  const { batchSize } = options;
  const batches = Math.ceil(input.rows / batchSize);
  const runs: Float32Array[] = [];
  const batchMs: number[] = [];
  const rowMs: number[] = [];
  let outputRowShape: number[] = [];
  let width = 0;
  try {
    for (let w = 0; w < options.warmup; w++) {
      await client.predict(batchAt(input, 0, batchSize), `warm-up request ${w + 1}`);
    }
    for (let r = 0; r < Math.max(1, options.repeat); r++) {
      let outputs: Float32Array | undefined;
      for (let start = 0, b = 1; start < input.rows; start += batchSize, b++) {
        const batch = batchAt(input, start, batchSize);
        const answer = await client.predict(batch, `batch ${b} of ${batches}, pass ${r + 1}`);
        batchMs.push(answer.ms);
        rowMs.push(answer.ms / batch.shape[0]);
        if (!outputs) {
          outputRowShape = answer.output.shape.slice(1);
          width = rowSize(outputRowShape);
          outputs = new Float32Array(input.rows * width);
        } else if (rowSize(answer.output.shape.slice(1)) !== width) {
          throw new EndpointError(
            `${client.target} answered batch ${b} with rows of shape [${answer.output.shape.slice(1).join(', ')}], the first batch with [${outputRowShape.join(', ')}].`,
          );
        }
        outputs.set(answer.output.values, start * width);
      }
      runs.push(outputs!);
    }
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    return {
      checks: [{ name: 'endpoint-answers', status: 'fail', detail: error.message }],
      metrics: endpointMetrics(client),
    };
  }
  const outputs = runs[0];
  return {
    checks: [
      {
        name: 'endpoint-answers',
        status: 'pass',
        detail: `${client.stats.attempts} requests to ${client.target}, ${client.stats.retries} retried.`,
      },
      outputShapeCheck(outputRowShape, description.signature.outputs[0]?.shape),
      finiteOutputsCheck(outputs, width),
      probabilitiesCheck(outputs, width, description.finalActivation),
      determinismCheck(runs),
    ],
    metrics: endpointMetrics(client),
    value: {
      runs,
      outputRowShape,
      width,
      batchMs,
      rowMs,
      predictMs: batchMs.reduce((a, b) => a + b, 0),
    },
  };
}

/** Requests, retries and the share of attempts that failed (warm-up included). */
function endpointMetrics(client: EndpointClient): Record<string, number> {
  const { attempts, failedAttempts, retries } = client.stats;
  return {
    endpoint_requests: attempts,
    endpoint_retries: retries,
    endpoint_error_rate: attempts === 0 ? 0 : failedAttempts / attempts,
  };
}

/** One row where the server and the local model disagree. */
export interface SkewRow {
  /** 1-based row number in the data. */
  row: number;
  id?: unknown;
  maxDiff: number;
  local: number[];
  served: number[];
}

/** How many of the most differing rows the check names (the predictions file has all). */
const SHOWN_ROWS = 5;

/**
 * Serving skew: the server's outputs must match the local model's on the same rows within
 * |served − local| ≤ tol + tol·|local| (numpy `isclose`, as the golden check). Names the rows
 * that differ most.
 */
export function servingSkewStage(
  local: { outputs: Float32Array; width: number },
  served: { outputs: Float32Array; width: number },
  input: ModelInput,
  tolerance: number,
): StageResult<SkewRow[]> {
  const name = 'serving-skew';
  if (local.width !== served.width) {
    return {
      checks: [
        {
          name,
          status: 'fail',
          detail: `the server answers ${served.width} values per row, the local model ${local.width}: it serves another model or output.`,
        },
      ],
    };
  }
  const { width } = local;
  const differing: SkewRow[] = [];
  let worst = 0;
  for (let i = 0; i < input.rows; i++) {
    let rowWorst = 0;
    let beyond = false;
    for (let j = 0; j < width; j++) {
      const want = local.outputs[i * width + j];
      const diff = Math.abs(served.outputs[i * width + j] - want);
      if (!(diff <= tolerance + tolerance * Math.abs(want))) beyond = true;
      rowWorst = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : Math.max(rowWorst, diff);
    }
    worst = Math.max(worst, rowWorst);
    if (beyond) {
      differing.push({
        row: i + 1,
        ...(input.ids ? { id: input.ids[i] } : {}),
        maxDiff: rowWorst,
        local: Array.from(local.outputs.subarray(i * width, (i + 1) * width)),
        served: Array.from(served.outputs.subarray(i * width, (i + 1) * width)),
      });
    }
  }
  differing.sort((a, b) => b.maxDiff - a.maxDiff || a.row - b.row);
  const metrics = { serving_skew_max_diff: worst, serving_skew_rows: differing.length };
  if (differing.length === 0) {
    return {
      checks: [
        {
          name,
          status: 'pass',
          detail: `the server and the local model agree on all ${input.rows} rows within tolerance ${tolerance} (largest difference ${formatNumber(worst)}).`,
        },
      ],
      metrics,
      value: [],
    };
  }
  const shown = differing
    .slice(0, SHOWN_ROWS)
    .map((d) => `${rowLabel(d)} (|diff| ${formatNumber(d.maxDiff)})`)
    .join(', ');
  return {
    checks: [
      {
        name,
        status: 'fail',
        detail: `the server and the local model disagree on ${differing.length} of ${input.rows} rows beyond tolerance ${tolerance}; most: ${shown}. The server may run another model version or other preprocessing.`,
      },
    ],
    metrics,
    value: differing.slice(0, SHOWN_ROWS),
  };
}

function rowLabel(row: SkewRow): string {
  return row.id === undefined ? `row ${row.row}` : `row ${row.row} (id ${String(row.id)})`;
}
