import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startS3Emulator, type S3Emulator } from '../../../../test/deploy/s3-emulator.js';
import { SMOKE_CLASSES, writeSmokeOutput } from '../../../../test/gate/smoke-output.js';
import { packageModel } from '../artifact/package-model.js';
import { ServiceError, UserError } from '../inputs/user-error.js';
import { readMetricsFile, type LoadedMetrics } from '../metrics/metrics-file.js';
import { publishPackage } from '../registry/model-registry.js';
import { openRegistry } from '../registry/open-registry.js';
import { silentLogger } from '../runner/logger.js';
import { readRegistryBaseline } from './registry-baseline.js';
import { evaluateGate } from './run-gate.js';

/**
 * `baseline: registry`: the gate's baseline is the version deployed to an environment, read
 * from the registry deploy writes (its manifest's metrics, its stored predictions file).
 */

let s3: S3Emulator;
let root: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  s3 = await startS3Emulator();
  Object.assign(process.env, s3.env);
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-baseline-'));
});
afterAll(async () => {
  process.env = savedEnv;
  await s3?.close();
  await fs.rm(root, { recursive: true, force: true });
});

/** A smoke-test output folder of 200 rows, the first `wrong` predicted wrongly. */
const smokeOutput = (name: string, wrong: number) =>
  writeSmokeOutput(path.join(root, name), { model: 'iris', version: name, rows: 200, wrong });

/** Packages a model with build-artifact's library (metrics and predictions) and deploys it. */
async function deployVersion(uri: string, version: string, metricsFile?: string) {
  const modelDir = path.join(root, `model-${version}-${path.basename(uri)}`);
  await fs.mkdir(modelDir, { recursive: true });
  await fs.writeFile(path.join(modelDir, 'model.bin'), `weights ${version}`);
  const metrics = metricsFile ? await readMetricsFile('metrics', metricsFile) : undefined;
  const pkg = await packageModel({
    modelPath: modelDir,
    name: 'iris',
    version,
    format: 'files',
    outputDir: path.join(root, `pkg-${version}-${path.basename(uri)}`),
    workspace: root,
    metrics: metrics?.metrics,
    predictions: metrics?.predictions,
  });
  const registry = openRegistry(uri);
  await publishPackage(registry, pkg.dir);
  await registry.moveAlias({
    model: 'iris',
    environment: 'production',
    version,
    digest: pkg.manifest.digest,
    operation: 'deploy',
    reason: 'test',
  });
  return pkg;
}

const candidate: LoadedMetrics = {
  source: 'metrics.json',
  structured: true,
  metrics: { accuracy: 0.8 },
  model: { name: 'iris' },
  classNames: SMOKE_CLASSES,
};

let s3Prefixes = 0;
const stores = {
  file: () => `file://${path.join(root, `registry-${++s3Prefixes}`)}`,
  s3: () => `s3://models/gate-${++s3Prefixes}?endpoint=${encodeURIComponent(s3.endpoint)}`,
};

describe.each(Object.keys(stores) as (keyof typeof stores)[])('on the %s store', (kind) => {
  it('reads the deployed version: its manifest metrics and its stored predictions', async () => {
    const uri = stores[kind]();
    await deployVersion(uri, '1.0.0', await smokeOutput(`base-${kind}`, 4));
    const baseline = await readRegistryBaseline(
      { registry: uri, environment: 'production' },
      candidate,
      silentLogger,
    );
    expect(baseline.deployed).toBe(true);
    if (!baseline.deployed) return;
    expect(baseline.version).toBe('1.0.0');
    expect(baseline.metrics.metrics).toEqual({ accuracy: 0.98 });
    expect(baseline.metrics.source).toMatch(/ iris 1\.0\.0 \(production\)$/);
    expect(baseline.predictions?.keys).toHaveLength(200);
  });

  it('says nothing is deployed when the environment has no version', async () => {
    const uri = stores[kind]();
    await deployVersion(uri, '1.0.0');
    const baseline = await readRegistryBaseline(
      { registry: uri, environment: 'staging' },
      candidate,
      silentLogger,
    );
    expect(baseline).toEqual({
      deployed: false,
      reason: expect.stringMatching(/^no version of iris is deployed to 'staging' in /),
    });
  });
});

describe('the gate against the registry baseline', () => {
  const policyFile = async (text: string) => {
    const file = path.join(root, `policy-${++s3Prefixes}.yml`);
    await fs.writeFile(file, text);
    return file;
  };
  // The registry baseline's rule: at most 0.01 accuracy below the deployed version.
  const MAX_DROP = 'rules: [{metric: accuracy, max-drop: 0.01}]';
  const gate = async (uri: string, metricsFile: string, policy: string) =>
    evaluateGate(
      {
        metrics: metricsFile,
        policy: await policyFile(policy),
        registryBaseline: { registry: uri, environment: 'production' },
        comment: 'never',
        commentKey: 'gate',
        title: 'Gate',
        requestTimeoutMs: 30_000,
        outputDir: path.join(root, `out-${s3Prefixes}`),
      },
      silentLogger,
    );

  it('runs the paired McNemar test against the deployed version’s predictions', async () => {
    const uri = stores.file();
    await deployVersion(uri, '1.0.0', await smokeOutput('prod', 4));
    // 30 more rows wrong than production on the same rows: a real drop.
    const verdict = await gate(
      uri,
      await smokeOutput('candidate', 34),
      'rules: [{metric: accuracy, max-drop: 0.01, confidence: 0.95}]',
    );
    expect(verdict.result.passed).toBe(false);
    expect(verdict.result.checks[0]).toMatchObject({
      verdict: 'fail',
      baseline: 0.98,
      test: 'mcnemar',
    });
    expect(verdict.result.checks[0].pValue).toBeLessThan(1e-6);
  });

  it('fails a baseline rule when nothing is deployed, naming why; skip when the policy says so', async () => {
    const uri = stores.file();
    const metricsFile = await smokeOutput('lonely', 4);
    const failed = await gate(uri, metricsFile, MAX_DROP);
    expect(failed.result.checks[0].verdict).toBe('fail');
    expect(failed.result.checks[0].reason).toMatch(
      /^no version of iris is deployed to 'production' in file:\/\/.* \(give a baseline, or set on-missing-baseline: skip\)$/,
    );
    const skipped = await gate(
      uri,
      metricsFile,
      'on-missing-baseline: skip\nrules: [{metric: accuracy, max-drop: 0.01}]',
    );
    expect(skipped.result).toMatchObject({ passed: true, counts: { skip: 1 } });
  });

  it('refuses a deployed version whose stored files changed (one line naming the file)', async () => {
    const uri = stores.file();
    await deployVersion(uri, '1.0.0', await smokeOutput('tampered', 4));
    const stored = path.join(uri.slice('file://'.length), 'iris', 'versions', '1.0.0', 'model.bin');
    await fs.writeFile(stored, 'other weights');
    const run = gate(uri, await smokeOutput('c2', 4), MAX_DROP);
    await expect(run).rejects.toThrow(ServiceError);
    await expect(run).rejects.toThrow(
      /^Refusing to use iris 1\.0\.0, deployed to 'production', as the gate's baseline: the stored version .* does not match its manifest \(model\.bin: /,
    );
  });

  it('refuses a deployed version that stores no metrics', async () => {
    const uri = stores.file();
    await deployVersion(uri, '1.0.0');
    const run = gate(uri, await smokeOutput('c3', 4), MAX_DROP);
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(
      /stores no metrics in its manifest: package it with build-artifact's metrics input/,
    );
  });

  it('says in one line when the registry cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const uri = `s3://models/x?endpoint=${encodeURIComponent(`http://127.0.0.1:${port}`)}`;
    const run = readRegistryBaseline(
      {
        registry: uri,
        environment: 'production',
        timeouts: { requestTimeoutMs: 2000, deadlineMs: 20_000 },
      },
      candidate,
      silentLogger,
    );
    await expect(run).rejects.toThrow(ServiceError);
    await expect(run).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('asks for the model when the metrics file names none', async () => {
    await expect(
      readRegistryBaseline(
        { registry: stores.file(), environment: 'production' },
        { ...candidate, model: undefined },
        silentLogger,
      ),
    ).rejects.toThrow(/names no model, so the registry baseline needs the model's name/);
  });
});
