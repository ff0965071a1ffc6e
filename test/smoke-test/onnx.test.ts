import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLASSIFIER, classifierRows, ONNX_FIXTURES } from '../fixtures/onnx/onnx-models.mjs';
import { parseFileCommands, REPO_ROOT, runAction, type ActionRun } from '../harness/run-action.js';

/** The smoke-test bundle on ONNX models (run `node scripts/bundle.mjs smoke-test` first). */
let workspace: string;
const ROWS = 40;
const BUNDLE = path.join(REPO_ROOT, 'dist', 'smoke-test');

beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-onnx-'));
  await fs.writeFile(path.join(workspace, 'iris.csv'), classifierRows(ROWS, 5).csv);
  for (const name of ['classifier.onnx', 'zipmap.onnx']) {
    await fs.copyFile(path.join(ONNX_FIXTURES, name), path.join(workspace, name));
  }
});
afterAll(async () => {
  await fs.rm(workspace, { recursive: true, force: true });
});

const smoke = (inputs: Record<string, string | undefined>): Promise<ActionRun> =>
  runAction('smoke-test', { cwd: workspace, inputs });
const failureLine = (run: ActionRun) =>
  run.annotations.find((a) => a.level === 'error')?.message ?? '';

describe('smoke-test bundle on ONNX models', () => {
  it('carries the onnxruntime-web WASM build next to the bundle', async () => {
    const files = await fs.readdir(BUNDLE);
    expect(files).toEqual(
      expect.arrayContaining(['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']),
    );
    const wasm = await fs.stat(path.join(BUNDLE, 'ort-wasm-simd-threaded.wasm'));
    expect(wasm.size).toBeGreaterThan(5_000_000);
  });

  it('runs an ONNX classifier: backend output, metrics, class names from metadata_props', async () => {
    const run = await smoke({
      model: 'classifier.onnx',
      data: 'iris.csv',
      'label-column': 'species',
      'output-dir': 'out-cls',
    });
    expect(failureLine(run)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs.backend).toBe('onnxruntime-wasm');
    expect(run.outputs.rows).toBe(String(ROWS));
    const metrics = JSON.parse(await fs.readFile(run.outputs.metrics, 'utf8'));
    expect(metrics.backend).toBe('onnxruntime-wasm');
    expect(metrics.metrics.accuracy).toBe(1);
    expect(metrics.confusion_matrix.labels).toEqual(CLASSIFIER.classes);
  });

  it('fails on reversed features with both lists, and on a ZipMap model with the export hint', async () => {
    const reversed = await smoke({
      model: 'classifier.onnx',
      data: 'iris.csv',
      features: 'f3,f2,f1,f0',
      'label-column': 'species',
      'output-dir': 'out-rev',
    });
    expect(reversed.exitCode).not.toBe(0);
    expect(failureLine(reversed)).toMatch(
      /feature-order: .*data gives \[f3, f2, f1, f0\], the model expects \[f0, f1, f2, f3\]/,
    );
    const zipmap = await smoke({
      model: 'zipmap.onnx',
      data: 'iris.csv',
      features: 'f0,f1',
      'output-dir': 'out-zip',
    });
    expect(zipmap.exitCode).not.toBe(0);
    expect(failureLine(zipmap)).toMatch(/ZipMap.*options=\{id\(clf\): \{'zipmap': False\}\}/);
  });

  it('predictions mode: metrics from a predictions file, no model', async () => {
    await fs.writeFile(
      path.join(workspace, 'preds.csv'),
      'prediction,prob_no,prob_yes,label\nyes,0.2,0.8,yes\nno,0.7,0.3,no\nyes,0.4,0.6,no\n',
    );
    const run = await smoke({
      predictions: 'preds.csv',
      'label-column': 'label',
      'output-dir': 'out-preds',
    });
    expect(failureLine(run)).toBe('');
    expect(run.outputs.backend).toBe('predictions-file');
    const metrics = JSON.parse(await fs.readFile(run.outputs.metrics, 'utf8'));
    expect(metrics.metrics.accuracy).toBeCloseTo(2 / 3, 10);
  });

  it('runs from a copy of dist/smoke-test outside the repository (no node_modules to lean on)', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'bundle-copy-'));
    try {
      // Nothing above the copy resolves packages.
      for (let dir = outside; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        await expect(fs.access(path.join(dir, 'node_modules'))).rejects.toThrow();
      }
      const copy = path.join(outside, 'smoke-test');
      await fs.cp(BUNDLE, copy, { recursive: true });
      const outputFile = path.join(outside, 'outputs');
      await fs.writeFile(outputFile, '');
      const result = spawnSync(process.execPath, [path.join(copy, 'index.js')], {
        cwd: workspace,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          GITHUB_WORKSPACE: workspace,
          GITHUB_OUTPUT: outputFile,
          INPUT_MODEL: 'classifier.onnx',
          INPUT_DATA: 'iris.csv',
          'INPUT_LABEL-COLUMN': 'species',
          'INPUT_OUTPUT-DIR': 'out-copy',
          INPUT_BACKEND: 'wasm',
        },
      });
      expect(result.stdout).toMatch(/Smoke test passed: 40 rows on onnxruntime-wasm/);
      expect(result.status).toBe(0);
      const outputs = parseFileCommands(await fs.readFile(outputFile, 'utf8'));
      expect(outputs.backend).toBe('onnxruntime-wasm');
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});
