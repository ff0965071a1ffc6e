import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { typedLikeLabels, writePredictionsFile } from './predictions-file.js';

async function written(labels: unknown[], classNames?: string[]) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'predictions-file-'));
  const file = path.join(dir, 'predictions.jsonl');
  await writePredictionsFile(file, {
    // two rows, three classes: row 1 predicts class 2, row 2 class 0
    outputs: Float32Array.from([0.1, 0.2, 0.7, 0.8, 0.1, 0.1]),
    width: 3,
    labels,
    task: 'classification',
    classNames,
    labelIndex: Int32Array.from([2, 1]),
  });
  const rows = (await fs.readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  await fs.rm(dir, { recursive: true, force: true });
  return rows;
}

test('a numeric label column gets numeric predictions, never "2" beside 2', async () => {
  const rows = await written([2, 1], ['0', '1', '2']);
  expect(rows.map((r) => [r.prediction, r.label, r.correct])).toEqual([
    [2, 2, true],
    [0, 1, false],
  ]);
});

test('a text label column gets text predictions', async () => {
  expect(
    (await written(['sun', 'rain'], ['rain', 'snow', 'sun'])).map((r) => r.prediction),
  ).toEqual(['sun', 'rain']);
  // no class names stored: the index, as text like the labels
  expect((await written(['2', '1'])).map((r) => r.prediction)).toEqual(['2', '0']);
});

test('typedLikeLabels', () => {
  expect(typedLikeLabels('2', 'number')).toBe(2);
  expect(typedLikeLabels('2.5', 'number')).toBe(2.5);
  expect(typedLikeLabels('rain', 'number')).toBe('rain');
  expect(typedLikeLabels(' ', 'number')).toBe(' ');
  expect(typedLikeLabels(3, 'string')).toBe('3');
  expect(typedLikeLabels('2', undefined)).toBe('2');
  expect(typedLikeLabels(1, undefined)).toBe(1);
});
