import type { NumericDistribution } from '../column-distribution.js';
import { QuantileSketch } from './quantile-sketch.js';

/**
 * A numeric column in bounded memory: exact count, mean and sum of squared deviations (batch
 * moments by two passes, combined by the parallel formula of Chan et al.), exact min/max, and a
 * quantile sketch for the distribution.
 */
export class NumericSketch {
  count = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;
  sketch: QuantileSketch;

  constructor(k: number) {
    this.sketch = new QuantileSketch(k);
  }

  /** Adds the present values among numbers[0, length) (NaN marks a missing cell and is skipped). */
  addValues(numbers: Float64Array, length: number): void {
    let n = 0;
    let sum = 0;
    for (let r = 0; r < length; r++) {
      const v = numbers[r];
      if (v !== v) continue;
      n++;
      sum += v;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
      this.sketch.add(v);
    }
    if (n === 0) return;
    const mean = sum / n;
    let m2 = 0;
    for (let r = 0; r < length; r++) {
      const v = numbers[r];
      if (v === v) m2 += (v - mean) * (v - mean);
    }
    this.mergeMoments(n, mean, m2);
  }

  mergeMoments(n: number, mean: number, m2: number): void {
    const total = this.count + n;
    const delta = mean - this.mean;
    this.m2 += m2 + (delta * delta * this.count * n) / total;
    this.mean += (delta * n) / total;
    this.count = total;
  }

  merge(other: NumericSketch): void {
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.sketch.merge(other.sketch);
    if (other.count > 0) this.mergeMoments(other.count, other.mean, other.m2);
  }

  /** The sketch's weighted items as a drift input, with its rank-error bound as a fraction. */
  toDistribution(): NumericDistribution {
    const { values, weights } = this.sketch.weightedItems();
    return {
      kind: 'numeric',
      values,
      weights,
      count: this.count,
      rankError: this.count === 0 ? 0 : this.sketch.rankError / this.count,
      mean: this.mean,
      std: this.count === 0 ? NaN : Math.sqrt(this.m2 / this.count),
      min: this.min,
      max: this.max,
    };
  }
}
