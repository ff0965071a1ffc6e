import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import {
  startArtifactService,
  type ArtifactServiceEmulator,
  type Route,
} from '../emulators/artifact-service/index.js';
import { TOKENS } from '../emulators/github/index.js';
import { runAction } from '../harness/run-action.js';

const REPO = 'ml-team/models';
let service: ArtifactServiceEmulator;
let registryDir: string;
let built: Record<string, string>;

beforeAll(async () => {
  service = await startArtifactService({ repository: REPO });
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-artifact-'));
  await fs.mkdir(path.join(workspace, 'model'));
  await fs.writeFile(path.join(workspace, 'model', 'weights.txt'), '0.1 0.2 0.3\n');
  registryDir = path.join(workspace, 'registry');
  const build = await runAction('build-artifact', {
    cwd: workspace,
    repository: REPO,
    inputs: { 'model-path': 'model', name: 'iris', version: '3.0.0', format: 'files' },
    env: service.env,
  });
  expect(build.exitCode).toBe(0);
  built = build.outputs;
});
afterAll(async () => {
  await service.close();
});

const deploy = (
  inputs: Record<string, string>,
  env: Record<string, string>,
  githubApiUrl?: string,
) =>
  runAction('deploy', {
    repository: REPO,
    inputs: { registry: `file://${registryDir}`, 'github-deployment': 'false', ...inputs },
    env,
    githubApiUrl,
    token: TOKENS.app,
  });

it('deploys the package build-artifact uploaded in the same run, by artifact name', async () => {
  const run = await deploy(
    { 'artifact-name': built['artifact-name'], environment: 'staging' },
    service.env,
  );
  expect(run.exitCode).toBe(0);
  expect(run.outputs).toMatchObject({ status: 'deployed', version: '3.0.0', digest: built.digest });
  const alias = await openRegistry(`file://${registryDir}`).readAlias('iris', 'staging');
  expect(alias!.alias.digest).toBe(built.digest);
});

it('deploys an artifact of another run by id, read with the token', async () => {
  const other = service.newRun(REPO).env;
  const run = await deploy(
    { 'artifact-id': built['artifact-id'], environment: 'canary' },
    other,
    service.url,
  );
  expect(run.exitCode).toBe(0);
  expect(run.outputs).toMatchObject({ status: 'deployed', version: '3.0.0', digest: built.digest });
});

it('fails with one clear line when the artifact does not exist', async () => {
  const run = await deploy(
    { 'artifact-name': 'no-such-model', environment: 'staging' },
    service.env,
  );
  expect(run.exitCode).toBe(1);
  expect(run.annotations.map((a) => a.message)).toEqual([
    expect.stringMatching(/'no-such-model' was not found/),
  ]);
});

describe('an artifact service that accepts the request and never answers (issue 17 #3)', () => {
  /** Exactly one error line, no stack, not reported as our bug; the run ended by itself. */
  function expectOneClearLine(run: Awaited<ReturnType<typeof deploy>>, message: RegExp): void {
    expect(run.exitCode).toBe(1);
    const errors = run.annotations.filter((a) => a.level === 'error');
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
    expect(run.stdout + run.stderr).not.toMatch(/please report it|\n\s+at .*:\d+:\d+/);
    expect(run.outputs.status).toBe('failed');
  }

  /** Deploys `built` to `environment` while the service never answers `route`; deadline 2 s. */
  function deployWhileHanging(route: Route, environment: string) {
    service.hang(route, 100);
    return deploy(
      { 'artifact-name': built['artifact-name'], environment, 'network-deadline': '2' },
      service.env,
    );
  }

  it('ends the deploy at network-deadline while finding the artifact, naming the call', async () => {
    const run = await deployWhileHanging('ListArtifacts', 'hung-list');
    expectOneClearLine(
      run,
      new RegExp(
        `^The artifact service did not answer while finding artifact '${built['artifact-name']}' within the network deadline of 2 s: check`,
      ),
    );
    expect(service.state.requests.some((r) => r.route === 'ListArtifacts' && r.status === 0)).toBe(
      true,
    );
    service.state.hangs.length = 0;
  });

  it('ends the deploy at network-deadline while downloading the zip, naming the artifact', async () => {
    const run = await deployWhileHanging('blob:get', 'hung-blob');
    expectOneClearLine(
      run,
      new RegExp(
        `^The artifact service did not answer while downloading artifact ${built['artifact-name']} \\(id ${built['artifact-id']}\\) within the network deadline of 2 s`,
      ),
    );
    const alias = await openRegistry(`file://${registryDir}`).readAlias('iris', 'hung-blob');
    expect(alias).toBeUndefined();
    service.state.hangs.length = 0;
  });
});
