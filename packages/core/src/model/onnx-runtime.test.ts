import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  affine,
  CLASSIFIER,
  FIXED,
  ONNX_FIXTURES,
  REGRESSOR,
  softmaxRows,
  TWO_INPUT,
  weights,
} from '../../../../test/fixtures/onnx/onnx-models.mjs';
import { loadModel, type LoadModelOptions } from './model-runtime.js';

const fixture = (name: string) => path.join(ONNX_FIXTURES, name);
const wasm: LoadModelOptions = { backend: 'wasm', workspace: os.tmpdir() };

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i] - expected[i]) > tolerance) {
      throw new Error(`value ${i}: ${actual[i]} vs ${expected[i]} (tolerance ${tolerance})`);
    }
  }
}

const X = Float32Array.from([0.5, 1, -1, 2, 3, 0, 0.25, -0.5, -2, 1.5, 1, 0]);

describe('ONNX runtime (bundled onnxruntime-web WASM)', () => {
  test('Gemm+Softmax classifier: probabilities equal JS matrix math, softmax detected, metadata read', async () => {
    const model = await loadModel(fixture('classifier.onnx'), wasm);
    try {
      expect(model.backend).toBe('onnxruntime-wasm');
      expect(model.description.format).toBe('onnx');
      expect(model.description.finalActivation).toBe('softmax');
      expect(model.description.parameterCount).toBe(15);
      expect(model.description.metadata?.featureNames).toEqual(CLASSIFIER.features);
      expect(model.description.metadata?.class_names).toEqual(CLASSIFIER.classes);
      const out = await model.predict({ values: X, shape: [3, 4] });
      expect(out.shape).toEqual([3, 3]);
      expectClose(out.values, softmaxRows(affine(X, 3, 4, CLASSIFIER.W, 3, CLASSIFIER.B), 3));
    } finally {
      model.dispose();
    }
  });

  test('output picks a named output (logits); an unknown output is refused with the list', async () => {
    const model = await loadModel(fixture('classifier.onnx'), { ...wasm, output: 'logits' });
    const out = await model.predict({ values: X, shape: [3, 4] });
    model.dispose();
    expectClose(out.values, affine(X, 3, 4, CLASSIFIER.W, 3, CLASSIFIER.B));
    expect(model.description.finalActivation).toBeUndefined();
    await expect(
      loadModel(fixture('classifier.onnx'), { ...wasm, output: 'scores' }),
    ).rejects.toThrow(
      /no output 'scores' \(outputs: probabilities \(float32\), logits \(float32\)\)/,
    );
  });

  test('float64 regressor with a -1 batch dimension', async () => {
    const model = await loadModel(fixture('regressor.onnx'), wasm);
    expect(model.description.signature.inputs[0]).toEqual({
      name: 'x',
      dtype: 'float64',
      shape: [null, 3],
    });
    const x = Float32Array.from([1, 2, 3, -1, 0.5, 4]);
    const out = await model.predict({ values: x, shape: [2, 3] });
    model.dispose();
    expect(out.shape).toEqual([2, 1]);
    expectClose(out.values, affine(x, 2, 3, REGRESSOR.W, 1, [REGRESSOR.B]));
  });

  test('two inputs (float32 + int64) fed from column groups', async () => {
    const model = await loadModel(fixture('two-input.onnx'), {
      ...wasm,
      inputs: { a: ['u', 'v'], b: ['count'] },
    });
    expect(model.description.feed).toEqual({ name: 'a + b', dtype: 'float32', shape: [null, 3] });
    const x = Float32Array.from([1, 2, 3, 0.5, -1, 7]);
    const out = await model.predict({ values: x, shape: [2, 3] });
    model.dispose();
    expectClose(out.values, affine(x, 2, 3, TWO_INPUT.W, 1, [TWO_INPUT.B]));
  });

  test('a missing input is refused naming it; several inputs without a mapping are refused', async () => {
    await expect(
      loadModel(fixture('two-input.onnx'), { ...wasm, inputs: { a: ['u', 'v'] } }),
    ).rejects.toThrow(/model input 'b' is missing from inputs/);
    await expect(loadModel(fixture('two-input.onnx'), wasm)).rejects.toThrow(
      /the model has 2 inputs \(a, b\); map data columns to each with inputs/,
    );
    await expect(
      loadModel(fixture('two-input.onnx'), { ...wasm, inputs: { a: ['u'], b: ['count'] } }),
    ).rejects.toThrow(/model input 'a' expects shape \[\?, 2\] but inputs gives it 1 column/);
  });

  test('a fixed batch dimension [1, 25, 96] runs row by row and matches JS math', async () => {
    const model = await loadModel(fixture('fixed-batch.onnx'), wasm);
    const rows = 3;
    const x = Float32Array.from(weights(rows * 2400, 11));
    const out = await model.predict({ values: x, shape: [rows, 25, 96] });
    model.dispose();
    expect(out.shape).toEqual([3, 3]);
    expectClose(out.values, softmaxRows(affine(x, rows, 2400, FIXED.W, 3, FIXED.B), 3));
  });

  test('a wrong input shape fails naming the input', async () => {
    const model = await loadModel(fixture('classifier.onnx'), wasm);
    await expect(model.predict({ values: new Float32Array(6), shape: [2, 3] })).rejects.toThrow(
      /classifier\.onnx: onnxruntime failed on a batch of 2 rows: .*input: x/,
    );
    model.dispose();
  });

  test('ZipMap outputs are refused with the skl2onnx export hint; the label output can be picked', async () => {
    await expect(loadModel(fixture('zipmap.onnx'), wasm)).rejects.toThrow(
      /output 'output_probability' is a sequence \(scikit-learn's ZipMap\).*options=\{id\(clf\): \{'zipmap': False\}\}/,
    );
    await expect(
      loadModel(fixture('zipmap.onnx'), { ...wasm, output: 'output_probability' }),
    ).rejects.toThrow(/'zipmap': False/);
    const model = await loadModel(fixture('zipmap.onnx'), { ...wasm, output: 'output_label' });
    const out = await model.predict({ values: Float32Array.from([1, 1, -1, -1]), shape: [2, 2] });
    model.dispose();
    expect(Array.from(out.values)).toEqual([1, 0]);
  });

  test('string inputs are refused clearly', async () => {
    await expect(loadModel(fixture('string-input.onnx'), wasm)).rejects.toThrow(
      /model input 'text' takes strings; smoke-test feeds numbers/,
    );
  });

  test('a truncated or corrupt .onnx fails naming the file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onnx-bad-'));
    try {
      const bytes = await fs.readFile(fixture('classifier.onnx'));
      const truncated = path.join(dir, 'truncated.onnx');
      await fs.writeFile(truncated, bytes.subarray(0, bytes.length - 40));
      await expect(loadModel(truncated, wasm)).rejects.toThrow(
        new RegExp(`${truncated.replace(/[.\\/]/g, '\\$&')} is not a valid ONNX model`),
      );
      const garbage = path.join(dir, 'garbage.onnx');
      await fs.writeFile(garbage, 'not a model at all');
      await expect(loadModel(garbage, wasm)).rejects.toThrow(
        /garbage\.onnx is not a valid ONNX model/,
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('backend choices: onnxruntime-node from the workspace (stand-in), missing, or a TF.js-only backend', async () => {
    const missing = await fs.mkdtemp(path.join(os.tmpdir(), 'onnx-ws-'));
    try {
      await expect(
        loadModel(fixture('classifier.onnx'), { backend: 'onnxruntime-node', workspace: missing }),
      ).rejects.toThrow(/onnxruntime-node is not installed in the workspace/);
      await expect(
        loadModel(fixture('classifier.onnx'), { backend: 'cpu', workspace: missing }),
      ).rejects.toThrow(/backend cpu runs TF.js models/);
      const notes: string[] = [];
      const auto = await loadModel(fixture('classifier.onnx'), {
        backend: 'auto',
        workspace: missing,
        log: (m) => notes.push(m),
      });
      auto.dispose();
      expect(auto.backend).toBe('onnxruntime-wasm');
      expect(notes.join('\n')).toMatch(/onnxruntime-node is not installed/);

      // A stand-in onnxruntime-node (the same API, served by onnxruntime-web's CommonJS build),
      // in another workspace (module resolution caches the miss above).
      const installed = path.join(missing, 'installed');
      const pkg = path.join(installed, 'node_modules', 'onnxruntime-node');
      await fs.mkdir(pkg, { recursive: true });
      const web = path.resolve('node_modules/onnxruntime-web');
      await fs.writeFile(
        path.join(pkg, 'package.json'),
        JSON.stringify({ name: 'onnxruntime-node', main: 'index.js' }),
      );
      await fs.writeFile(
        path.join(pkg, 'index.js'),
        `const ort = require(${JSON.stringify(web)});\n` +
          `ort.env.wasm.numThreads = 1;\n` +
          `ort.env.wasm.wasmPaths = ${JSON.stringify(path.join(web, 'dist') + '/')};\n` +
          'module.exports = ort;\n',
      );
      const standInNotes: string[] = [];
      const model = await loadModel(fixture('classifier.onnx'), {
        backend: 'auto',
        workspace: installed,
        log: (m) => standInNotes.push(m),
      });
      expect(standInNotes.filter((n) => n.startsWith('Backend'))).toEqual([]);
      const out = await model.predict({ values: X, shape: [3, 4] });
      model.dispose();
      expect(model.backend).toBe('onnxruntime-node');
      expectClose(out.values, softmaxRows(affine(X, 3, 4, CLASSIFIER.W, 3, CLASSIFIER.B), 3));
    } finally {
      await fs.rm(missing, { recursive: true, force: true });
    }
  });
});
