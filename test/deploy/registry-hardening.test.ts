import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelRegistry } from '@ml-actions/core/registry/model-registry.js';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { startGitHubEmulator, TOKENS, type GitHubEmulator } from '../emulators/github/index.js';
import { runAction, type RunActionOptions } from '../harness/run-action.js';
import { buildTestPackage, type TestPackage } from './build-package.js';
import { expectConsistentRegistry } from './registry-invariants.js';
import { startS3Emulator, type S3Emulator } from './s3-emulator.js';

/**
 * Issue 17 on the deploy bundle: a stored version is re-verified before any alias points at
 * it (promote, rollback, unchanged re-deploy), damaged registry files and S3 setup failures
 * end in one clear line, and a history record whose seq differs from its file name does not
 * make a rollback spin. Both file:// and s3:// (s3rver behind the conditional-write proxy).
 */
const REPO = 'ml-team/models';

let github: GitHubEmulator;
let s3: S3Emulator;
let root: string;
let v1: TestPackage;
let v2: TestPackage;
let registries = 0;

interface Registry {
  uri: string;
  env: Record<string, string>;
  /** The registry as the test sees it (outside the action). */
  check: ModelRegistry;
}

const kinds: Record<'file' | 's3', () => Promise<Registry>> = {
  file: async () => {
    const dir = await fs.mkdtemp(path.join(root, 'registry-'));
    const uri = `file://${dir}`;
    return { uri, env: {}, check: openRegistry(uri) };
  },
  s3: async () => {
    const uri = `s3://models/hardening-${++registries}?endpoint=${encodeURIComponent(s3.endpoint)}`;
    return { uri, env: s3.env, check: openRegistry(uri, { s3Client: s3.client }) };
  },
};

function deploy(
  registry: { uri: string; env: Record<string, string> },
  inputs: RunActionOptions['inputs'],
  env: Record<string, string> = {},
) {
  return runAction('deploy', {
    // The packages are built in the workspace: deploy's package must be inside it.
    cwd: root,
    inputs: { registry: registry.uri, environment: 'staging', ...inputs },
    githubApiUrl: github.url,
    token: TOKENS.app,
    repository: REPO,
    env: { ...registry.env, ...env },
  });
}

/** Changes a stored object the way anyone with write access to the bucket or directory could. */
async function overwrite(registry: Registry, key: string, body: string) {
  const current = await registry.check.store.get(key);
  expect(await registry.check.store.putIfMatch(key, Buffer.from(body), current?.etag ?? null)).toBe(
    true,
  );
}

async function read(registry: Registry, key: string): Promise<string> {
  return (await registry.check.store.get(key))!.body.toString('utf8');
}

async function state(registry: Registry, environment: string) {
  return {
    alias: (await registry.check.readAlias('iris', environment))?.alias,
    history: await registry.check.history('iris', environment),
  };
}

/** One failure line: the annotation, no stack, not reported as our bug. */
function expectOneClearLine(run: Awaited<ReturnType<typeof deploy>>, pattern: RegExp) {
  expect(run.exitCode).toBe(1);
  const errors = run.annotations.filter((a) => a.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0].message).toMatch(pattern);
  expect(errors[0].message).not.toContain('\n');
  expect(run.stdout + run.stderr).not.toMatch(/please report it|\n\s+at /);
}

beforeAll(async () => {
  github = await startGitHubEmulator();
  s3 = await startS3Emulator('models');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-hardening-'));
  v1 = await buildTestPackage(
    'iris',
    '1.0.0',
    { 'model.json': '{"v":1}', 'weights/a.bin': 'one' },
    root,
  );
  v2 = await buildTestPackage(
    'iris',
    '2.0.0',
    { 'model.json': '{"v":2}', 'weights/a.bin': 'two' },
    root,
  );
});
afterAll(async () => {
  await github?.stop();
  await s3?.close();
});

describe.each(['file', 's3'] as const)('deploy bundle on a %s registry', (kind) => {
  let registry: Registry;
  beforeEach(async () => {
    registry = await kinds[kind]();
  });

  it('refuses to promote a version whose model.json was overwritten after it was stored; nothing moves', async () => {
    expect((await deploy(registry, { package: v1.dir })).exitCode).toBe(0);
    await overwrite(registry, 'iris/versions/1.0.0/model.json', '{"v":"evil"}');
    const deployments = github.deployments(REPO).length;

    const run = await deploy(registry, {
      operation: 'promote',
      // s3rver lists no common prefix two levels up, so name the model (real S3 would find it).
      model: 'iris',
      'from-environment': 'staging',
      environment: 'production',
    });
    expectOneClearLine(
      run,
      /^(Refusing to point 'production' at iris 1\.0\.0: )?the stored version .*iris\/versions\/1\.0\.0 does not match its manifest \(model\.json: size 12 bytes, manifest says 7\)\. It was changed after it was stored; nothing was moved/,
    );
    expect(run.outputs.status).toBe('failed');
    expect(await state(registry, 'production')).toEqual({ alias: undefined, history: [] });
    // The refused attempt is recorded as an errored GitHub Deployment, never as a success.
    for (const d of github.deployments(REPO).slice(deployments)) {
      expect(d.statuses.map((s) => s.state)).not.toContain('success');
    }
  });

  it('refuses a rollback to a version whose manifest digest was edited; the forged digest reaches neither the alias nor the digest output', async () => {
    expect((await deploy(registry, { package: v1.dir })).exitCode).toBe(0);
    expect((await deploy(registry, { package: v2.dir })).exitCode).toBe(0);
    const key = 'iris/versions/1.0.0/ml-manifest.json';
    const forged = `sha256:${'0123456789abcdef'.repeat(4)}`;
    await overwrite(
      registry,
      key,
      JSON.stringify({ ...JSON.parse(await read(registry, key)), digest: forged }),
    );
    const before = await state(registry, 'staging');
    const deployments = github.deployments(REPO).length;

    const run = await deploy(registry, { operation: 'rollback', model: 'iris' });
    expectOneClearLine(run, /ml-manifest\.json: manifest digest does not match its files/);
    expect(run.outputs.status).toBe('failed');
    expect(run.outputs.digest).toBeUndefined();
    expect(await state(registry, 'staging')).toEqual(before);
    expect(JSON.stringify(await state(registry, 'staging'))).not.toContain(forged);
    // Refused before a GitHub Deployment was created, so its payload never carries the forgery.
    expect(github.deployments(REPO)).toHaveLength(deployments);

    const named = await deploy(registry, {
      operation: 'rollback',
      model: 'iris',
      'to-version': '1.0.0',
    });
    expectOneClearLine(named, /manifest digest does not match its files/);
    expect(await state(registry, 'staging')).toEqual(before);
  });

  it('refuses an unchanged re-deploy of a version tampered with after it was stored', async () => {
    expect((await deploy(registry, { package: v1.dir })).exitCode).toBe(0);
    await overwrite(registry, 'iris/versions/1.0.0/weights/a.bin', 'ONE');
    const before = await state(registry, 'staging');

    const run = await deploy(registry, { package: v1.dir });
    expectOneClearLine(
      run,
      /does not match its manifest \(weights\/a\.bin: sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}\)/,
    );
    expect(run.outputs.status).toBe('failed');
    expect(await state(registry, 'staging')).toEqual(before);
  });

  it('logs that the stored version was verified when it moves an alias', async () => {
    const run = await deploy(registry, { package: v1.dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /Verified iris 1\.0\.0 in .*: 2 files, 10 bytes, sha256:[0-9a-f]{64}/,
    );
    await expectConsistentRegistry(registry.check, 'iris', 'staging');
  });

  it.each([
    [
      'alias',
      'iris/aliases/staging.json',
      '{"version":',
      /^The alias file .*iris\/aliases\/staging\.json is damaged: not valid JSON .*Check who edited it/,
    ],
    [
      'alias',
      'iris/aliases/staging.json',
      '[1,2]',
      /^The alias file .*iris\/aliases\/staging\.json is damaged: it is not an alias/,
    ],
    [
      'history',
      'iris/history/staging/00000001.json',
      '{"seq":',
      /^The history record .*iris\/history\/staging\/00000001\.json is damaged: not valid JSON/,
    ],
    [
      'history',
      'iris/history/staging/00000001.json',
      '{"seq":1,"to":"1.0.0"}',
      /^The history record .*00000001\.json is damaged: "operation" is not a string/,
    ],
  ])('a damaged %s file (%s = %s) is one clear line naming it', async (_, key, body, pattern) => {
    expect((await deploy(registry, { package: v1.dir })).exitCode).toBe(0);
    await overwrite(registry, key, body);
    const run = await deploy(registry, { package: v2.dir });
    expectOneClearLine(run, pattern);
    expect(run.outputs.status).toBe('failed');
    expect(await read(registry, key)).toBe(body);
  });

  it('a history record whose seq differs from its file name: the rollback finishes at once, by file name, with a warning', async () => {
    expect((await deploy(registry, { package: v1.dir })).exitCode).toBe(0);
    expect((await deploy(registry, { package: v2.dir })).exitCode).toBe(0);
    const key = 'iris/history/staging/00000002.json';
    await overwrite(
      registry,
      key,
      JSON.stringify({ ...JSON.parse(await read(registry, key)), seq: 1 }),
    );
    const run = await deploy(registry, { operation: 'rollback', model: 'iris' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      status: 'deployed',
      version: '1.0.0',
      digest: v1.manifest.digest,
    });
    // Reconciled at once: not the 'other deploys kept changing it' of a spinning retry loop.
    expect(run.stdout).not.toMatch(/kept changing it/);
    const warning = run.annotations.find((a) => a.level === 'warning');
    expect(warning?.message).toMatch(
      /History record .*iris\/history\/staging\/00000002\.json says seq 1 but its file name says 2; using 2/,
    );
    const { history } = await expectConsistentRegistry(registry.check, 'iris', 'staging');
    expect(history.map((h) => [h.seq, h.operation, h.to])).toEqual([
      [1, 'deploy', '1.0.0'],
      [2, 'deploy', '2.0.0'],
      [3, 'rollback', '1.0.0'],
    ]);
  });
});

describe('S3 setup failures end the deploy with one line saying what to check', () => {
  const s3Uri = (endpoint: string, bucket = 'models') =>
    `s3://${bucket}/team?endpoint=${encodeURIComponent(endpoint)}`;

  it('an unknown access key (InvalidAccessKeyId): check the credentials', async () => {
    const run = await deploy(
      { uri: s3Uri(s3.endpoint), env: s3.env },
      { package: v1.dir, 'github-deployment': false },
      { AWS_ACCESS_KEY_ID: 'AKIAWRONGKEY' },
    );
    expectOneClearLine(
      run,
      /refused the credentials \(InvalidAccessKeyId\).*check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
    expect(run.outputs.status).toBe('failed');
    expect(run.stdout + run.stderr).not.toContain(s3.env.AWS_SECRET_ACCESS_KEY + '"');
  });

  it('a missing bucket (NoSuchBucket): check the bucket name and region', async () => {
    const run = await deploy(
      { uri: s3Uri(s3.endpoint, 'no-such-bucket'), env: s3.env },
      { operation: 'rollback' },
    );
    expectOneClearLine(
      run,
      /bucket 'no-such-bucket' does not exist \(NoSuchBucket\).*check the bucket name in the registry URI and its region/,
    );
  });

  it('a closed port (ECONNREFUSED): check the endpoint', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await deploy(
      { uri: s3Uri(endpoint), env: s3.env },
      { package: v1.dir, 'github-deployment': false },
    );
    expectOneClearLine(
      run,
      /the connection to the S3 endpoint http:\/\/127\.0\.0\.1:\d+ failed \(ECONNREFUSED\).*check the endpoint/,
    );
  });

  it('5xx after the SDK retries: the service is failing', async () => {
    const failing = http.createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>boom</Message></Error>',
      );
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
    try {
      const run = await deploy({ uri: s3Uri(endpoint), env: s3.env }, { operation: 'rollback' });
      expectOneClearLine(
        run,
        /answered HTTP 500 \(InternalError\) while listing the models in s3:\/\/models\/team, after \d attempts: the service is failing/,
      );
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });
});
