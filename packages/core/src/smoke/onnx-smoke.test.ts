import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-web';
import {
  affine,
  CLASSIFIER,
  classifierRows,
  ONNX_FIXTURES,
  REGRESSOR,
  softmaxRows,
  TWO_INPUT,
  weights,
} from '../../../../test/fixtures/onnx/onnx-models.mjs';
import { packageModel } from '../artifact/package-model.js';
import { validateBeforeDeploy } from '../deploy/pre-deploy-validation.js';
import { onnxWasmFiles } from '../model/onnx-files.js';
import { silentLogger } from '../runner/logger.js';
import { runSmokeTest, type SmokeTestOptions } from './run-smoke-test.js';

let dir: string;
const ROWS = 60;
const { x: X, csv: IRIS_CSV } = classifierRows(ROWS, 3);
const P = softmaxRows(affine(X, ROWS, 4, CLASSIFIER.W, 3, CLASSIFIER.B), 3);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onnx-smoke-'));
  await fs.writeFile(path.join(dir, 'iris.csv'), IRIS_CSV);
  for (const name of ['classifier.onnx', 'regressor.onnx', 'two-input.onnx', 'fixed-batch.onnx']) {
    await fs.copyFile(path.join(ONNX_FIXTURES, name), path.join(dir, name));
  }
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function options(overrides: Partial<SmokeTestOptions>): SmokeTestOptions {
  return {
    model: 'classifier.onnx',
    data: 'iris.csv',
    cwd: dir,
    labelColumn: 'species',
    task: 'auto',
    batchSize: 16,
    maxRows: 10_000,
    seed: 1,
    tolerance: 1e-4,
    backend: 'auto',
    outputDir: path.join(dir, `out-${Math.random().toString(36).slice(2)}`),
    warmup: 1,
    repeat: 2,
    ...overrides,
  };
}

const check = (r: { checks: { name: string; status: string; detail?: string }[] }, name: string) =>
  r.checks.find((c) => c.name === name);

function npy(values: Float32Array, shape: number[]): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix.writeUInt16LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), Buffer.from(values.buffer)]);
}

describe('smoke-test on ONNX models', () => {
  test('classifier: every check passes, class names and features come from metadata_props, metrics as for TF.js', async () => {
    const result = await runSmokeTest(options({}));
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(result.backend).toBe('onnxruntime-wasm');
    expect(result.task).toBe('classification');
    expect(result.classNames).toEqual(CLASSIFIER.classes);
    expect(result.metrics.accuracy).toBe(1);
    expect(result.metrics.rows).toBe(ROWS);
    expect(result.metrics.latency_ms_p95).toBeGreaterThan(0);
    expect(check(result, 'probabilities')?.status).toBe('pass');
    expect(check(result, 'deterministic')?.status).toBe('pass');
    const first = JSON.parse((await fs.readFile(result.predictionsFile!, 'utf8')).split('\n')[0]);
    Array.from(P.subarray(0, 3)).forEach((p, j) => expect(first.output[j]).toBeCloseTo(p, 5));
  });

  test('reversed features fail feature-order showing both lists', async () => {
    const result = await runSmokeTest(options({ features: ['f3', 'f2', 'f1', 'f0'] }));
    expect(result.passed).toBe(false);
    const detail = check(result, 'feature-order')?.detail;
    expect(check(result, 'feature-order')?.status).toBe('fail');
    expect(detail).toContain('[f3, f2, f1, f0]');
    expect(detail).toContain('[f0, f1, f2, f3]');
  });

  test('output: logits is read as the named output', async () => {
    const result = await runSmokeTest(
      options({ output: 'logits', task: 'regression', labelColumn: undefined }),
    );
    expect(result.passed).toBe(true);
    const first = JSON.parse((await fs.readFile(result.predictionsFile!, 'utf8')).split('\n')[0]);
    const z = affine(X.subarray(0, 4), 1, 4, CLASSIFIER.W, 3, CLASSIFIER.B);
    Array.from(z).forEach((v, j) => expect(first.output[j]).toBeCloseTo(v, 5));
  });

  test('float64 regressor: regression metrics against a label column', async () => {
    const lines = ['a,b,c,y'];
    for (let i = 0; i < 20; i++) {
      const x = [i / 10, 1 - i / 20, (i % 3) - 1];
      const y = affine(x, 1, 3, REGRESSOR.W, 1, [REGRESSOR.B])[0] + (i % 2 ? 0.5 : -0.5);
      lines.push([...x, y].join(','));
    }
    await fs.writeFile(path.join(dir, 'reg.csv'), lines.join('\n'));
    const result = await runSmokeTest(
      options({ model: 'regressor.onnx', data: 'reg.csv', labelColumn: 'y' }),
    );
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(result.task).toBe('regression');
    expect(result.metrics.rmse).toBeCloseTo(0.5, 5);
    expect(check(result, 'input-compatible')?.detail).toMatch(/input 'x' \[\?, 3\] \(float64\)/);
  });

  test('two inputs mapped from data columns with inputs', async () => {
    const lines = ['u,v,n,noise'];
    for (let i = 0; i < 10; i++) lines.push(`${i},${-i / 2},${i % 4},${i * 100}`);
    await fs.writeFile(path.join(dir, 'two.csv'), lines.join('\n'));
    const result = await runSmokeTest(
      options({
        model: 'two-input.onnx',
        data: 'two.csv',
        labelColumn: undefined,
        inputs: { a: ['u', 'v'], b: ['n'] },
      }),
    );
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const outputs = (await fs.readFile(result.predictionsFile!, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).output[0]);
    const x = Float32Array.from({ length: 30 }, (_, k) => {
      const i = Math.floor(k / 3);
      return [i, -i / 2, i % 4][k % 3];
    });
    const expected = affine(x, 10, 3, TWO_INPUT.W, 1, [TWO_INPUT.B]);
    outputs.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  test('fixed batch [1, 25, 96] from .npy: equals onnxruntime session.run within 1e-5, golden outputs pass, a truncated copy is refused', async () => {
    const rows = 7;
    const x = Float32Array.from(weights(rows * 2400, 21));
    await fs.writeFile(path.join(dir, 'seq.npy'), npy(x, [rows, 25, 96]));
    const first = await runSmokeTest(
      options({ model: 'fixed-batch.onnx', data: 'seq.npy', labelColumn: undefined }),
    );
    expect(first.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const outputs = (await fs.readFile(first.predictionsFile!, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).output as number[]);
    expect(outputs).toHaveLength(rows);

    // onnxruntime's own answer, one [1, 25, 96] batch at a time.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = { mjs: onnxWasmFiles.mjs, wasm: onnxWasmFiles.wasm };
    const session = await ort.InferenceSession.create(path.join(dir, 'fixed-batch.onnx'));
    for (let i = 0; i < rows; i++) {
      const feeds = {
        x: new ort.Tensor('float32', x.slice(i * 2400, (i + 1) * 2400), [1, 25, 96]),
      };
      const p = (await session.run(feeds)).p.data as Float32Array;
      p.forEach((v, j) => expect(Math.abs(outputs[i][j] - v)).toBeLessThanOrEqual(1e-5));
    }
    await session.release();

    const golden = await runSmokeTest(
      options({
        model: 'fixed-batch.onnx',
        data: 'seq.npy',
        labelColumn: undefined,
        expectedPredictions: first.predictionsFile,
      }),
    );
    expect(check(golden, 'golden-match')?.status).toBe('pass');

    const bytes = await fs.readFile(path.join(dir, 'fixed-batch.onnx'));
    await fs.writeFile(path.join(dir, 'truncated.onnx'), bytes.subarray(0, bytes.length / 2));
    const truncated = await runSmokeTest(
      options({ model: 'truncated.onnx', data: 'seq.npy', labelColumn: undefined }),
    );
    expect(truncated.passed).toBe(false);
    expect(check(truncated, 'model-loads')?.detail).toMatch(
      /truncated\.onnx is not a valid ONNX model/,
    );
  });

  test('feature names from the package manifest check the order too', async () => {
    const lines = ['a,b,c,y'];
    for (let i = 0; i < 5; i++) lines.push(`${i},${i * 2},${-i},${i}`);
    await fs.writeFile(path.join(dir, 'abc.csv'), lines.join('\n'));
    const pkg = path.join(dir, 'pkg-reg');
    await packageModel({
      modelPath: path.join(dir, 'regressor.onnx'),
      name: 'reg',
      version: '1.0.0',
      format: 'auto',
      outputDir: pkg,
      workspace: dir,
      metadata: { feature_names: ['a', 'b', 'c'] },
    });
    const ok = await runSmokeTest(options({ model: pkg, data: 'abc.csv', labelColumn: 'y' }));
    expect(ok.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const swapped = await runSmokeTest(
      options({ model: pkg, data: 'abc.csv', labelColumn: 'y', features: ['b', 'a', 'c'] }),
    );
    expect(check(swapped, 'feature-order')?.status).toBe('fail');
    expect(check(swapped, 'feature-order')?.detail).toMatch(/\[b, a, c\].*\[a, b, c\]/);
  });

  test('a packaged ONNX model runs (manifest format onnx) and passes deploy pre-deploy validation', async () => {
    const pkg = path.join(dir, 'pkg');
    const packaged = await packageModel({
      modelPath: path.join(dir, 'classifier.onnx'),
      name: 'iris',
      version: '1.0.0',
      format: 'auto',
      outputDir: pkg,
      workspace: dir,
    });
    expect(packaged.manifest.format).toBe('onnx');
    const result = await runSmokeTest(options({ model: pkg }));
    expect(check(result, 'package-verified')?.status).toBe('pass');
    expect(result.passed).toBe(true);
    expect(result.model.name).toBe('iris');

    const outcome = await validateBeforeDeploy(pkg, packaged.manifest, {
      data: 'iris.csv',
      policy: 'rules:\n  - metric: accuracy\n    min: 0.9\n',
      labelColumn: 'species',
      workspace: dir,
      outputDir: path.join(dir, 'validation'),
      log: silentLogger,
    });
    expect(outcome.metrics.accuracy).toBe(1);
  });
});
