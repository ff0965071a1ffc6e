import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from './model-runtime.js';
import { saveTfjsModel } from './save-tfjs-model.js';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'save-tfjs-model-'));
  await tf.setBackend('cpu');
});
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

test('a model saved from Node loads back through the suite and predicts the same', async () => {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [3],
      units: 8,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 2,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  const input = [0.5, -1, 2, 3, 0.25, -0.75];
  const expected = Array.from((model.predict(tf.tensor2d(input, [2, 3])) as tf.Tensor).dataSync());

  const dir = path.join(tmp, 'model');
  // small shards, to show a model split over several files loads back whole
  const saved = await saveTfjsModel(model, dir, {
    classNames: ['dry', 'wet'],
    metadata: { features: ['a', 'b', 'c'] },
    shardBytes: 64,
  });
  expect(saved.modelJson).toBe(path.join(dir, 'model.json'));
  expect(saved.weightBytes).toBe((3 * 8 + 8 + 8 * 2 + 2) * 4);
  expect(saved.weightFiles).toHaveLength(Math.ceil(saved.weightBytes / 64));
  expect((await fs.readdir(dir)).sort()).toEqual(['model.json', ...saved.weightFiles].sort());

  const runtime = await loadModel(dir, { backend: 'cpu', workspace: tmp });
  try {
    expect(runtime.description.format).toBe('tfjs-layers');
    expect(runtime.description.finalActivation).toBe('softmax');
    expect(runtime.description.metadata).toMatchObject({
      classNames: ['dry', 'wet'],
      features: ['a', 'b', 'c'],
    });
    const out = await runtime.predict({ values: Float32Array.from(input), shape: [2, 3] });
    expect(out.shape).toEqual([2, 2]);
    Array.from(out.values).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  } finally {
    runtime.dispose();
    model.dispose();
  }
});
