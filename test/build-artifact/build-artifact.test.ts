import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MANIFEST_FILE, type Manifest } from '@ml-actions/core/artifact/manifest.js';
import { verifyPackage } from '@ml-actions/core/artifact/verify-package.js';
import { REPO_ROOT, runAction, type RunActionOptions } from '../harness/run-action.js';
import {
  startArtifactService,
  type ArtifactServiceEmulator,
} from '../emulators/artifact-service/index.js';
import { tinyOnnxModel } from '../fixtures/artifact/onnx-encoder.js';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/artifact/tfjs-layers');
const REPOSITORY = 'ml-team/models';
const TOKEN = 'ghs_emulated_app_token';

let service: ArtifactServiceEmulator;
// Imported once GITHUB_API_URL points at the emulator (see beforeAll).
let downloadPackage: typeof import('@ml-actions/core/artifact/download-package.js').downloadPackage;
const savedEnv = { ...process.env };

beforeAll(async () => {
  service = await startArtifactService({ repository: REPOSITORY });
  // @actions/github fixes its base URL from GITHUB_API_URL when it is first imported.
  process.env.GITHUB_API_URL = service.url;
  ({ downloadPackage } = await import('@ml-actions/core/artifact/download-package.js'));
});

afterAll(async () => {
  process.env = savedEnv;
  await service.close();
});

/** A fresh workspace holding the TF.js fixture model under model/. */
async function workspaceWithModel(): Promise<string> {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'build-artifact-ws-'));
  await fs.cp(FIXTURE, path.join(workspace, 'model'), { recursive: true });
  return workspace;
}

function build(
  workspace: string,
  inputs: RunActionOptions['inputs'],
  env: Record<string, string> = {},
) {
  return runAction('build-artifact', {
    cwd: workspace,
    repository: REPOSITORY,
    inputs: { 'model-path': 'model', name: 'churn', ...inputs },
    env: { ...service.env, ...env },
  });
}

function errorsOf(run: Awaited<ReturnType<typeof build>>): string[] {
  return run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
}

/** Runs the download helper in this process as a job of another run (or the given env). */
async function download(
  options: Parameters<typeof downloadPackage>[0],
  jobEnv = service.newRun(REPOSITORY).env,
) {
  Object.assign(process.env, jobEnv, { GITHUB_WORKSPACE: os.tmpdir() });
  return downloadPackage(options);
}

describe('build-artifact (dist) against the artifact service emulator', () => {
  it('packages a TF.js model, uploads it; another run downloads it by id and it verifies', async () => {
    const workspace = await workspaceWithModel();
    await fs.writeFile(path.join(workspace, 'metrics.json'), JSON.stringify({ accuracy: 0.93 }));
    const run = await build(workspace, {
      version: '1.2.0',
      metrics: 'metrics.json',
      metadata: 'owner: fraud-team\ntags: [churn, tabular]',
      'retention-days': 7,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['artifact-name']).toBe('churn-1.2.0');
    expect(run.outputs.version).toBe('1.2.0');
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const id = Number(run.outputs['artifact-id']);
    const stored = service.artifacts().find((a) => a.id === id);
    expect(stored?.name).toBe('churn-1.2.0');
    const days = (Date.parse(stored!.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    const manifest: Manifest = JSON.parse(await fs.readFile(run.outputs.manifest, 'utf8'));
    expect(manifest).toMatchObject({
      name: 'churn',
      version: '1.2.0',
      format: 'tfjs-layers',
      digest: run.outputs.digest,
      metrics: { accuracy: 0.93 },
      metadata: { owner: 'fraud-team', tags: ['churn', 'tabular'] },
      signature: { inputs: [{ name: 'dense', dtype: 'float32', shape: [null, 4] }] },
      lineage: {
        repository: REPOSITORY,
        commit: 'c'.repeat(40),
        ref: 'refs/heads/main',
        workflow: 'ml-ci',
        run_id: service.env.GITHUB_RUN_ID,
        run_attempt: '1',
        actor: 'octocat',
        event: 'push',
      },
    });
    expect(Number(run.outputs['size-bytes'])).toBe(manifest.files.reduce((s, f) => s + f.size, 0));
    expect(run.summary).toContain('Model package churn 1\\.2\\.0');
    expect(run.summary).toContain(run.outputs.digest);
    expect(run.summary).toContain('| input | dense | float32 | `[?, 4]` |');

    const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'fresh-')), 'pkg');
    const downloaded = await download({
      destination: dest,
      artifactId: id,
      token: TOKEN,
      repository: REPOSITORY,
    });
    expect(downloaded.manifest.digest).toBe(run.outputs.digest);
    expect(downloaded.artifactName).toBe('churn-1.2.0');
    expect((await fs.readdir(dest)).sort()).toEqual([
      'group1-shard1of1.bin',
      MANIFEST_FILE,
      'model.json',
    ]);
    expect(service.state.requests.some((r) => r.route === 'rest:zip' && r.status === 302)).toBe(
      true,
    );
  });

  it('records per-file hashes equal to sha256sum', async () => {
    const workspace = await workspaceWithModel();
    const run = await build(workspace, { version: 'sums', upload: false });
    expect(run.exitCode).toBe(0);
    const manifest: Manifest = JSON.parse(await fs.readFile(run.outputs.manifest, 'utf8'));
    const sha256sum = execFileSync(
      'sha256sum',
      manifest.files.map((f) => f.path),
      { cwd: run.outputs['package-dir'] },
    )
      .toString()
      .trim()
      .split('\n')
      .map((line) => {
        const [hash, file] = line.split(/\s+/);
        return { path: file, sha256: hash };
      });
    expect(manifest.files.map(({ path: p, sha256 }) => ({ path: p, sha256 }))).toEqual(sha256sum);
  });

  it('gives the identical digest for two builds in different directories at different times', async () => {
    const first = await build(await workspaceWithModel(), { version: 'repro-a', upload: false });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const other = await fs.mkdtemp(path.join(os.tmpdir(), 'elsewhere-'));
    await fs.cp(FIXTURE, path.join(other, 'deeper', 'model'), { recursive: true });
    const second = await build(
      other,
      { 'model-path': 'deeper/model', version: 'repro-a', upload: false, 'output-dir': 'out/pkg' },
      { GITHUB_SHA: 'd'.repeat(40), GITHUB_RUN_ID: '99' },
    );
    expect(first.exitCode).toBe(0);
    expect(second.exitCode).toBe(0);
    expect(second.outputs.digest).toBe(first.outputs.digest);
    expect(second.outputs['package-dir']).toBe(path.join(other, 'out/pkg'));
    const created = async (r: typeof first) =>
      (JSON.parse(await fs.readFile(r.outputs.manifest, 'utf8')) as Manifest).created_at;
    expect(await created(second)).not.toBe(await created(first));
  });

  it('catches a changed byte, an added file and a removed file after download', async () => {
    const run = await build(await workspaceWithModel(), { version: 'tamper' });
    expect(run.exitCode).toBe(0);
    const fresh = async () => {
      const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'tamper-')), 'pkg');
      await download({ destination: dest, name: 'churn-tamper' }, service.env);
      return dest;
    };
    const flipped = await fresh();
    const shard = path.join(flipped, 'group1-shard1of1.bin');
    const bytes = await fs.readFile(shard);
    bytes[10] ^= 0x01;
    await fs.writeFile(shard, bytes);
    await expect(verifyPackage(flipped)).rejects.toThrow(
      /group1-shard1of1\.bin: sha256 [0-9a-f]+, manifest says/,
    );

    const added = await fresh();
    await fs.writeFile(path.join(added, 'backdoor.js'), 'x');
    await expect(verifyPackage(added)).rejects.toThrow(/backdoor\.js: not listed in the manifest/);

    const removed = await fresh();
    await fs.rm(path.join(removed, 'model.json'));
    await expect(verifyPackage(removed)).rejects.toThrow(/model\.json: missing/);
  });

  it('refuses a download whose zip no longer matches the digest recorded at upload', async () => {
    const run = await build(await workspaceWithModel(), { version: 'swapped' });
    const stored = service.artifacts().find((a) => String(a.id) === run.outputs['artifact-id'])!;
    stored.digest = `sha256:${'0'.repeat(64)}`;
    const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'swapped-')), 'pkg');
    await expect(
      download({ destination: dest, name: 'churn-swapped' }, service.env),
    ).rejects.toThrow(/does not match the digest recorded when it was uploaded/);
  });

  it('retries a 503 during the block upload and a 500 on finalize; the artifact is complete', async () => {
    service.fail('blob:block', 503, 1);
    service.fail('FinalizeArtifact', 500, 1);
    const run = await build(await workspaceWithModel(), { version: 'flaky' });
    expect(run.exitCode).toBe(0);
    const routes = service.state.requests.map((r) => `${r.route} ${r.status}`);
    expect(routes).toContain('blob:block 503');
    expect(routes).toContain('FinalizeArtifact 500');
    const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'flaky-')), 'pkg');
    const { manifest } = await download({
      destination: dest,
      artifactId: Number(run.outputs['artifact-id']),
      token: TOKEN,
      repository: REPOSITORY,
    });
    expect(manifest.digest).toBe(run.outputs.digest);
  });

  it('downloads by name from another run given its run id, and refuses an unexpected digest', async () => {
    const run = await build(await workspaceWithModel(), { version: 'by-name' });
    expect(run.exitCode).toBe(0);
    const fresh = async () =>
      path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'by-name-')), 'pkg');
    const byName = await download({
      destination: await fresh(),
      name: 'churn-by-name',
      runId: Number(service.env.GITHUB_RUN_ID),
      token: TOKEN,
      repository: REPOSITORY,
      expectedDigest: run.outputs.digest,
    });
    expect(byName.artifactId).toBe(Number(run.outputs['artifact-id']));
    await expect(
      download({
        destination: await fresh(),
        artifactId: byName.artifactId,
        token: TOKEN,
        repository: REPOSITORY,
        expectedDigest: `sha256:${'1'.repeat(64)}`,
      }),
    ).rejects.toThrow(/ml-manifest.json: package digest is sha256:[0-9a-f]+, expected sha256:1111/);
  });

  it('retries a 502 on the artifact lookup of a download from another run', async () => {
    const run = await build(await workspaceWithModel(), { version: 'lookup-502' });
    service.fail('rest:get', 502, 1);
    const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'lookup-')), 'pkg');
    const { manifest } = await download({
      destination: dest,
      artifactId: Number(run.outputs['artifact-id']),
      token: TOKEN,
      repository: REPOSITORY,
    });
    expect(manifest.digest).toBe(run.outputs.digest);
    const lookups = service.state.requests.filter((r) => r.route === 'rest:get').slice(-2);
    expect(lookups.map((r) => r.status)).toEqual([502, 200]);
  });

  it('explains a missing artifact, a bad token and a non-empty destination', async () => {
    const dest = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'missing-')), 'pkg');
    await expect(
      download({ destination: dest, artifactId: 999999, token: TOKEN, repository: REPOSITORY }),
    ).rejects.toThrow(/Model package artifact id 999999 was not found/);
    await expect(download({ destination: dest, name: 'no-such-package' })).rejects.toThrow(
      /Model package artifact 'no-such-package' was not found/,
    );
    await expect(
      download({ destination: dest, artifactId: 1001, token: 'ghp_wrong', repository: REPOSITORY }),
    ).rejects.toThrow(/Not allowed to read artifact id 1001 \(HTTP 401\)/);
    await fs.writeFile(path.join(dest, 'leftover'), 'x');
    await expect(download({ destination: dest, name: 'churn-1.2.0' })).rejects.toThrow(
      /Download directory .* is not empty/,
    );
  });

  it('stores a reference-data profile inside the digest; the same data gives the same digest', async () => {
    const builds = [];
    for (const version of ['ref', 'ref']) {
      const workspace = await workspaceWithModel();
      await fs.mkdir(path.join(workspace, 'data'));
      await fs.copyFile(
        path.join(REPO_ROOT, 'test/fixtures/data/people.csv'),
        path.join(workspace, 'data', 'train.csv'),
      );
      builds.push(
        await build(workspace, { version, upload: false, 'reference-data': 'data/train.csv' }),
      );
    }
    const [first, second] = builds;
    expect(first.exitCode).toBe(0);
    expect(second.outputs.digest).toBe(first.outputs.digest);
    const manifest: Manifest = JSON.parse(await fs.readFile(first.outputs.manifest, 'utf8'));
    expect(manifest.reference_profile).toBe('reference-profile.json');
    expect(manifest.files.map((f) => f.path)).toContain('reference-profile.json');
    const profile = JSON.parse(
      await fs.readFile(path.join(first.outputs['package-dir'], 'reference-profile.json'), 'utf8'),
    );
    expect(profile.schema).toBe('ml-actions/profile@1');
    expect(profile.rows).toBeGreaterThan(0);

    const missing = await build(await workspaceWithModel(), {
      version: 'ref',
      upload: false,
      'reference-data': 'data/nothing.csv',
    });
    expect(missing.exitCode).toBe(1);
    expect(errorsOf(missing)[0]).toMatch(/^Input 'reference-data': /);
  });

  it('refuses a symlink that leaves the model directory', async () => {
    const workspace = await workspaceWithModel();
    await fs.writeFile(path.join(workspace, 'credentials'), 'secret');
    await fs.symlink('../credentials', path.join(workspace, 'model', 'vocab.txt'));
    const run = await build(workspace, { version: '1', upload: false });
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run)).toEqual([
      expect.stringMatching(
        /^Input 'model-path': symlink 'vocab\.txt' points outside .*; copy the file in instead\.$/,
      ),
    ]);
    expect(run.stdout).not.toContain('    at ');
  });

  it("refuses '..' include paths and an invalid name with one clear line", async () => {
    const workspace = await workspaceWithModel();
    const dots = await build(workspace, {
      version: '1',
      upload: false,
      include: '../../etc/passwd',
    });
    expect(dots.exitCode).toBe(1);
    expect(errorsOf(dots)).toEqual([
      "Input 'include': '../../etc/passwd' must be relative to the workspace, without '..' segments.",
    ]);
    const badName = await build(workspace, { name: 'my model/v2', version: '1', upload: false });
    expect(badName.exitCode).toBe(1);
    expect(errorsOf(badName)[0]).toMatch(
      /^Input 'name': 'my model\/v2' is not a valid name: use letters, digits/,
    );
    const badVersion = await build(workspace, { version: '../1', upload: false });
    expect(errorsOf(badVersion)[0]).toMatch(/^Input 'version': '\.\.\/1' is not a valid version/);
  });

  it("refuses a model.json whose weight shard path leaves the model directory ('..')", async () => {
    const workspace = await workspaceWithModel();
    const modelJson = path.join(workspace, 'model', 'model.json');
    const json = JSON.parse(await fs.readFile(modelJson, 'utf8'));
    json.weightsManifest[0].paths = ['../group1-shard1of1.bin'];
    await fs.writeFile(modelJson, JSON.stringify(json));
    await fs.copyFile(
      path.join(FIXTURE, 'group1-shard1of1.bin'),
      path.join(workspace, 'group1-shard1of1.bin'),
    );
    const run = await build(workspace, { version: '1', upload: false });
    expect(run.exitCode).toBe(1);
    expect(errorsOf(run)).toEqual([
      expect.stringMatching(
        /model\.json: weight shard '\.\.\/group1-shard1of1\.bin' points outside the model directory/,
      ),
    ]);
  });

  it('packages an ONNX model with its graph signature; a corrupt one is refused', async () => {
    const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'onnx-ws-'));
    await fs.mkdir(path.join(workspace, 'onnx'));
    await fs.writeFile(path.join(workspace, 'onnx', 'model.onnx'), tinyOnnxModel());
    const ok = await build(workspace, { 'model-path': 'onnx', version: '1', upload: false });
    expect(ok.exitCode).toBe(0);
    const manifest: Manifest = JSON.parse(await fs.readFile(ok.outputs.manifest, 'utf8'));
    expect(manifest.format).toBe('onnx');
    expect(manifest.signature?.outputs).toEqual([
      { name: 'y', dtype: 'float32', shape: [null, 1] },
    ]);

    await fs.writeFile(path.join(workspace, 'onnx', 'model.onnx'), tinyOnnxModel().subarray(0, 20));
    const bad = await build(workspace, { 'model-path': 'onnx', version: '2', upload: false });
    expect(bad.exitCode).toBe(1);
    expect(errorsOf(bad)[0]).toMatch(
      /^model\.onnx is not a valid ONNX model: the protobuf is malformed/,
    );
  });

  it('defaults the version to the short SHA and explains when upload has no artifact service', async () => {
    const workspace = await workspaceWithModel();
    const run = await runAction('build-artifact', {
      cwd: workspace,
      inputs: { 'model-path': 'model', name: 'churn' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.version).toBe('ccccccc');
    expect(run.outputs['artifact-name']).toBe('churn-ccccccc');
    expect(errorsOf(run)).toEqual([
      expect.stringMatching(
        /^Input 'upload': is true but the Actions artifact service is not available here/,
      ),
    ]);
  });
});
