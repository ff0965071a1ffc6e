import { readInputFile } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';
import type { PredictionRows } from '../stats/row-metrics.js';

/**
 * Reads smoke-test's per-row predictions file (JSON Lines: row, id, prediction,
 * probabilities, label, correct, output) into the labeled rows the gate's significance tests
 * need. Rows without a usable label are left out (as smoke-test's metrics leave them out).
 */
export interface LoadedPredictions {
  source: string;
  rows: PredictionRows;
  /** Row keys for pairing two files: the `id` when every row has one, else the `row` number. */
  keys: string[];
  /** True when keys are ids rather than row numbers. */
  byId: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parsePredictions(
  input: string,
  source: string,
  text: string,
  classNames?: string[],
): LoadedPredictions {
  const records: Record<string, unknown>[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UserError(`'${source}' line ${i + 1} is not JSON (expected JSON Lines).`, input);
    }
    if (!isRecord(value)) throw new UserError(`'${source}' line ${i + 1} is not an object.`, input);
    records.push(value);
  });
  const labeled = records.filter((r) => r.label !== null && r.label !== undefined);
  if (labeled.length === 0) {
    throw new UserError(
      `'${source}' has no labeled rows; significance tests need smoke-test run with label-column.`,
      input,
    );
  }
  const byId = labeled.every((r) => r.id !== undefined && r.id !== null);
  const classification = labeled.some((r) => Array.isArray(r.probabilities));
  let rows: PredictionRows;
  const kept: Record<string, unknown>[] = [];
  if (classification) {
    const names =
      classNames ??
      [...new Set(labeled.flatMap((r) => [String(r.label), String(r.prediction)]))].sort();
    const index = new Map(names.map((n, i) => [n, i]));
    const truth: number[] = [];
    const predicted: number[] = [];
    for (const r of labeled) {
      const t = index.get(String(r.label));
      const p = index.get(String(r.prediction));
      if (t === undefined || p === undefined) continue;
      truth.push(t);
      predicted.push(p);
      kept.push(r);
    }
    rows = {
      kind: 'classification',
      truth: Int32Array.from(truth),
      predicted: Int32Array.from(predicted),
      classNames: names,
    };
  } else {
    const truth: number[] = [];
    const predicted: number[] = [];
    for (const r of labeled) {
      const t = typeof r.label === 'number' ? r.label : Number(r.label);
      const p = r.prediction;
      if (!Number.isFinite(t) || typeof p !== 'number' || !Number.isFinite(p)) continue;
      truth.push(t);
      predicted.push(p);
      kept.push(r);
    }
    rows = {
      kind: 'regression',
      truth: Float64Array.from(truth),
      predicted: Float64Array.from(predicted),
    };
  }
  if (kept.length === 0) {
    throw new UserError(`'${source}' has no row with a usable label and prediction.`, input);
  }
  const keys = kept.map((r) => String(byId ? r.id : r.row));
  return { source, rows, keys, byId };
}

export async function readPredictionsFile(
  input: string,
  value: string,
  classNames?: string[],
): Promise<LoadedPredictions> {
  return parsePredictions(input, value, await readInputFile(input, value), classNames);
}
