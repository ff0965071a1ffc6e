import { promises as fs } from 'node:fs';

/**
 * Writes `rows` rows of `features` columns (f0, f1, ...) of seeded values in [-10, 10] with two
 * decimals to a CSV file, and returns the same values row-major, for a raw baseline to predict.
 */
export async function writeFeatureCsv(
  file: string,
  rows: number,
  features: number,
): Promise<Float32Array> {
  const values = new Float32Array(rows * features);
  const lines = [Array.from({ length: features }, (_, j) => `f${j}`).join(',')];
  let s = 12345;
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let j = 0; j < features; j++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const v = Math.round((s / 2147483648) * 2000 - 1000) / 100;
      values[i * features + j] = v;
      row.push(String(v));
    }
    lines.push(row.join(','));
  }
  await fs.writeFile(file, lines.join('\n') + '\n');
  return values;
}

/** The middle value of the timings (the upper one of the two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
