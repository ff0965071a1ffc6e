import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTestPackage } from '../../../../test/deploy/build-package.js';
import { startS3Emulator, type S3Emulator } from '../../../../test/deploy/s3-emulator.js';
import { PackageVerificationError } from '../artifact/verify-package.js';
import { UserError } from '../inputs/user-error.js';
import { publishPackage, type ModelRegistry } from './model-registry.js';
import { openRegistry } from './open-registry.js';
import { AliasMovedError } from './promotion.js';

interface StoreSetup {
  open(): Promise<ModelRegistry>;
  /** Lists every key of the registry, for "nothing was written" assertions. */
  keys(): Promise<string[]>;
}

async function walk(dir: string, base = dir): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full, base)));
    else out.push(path.relative(base, full));
  }
  return out;
}

let s3: S3Emulator;
let s3Bucket = 0;

beforeAll(async () => {
  s3 = await startS3Emulator();
});
afterAll(async () => {
  await s3?.close();
});

const setups: Record<string, () => Promise<StoreSetup>> = {
  file: async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-'));
    return {
      open: async () => openRegistry(`file://${root}`),
      keys: () => walk(root),
    };
  },
  's3 (s3rver behind the conditional-write proxy)': async () => {
    const prefix = `suite-${++s3Bucket}`;
    const uri = `s3://models/${prefix}?endpoint=${encodeURIComponent(s3.endpoint)}`;
    return {
      open: async () => openRegistry(uri, { s3Client: s3.client }),
      keys: async () => {
        const registry = openRegistry(uri, { s3Client: s3.client });
        // Only the top-level model folders matter for "nothing written".
        return (await registry.store.listNames('')).filter((n) => n !== '');
      },
    };
  },
};

describe.each(Object.keys(setups))('registry on the %s store', (kind) => {
  let setup: StoreSetup;
  let registry: ModelRegistry;
  const move = (version: string, digest: string, environment = 'staging') =>
    registry.moveAlias({
      model: 'iris',
      environment,
      version,
      digest,
      operation: 'deploy',
      reason: `deploy ${version}`,
      actor: 'octocat',
      runUrl: 'https://github.com/o/r/actions/runs/1',
      deploymentId: 7,
    });

  beforeEach(async () => {
    setup = await setups[kind]();
    registry = await setup.open();
  });

  it('deploys v1 then v2: the alias names v2 with v1 as previous, and history has both moves', async () => {
    const v1 = await buildTestPackage('iris', '1.0.0');
    const v2 = await buildTestPackage('iris', '2.0.0', {
      'model.json': '{"w":[1,2]}',
      'weights/a.bin': 'abc',
    });
    expect((await publishPackage(registry, v1.dir)).result).toBe('created');
    await move('1.0.0', v1.manifest.digest);
    expect((await publishPackage(registry, v2.dir)).result).toBe('created');
    const moved = await move('2.0.0', v2.manifest.digest);

    expect(moved.changed).toBe(true);
    const alias = (await registry.readAlias('iris', 'staging'))!.alias;
    expect(alias).toMatchObject({
      version: '2.0.0',
      digest: v2.manifest.digest,
      previous: '1.0.0',
      deployment_id: 7,
    });
    expect(Object.keys(alias).sort()).toEqual([
      'deployment_id',
      'digest',
      'previous',
      'updated_at',
      'version',
    ]);
    const history = await registry.history('iris', 'staging');
    expect(history.map((h) => [h.seq, h.from, h.to, h.actor])).toEqual([
      [1, null, '1.0.0', 'octocat'],
      [2, '1.0.0', '2.0.0', 'octocat'],
    ]);
    expect(history[1].run_url).toBe('https://github.com/o/r/actions/runs/1');
    expect(await registry.versionDigest('iris', '2.0.0')).toBe(v2.manifest.digest);
  });

  it('promotes what staging names to production without re-uploading', async () => {
    const v1 = await buildTestPackage('iris', '1.0.0');
    await publishPackage(registry, v1.dir);
    await move('1.0.0', v1.manifest.digest);
    const staging = (await registry.readAlias('iris', 'staging'))!.alias;
    await move(staging.version, staging.digest, 'production');
    expect((await registry.readAlias('iris', 'production'))!.alias).toMatchObject({
      version: '1.0.0',
      digest: v1.manifest.digest,
      previous: null,
    });
    expect(await registry.history('iris', 'production')).toHaveLength(1);
  });

  it('rolls back to the previous version and records it', async () => {
    const v1 = await buildTestPackage('iris', '1.0.0');
    const v2 = await buildTestPackage('iris', '2.0.0', { 'model.json': 'two' });
    await publishPackage(registry, v1.dir);
    await publishPackage(registry, v2.dir);
    await move('1.0.0', v1.manifest.digest);
    await move('2.0.0', v2.manifest.digest);
    await registry.moveAlias({
      model: 'iris',
      environment: 'staging',
      version: '1.0.0',
      digest: v1.manifest.digest,
      operation: 'rollback',
      reason: 'health check failed',
      expectCurrent: '2.0.0',
    });
    expect((await registry.readAlias('iris', 'staging'))!.alias).toMatchObject({
      version: '1.0.0',
      previous: '2.0.0',
    });
    const last = (await registry.history('iris', 'staging')).at(-1)!;
    expect(last).toMatchObject({
      seq: 3,
      operation: 'rollback',
      from: '2.0.0',
      to: '1.0.0',
      reason: 'health check failed',
    });
  });

  it('refuses a rollback when someone else moved the alias meanwhile', async () => {
    const v1 = await buildTestPackage('iris', '1.0.0');
    await publishPackage(registry, v1.dir);
    await move('1.0.0', v1.manifest.digest);
    await expect(
      registry.moveAlias({
        model: 'iris',
        environment: 'staging',
        version: '1.0.0',
        digest: v1.manifest.digest,
        operation: 'rollback',
        reason: 'r',
        expectCurrent: '9.9.9',
      }),
    ).rejects.toBeInstanceOf(AliasMovedError);
  });

  it('treats a re-deploy of the same version and digest as unchanged', async () => {
    const v1 = await buildTestPackage('iris', '1.0.0');
    const again = await buildTestPackage('iris', '1.0.0');
    await publishPackage(registry, v1.dir);
    await move('1.0.0', v1.manifest.digest);
    expect((await publishPackage(registry, again.dir)).result).toBe('unchanged');
    expect((await move('1.0.0', again.manifest.digest)).changed).toBe(false);
    expect(await registry.history('iris', 'staging')).toHaveLength(1);
  });

  it('refuses a different digest under an existing version', async () => {
    const v1 = await buildTestPackage('iris', '1.0.0');
    const other = await buildTestPackage('iris', '1.0.0', { 'model.json': 'different weights' });
    await publishPackage(registry, v1.dir);
    await expect(publishPackage(registry, other.dir)).rejects.toThrow(
      /already in the registry with digest .*Versions are immutable/,
    );
    expect(await registry.versionDigest('iris', '1.0.0')).toBe(v1.manifest.digest);
  });

  it('refuses a tampered package before writing anything', async () => {
    const v1 = await buildTestPackage('iris', '1.0.0');
    await fs.writeFile(path.join(v1.dir, 'model.json'), 'tampered');
    await expect(publishPackage(registry, v1.dir)).rejects.toBeInstanceOf(PackageVerificationError);
    expect(await setup.keys()).toEqual([]);
  });

  it('refuses to point an alias at a version that is not in the registry', async () => {
    await expect(move('3.0.0', 'sha256:' + '0'.repeat(64))).rejects.toThrow(/not in the registry/);
  });

  it('keeps the history one consistent sequence under 8 concurrent deploys', async () => {
    const packages = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        buildTestPackage('iris', `1.${i}.0`, { 'model.json': `m${i}` }),
      ),
    );
    for (const p of packages) await publishPackage(registry, p.dir);
    const results = await Promise.all(
      packages.map((p) => move(p.manifest.version, p.manifest.digest)),
    );
    expect(results.every((r) => r.changed)).toBe(true);
    const history = await registry.history('iris', 'staging');
    expect(history.map((h) => h.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 1; i < history.length; i++) expect(history[i].from).toBe(history[i - 1].to);
    const alias = (await registry.readAlias('iris', 'staging'))!.alias;
    expect(alias.version).toBe(history.at(-1)!.to);
    expect(alias.previous).toBe(history.at(-1)!.from);
  });
});

describe('S3 registry at the root of a bucket', () => {
  it('stores versions, aliases and history like one under a prefix', async () => {
    const { CreateBucketCommand } = await import('@aws-sdk/client-s3');
    await s3.client.send(new CreateBucketCommand({ Bucket: 'rootonly' }));
    const registry = openRegistry(`s3://rootonly?endpoint=${encodeURIComponent(s3.endpoint)}`, {
      s3Client: s3.client,
    });
    const v1 = await buildTestPackage('iris', '1.0.0');
    await publishPackage(registry, v1.dir);
    expect(await registry.store.listNames('iris/versions')).toEqual(['1.0.0']);
    await registry.moveAlias({
      model: 'iris',
      environment: 'prod',
      version: '1.0.0',
      digest: v1.manifest.digest,
      operation: 'deploy',
      reason: 'r',
    });
    expect(await registry.store.listNames('iris/history/prod')).toEqual(['00000001.json']);
    expect((await registry.readAlias('iris', 'prod'))!.alias.version).toBe('1.0.0');
  });
});

it('lists the models at the root of a bucket with an empty prefix, not "/"', async () => {
  // s3rver only reports common prefixes one level deep, so this is checked on the request.
  const prefixes: unknown[] = [];
  const registry = openRegistry('s3://bucket', {
    s3Client: {
      send: async (command: { input: { Prefix?: string } }) => (
        prefixes.push(command.input.Prefix),
        {}
      ),
    },
  });
  await registry.store.listNames('');
  await registry.store.listNames('iris/versions');
  expect(prefixes).toEqual(['', 'iris/versions/']);
});

describe('S3 conditional writes', () => {
  it('s3rver ignores If-Match on PutObject, which is why the tests put a proxy in front of it', async () => {
    const put = (body: string, extra = {}) =>
      s3.rawClient.send(
        new PutObjectCommand({ Bucket: 'models', Key: 'probe.json', Body: body, ...extra }),
      );
    await put('a');
    await put('b', { IfMatch: '"not-the-etag"' });
    const out = await s3.rawClient.send(
      new GetObjectCommand({ Bucket: 'models', Key: 'probe.json' }),
    );
    expect(await out.Body!.transformToString()).toBe('b');
  });

  it('the proxy answers 412 when the ETag does not match, and the store reports a lost swap', async () => {
    const registry = openRegistry(`s3://models/cas?endpoint=${encodeURIComponent(s3.endpoint)}`, {
      s3Client: s3.client,
    });
    const refusedBefore = s3.conditionFailures();
    expect(await registry.store.putIfMatch('k.json', Buffer.from('1'), null)).toBe(true);
    expect(await registry.store.putIfMatch('k.json', Buffer.from('2'), null)).toBe(false);
    const current = (await registry.store.get('k.json'))!;
    expect(await registry.store.putIfMatch('k.json', Buffer.from('3'), '"stale"')).toBe(false);
    expect(await registry.store.putIfMatch('k.json', Buffer.from('4'), current.etag)).toBe(true);
    expect((await registry.store.get('k.json'))!.body.toString()).toBe('4');
    expect(s3.conditionFailures() - refusedBefore).toBe(2);
  });

  it('a 412 from S3 reaches the store as a lost swap through the SDK error parsing', async () => {
    await expect(
      s3.client.send(
        new PutObjectCommand({ Bucket: 'models', Key: 'cas/k.json', Body: 'x', IfNoneMatch: '*' }),
      ),
    ).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
  });
});

describe('openRegistry', () => {
  it.each([
    ['http://example.com/registry', /unsupported registry 'http:\/\/'/],
    ['s3://', /not a valid s3:\/\/ URI|names no bucket/],
    ['s3://user:secret@bucket/p', /do not put credentials/],
    ['s3://bucket/p?colour=blue', /unknown option 'colour'/],
  ])('refuses %s with a clear message', (uri, message) => {
    expect(() => openRegistry(uri, { input: 'registry' })).toThrow(UserError);
    expect(() => openRegistry(uri, { input: 'registry' })).toThrow(message);
  });

  it('reads bucket, prefix and options from an s3:// URI without showing credentials', () => {
    const registry = openRegistry(
      's3://bucket/team/models/?endpoint=http%3A%2F%2F127.0.0.1%3A9000',
    );
    expect(registry.uri).toBe('s3://bucket/team/models');
  });

  it('resolves file:// paths relative to the workspace', () => {
    const old = process.env.GITHUB_WORKSPACE;
    process.env.GITHUB_WORKSPACE = '/tmp/ws';
    try {
      expect(openRegistry('file://reg').uri).toBe('file:///tmp/ws/reg');
      expect(openRegistry('file:///srv/reg').uri).toBe('file:///srv/reg');
    } finally {
      process.env.GITHUB_WORKSPACE = old;
    }
  });
});
