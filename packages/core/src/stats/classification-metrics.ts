/**
 * Classification metrics with scikit-learn's definitions, so numbers match what a data
 * scientist computes in a notebook. Pure functions over class indices (0..K-1) and scores.
 *
 * Notation: y = true class indices, ŷ = predicted class indices, n rows, K classes,
 * C[i][j] = number of rows with true class i predicted as class j.
 */

/** Read-only numeric sequence: plain arrays and typed arrays both fit. */
export type Numbers = ArrayLike<number>;

function checkSameLength(a: Numbers, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what}: lengths differ (${a.length} vs ${b.length}).`);
  }
  if (a.length === 0) throw new RangeError(`${what}: no rows.`);
}

/** accuracy = (1/n) Σ [yᵢ = ŷᵢ] */
export function accuracy(yTrue: Numbers, yPred: Numbers): number {
  checkSameLength(yTrue, yPred, 'accuracy');
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/**
 * Confusion matrix C (rows = true class, columns = predicted class) over classes
 * 0..numClasses-1; numClasses defaults to 1 + the largest index seen (sklearn's label set
 * when the classes are 0..K-1).
 */
export function confusionMatrix(yTrue: Numbers, yPred: Numbers, numClasses?: number): number[][] {
  checkSameLength(yTrue, yPred, 'confusionMatrix');
  let k = numClasses ?? 0;
  if (numClasses === undefined) {
    for (let i = 0; i < yTrue.length; i++) k = Math.max(k, yTrue[i] + 1, yPred[i] + 1);
  }
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!Number.isInteger(t) || !Number.isInteger(p) || t < 0 || p < 0 || t >= k || p >= k) {
      throw new RangeError(`confusionMatrix: class index out of range at row ${i}.`);
    }
    matrix[t][p]++;
  }
  return matrix;
}

export interface MacroScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/**
 * Per-class scores from a confusion matrix (rows = true class), for every class of the
 * matrix, as `sklearn.metrics.precision_recall_fscore_support(labels=range(K), zero_division=0)`.
 */
export function perClassScores(matrix: readonly (readonly number[])[]): ClassScores[] {
  const k = matrix.length;
  const out: ClassScores[] = [];
  for (let c = 0; c < k; c++) {
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < k; i++) {
      predicted += matrix[i][c];
      actual += matrix[c][i];
    }
    const tp = matrix[c][c];
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = actual === 0 ? 0 : tp / actual;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    out.push({ precision, recall, f1, support: actual });
  }
  return out;
}

/** sklearn's macro average of one score: the mean over the classes present in y or ŷ. */
export function macroAverage(
  matrix: readonly (readonly number[])[],
  pick: (s: ClassScores) => number,
): number {
  let sum = 0;
  let present = 0;
  perClassScores(matrix).forEach((s, c) => {
    let predicted = 0;
    for (const row of matrix) predicted += row[c];
    if (s.support === 0 && predicted === 0) return; // label absent from both: not in sklearn's set
    present++;
    sum += pick(s);
  });
  return present === 0 ? Number.NaN : sum / present;
}

/**
 * Macro-averaged precision, recall and F1 (sklearn `average='macro'`, `zero_division=0`).
 * Per class c over the labels present in y or ŷ:
 *   precision_c = C[c][c] / Σᵢ C[i][c],  recall_c = C[c][c] / Σⱼ C[c][j],
 *   F1_c = 2·precision_c·recall_c / (precision_c + recall_c),
 * each 0 when its denominator is 0; the macro value is the unweighted mean over those classes.
 */
export function macroPrecisionRecallF1(yTrue: Numbers, yPred: Numbers): MacroScores {
  const matrix = confusionMatrix(yTrue, yPred);
  return {
    precision: macroAverage(matrix, (s) => s.precision),
    recall: macroAverage(matrix, (s) => s.recall),
    f1: macroAverage(matrix, (s) => s.f1),
  };
}

/**
 * Log loss (cross-entropy) = −(1/n) Σᵢ log p̃ᵢ,yᵢ where each probability row is first
 * rescaled to sum to 1 and clipped to [eps, 1 − eps] (sklearn's handling; eps = 1e-15).
 * `probabilities[i][c]` is the predicted probability of class c for row i.
 */
export function logLoss(yTrue: Numbers, probabilities: readonly Numbers[], eps = 1e-15): number {
  checkSameLength(yTrue, probabilities, 'logLoss');
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const row = probabilities[i];
    const y = yTrue[i];
    if (!Number.isInteger(y) || y < 0 || y >= row.length) {
      throw new RangeError(`logLoss: class index ${y} out of range at row ${i}.`);
    }
    let sum = 0;
    for (let c = 0; c < row.length; c++) sum += Math.min(Math.max(row[c], eps), 1 - eps);
    const p = Math.min(Math.max(row[y], eps), 1 - eps) / sum;
    total -= Math.log(p);
  }
  return total / yTrue.length;
}

/**
 * Binary ROC AUC from positive-class scores: the probability that a random positive scores
 * above a random negative, ties counting one half. Computed by the Mann–Whitney rank sum
 *   AUC = (Σ_{positives} rank − n₊(n₊+1)/2) / (n₊ · n₋)
 * with tied scores given their average rank, which equals sklearn's trapezoidal ROC area.
 * `isPositive[i]` is truthy for positives. NaN when either class is absent (AUC undefined).
 */
export function rocAucBinary(isPositive: ArrayLike<boolean | number>, scores: Numbers): number {
  checkSameLength(scores, isPositive, 'rocAucBinary');
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    const averageRank = (start + end) / 2 + 1; // ranks are 1-based
    for (let j = start; j <= end; j++) {
      if (isPositive[order[j]]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Multiclass ROC AUC, one-vs-rest, macro-averaged (sklearn `multi_class='ovr'`,
 * `average='macro'`): the mean over classes c of rocAucBinary(y = c, p[·][c]). Classes with no
 * positive or no negative row in y are left out (sklearn refuses them); NaN if none remain.
 * With two columns this is the binary AUC of column 1.
 */
export function rocAucOvrMacro(yTrue: Numbers, probabilities: readonly Numbers[]): number {
  checkSameLength(yTrue, probabilities, 'rocAucOvrMacro');
  const k = probabilities[0].length;
  const column = (c: number): number[] => probabilities.map((row) => row[c]);
  if (k === 2)
    return rocAucBinary(
      Array.from(yTrue, (y) => y === 1),
      column(1),
    );
  let sum = 0;
  let counted = 0;
  for (let c = 0; c < k; c++) {
    const auc = rocAucBinary(
      Array.from(yTrue, (y) => y === c),
      column(c),
    );
    if (Number.isNaN(auc)) continue;
    sum += auc;
    counted++;
  }
  return counted === 0 ? Number.NaN : sum / counted;
}

/** The classification metrics smoke-test and drift-monitor report, under their snake_case names. */
export interface ClassificationSummary {
  accuracy: number;
  precision_macro: number;
  recall_macro: number;
  f1_macro: number;
  log_loss: number;
  /** Binary AUC for two classes, macro one-vs-rest otherwise; NaN when undefined. */
  roc_auc: number;
  confusion_matrix: number[][];
}

/**
 * All classification metrics from true class indices and per-class probabilities; the
 * predicted class is the arg-max of each row (first one on ties, like numpy).
 */
export function classificationSummary(
  yTrue: Numbers,
  probabilities: readonly Numbers[],
): ClassificationSummary {
  checkSameLength(yTrue, probabilities, 'classificationSummary');
  const k = probabilities[0].length;
  const yPred = probabilities.map(argMax);
  const macro = macroPrecisionRecallF1(yTrue, yPred);
  return {
    accuracy: accuracy(yTrue, yPred),
    precision_macro: macro.precision,
    recall_macro: macro.recall,
    f1_macro: macro.f1,
    log_loss: logLoss(yTrue, probabilities),
    roc_auc: rocAucOvrMacro(yTrue, probabilities),
    confusion_matrix: confusionMatrix(yTrue, yPred, k),
  };
}

/** Index of the largest value (the first one on ties). */
export function argMax(values: Numbers): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
