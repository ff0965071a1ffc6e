import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { argMax } from '../stats/classification-metrics.js';
import { probabilityRows, type Task } from './quality-metrics.js';

export interface PredictionsData {
  outputs: Float32Array;
  width: number;
  ids?: readonly unknown[];
  labels?: readonly unknown[];
  task: Task;
  classNames?: string[];
  labelIndex?: Int32Array;
}

/** The type of the label column: its first present value's (numbers or text), if any. */
function labelKind(labels?: readonly unknown[]): 'number' | 'string' | undefined {
  const first = labels?.find((l) => l !== null && l !== undefined);
  return typeof first === 'number' ? 'number' : typeof first === 'string' ? 'string' : undefined;
}

/**
 * A predicted class typed like the labels, so the two compare as equal in the file: a numeric
 * label column gets numeric predictions (class name `"2"` → `2`), a text one text (index `2` →
 * `"2"`). Names that are not numbers stay text.
 */
export function typedLikeLabels(
  predicted: string | number,
  kind: 'number' | 'string' | undefined,
): string | number {
  if (kind === 'string') return String(predicted);
  if (kind === 'number' && typeof predicted === 'string') {
    const n = Number(predicted);
    if (predicted.trim() !== '' && Number.isFinite(n)) return n;
  }
  return predicted;
}

/**
 * One JSON object per row: `row` (1-based), `id`, `prediction` (class name or value),
 * `probabilities`, `label`, `correct`, and `output` (the raw model output, exact float32
 * values, which is what `expected-predictions` compares on a later run). A predicted class has
 * the type of the labels (typedLikeLabels).
 */
export async function writePredictionsFile(file: string, data: PredictionsData): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const { outputs, width } = data;
  const rows = outputs.length / width;
  const probabilities =
    data.task === 'classification' ? probabilityRows(outputs, width) : undefined;
  const kind = labelKind(data.labels);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const output = Array.from(outputs.subarray(i * width, (i + 1) * width));
    const record: Record<string, unknown> = { row: i + 1 };
    if (data.ids) record.id = data.ids[i];
    if (probabilities) {
      const p = probabilities[i];
      const k = argMax(p);
      record.prediction = typedLikeLabels(data.classNames?.[k] ?? k, kind);
      record.probabilities = Array.from(p);
      if (data.labels) {
        record.label = data.labels[i];
        const truth = data.labelIndex?.[i] ?? -1;
        record.correct = truth < 0 ? null : truth === k;
      }
    } else {
      record.prediction = width === 1 ? output[0] : output;
      if (data.labels) record.label = data.labels[i];
    }
    record.output = output;
    lines.push(JSON.stringify(record));
  }
  await fs.writeFile(file, lines.join('\n') + '\n');
}
