import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Two classes, as smoke-test's predictions and confusion matrix name them. */
export const SMOKE_CLASSES = ['rain', 'sun'];

/** smoke-test's predictions.jsonl: `rows` rows, the first `wrong` predicted wrongly. */
export function smokePredictions(rows: number, wrong: number): string {
  return Array.from({ length: rows }, (_, i) => {
    const label = SMOKE_CLASSES[i % 2];
    const prediction = i < wrong ? SMOKE_CLASSES[(i + 1) % 2] : label;
    const probabilities = SMOKE_CLASSES.map((c) => (c === prediction ? 0.9 : 0.1));
    const correct = prediction === label;
    return `${JSON.stringify({ row: i + 1, prediction, probabilities, label, correct })}\n`;
  }).join('');
}

/**
 * A smoke-test output folder `dir`: metrics.json (accuracy of `model` `version`) naming the
 * predictions.jsonl beside it. Returns the path of metrics.json.
 */
export async function writeSmokeOutput(
  dir: string,
  run: { model: string; version: string; rows: number; wrong: number },
): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'predictions.jsonl'), smokePredictions(run.rows, run.wrong));
  const file = path.join(dir, 'metrics.json');
  await fs.writeFile(
    file,
    JSON.stringify({
      schema: 'ml-actions/metrics@1',
      model: { name: run.model, version: run.version },
      metrics: { accuracy: 1 - run.wrong / run.rows },
      confusion_matrix: { labels: SMOKE_CLASSES, matrix: [] },
      predictions: 'predictions.jsonl',
    }),
  );
  return file;
}
