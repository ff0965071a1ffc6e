import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageModel } from '@ml-actions/core/artifact/package-model.js';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { startGitHubEmulator, TOKENS, type GitHubEmulator } from '../emulators/github/index.js';
import {
  startModelFleet,
  type ModelFleet,
  type ModelServer,
} from '../emulators/model-servers/index.js';
import { classifierCsv } from '../fixtures/onnx/classifier-data.js';
import { ONNX_FIXTURES } from '../fixtures/onnx/onnx-models.mjs';
import { runAction, type ActionRun, type RunActionOptions } from '../harness/run-action.js';

/**
 * deploy's post-deploy validation on the bundle (run `node scripts/bundle.mjs deploy` first):
 * after the alias moves, validate-data goes to the serving endpoint and must pass the policy;
 * a failure rolls the environment back and records the reason on the GitHub Deployment.
 */
const REPO = 'ml-team/models';
const ROWS = 30;
const POLICY =
  'rules:\n  - metric: accuracy\n    min: 0.9\n  - metric: latency_ms_p95\n    max: 250\n';

let github: GitHubEmulator;
let root: string;
let registryDir: string;
let v1: string;
let v2: string;
let fleet: ModelFleet;

async function onnxPackage(version: string): Promise<string> {
  const outputDir = path.join(root, `package-${version}`);
  await packageModel({
    modelPath: path.join(ONNX_FIXTURES, 'classifier.onnx'),
    name: 'iris',
    version,
    format: 'auto',
    outputDir,
    workspace: root,
  });
  return outputDir;
}

beforeAll(async () => {
  github = await startGitHubEmulator();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-endpoint-'));
  await fs.writeFile(path.join(root, 'validation.csv'), classifierCsv(ROWS, 9));
  v1 = await onnxPackage('1.0.0');
  v2 = await onnxPackage('2.0.0');
  fleet = await startModelFleet(path.join(ONNX_FIXTURES, 'classifier.onnx'), 'iris');
});
afterAll(async () => {
  await fleet.close();
  await github.stop();
  await fs.rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  registryDir = await fs.mkdtemp(path.join(root, 'registry-'));
});

const serve: ModelFleet['serve'] = (options) => fleet.serve(options);

function deploy(inputs: RunActionOptions['inputs']): Promise<ActionRun> {
  return runAction('deploy', {
    cwd: root,
    inputs: {
      registry: `file://${registryDir}`,
      environment: 'staging',
      'validate-data': 'validation.csv',
      'validate-label-column': 'species',
      'validate-policy': POLICY,
      'model-name': 'iris',
      ...inputs,
    },
    githubApiUrl: github.url,
    token: TOKENS.app,
    repository: REPO,
  });
}

const deploymentOf = (run: ActionRun) =>
  github.deployments(REPO).find((d) => d.id === Number(run.outputs['deployment-id']))!;
const failureLine = (run: ActionRun) =>
  run.annotations.find((a) => a.level === 'error')?.message ?? '';

/** v1 is live in staging (no endpoint check); then v2 is deployed with validate-endpoint. */
async function deployV2Against(server: ModelServer, inputs: RunActionOptions['inputs'] = {}) {
  const first = await deploy({ package: v1 });
  expect(first.outputs.status).toBe('deployed');
  return deploy({ package: v2, 'validate-endpoint': server.url, ...inputs });
}

describe('deploy validate-endpoint (bundle)', () => {
  it('an endpoint serving the model passes the policy: deployed, Deployment success', async () => {
    const secret = 'Bearer tok-9f8e7d6c5b4a';
    const server = await serve({ requireHeader: { name: 'authorization', value: secret } });
    const run = await deployV2Against(server, { 'auth-header': secret });
    expect(failureLine(run)).toBe('');
    expect(run.outputs).toMatchObject({ status: 'deployed', version: '2.0.0' });
    expect(run.stdout).toMatch(/endpoint validation accuracy: pass/);
    expect(run.stdout).toContain(
      `Endpoint validation passed: ${ROWS} rows on ${server.url}/v2/models/iris/infer.`,
    );
    expect(deploymentOf(run).statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    // 1 warm-up + 2 passes, one batch each, each with the header.
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([secret, secret, secret]);
    // Masked by the runner (::add-mask::), and written nowhere else.
    const logged = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(logged.join('\n')).not.toContain('tok-9f8e7d6c5b4a');
    expect(run.summary).not.toContain('tok-9f8e7d6c5b4a');
    const deployment = JSON.stringify(github.deployments(REPO));
    expect(deployment).not.toContain('tok-9f8e7d6c5b4a');
  });

  it('a slow endpoint fails the latency rule: rolled back, the reason on the Deployment', async () => {
    const server = await serve({ delayMs: 400 });
    const run = await deployV2Against(server);
    expect(run.exitCode).not.toBe(0);
    expect(run.outputs).toMatchObject({ status: 'rolled-back', version: '2.0.0' });
    expect(failureLine(run)).toMatch(
      /^Deploy of iris 2\.0\.0 to staging failed: endpoint validation failed the policy: latency_ms_p95 .*; rolled staging back to 1\.0\.0\.$/,
    );
    const statuses = deploymentOf(run).statuses;
    expect(statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(statuses[1].description).toMatch(
      /^endpoint validation failed the policy: latency_ms_p95/,
    );
    const alias = await openRegistry(`file://${registryDir}`).readAlias('iris', 'staging');
    expect(alias!.alias.version).toBe('1.0.0');
  });

  it('malformed answers fail the validation with the reason; rollback-on-failure false keeps v2', async () => {
    const server = await serve({ malformed: true });
    const run = await deployV2Against(server, { 'rollback-on-failure': false });
    expect(run.outputs.status).toBe('failed');
    expect(failureLine(run)).toBe(
      `Deploy of iris 2.0.0 to staging failed: endpoint validation failed: endpoint-answers: ${server.url}/v2/models/iris/infer answered HTTP 200 with a body that is not JSON (26 bytes: "{\\"predictions\\": [0.1, 0.2,") (warm-up request 1); staging still names 2.0.0 (rollback-on-failure is false).`,
    );
    expect(deploymentOf(run).statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
  });

  it('validates a promote too, and refuses validate-endpoint without validation data', async () => {
    const server = await serve();
    const staged = await deploy({ package: v1 });
    expect(staged.outputs.status).toBe('deployed');
    const promoted = await deploy({
      operation: 'promote',
      environment: 'production',
      'from-environment': 'staging',
      'validate-endpoint': server.url,
    });
    expect(failureLine(promoted)).toBe('');
    expect(promoted.outputs).toMatchObject({ status: 'deployed', version: '1.0.0' });
    expect(promoted.stdout).toContain('Endpoint validation passed');

    const refused = await deploy({
      package: v2,
      'validate-endpoint': server.url,
      'validate-data': undefined,
      'validate-policy': undefined,
    });
    expect(failureLine(refused)).toBe(
      "Input 'validate-endpoint': post-deploy validation needs validate-data and validate-policy (the data sent to the endpoint and the policy its metrics must pass).",
    );
  });
});
