import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';

/** Seeded uniform numbers in [0, 1) (a linear congruential generator: repeatable everywhere). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export interface ChurnShape {
  rows: number;
  seed: number;
  /** Added to monthly_spend: a shift the drift tests must flag. */
  spendShift?: number;
  /** Share of the 'premium' plan (0.3 in the reference). */
  premiumShare?: number;
  /** Multiplies tenure (newer customers churn more: tenure, probability, prediction and label move). */
  tenureScale?: number;
}

/**
 * A churn-model table shaped like drift-monitor.yml expects: ids and timestamps to exclude,
 * numeric and categorical features, the label, the model's prediction and probability.
 */
export async function writeChurnParquet(file: string, shape: ChurnShape): Promise<void> {
  const next = uniform(shape.seed);
  const n = shape.rows;
  const column = <T>(f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
  const tenure = column(() => Math.floor(next() * 72 * (shape.tenureScale ?? 1)));
  const spend = column(() => 20 + next() * 80 + (shape.spendShift ?? 0));
  const plan = column(() =>
    next() < (shape.premiumShare ?? 0.3) ? 'premium' : next() < 0.5 ? 'basic' : 'standard',
  );
  const probability = column((i) =>
    Math.min(0.99, Math.max(0.01, 0.6 - tenure[i] / 120 + (next() - 0.5) * 0.2)),
  );
  const predicted = probability.map((p) => (p >= 0.5 ? 1 : 0));
  const churned = column((i) => (next() < probability[i] ? 1 : 0));
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'customer_id', data: column((i) => `c-${shape.seed}-${i}`), type: 'STRING' },
      {
        name: 'event_time',
        data: column((i) => `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00Z`),
        type: 'STRING',
      },
      { name: 'tenure_months', data: tenure.map(Number), type: 'DOUBLE' },
      { name: 'monthly_spend', data: spend, type: 'DOUBLE' },
      { name: 'plan', data: plan, type: 'STRING' },
      { name: 'churned', data: churned.map(Number), type: 'DOUBLE' },
      { name: 'predicted_churn', data: predicted.map(Number), type: 'DOUBLE' },
      { name: 'churn_probability', data: probability, type: 'DOUBLE' },
    ],
  });
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, Buffer.from(buffer));
}
