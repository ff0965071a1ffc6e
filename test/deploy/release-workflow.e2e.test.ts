import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import {
  startArtifactService,
  type ArtifactServiceEmulator,
} from '../emulators/artifact-service/index.js';
import { startGitHubEmulator, TOKENS, type GitHubEmulator } from '../emulators/github/index.js';
import { runWorkflowJob, type JobResult } from '../harness/workflow-runner.js';

/**
 * workflows-examples/release.yml job by job against the bundled actions, the GitHub and
 * artifact-service emulators, a file registry and two loopback "serving" endpoints that serve
 * whatever their environment's alias names (or are broken, when the test says so).
 */
const REPO = 'ml-team/models';
const MODEL = 'weather-classifier';

let github: GitHubEmulator;
let artifacts: ArtifactServiceEmulator;
let workspace: string;
let registryDir: string;
const broken = new Set<string>();
const servers: http.Server[] = [];

/** A serving endpoint that reports the version its environment's alias names. */
async function servingEndpoint(environment: string): Promise<string> {
  const server = http.createServer((_req, res) => {
    void (async () => {
      const alias = await openRegistry(`file://${registryDir}`).readAlias(MODEL, environment);
      const status = broken.has(environment) ? 500 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ version: alias?.alias.version ?? null }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let vars: Record<string, string>;

beforeAll(async () => {
  github = await startGitHubEmulator();
  artifacts = await startArtifactService({ repository: REPO });
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'release-e2e-'));
  registryDir = path.join(workspace, '..', `${path.basename(workspace)}-registry`);
  await fs.mkdir(path.join(workspace, 'model'));
  vars = {
    MODEL_REGISTRY: `file://${registryDir}`,
    MODEL_REGISTRY_ROLE: 'arn:aws:iam::123456789012:role/model-registry',
    STAGING_URL: await servingEndpoint('staging'),
    PRODUCTION_URL: await servingEndpoint('production'),
    HEALTH_TIMEOUT: '3',
  };
});
afterAll(async () => {
  await github.stop();
  await artifacts.close();
  for (const server of servers) server.close();
});

const failures = (job: JobResult) =>
  job.steps
    .filter((s) => s.outcome === 'failure')
    .map((s) => `${s.id ?? s.name}: ${s.log.slice(-1500)}`)
    .join('\n');

/** One workflow run: build, staging, production (each job after the ones it needs). */
async function release(sha: string, weights: string) {
  await fs.writeFile(path.join(workspace, 'model', 'weights.txt'), weights);
  const runEnv = { ...artifacts.newRun(REPO).env, GITHUB_REPOSITORY: REPO };
  const common = {
    workflow: 'workflows-examples/release.yml',
    eventName: 'push',
    event: { ref: 'refs/heads/main', after: sha },
    repository: REPO,
    workspace,
    githubApiUrl: github.url,
    token: TOKENS.app,
    vars,
    env: runEnv,
    externalActions: { 'aws-actions/configure-aws-credentials': async () => {} },
  };
  const build = await runWorkflowJob({ ...common, job: 'build' });
  expect(failures(build)).toBe('');
  const needs = { build: { result: build.result, outputs: build.outputs } };
  const staging = await runWorkflowJob({ ...common, job: 'staging', needs });
  if (staging.result !== 'success') return { build, staging };
  const production = await runWorkflowJob({
    ...common,
    job: 'production',
    needs: { ...needs, staging: { result: staging.result, outputs: staging.outputs } },
  });
  return { build, staging, production };
}

const deployment = (id: string) => github.deployments(REPO).find((d) => d.id === Number(id))!;

test('a push deploys to staging, then promotes the same version to production', async () => {
  const { build, staging, production } = await release('1'.repeat(40), 'w1');
  const version = build.outputs.version;
  expect(version).toBe('1111111');
  expect(failures(staging)).toBe('');
  expect(staging.step('deploy').outputs).toMatchObject({ status: 'deployed', version });
  expect(staging.steps.at(-1)!.log).toContain(`staging now runs ${version} (was nothing)`);
  expect(failures(production!)).toBe('');
  const promote = production!.steps.at(-1)!;
  expect(promote.outputs).toMatchObject({
    status: 'deployed',
    version,
    digest: staging.step('deploy').outputs.digest,
  });

  const prod = deployment(promote.outputs['deployment-id']);
  expect(prod).toMatchObject({ environment: 'production', production_environment: true });
  expect(prod.statuses.map((s) => [s.state, s.environment_url])).toEqual([
    ['in_progress', vars.PRODUCTION_URL],
    ['success', vars.PRODUCTION_URL],
  ]);
});

test('a release whose staging endpoint fails is rolled back there and never reaches production', async () => {
  broken.add('staging');
  try {
    const { staging, production } = await release('2'.repeat(40), 'w2');
    expect(staging.result).toBe('failure');
    expect(production).toBeUndefined();
    const deploy = staging.step('deploy');
    expect(deploy.outputs).toMatchObject({
      status: 'rolled-back',
      version: '2222222',
      'previous-version': '1111111',
    });
    expect(deployment(deploy.outputs['deployment-id']).statuses.map((s) => s.state)).toEqual([
      'in_progress',
      'failure',
    ]);
  } finally {
    broken.delete('staging');
  }
  const registry = openRegistry(`file://${registryDir}`);
  expect((await registry.readAlias(MODEL, 'staging'))!.alias.version).toBe('1111111');
  expect((await registry.readAlias(MODEL, 'production'))!.alias.version).toBe('1111111');
});

test('a manual run rolls production back to the version it named before', async () => {
  const { production } = await release('3'.repeat(40), 'w3');
  expect(production!.steps.at(-1)!.outputs).toMatchObject({
    version: '3333333',
    'previous-version': '1111111',
  });

  const dispatch = {
    workflow: 'workflows-examples/release.yml',
    eventName: 'workflow_dispatch',
    event: {
      ref: 'refs/heads/main',
      inputs: { 'rollback-environment': 'production', 'to-version': '' },
    },
    repository: REPO,
    workspace,
    githubApiUrl: github.url,
    token: TOKENS.app,
    vars,
    externalActions: { 'aws-actions/configure-aws-credentials': async () => {} },
  };
  expect((await runWorkflowJob({ ...dispatch, job: 'build' })).result).toBe('skipped');
  const rollback = await runWorkflowJob({ ...dispatch, job: 'rollback' });
  expect(failures(rollback)).toBe('');
  expect(rollback.steps.at(-1)!.outputs).toMatchObject({
    status: 'deployed',
    version: '1111111',
    'previous-version': '3333333',
  });
  const history = await openRegistry(`file://${registryDir}`).history(MODEL, 'production');
  expect(history.map((h) => [h.operation, h.to])).toEqual([
    ['promote', '1111111'],
    ['promote', '3333333'],
    ['rollback', '1111111'],
  ]);
});
