/**
 * Regression metrics with scikit-learn's definitions. Pure functions over true values y and
 * predictions ŷ of equal length n.
 */

import type { Numbers } from './classification-metrics.js';

function checkSameLength(yTrue: Numbers, yPred: Numbers, what: string): void {
  if (yTrue.length !== yPred.length) {
    throw new RangeError(`${what}: lengths differ (${yTrue.length} vs ${yPred.length}).`);
  }
  if (yTrue.length === 0) throw new RangeError(`${what}: no rows.`);
}

/** MAE = (1/n) Σ |yᵢ − ŷᵢ| */
export function meanAbsoluteError(yTrue: Numbers, yPred: Numbers): number {
  checkSameLength(yTrue, yPred, 'meanAbsoluteError');
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i] - yPred[i]);
  return sum / yTrue.length;
}

/** RMSE = √((1/n) Σ (yᵢ − ŷᵢ)²) */
export function rootMeanSquaredError(yTrue: Numbers, yPred: Numbers): number {
  checkSameLength(yTrue, yPred, 'rootMeanSquaredError');
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i] - yPred[i]) ** 2;
  return Math.sqrt(sum / yTrue.length);
}

/**
 * R² = 1 − Σ (yᵢ − ŷᵢ)² / Σ (yᵢ − ȳ)². When y is constant (denominator 0) sklearn's
 * convention applies: 1 for a perfect prediction, else 0.
 */
export function r2Score(yTrue: Numbers, yPred: Numbers): number {
  checkSameLength(yTrue, yPred, 'r2Score');
  let mean = 0;
  for (let i = 0; i < yTrue.length; i++) mean += yTrue[i];
  mean /= yTrue.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    residual += (yTrue[i] - yPred[i]) ** 2;
    total += (yTrue[i] - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

/**
 * MAPE = (1/n) Σ |yᵢ − ŷᵢ| / max(|yᵢ|, ε) with ε = 2.22e-16 (float64 machine epsilon), as a
 * fraction (0.1 means 10 %), exactly sklearn's `mean_absolute_percentage_error`: a zero true
 * value gives a huge but finite term.
 */
export function meanAbsolutePercentageError(yTrue: Numbers, yPred: Numbers): number {
  checkSameLength(yTrue, yPred, 'meanAbsolutePercentageError');
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    sum += Math.abs(yTrue[i] - yPred[i]) / Math.max(Math.abs(yTrue[i]), Number.EPSILON);
  }
  return sum / yTrue.length;
}

/** The regression metrics smoke-test and drift-monitor report, under their snake_case names. */
export interface RegressionSummary {
  mae: number;
  rmse: number;
  r2: number;
  mape: number;
}

export function regressionSummary(yTrue: Numbers, yPred: Numbers): RegressionSummary {
  return {
    mae: meanAbsoluteError(yTrue, yPred),
    rmse: rootMeanSquaredError(yTrue, yPred),
    r2: r2Score(yTrue, yPred),
    mape: meanAbsolutePercentageError(yTrue, yPred),
  };
}
