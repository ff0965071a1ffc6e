import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../inputs/user-error.js';
import { formatNumber } from '../report/format-number.js';
import type { MetricsCheck } from '../metrics/metrics-file.js';

/**
 * Golden outputs: the raw model outputs of an earlier run (our own predictions file, JSON Lines
 * with an `output` per row; or a JSON array of numbers / number arrays), compared with a
 * numpy-`isclose`-style tolerance: |actual − expected| ≤ tol + tol·|expected|.
 */
export interface GoldenRow {
  id?: unknown;
  output: number[];
}

export function parseGolden(text: string, file: string): GoldenRow[] {
  const input = 'expected-predictions';
  const trimmed = text.trim();
  if (trimmed === '') throw new UserError(`file '${file}' is empty.`, input);
  const asRow = (value: unknown, where: string): GoldenRow => {
    if (typeof value === 'number') return { output: [value] };
    if (Array.isArray(value) && value.every((v) => typeof v === 'number'))
      return { output: value as number[] };
    if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const output = record.output ?? record.probabilities ?? record.prediction;
      if (typeof output === 'number') return { id: record.id, output: [output] };
      if (Array.isArray(output) && output.every((v) => typeof v === 'number')) {
        return { id: record.id, output: output as number[] };
      }
    }
    throw new UserError(
      `file '${file}' ${where}: expected a number, a number array or a row with "output".`,
      input,
    );
  };
  if (trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new UserError(`file '${file}' is not valid JSON: ${(error as Error).message}`, input);
    }
    return (data as unknown[]).map((v, i) => asRow(v, `item ${i}`));
  }
  return trimmed.split(/\r?\n/).map((line, i) => {
    try {
      return asRow(JSON.parse(line), `line ${i + 1}`);
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`file '${file}' line ${i + 1} is not valid JSON.`, input);
    }
  });
}

/** Compares outputs (rows × width, row-major) with the golden rows; matches by id when both have ids. */
export function compareGolden(
  outputs: Float32Array,
  width: number,
  ids: readonly unknown[] | undefined,
  golden: GoldenRow[],
  tolerance: number,
): MetricsCheck {
  const rows = outputs.length / width;
  const byId =
    ids && golden.every((g) => g.id !== undefined)
      ? new Map(golden.map((g) => [String(g.id), g]))
      : undefined;
  if (!byId && golden.length !== rows) {
    return {
      name: 'golden-match',
      status: 'fail',
      detail: `expected ${golden.length} rows of predictions, got ${rows}.`,
    };
  }
  let differing = 0;
  let missing = 0;
  let worst = 0;
  let worstRow = '';
  for (let i = 0; i < rows; i++) {
    const expected = byId ? byId.get(String(ids![i])) : golden[i];
    if (!expected || expected.output.length !== width) {
      missing++;
      continue;
    }
    let rowDiffers = false;
    for (let j = 0; j < width; j++) {
      const actual = outputs[i * width + j];
      const want = expected.output[j];
      const diff = Math.abs(actual - want);
      if (!(diff <= tolerance + tolerance * Math.abs(want))) rowDiffers = true;
      if (!(diff <= worst)) {
        worst = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
        worstRow = byId ? `id ${String(ids![i])}` : `row ${i + 1}`;
      }
    }
    if (rowDiffers) differing++;
  }
  const passed = differing === 0 && missing === 0;
  const parts = [`${differing} of ${rows} rows differ beyond tolerance ${tolerance}`];
  if (missing > 0) parts.push(`${missing} rows have no golden output of width ${width}`);
  parts.push(`worst difference ${formatNumber(worst)}${worstRow ? ` at ${worstRow}` : ''}`);
  return { name: 'golden-match', status: passed ? 'pass' : 'fail', detail: parts.join('; ') + '.' };
}

/** Reads the golden file named by `expected-predictions` (relative to the workspace). */
export async function readGoldenFile(cwd: string, value: string): Promise<GoldenRow[]> {
  const file = path.resolve(cwd, value);
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new UserError(
      `file '${value}' does not exist (resolved to ${file}).`,
      'expected-predictions',
    );
  });
  return parseGolden(text, value);
}
