import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import {
  startArtifactService,
  type ArtifactServiceEmulator,
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
