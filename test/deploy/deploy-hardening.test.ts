import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGitHubEmulator, TOKENS, type GitHubEmulator } from '../emulators/github/index.js';
import { startSilentServer } from '../emulators/silent-server.js';
import { runAction, type ActionRun, type RunActionOptions } from '../harness/run-action.js';
import { buildTestPackage, type TestPackage } from './build-package.js';
import { startS3Emulator, type S3Emulator } from './s3-emulator.js';

/**
 * Issue 17 on the deploy bundle: untrusted HTTP text cannot issue workflow commands, every
 * network call is bounded, and setup or service failures are one clear line.
 */
const REPO = 'ml-team/models';

let github: GitHubEmulator;
let s3: S3Emulator;
let root: string;
let registryDir: string;
let v1: TestPackage;
let v2: TestPackage;

function deploy(
  inputs: RunActionOptions['inputs'],
  options: Partial<RunActionOptions> = {},
): Promise<ActionRun> {
  return runAction('deploy', {
    // The packages are built in the workspace: deploy's package must be inside it.
    cwd: root,
    githubApiUrl: github.url,
    token: TOKENS.app,
    repository: REPO,
    ...options,
    inputs: { registry: `file://${registryDir}`, environment: 'staging', ...inputs },
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Exactly one error annotation, one line, no stack, not reported as our bug. */
function expectOneClearLine(run: ActionRun, message: RegExp): void {
  expect(run.exitCode).toBe(1);
  const errors = run.annotations.filter((a) => a.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0].message).toMatch(message);
  expect(errors[0].message).not.toContain('\n');
  expect(run.stdout + run.stderr).not.toMatch(/please report it|\n\s+at .*\(.*:\d+:\d+\)/);
}

beforeAll(async () => {
  github = await startGitHubEmulator();
  s3 = await startS3Emulator('models');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-hardening-'));
  v1 = await buildTestPackage('iris', '1.0.0', { 'model.json': '{"v":1}' }, root);
  v2 = await buildTestPackage('iris', '2.0.0', { 'model.json': '{"v":2}' }, root);
});
afterAll(async () => {
  await github.stop();
  await s3.close();
});
beforeEach(async () => {
  registryDir = await fs.mkdtemp(path.join(root, 'registry-'));
});

describe('deploy: untrusted text from HTTP bodies (issue 17 #1)', () => {
  it('neutralises workflow commands in the version a health endpoint reports', async () => {
    await deploy({ package: v1.dir, 'github-deployment': false });
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          version: `6.6.6\n::add-mask::${v2.manifest.digest}\n::error::pwned\n##[error]legacy`,
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    try {
      const run = await deploy({
        package: v2.dir,
        'health-check-url': url,
        'health-timeout': 1,
        'github-deployment': false,
      });
      expect(run.outputs.status).toBe('rolled-back');
      const lines = run.stdout.split(/\r?\n/);
      expect(lines.filter((l) => /^\s*::add-mask::/.test(l))).toEqual([]);
      expect(lines.filter((l) => /^\s*::error::pwned/.test(l))).toEqual([]);
      expect(run.stdout).not.toContain('##[error]legacy');
      // Still readable in the log, just inert.
      expect(run.stdout).toMatch(/reports version 6\.6\.6/);
      expect(run.stdout).toContain('add-mask');
      // The failure line quotes the body too (the annotation escapes its newlines); inert there as well.
      const errors = run.annotations.filter((a) => a.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toContain(':\u2060:add-mask::');
      expect(errors[0].message).not.toMatch(/^\s*::/m);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

// No wall-clock assertions: a deploy that hung would be killed by the harness (timeoutMs,
// exit 128) before writing its summary; exit code 1, the line naming the call, the outputs and
// the summary show that it ended by itself on the timeout.
describe('deploy: bounded network calls (issue 17 #3)', () => {
  it('ends within its deadline when the S3 endpoint never answers, naming the call', async () => {
    const silent = await startSilentServer();
    try {
      const run = await deploy(
        {
          package: v1.dir,
          registry: `s3://models/team?endpoint=${encodeURIComponent(silent.url)}`,
          'github-deployment': false,
          'request-timeout': 1,
          'network-deadline': 4,
        },
        { env: s3.env, timeoutMs: 60_000 },
      );
      expectOneClearLine(
        run,
        /^S3 did not answer (GetObject|HeadObject|ListObjectsV2|PutObject) on bucket 'models' at http:\/\/127\.0\.0\.1:\d+ within the (request timeout of 1 s|network deadline of 4 s)/,
      );
      expect(run.outputs).toMatchObject({ status: 'failed', 'registry-uri': 's3://models/team' });
      expect(run.summary).toContain('❌ Failed');
      expect(run.summary).toContain('**What happened:** S3 did not answer');
    } finally {
      await silent.close();
    }
  });

  it('ends within its deadline when the GitHub API never answers, naming the call', async () => {
    const silent = await startSilentServer();
    try {
      const run = await deploy(
        { package: v1.dir, 'request-timeout': 1, 'network-deadline': 4 },
        { githubApiUrl: silent.url, timeoutMs: 60_000 },
      );
      expectOneClearLine(
        run,
        /^Could not reach the GitHub API for creating the GitHub Deployment \(POST \/repos\/ml-team\/models\/deployments did not answer within 1 s \(request-timeout\)\)/,
      );
      expect(run.outputs).toMatchObject({ status: 'failed' });
      expect(run.outputs['registry-uri']).toBe(`file://${registryDir}`);
      expect(run.summary).toContain('**What happened:** Could not reach the GitHub API');
    } finally {
      await silent.close();
    }
  });
});

describe('deploy: setup and service failures are one clear line (issue 17 #6)', () => {
  const s3Uri = (bucket: string, endpoint = s3.endpoint) =>
    `s3://${bucket}/team?endpoint=${encodeURIComponent(endpoint)}`;

  it('S3 InvalidAccessKeyId names the credentials to check, never the secret', async () => {
    const run = await deploy(
      { package: v1.dir, registry: s3Uri('models'), 'github-deployment': false },
      {
        env: {
          ...s3.env,
          AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG0',
          AWS_SECRET_ACCESS_KEY: 'wrong-secret-value',
        },
      },
    );
    expectOneClearLine(
      run,
      /^the S3 endpoint http:\/\/127\.0\.0\.1:\d+ refused the credentials \((InvalidAccessKeyId|SignatureDoesNotMatch)\) while .*: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
    expect(run.stdout + run.stderr + run.summary).not.toContain('wrong-secret-value');
    expect(run.outputs.status).toBe('failed');
  });

  it('S3 NoSuchBucket names the bucket and the URI to check', async () => {
    const run = await deploy(
      { package: v1.dir, registry: s3Uri('no-such-bucket'), 'github-deployment': false },
      { env: s3.env },
    );
    expectOneClearLine(
      run,
      /^bucket 'no-such-bucket' does not exist \(NoSuchBucket\) while .*: check the bucket name in the registry URI and its region/,
    );
    expect(run.outputs.status).toBe('failed');
  });

  it('a refused S3 connection names the endpoint to check', async () => {
    const port = await closedPort();
    const run = await deploy(
      {
        package: v1.dir,
        registry: s3Uri('models', `http://127.0.0.1:${port}`),
        'github-deployment': false,
      },
      { env: s3.env },
    );
    expectOneClearLine(
      run,
      new RegExp(
        `^the connection to the S3 endpoint http://127\\.0\\.0\\.1:${port} failed \\(ECONNREFUSED\\) while .*: check the endpoint`,
      ),
    );
  });

  it('GitHub 5xx after retries is one line naming the call, and nothing moved', async () => {
    github.injectFault({ status: 503, method: 'POST', path: /\/deployments$/, count: 4 });
    const run = await deploy({ package: v1.dir });
    expectOneClearLine(
      run,
      /^GitHub answered HTTP 503 to creating the GitHub Deployment, retries included: .*githubstatus/,
    );
    expect(run.outputs.status).toBe('failed');
    // The version is stored, but no alias moved.
    await expect(fs.readdir(path.join(registryDir, 'iris'))).resolves.not.toContain('aliases');
  });

  it('a 401 names the token, not the workflow permissions or a fork, and nothing moved', async () => {
    const run = await deploy({ package: v1.dir }, { token: 'ghp_revoked' });
    expectOneClearLine(
      run,
      /^GitHub refused the token while creating the GitHub Deployment \(401 Bad credentials.*\): the github-token is invalid or expired/,
    );
    expect(run.annotations.find((a) => a.level === 'error')!.message).not.toMatch(
      /fork|permissions/,
    );
    await expect(fs.readdir(path.join(registryDir, 'iris'))).resolves.not.toContain('aliases');
  });

  // Passes once the gate helper's policy-parser fix (gate/policy.ts, branch h17-gate) is merged.
  it.each([
    ['an undefined alias', 'rules: *x\n'],
    [
      'an alias bomb',
      [
        'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
        'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]',
        'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]',
        'rules: *g',
        '',
      ].join('\n'),
    ],
  ])('validate-policy with %s is a clear user error', async (_what, policy) => {
    const run = await deploy({
      package: v1.dir,
      'github-deployment': false,
      'validate-data': 'data.csv',
      'validate-policy': policy,
    });
    expectOneClearLine(run, /^Input 'validate-policy': /);
    expect(run.outputs.status).toBe('failed');
  });
});

describe('deploy: risky URLs get a warning (issue 17, weaker points)', () => {
  it('warns about http:// and user:pw@ without printing the credentials', async () => {
    const run = await deploy({
      package: v1.dir,
      'environment-url': 'http://deployer:Env-S3cret@staging.example.com',
      'health-check-url': 'https://probe:Health-S3cret@127.0.0.1:9/health',
      'health-timeout': 1,
      'rollback-on-failure': false,
    });
    const warnings = run.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Input 'health-check-url': the URL carries credentials/),
        expect.stringMatching(/^Input 'environment-url': the URL carries credentials/),
        expect.stringMatching(/^Input 'environment-url': http:\/\/ is not encrypted/),
      ]),
    );
    expect(warnings.some((w) => /health-check-url': http:/.test(w))).toBe(false);
    expect(run.stdout + run.stderr + run.summary).not.toMatch(/Env-S3cret|Health-S3cret/);
  });
});
