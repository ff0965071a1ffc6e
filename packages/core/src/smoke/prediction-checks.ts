import type { MetricsCheck } from '../metrics/metrics-file.js';
import { formatShape, rowShapeFits } from '../model/tensor-shape.js';
import { formatNumber, formatSignificant } from '../report/format-number.js';
import { quantile } from '../stats/quantiles.js';

/** Pure checks over model outputs (rows × width, row-major). */

export function finiteOutputsCheck(outputs: Float32Array, width: number): MetricsCheck {
  let bad = 0;
  let firstRow = -1;
  for (let i = 0; i < outputs.length; i++) {
    if (!Number.isFinite(outputs[i])) {
      bad++;
      if (firstRow < 0) firstRow = Math.floor(i / width);
    }
  }
  return bad === 0
    ? {
        name: 'finite-outputs',
        status: 'pass',
        detail: `all ${outputs.length} output values are finite.`,
      }
    : {
        name: 'finite-outputs',
        status: 'fail',
        detail: `${bad} output values are NaN or infinite (first in row ${firstRow + 1}).`,
      };
}

/**
 * Probabilities in [0, 1]; with a softmax output each row also sums to 1 within 1e-3.
 * Skipped when the model does not end in softmax or sigmoid.
 */
export function probabilitiesCheck(
  outputs: Float32Array,
  width: number,
  finalActivation: string | undefined,
): MetricsCheck {
  const name = 'probabilities';
  if (finalActivation !== 'softmax' && finalActivation !== 'sigmoid') {
    return {
      name,
      status: 'skip',
      detail: `final activation is ${finalActivation ?? 'unknown'}, not softmax or sigmoid.`,
    };
  }
  let outOfRange = 0;
  let badSums = 0;
  let worstSum = 1;
  for (let r = 0; r < outputs.length / width; r++) {
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const p = outputs[r * width + j];
      if (!(p >= 0 && p <= 1)) outOfRange++;
      sum += p;
    }
    if (finalActivation === 'softmax' && !(Math.abs(sum - 1) <= 1e-3)) {
      badSums++;
      if (!(Math.abs(sum - 1) <= Math.abs(worstSum - 1))) worstSum = sum;
    }
  }
  if (outOfRange === 0 && badSums === 0) {
    return {
      name,
      status: 'pass',
      detail:
        finalActivation === 'softmax'
          ? 'all in [0, 1]; every row sums to 1 (±1e-3).'
          : 'all in [0, 1].',
    };
  }
  const parts: string[] = [];
  if (outOfRange > 0) parts.push(`${outOfRange} values outside [0, 1]`);
  if (badSums > 0)
    parts.push(`${badSums} rows do not sum to 1 (worst sum ${formatSignificant(worstSum, 6)})`);
  return { name, status: 'fail', detail: parts.join('; ') + '.' };
}

/** Every repeat must reproduce the first run bit for bit. */
export function determinismCheck(runs: Float32Array[]): MetricsCheck {
  const name = 'deterministic';
  if (runs.length < 2) return { name, status: 'skip', detail: 'repeat is 1.' };
  const [first, ...rest] = runs;
  for (const [k, run] of rest.entries()) {
    let differing = 0;
    let worst = 0;
    for (let i = 0; i < first.length; i++) {
      if (!Object.is(first[i], run[i])) {
        differing++;
        worst = Math.max(worst, Math.abs(first[i] - run[i]));
      }
    }
    if (differing > 0) {
      return {
        name,
        status: 'fail',
        detail: `run ${k + 2} differs from run 1 in ${differing} values (largest difference ${formatNumber(worst)}).`,
      };
    }
  }
  return { name, status: 'pass', detail: `${runs.length} runs gave identical outputs.` };
}

/** numpy's percentile (0-100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  return quantile(values, p / 100);
}

/** Output rows have the shape the model declares (unknown dimensions match anything). */
export function outputShapeCheck(
  actual: number[],
  declared: (number | null)[] | undefined,
): MetricsCheck {
  const name = 'output-shape';
  const shown = `[${actual.join(', ')}]`;
  if (!declared) {
    return {
      name,
      status: 'pass',
      detail: `outputs of shape ${shown} per row (no declared shape).`,
    };
  }
  return rowShapeFits(declared.slice(1), actual)
    ? { name, status: 'pass', detail: `${shown} per row, as declared ${formatShape(declared)}.` }
    : {
        name,
        status: 'fail',
        detail: `outputs are ${shown} per row but the model declares ${formatShape(declared)}.`,
      };
}
