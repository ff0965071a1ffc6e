import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startS3Emulator, type S3Emulator } from '../deploy/s3-emulator.js';
import { runAction, type RunActionOptions } from '../harness/run-action.js';
import { smokePredictions, writeSmokeOutput } from './smoke-output.js';

/**
 * gate `baseline: registry` on the bundles: build-artifact packages a model with smoke-test's
 * metrics and predictions, deploy stores it and points production at it, and gate compares a
 * candidate with what production runs (issue 13: "baselines that do not go stale").
 */

let s3: S3Emulator;
let workspace: string;

/** A smoke-test output folder of 300 rows in the workspace; the path of its metrics.json in it. */
async function smokeOutput(name: string, wrong: number): Promise<string> {
  const model = { model: 'weather', version: name, rows: 300, wrong };
  await writeSmokeOutput(path.join(workspace, name), model);
  return `${name}/metrics.json`;
}

const run = (
  action: string,
  inputs: RunActionOptions['inputs'],
  env: Record<string, string> = {},
) => runAction(action, { cwd: workspace, inputs, env });

/** build-artifact with the smoke metrics, then deploy to production. */
async function release(registry: string, version: string, wrong: number, env = {}) {
  const metrics = await smokeOutput(`smoke-${version}`, wrong);
  const built = await run('build-artifact', {
    'model-path': 'model',
    name: 'weather',
    version,
    format: 'files',
    metrics,
    upload: false,
    'output-dir': `pkg-${version}-${registry.length}`,
  });
  expect(built.exitCode).toBe(0);
  const manifest = JSON.parse(await fs.readFile(built.outputs.manifest, 'utf8'));
  expect(manifest.predictions).toBe('evaluation-predictions.jsonl');
  const deployed = await run(
    'deploy',
    {
      package: built.outputs['package-dir'],
      registry,
      environment: 'production',
      'github-deployment': false,
    },
    env,
  );
  expect(deployed.outputs.status).toBe('deployed');
}

const errors = (r: { annotations: { level: string; message: string }[] }) =>
  r.annotations.filter((a) => a.level === 'error').map((a) => a.message);

beforeAll(async () => {
  s3 = await startS3Emulator();
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'gate-registry-'));
  await fs.mkdir(path.join(workspace, 'model'));
  await fs.writeFile(path.join(workspace, 'model', 'model.bin'), 'weights');
});
afterAll(async () => {
  await s3?.close();
  await fs.rm(workspace, { recursive: true, force: true });
});

const POLICY = 'rules: [{metric: accuracy, max-drop: 0.01, confidence: 0.95}]';

it('file registry: a significant drop against production fails with the McNemar p-value; nothing deployed fails by default', async () => {
  const registry = `file://${path.join(workspace, 'registry')}`;
  const gate = async (candidate: string, policy = POLICY) =>
    run('gate', {
      metrics: candidate,
      policy,
      baseline: 'registry',
      registry,
      environment: 'production',
      comment: 'never',
    });

  // Before anything is deployed: the baseline rule fails, saying why.
  const empty = await gate(await smokeOutput('first', 6));
  expect(empty.exitCode).toBe(1);
  expect(errors(empty)).toContainEqual(
    expect.stringMatching(
      /^accuracy: no version of weather is deployed to 'production' in file:\/\/.* \(give a baseline, or set on-missing-baseline: skip\)$/,
    ),
  );

  await release(registry, '1.0.0', 6);
  // 36 more rows wrong than production on the same 300 rows.
  const worse = await gate(await smokeOutput('worse', 42));
  expect(worse.exitCode).toBe(1);
  const report = JSON.parse(await fs.readFile(worse.outputs.report, 'utf8'));
  expect(report.baseline.source).toMatch(/registry weather 1\.0\.0 \(production\)$/);
  expect(report.checks[0]).toMatchObject({ verdict: 'fail', baseline: 0.98, test: 'mcnemar' });
  expect(report.checks[0].pValue).toBeLessThan(1e-9);
  expect(worse.summary).toMatch(/\*\*Baseline:\*\* weather 1\\\.0\\\.0 \(`sha256:/);
  expect(worse.summary).toMatch(/p = \d\.\de-\d+/);

  // One more wrong row than production: within noise, and under the limit.
  const same = await gate(await smokeOutput('same', 7));
  expect(same.exitCode).toBe(0);
  expect(JSON.parse(await fs.readFile(same.outputs.report, 'utf8')).checks[0]).toMatchObject({
    verdict: 'pass',
    test: 'mcnemar',
  });
});

it('s3 registry (s3rver): gate reads the deployed version through the same URI deploy used', async () => {
  const registry = `s3://models/gate?endpoint=${encodeURIComponent(s3.endpoint)}`;
  await release(registry, '2.0.0', 3, s3.env);
  const gate = await run(
    'gate',
    {
      metrics: await smokeOutput('s3-candidate', 30),
      policy: POLICY,
      baseline: 'registry',
      registry,
      environment: 'production',
      comment: 'never',
    },
    s3.env,
  );
  expect(gate.exitCode).toBe(1);
  const report = JSON.parse(await fs.readFile(gate.outputs.report, 'utf8'));
  expect(report.baseline.source).toBe('s3://models/gate weather 2.0.0 (production)');
  expect(report.checks[0]).toMatchObject({ verdict: 'fail', baseline: 0.99, test: 'mcnemar' });
});

it('a tampered deployed version and an unreachable registry are one line each, no stack', async () => {
  const registry = path.join(workspace, 'tampered');
  await release(`file://${registry}`, '3.0.0', 3);
  await fs.writeFile(
    path.join(registry, 'weather', 'versions', '3.0.0', 'evaluation-predictions.jsonl'),
    smokePredictions(300, 0),
  );
  const inputs = {
    metrics: await smokeOutput('c', 3),
    policy: POLICY,
    baseline: 'registry',
    environment: 'production',
    comment: 'never',
  };
  const tampered = await run('gate', { ...inputs, registry: `file://${registry}` });
  expect(tampered.exitCode).toBe(1);
  expect(errors(tampered)).toEqual([
    expect.stringMatching(
      /^Refusing to use weather 3\.0\.0, deployed to 'production', as the gate's baseline: the stored version .* does not match its manifest \(evaluation-predictions\.jsonl: /,
    ),
  ]);
  expect(tampered.stdout + tampered.stderr).not.toMatch(/please report it|\n\s+at /);

  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const unreachable = await run(
    'gate',
    {
      ...inputs,
      registry: `s3://models/x?endpoint=${encodeURIComponent(`http://127.0.0.1:${port}`)}`,
      'request-timeout': 5,
    },
    s3.env,
  );
  expect(unreachable.exitCode).toBe(1);
  expect(errors(unreachable)).toHaveLength(1);
  expect(errors(unreachable)[0]).toMatch(/127\.0\.0\.1/);
  expect(unreachable.stdout + unreachable.stderr).not.toMatch(/please report it/);
});
