import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGitHubEmulator, TOKENS } from '../github/index.js';
import {
  mountArtifactRoutes,
  startArtifactService,
  type ArtifactServiceEmulator,
} from './index.js';

// The real @actions/artifact client against the emulator: proves the emulator speaks the
// protocol the client speaks (Twirp JSON, JWT scope, Azure block blobs, the REST zip redirect).

let service: ArtifactServiceEmulator;
let work: string;
const saved = { ...process.env };

beforeAll(async () => {
  service = await startArtifactService();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'artifact-emulator-'));
  // @actions/github reads GITHUB_API_URL once, when it is first imported.
  process.env.GITHUB_API_URL = service.url;
  saved.GITHUB_API_URL = service.url;
});

afterAll(async () => {
  await service.close();
});

afterEach(() => {
  process.env = { ...saved };
});

function useJob(env: Record<string, string>): void {
  Object.assign(process.env, env, { GITHUB_WORKSPACE: work, GITHUB_RETENTION_DAYS: '90' });
}

async function client() {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

async function makeFiles(dir: string, files: Record<string, string | Buffer>): Promise<string[]> {
  const out: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    out.push(file);
  }
  return out;
}

describe('artifact service emulator with @actions/artifact', () => {
  it('uploads in blocks, lists, and downloads by id in the same run', async () => {
    useJob(service.env);
    const src = path.join(work, 'src1');
    // 20 MB spans three 8 MB blocks, so the block list order matters.
    const big = Buffer.alloc(20 << 20);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    const files = await makeFiles(src, { 'model.json': '{"a":1}', 'w/group1.bin': big });
    const c = await client();
    const up = await c.uploadArtifact('model-1', files, src, { compressionLevel: 0 });
    expect(up.id).toBeGreaterThan(0);
    expect(service.state.requests.filter((r) => r.route === 'blob:block').length).toBe(3);

    const { artifact } = await c.getArtifact('model-1');
    expect(artifact).toMatchObject({ id: up.id, name: 'model-1', digest: `sha256:${up.digest}` });

    const dest = path.join(work, 'dest1');
    const down = await c.downloadArtifact(up.id!, { path: dest, expectedHash: artifact.digest });
    expect(down.digestMismatch).toBe(false);
    // Buffer.equals: jest's deep equality walks a 20 MB buffer element by element (minutes).
    expect((await fs.readFile(path.join(dest, 'w/group1.bin'))).equals(big)).toBe(true);
  });

  it('retries a 503 on a block upload and a 500 on CreateArtifact; the artifact is complete', async () => {
    useJob(service.env);
    const src = path.join(work, 'src2');
    const files = await makeFiles(src, { 'a.txt': 'hello' });
    service.fail('blob:block', 503, 1);
    service.fail('CreateArtifact', 500, 1);
    const c = await client();
    const up = await c.uploadArtifact('retried', files, src);
    const statuses = service.state.requests
      .filter((r) => r.route === 'blob:block' || r.route === 'CreateArtifact')
      .slice(-4)
      .map((r) => `${r.route} ${r.status}`);
    expect(statuses).toEqual([
      'CreateArtifact 500',
      'CreateArtifact 200',
      'blob:block 503',
      'blob:block 201',
    ]);
    const dest = path.join(work, 'dest2');
    await c.downloadArtifact(up.id!, { path: dest });
    expect(await fs.readFile(path.join(dest, 'a.txt'), 'utf8')).toBe('hello');
  });

  it('downloads by id from another run through the REST 302 redirect, with a token', async () => {
    useJob(service.env);
    const src = path.join(work, 'src3');
    const files = await makeFiles(src, { 'x.bin': 'content' });
    const up = await (await client()).uploadArtifact('cross-run', files, src);

    const other = service.newRun();
    useJob({ ...other.env, GITHUB_API_URL: service.url });
    const [owner, repo] = service.env.GITHUB_REPOSITORY.split('/');
    const c = await client();
    const findBy = {
      token: 'ghs_emulated_app_token',
      repositoryOwner: owner,
      repositoryName: repo,
      workflowRunId: Number(service.env.GITHUB_RUN_ID),
    };
    const { artifact } = await c.getArtifact('cross-run', { findBy });
    expect(artifact.id).toBe(up.id);
    const dest = path.join(work, 'dest3');
    const down = await c.downloadArtifact(up.id!, {
      path: dest,
      findBy,
      expectedHash: artifact.digest,
    });
    expect(down.digestMismatch).toBe(false);
    expect(await fs.readFile(path.join(dest, 'x.bin'), 'utf8')).toBe('content');
    expect(service.state.requests.some((r) => r.route === 'rest:zip' && r.status === 302)).toBe(
      true,
    );

    // The other run cannot see it through its own scope.
    await expect(c.getArtifact('cross-run')).rejects.toThrow(/Artifact not found/);
    // A bad token is refused.
    await expect(
      c.downloadArtifact(up.id!, { path: dest, findBy: { ...findBy, token: 'nope' } }),
    ).rejects.toThrow(/Bad credentials/);
  });

  it('refuses a second artifact with the same name in a run', async () => {
    useJob(service.env);
    const src = path.join(work, 'src4');
    const files = await makeFiles(src, { 'a.txt': 'a' });
    const c = await client();
    await c.uploadArtifact('dup', files, src);
    await expect(c.uploadArtifact('dup', files, src)).rejects.toThrow(/already exists/);
  });

  it('serves the same REST routes from the GitHub emulator once mounted there', async () => {
    useJob(service.env);
    const src = path.join(work, 'src5');
    const files = await makeFiles(src, { 'm.txt': 'mounted' });
    const up = await (await client()).uploadArtifact('mounted', files, src);
    const github = await startGitHubEmulator();
    try {
      mountArtifactRoutes(github, service);
      const repo = service.env.GITHUB_REPOSITORY;
      const auth = { authorization: `token ${TOKENS.app}` };
      const zip = await fetch(`${github.url}/repos/${repo}/actions/artifacts/${up.id}/zip`, {
        headers: auth,
        redirect: 'manual',
      });
      expect(zip.status).toBe(302);
      const blob = await fetch(zip.headers.get('location')!);
      const stored = service.artifacts().find((a) => a.id === up.id)!;
      expect(Buffer.from(await blob.arrayBuffer()).equals(stored.content!)).toBe(true);

      const meta = await fetch(`${github.url}/repos/${repo}/actions/artifacts/${up.id}`, {
        headers: auth,
      });
      expect(await meta.json()).toMatchObject({
        id: up.id,
        name: 'mounted',
        digest: `sha256:${up.digest}`,
      });
      const list = await fetch(
        `${github.url}/repos/${repo}/actions/runs/${service.env.GITHUB_RUN_ID}/artifacts?name=mounted`,
        { headers: auth },
      );
      expect(await list.json()).toMatchObject({ total_count: 1, artifacts: [{ id: up.id }] });
      const other = await fetch(`${github.url}/repos/other/repo/actions/artifacts/${up.id}/zip`, {
        headers: auth,
        redirect: 'manual',
      });
      expect(other.status).toBe(404);
      const anonymous = await fetch(`${github.url}/repos/${repo}/actions/artifacts/${up.id}/zip`, {
        redirect: 'manual',
      });
      expect(anonymous.status).toBe(401);
    } finally {
      await github.stop();
    }
  });
});
