import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageModel } from '@ml-actions/core/artifact/package-model.js';
import { classifierRows, ONNX_FIXTURES } from '../fixtures/onnx/onnx-models.mjs';
import { REPO_ROOT, runAction } from '../harness/run-action.js';

/** deploy's pre-deploy validation on an ONNX package (the bundle carries onnxruntime-web's WASM). */
let root: string;
let pkg: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-onnx-'));
  await fs.writeFile(path.join(root, 'validation.csv'), classifierRows(30, 9).csv);
  pkg = path.join(root, 'package');
  const packaged = await packageModel({
    modelPath: path.join(ONNX_FIXTURES, 'classifier.onnx'),
    name: 'iris',
    version: '1.0.0',
    format: 'auto',
    outputDir: pkg,
    workspace: root,
  });
  expect(packaged.manifest.format).toBe('onnx');
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

it('dist/deploy carries the ONNX WASM files', async () => {
  const files = await fs.readdir(path.join(REPO_ROOT, 'dist', 'deploy'));
  expect(files).toEqual(
    expect.arrayContaining(['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']),
  );
});

it('validates and deploys an ONNX package', async () => {
  const result = await runAction('deploy', {
    cwd: root,
    inputs: {
      package: pkg,
      registry: `file://${path.join(root, 'registry')}`,
      environment: 'staging',
      'github-deployment': false,
      'validate-data': 'validation.csv',
      'validate-label-column': 'species',
      'validate-policy': 'rules:\n  - metric: accuracy\n    min: 0.95\n',
    },
  });
  expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('deployed');
  expect(result.stdout).toMatch(/validation accuracy: pass/);
});
