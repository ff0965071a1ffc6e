import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { startGitHubEmulator, TOKENS, type GitHubEmulator } from '../emulators/github/index.js';
import { runAction, type RunActionOptions } from '../harness/run-action.js';
import { buildTestPackage, type TestPackage } from './build-package.js';
import { startS3Emulator } from './s3-emulator.js';

const REPO = 'ml-team/models';
const RUN_URL = 'https://github.com/ml-team/models/actions/runs/4242';

let github: GitHubEmulator;
let root: string;
let registryDir: string;
let v1: TestPackage;
let v2: TestPackage;

/** A loopback service whose health answer the test controls. */
async function healthServer(answer: () => { status: number; body: unknown }) {
  const server = http.createServer((_req, res) => {
    const { status, body } = answer();
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function deploy(inputs: RunActionOptions['inputs'], env: Record<string, string> = {}) {
  return runAction('deploy', {
    // The packages are built in the workspace: deploy's package must be inside it.
    cwd: root,
    inputs: { registry: `file://${registryDir}`, environment: 'staging', ...inputs },
    githubApiUrl: github.url,
    token: TOKENS.app,
    repository: REPO,
    env,
  });
}

const statesOf = (deploymentId: string) =>
  github
    .deployments(REPO)
    .find((d) => d.id === Number(deploymentId))!
    .statuses.map((s) => s.state);

beforeAll(async () => {
  github = await startGitHubEmulator();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-action-'));
  v1 = await buildTestPackage('iris', '1.0.0', { 'model.json': '{"v":1}' }, root);
  v2 = await buildTestPackage(
    'iris',
    '2.0.0',
    { 'model.json': '{"v":2}', 'weights.bin': 'w2' },
    root,
  );
});
afterAll(async () => {
  await github.stop();
});
beforeEach(async () => {
  registryDir = await fs.mkdtemp(path.join(root, 'registry-'));
});

describe('deploy action', () => {
  it('deploys v1 then v2 and records GitHub deployments going in_progress -> success', async () => {
    const first = await deploy({
      package: v1.dir,
      'environment-url': 'https://staging.example.com',
    });
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({
      status: 'deployed',
      version: '1.0.0',
      'previous-version': '',
    });

    const second = await deploy({
      package: v2.dir,
      'environment-url': 'https://staging.example.com',
    });
    expect(second.stderr).toBe('');
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({
      status: 'deployed',
      version: '2.0.0',
      'previous-version': '1.0.0',
      digest: v2.manifest.digest,
      'registry-uri': `file://${registryDir}`,
    });
    const deployment = github
      .deployments(REPO)
      .find((d) => d.id === Number(second.outputs['deployment-id']))!;
    expect(deployment).toMatchObject({
      environment: 'staging',
      sha: 'c'.repeat(40),
      production_environment: false,
      payload: {
        model: 'iris',
        version: '2.0.0',
        digest: v2.manifest.digest,
        previous_version: '1.0.0',
      },
    });
    expect(deployment.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment.statuses[1]).toMatchObject({
      environment_url: 'https://staging.example.com',
      log_url: RUN_URL,
    });

    const registry = openRegistry(`file://${registryDir}`);
    expect((await registry.readAlias('iris', 'staging'))!.alias).toMatchObject({
      version: '2.0.0',
      previous: '1.0.0',
      deployment_id: Number(second.outputs['deployment-id']),
    });
    const history = await registry.history('iris', 'staging');
    expect(history.map((h) => [h.from, h.to, h.actor, h.run_url])).toEqual([
      [null, '1.0.0', 'octocat', RUN_URL],
      ['1.0.0', '2.0.0', 'octocat', RUN_URL],
    ]);
    expect(second.summary).toContain('operation: rollback');
    expect(second.summary).toContain("--to-version '1.0.0'");
  });

  it("is not blocked by the commit's own checks still running (required_contexts: [])", async () => {
    const api = (method: string, route: string, body: unknown) =>
      fetch(`${github.url}/repos/${REPO}${route}`, {
        method,
        headers: { authorization: `token ${TOKENS.app}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const check = await api('POST', '/check-runs', {
      name: 'model-release',
      head_sha: 'c'.repeat(40),
      status: 'in_progress',
    });
    expect(check.status).toBe(201);
    // What GitHub answers a deployment that leaves required_contexts out while a check runs:
    const plain = await api('POST', '/deployments', {
      ref: 'c'.repeat(40),
      environment: 'staging',
    });
    expect(plain.status).toBe(409);

    const run = await deploy({ package: v1.dir });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('deployed');
    const { id } = (await check.json()) as { id: number };
    await api('PATCH', `/check-runs/${id}`, { status: 'completed', conclusion: 'success' });
  });

  it('rides out a 502 and a secondary rate limit from GitHub without duplicating anything', async () => {
    const before = github.deployments(REPO).length;
    github.injectFault({ status: 502, method: 'POST', path: /\/deployments$/ });
    github.injectRateLimit({ kind: 'secondary', method: 'POST', path: /\/statuses$/ });
    const run = await deploy({ package: v1.dir });
    expect(run.exitCode).toBe(0);
    expect(github.deployments(REPO)).toHaveLength(before + 1);
    expect(statesOf(run.outputs['deployment-id'])).toEqual(['in_progress', 'success']);
    const answered = github.requests.map((r) => `${r.status} ${r.method} ${r.path}`);
    expect(answered).toContain(`502 POST /repos/${REPO}/deployments`);
    expect(answered.filter((a) => /^(403|429) POST .*\/statuses$/.test(a))).toHaveLength(1);
  });

  it('reports a re-deploy of the live version as unchanged without a new deployment', async () => {
    await deploy({ package: v1.dir });
    const before = github.deployments(REPO).length;
    const again = await deploy({ package: v1.dir });
    expect(again.exitCode).toBe(0);
    expect(again.outputs.status).toBe('unchanged');
    expect(github.deployments(REPO)).toHaveLength(before);
  });

  it('promotes staging to production and rolls production back', async () => {
    await deploy({ package: v1.dir });
    await deploy({ package: v2.dir });
    await deploy({
      operation: 'promote',
      'from-environment': 'staging',
      environment: 'production',
    });
    const promoted = await deploy({
      operation: 'promote',
      'from-environment': 'staging',
      environment: 'production',
    });
    expect(promoted.outputs).toMatchObject({ status: 'unchanged', version: '2.0.0' });

    const registry = openRegistry(`file://${registryDir}`);
    await deploy({ package: v1.dir, environment: 'canary' });
    const rolled = await deploy({
      operation: 'rollback',
      environment: 'production',
      'to-version': '1.0.0',
    });
    expect(rolled.exitCode).toBe(0);
    expect(rolled.outputs).toMatchObject({
      status: 'deployed',
      version: '1.0.0',
      'previous-version': '2.0.0',
    });
    expect((await registry.readAlias('iris', 'production'))!.alias.version).toBe('1.0.0');
    const production = github.deployments(REPO).filter((d) => d.environment === 'production');
    expect(production.at(-1)!.production_environment).toBe(true);
    expect((await registry.history('iris', 'production')).map((h) => h.operation)).toEqual([
      'promote',
      'rollback',
    ]);
  });

  it('rolls back by itself when the health endpoint keeps reporting the old version', async () => {
    await deploy({ package: v1.dir });
    const service = await healthServer(() => ({ status: 200, body: { version: '1.0.0' } }));
    try {
      const run = await deploy({
        package: v2.dir,
        'health-check-url': service.url,
        'health-timeout': 3,
      });
      expect(run.exitCode).toBe(1);
      expect(run.outputs).toMatchObject({
        status: 'rolled-back',
        version: '2.0.0',
        'previous-version': '1.0.0',
      });
      expect(run.annotations.find((a) => a.level === 'error')!.message).toMatch(
        /reports version 1\.0\.0, expected 2\.0\.0; rolled staging back to 1\.0\.0/,
      );
      expect(statesOf(run.outputs['deployment-id'])).toEqual(['in_progress', 'failure']);
      const registry = openRegistry(`file://${registryDir}`);
      expect((await registry.readAlias('iris', 'staging'))!.alias.version).toBe('1.0.0');
      expect((await registry.history('iris', 'staging')).map((h) => [h.operation, h.to])).toEqual([
        ['deploy', '1.0.0'],
        ['deploy', '2.0.0'],
        ['rollback', '1.0.0'],
      ]);
    } finally {
      await service.close();
    }
  });

  it('rolls back when the health endpoint fails, and passes when it reports the new version', async () => {
    await deploy({ package: v1.dir });
    let healthy = false;
    const service = await healthServer(() =>
      healthy
        ? { status: 200, body: { version: '2.0.0' } }
        : { status: 503, body: { error: 'down' } },
    );
    try {
      const failed = await deploy({
        package: v2.dir,
        'health-check-url': service.url,
        'health-timeout': 2,
      });
      expect(failed.outputs.status).toBe('rolled-back');
      expect(failed.stdout).toContain('HTTP 503');
      healthy = true;
      const passed = await deploy({ package: v2.dir, 'health-check-url': service.url });
      expect(passed.exitCode).toBe(0);
      expect(passed.outputs.status).toBe('deployed');
      expect(statesOf(passed.outputs['deployment-id'])).toEqual(['in_progress', 'success']);
    } finally {
      await service.close();
    }
  });

  it('leaves the alias on the new version when rollback-on-failure is false', async () => {
    await deploy({ package: v1.dir });
    const run = await deploy({
      package: v2.dir,
      'health-check-url': 'http://127.0.0.1:9/health',
      'health-timeout': 1,
      'rollback-on-failure': false,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('failed');
    expect(
      (await openRegistry(`file://${registryDir}`).readAlias('iris', 'staging'))!.alias.version,
    ).toBe('2.0.0');
  });

  it('refuses a tampered package before writing anything or creating a deployment', async () => {
    const tampered = await buildTestPackage('iris', '3.0.0', { 'model.json': 'ok' }, root);
    await fs.writeFile(path.join(tampered.dir, 'model.json'), 'evil');
    const before = github.deployments(REPO).length;
    const run = await deploy({ package: tampered.dir });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0].message).toMatch(/failed verification .*model\.json/);
    expect(run.outputs.status).toBe('failed');
    expect(await fs.readdir(registryDir)).toEqual([]);
    expect(github.deployments(REPO)).toHaveLength(before);
  });

  it('refuses a different digest under an existing version', async () => {
    await deploy({ package: v1.dir });
    const impostor = await buildTestPackage('iris', '1.0.0', { 'model.json': 'other' }, root);
    const run = await deploy({ package: impostor.dir });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0].message).toMatch(/Versions are immutable/);
  });

  it('says which permission is missing when the token may not create deployments', async () => {
    const run = await runAction('deploy', {
      cwd: root,
      inputs: { registry: `file://${registryDir}`, environment: 'staging', package: v1.dir },
      githubApiUrl: github.url,
      token: TOKENS.readOnly,
      repository: REPO,
    });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0].message).toMatch(/deployments: write/);
  });

  it.each([
    [{ operation: 'ship' }, /Input 'operation': expected one of deploy, promote, rollback/],
    [{}, /needs the model package/],
    [{ operation: 'promote' }, /Input 'from-environment': is required/],
    [
      { package: 'x', 'to-version': '1' },
      /Input 'to-version': is only used with operation 'rollback'/,
    ],
    [{ package: 'x', registry: 'ftp://host/x' }, /unsupported registry 'ftp:\/\/'/],
    [
      { package: 'x', environment: '../prod' },
      /Input 'environment': environment '\.\.\/prod' cannot be used/,
    ],
    [{ package: 'x', 'validate-data': 'd.csv' }, /needs both validate-data and validate-policy/],
    [
      { package: 'x', 'health-check-url': 'localhost:8080' },
      /Input 'health-check-url': expected an http/,
    ],
    [{ operation: 'rollback' }, /holds no model yet/],
  ])('fails with one clear line on bad input %o', async (inputs, message) => {
    const run = await deploy(inputs as RunActionOptions['inputs']);
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toHaveLength(1);
    expect(run.annotations[0].message).toMatch(message);
  });

  it('deploys to an S3 registry (s3rver) with credentials from the environment', async () => {
    const s3 = await startS3Emulator('models');
    try {
      const uri = `s3://models/team?endpoint=${encodeURIComponent(s3.endpoint)}&force-path-style=true`;
      const run = await deploy(
        { package: v1.dir, registry: uri, 'github-deployment': false },
        s3.env,
      );
      expect(run.exitCode).toBe(0);
      expect(run.outputs).toMatchObject({
        status: 'deployed',
        'registry-uri': 's3://models/team',
        'deployment-id': '',
      });
      expect(run.stdout + run.stderr).not.toContain(s3.env.AWS_SECRET_ACCESS_KEY);
      const registry = openRegistry(uri, { s3Client: s3.client });
      expect((await registry.readAlias('iris', 'staging'))!.alias.digest).toBe(v1.manifest.digest);
    } finally {
      await s3.close();
    }
  });
});
