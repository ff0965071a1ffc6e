import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTestPackage, type TestPackage } from '../../../../test/deploy/build-package.js';
import { startS3Emulator, type S3Emulator } from '../../../../test/deploy/s3-emulator.js';
import { ServiceError, UserError } from '../inputs/user-error.js';
import type { Logger } from '../runner/logger.js';
import { publishPackage, type ModelRegistry } from './model-registry.js';
import { openRegistry } from './open-registry.js';
import { fileFailure } from './file-store.js';
import { LockTimeoutError } from './file-lock.js';
import { aliasKey, historyKey, manifestKey } from './registry-layout.js';
import { toJsonBuffer } from './registry-records.js';
import { StoredVersionError } from './verify-version.js';

/**
 * Issue 17 for the registry storage: stored versions are re-verified before any alias points
 * at them; damaged alias and history files and S3 setup failures are one-line ServiceErrors;
 * history is sequenced by file name, not by the `seq` inside a record.
 */
let s3: S3Emulator;
let prefixes = 0;

beforeAll(async () => {
  s3 = await startS3Emulator();
});
afterAll(async () => {
  await s3?.close();
});

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
  return { logger, lines };
}

async function open(kind: 'file' | 's3', logger?: Logger, waitMs?: number) {
  if (kind === 'file') {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-hardening-'));
    return openRegistry(`file://${root}`, { logger, waitMs });
  }
  return openRegistry(
    `s3://models/hardening-${++prefixes}?endpoint=${encodeURIComponent(s3.endpoint)}`,
    { s3Client: s3.client, logger, waitMs },
  );
}

/** Replaces an object in the store the way someone with write access to the storage would. */
async function overwrite(registry: ModelRegistry, key: string, body: Buffer | string) {
  const current = await registry.store.get(key);
  const written = await registry.store.putIfMatch(
    key,
    Buffer.isBuffer(body) ? body : Buffer.from(body),
    current?.etag ?? null,
  );
  expect(written).toBe(true);
}

function move(
  registry: ModelRegistry,
  version: string,
  digest: string,
  environment = 'staging',
  operation: 'deploy' | 'promote' | 'rollback' = 'deploy',
) {
  return registry.moveAlias({
    model: 'iris',
    environment,
    version,
    digest,
    operation,
    reason: `${operation} ${version}`,
  });
}

async function snapshot(registry: ModelRegistry, environment: string) {
  return {
    alias: (await registry.readAlias('iris', environment))?.alias,
    history: await registry.history('iris', environment),
  };
}

describe.each(['file', 's3'] as const)('stored versions on the %s store', (kind) => {
  let registry: ModelRegistry;
  let v1: TestPackage;
  let v2: TestPackage;

  beforeEach(async () => {
    registry = await open(kind);
    v1 = await buildTestPackage('iris', '1.0.0', { 'model.json': '{"v":1}', 'w/a.bin': 'one' });
    v2 = await buildTestPackage('iris', '2.0.0', { 'model.json': '{"v":2}', 'w/a.bin': 'two' });
    await publishPackage(registry, v1.dir);
    await publishPackage(registry, v2.dir);
    await move(registry, '1.0.0', v1.manifest.digest);
    await move(registry, '2.0.0', v2.manifest.digest);
  });

  it('refuses to promote a version whose model.json was overwritten, naming the file; nothing moves', async () => {
    await overwrite(registry, 'iris/versions/2.0.0/model.json', '{"v":"evil"}');
    const before = await snapshot(registry, 'production');
    const refused = move(registry, '2.0.0', v2.manifest.digest, 'production', 'promote');
    await expect(refused).rejects.toThrow(StoredVersionError);
    await expect(refused).rejects.toThrow(
      /^Refusing to point 'production' at iris 2\.0\.0: the stored version .*iris\/versions\/2\.0\.0 does not match its manifest \(model\.json: size 12 bytes, manifest says 7\)/,
    );
    await expect(refused).rejects.toBeInstanceOf(ServiceError);
    expect(await snapshot(registry, 'production')).toEqual(before);
    expect(before.alias).toBeUndefined();
  });

  it('refuses a rollback to a version whose manifest digest was edited; the forged digest reaches no alias', async () => {
    const key = manifestKey('iris', '1.0.0');
    const manifest = JSON.parse((await registry.store.get(key))!.body.toString('utf8'));
    const forged = `sha256:${'f'.repeat(64)}`;
    await overwrite(registry, key, toJsonBuffer({ ...manifest, digest: forged }));
    const before = await snapshot(registry, 'staging');

    // The digest a rollback would record comes from the stored manifest: it is verified too.
    await expect(registry.versionDigest('iris', '1.0.0')).rejects.toThrow(
      /manifest digest does not match its files/,
    );
    const refused = move(registry, '1.0.0', forged, 'staging', 'rollback');
    await expect(refused).rejects.toThrow(
      /^Refusing to point 'staging' at iris 1\.0\.0: .*ml-manifest\.json: manifest digest does not match its files/,
    );
    await expect(move(registry, '1.0.0', v1.manifest.digest)).rejects.toThrow(
      /manifest digest does not match its files/,
    );
    const after = await snapshot(registry, 'staging');
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain(forged);
  });

  it('refuses an unchanged re-deploy of a tampered version (the alias already names it)', async () => {
    await overwrite(registry, 'iris/versions/2.0.0/w/a.bin', 'TWO');
    const before = await snapshot(registry, 'staging');
    await expect(publishPackage(registry, v2.dir)).rejects.toThrow(
      /does not match its manifest \(w\/a\.bin: sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}\)/,
    );
    await expect(move(registry, '2.0.0', v2.manifest.digest)).rejects.toThrow(/w\/a\.bin: sha256 /);
    expect(await snapshot(registry, 'staging')).toEqual(before);
  });

  it('refuses a digest that differs from the verified one, and a version that is not there', async () => {
    await expect(move(registry, '1.0.0', v2.manifest.digest, 'production')).rejects.toThrow(
      /has digest sha256:[0-9a-f]+, but sha256:[0-9a-f]+ was asked for; nothing was moved/,
    );
    await expect(move(registry, '9.9.9', v2.manifest.digest, 'production')).rejects.toThrow(
      UserError,
    );
    expect(await registry.readAlias('iris', 'production')).toBeUndefined();
  });

  it('moves as before when the stored version is intact, and logs that it was verified', async () => {
    const { logger, lines } = recordingLogger();
    const logged = await open(kind, logger);
    const pkg = await buildTestPackage('iris', '3.0.0');
    await publishPackage(logged, pkg.dir);
    const moved = await move(logged, '3.0.0', pkg.manifest.digest, 'production');
    expect(moved.changed).toBe(true);
    expect(lines.join('\n')).toMatch(
      /info Verified iris 3\.0\.0 in .*: 1 files, \d+ bytes, sha256:/,
    );
  });
});

describe('a stored file that is missing', () => {
  it('is named as missing on the file store', async () => {
    const registry = await open('file');
    const v1 = await buildTestPackage('iris', '1.0.0', { 'model.json': '{}', 'w.bin': 'w' });
    await publishPackage(registry, v1.dir);
    const root = registry.uri.slice('file://'.length);
    await fs.rm(path.join(root, 'iris/versions/1.0.0/w.bin'));
    await expect(move(registry, '1.0.0', v1.manifest.digest)).rejects.toThrow(
      /does not match its manifest \(w\.bin: missing\)/,
    );
    expect(await registry.readAlias('iris', 'staging')).toBeUndefined();
  });
});

describe.each(['file', 's3'] as const)('damaged registry files on the %s store', (kind) => {
  let registry: ModelRegistry;
  let v1: TestPackage;

  beforeEach(async () => {
    registry = await open(kind);
    v1 = await buildTestPackage('iris', '1.0.0');
    await publishPackage(registry, v1.dir);
    await move(registry, '1.0.0', v1.manifest.digest);
  });

  it.each([
    ['invalid JSON', '{"version": "1.0.0",\n', /is damaged: not valid JSON \(/],
    [
      'the wrong shape',
      '{"version": 1}',
      /is damaged: it is not an alias \(needs "version" and "digest" strings\)/,
    ],
  ])('an alias file with %s is a one-line ServiceError naming the file', async (_, body, why) => {
    await overwrite(registry, aliasKey('iris', 'staging'), body);
    const error = await registry.readAlias('iris', 'staging').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    const message = (error as Error).message;
    expect(message).toMatch(why);
    expect(message).toContain(`${registry.uri}/iris/aliases/staging.json`);
    expect(message).toMatch(/Check who edited it/);
    expect(message).not.toContain('\n');
    await expect(move(registry, '1.0.0', v1.manifest.digest)).rejects.toBeInstanceOf(ServiceError);
  });

  it.each([
    ['invalid JSON', 'not json at all', /is damaged: not valid JSON/],
    [
      'no seq',
      '{"operation":"deploy","from":null,"to":"1.0.0","at":"2026-01-01T00:00:00Z"}',
      /"seq" is not a positive integer/,
    ],
    [
      'a bad "to"',
      '{"seq":1,"operation":"deploy","from":null,"to":5,"at":"2026-01-01T00:00:00Z"}',
      /"to" is neither a version nor null/,
    ],
    [
      'a bad "at"',
      '{"seq":1,"operation":"deploy","from":null,"to":"1.0.0","at":"yesterday"}',
      /"at" is not a date/,
    ],
  ])(
    'a history record with %s is a one-line ServiceError naming the file',
    async (_, body, why) => {
      await overwrite(registry, historyKey('iris', 'staging', 1), body);
      const error = await registry.history('iris', 'staging').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceError);
      const message = (error as Error).message;
      expect(message).toMatch(why);
      expect(message).toContain(`${registry.uri}/iris/history/staging/00000001.json`);
      expect(message).not.toContain('\n');
      const started = Date.now();
      await expect(move(registry, '1.0.0', v1.manifest.digest, 'staging')).rejects.toBeInstanceOf(
        ServiceError,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    },
  );

  it('a history record whose seq differs from its file name neither spins nor breaks the chain', async () => {
    const { logger, lines } = recordingLogger();
    const logged = openRegistry(
      kind === 'file'
        ? registry.uri
        : `${registry.uri}?endpoint=${encodeURIComponent(s3.endpoint)}`,
      { logger, waitMs: 120_000, ...(kind === 's3' ? { s3Client: s3.client } : {}) },
    );
    const v2 = await buildTestPackage('iris', '2.0.0');
    await publishPackage(logged, v2.dir);
    await move(logged, '2.0.0', v2.manifest.digest);
    // Record 2 (1.0.0 -> 2.0.0) rewritten by hand with another seq.
    const key = historyKey('iris', 'staging', 2);
    const record = JSON.parse((await logged.store.get(key))!.body.toString('utf8'));
    await overwrite(logged, key, toJsonBuffer({ ...record, seq: 1 }));

    const started = Date.now();
    const back = await move(logged, '1.0.0', v1.manifest.digest, 'staging', 'rollback');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(back).toMatchObject({ changed: true, seq: 3 });
    const history = await logged.history('iris', 'staging');
    expect(history.map((h) => [h.seq, h.from, h.to])).toEqual([
      [1, null, '1.0.0'],
      [2, '1.0.0', '2.0.0'],
      [3, '2.0.0', '1.0.0'],
    ]);
    const warnings = lines.filter((l) => l.startsWith('warning '));
    expect(warnings).toHaveLength(2); // once by the move (not once per retry), once by history()
    expect(warnings[0]).toMatch(
      /History record .*iris\/history\/staging\/00000002\.json says seq 1 but its file name says 2; using 2/,
    );
  });
});

/** An S3 endpoint that answers every request with one error status and S3 error code. */
async function scriptedS3(status: number, code: string) {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>scripted</Message></Error>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('S3 setup failures are one-line ServiceErrors saying what to check', () => {
  const uriFor = (endpoint: string, bucket = 'models') =>
    `s3://${bucket}/team?endpoint=${encodeURIComponent(endpoint)}`;
  const clientFor = (endpoint: string, accessKeyId = 'S3RVER', secretAccessKey = 'S3RVER') =>
    new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 2,
    });

  async function failureOf(uri: string, client: S3Client) {
    const registry = openRegistry(uri, { s3Client: client });
    try {
      const error = await registry.readAlias('iris', 'staging').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ServiceError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message;
    } finally {
      client.destroy();
    }
  }

  it('an unknown access key (InvalidAccessKeyId): check the credentials', async () => {
    const message = await failureOf(uriFor(s3.rawEndpoint), clientFor(s3.rawEndpoint, 'NOPE'));
    expect(message).toMatch(
      /refused the credentials \(InvalidAccessKeyId\) while reading iris\/aliases\/staging\.json in s3:\/\/models\/team: check AWS_ACCESS_KEY_ID/,
    );
    expect(message).not.toContain('S3RVER');
  });

  it.each([
    [
      403,
      'SignatureDoesNotMatch',
      /refused the credentials \(SignatureDoesNotMatch\).*check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    ],
    [
      403,
      'AccessDenied',
      /denied access \(AccessDenied\).*check that the credentials' policy allows s3:GetObject/,
    ],
    [
      301,
      'PermanentRedirect',
      /bucket 'models' is in another region \(PermanentRedirect\).*\?region=/,
    ],
  ])(
    'HTTP %i %s (s3rver does not check v4 signatures, so a scripted S3 answers)',
    async (status, code, expected) => {
      const server = await scriptedS3(status, code);
      try {
        expect(await failureOf(uriFor(server.endpoint), clientFor(server.endpoint))).toMatch(
          expected,
        );
      } finally {
        await server.close();
      }
    },
  );

  it('a missing bucket (NoSuchBucket) is not "no alias yet": check the bucket name and region', async () => {
    const message = await failureOf(
      uriFor(s3.rawEndpoint, 'no-such-bucket'),
      clientFor(s3.rawEndpoint),
    );
    expect(message).toMatch(
      /bucket 'no-such-bucket' does not exist \(NoSuchBucket\).*check the bucket name in the registry URI and its region/,
    );
    const listing = openRegistry(uriFor(s3.rawEndpoint, 'no-such-bucket'), {
      s3Client: clientFor(s3.rawEndpoint),
    });
    await expect(listing.store.listNames('')).rejects.toThrow(/NoSuchBucket/);
  });

  it('a refused connection (ECONNREFUSED): check the endpoint', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const endpoint = `http://127.0.0.1:${port}`;
    const message = await failureOf(uriFor(endpoint), clientFor(endpoint));
    expect(message).toMatch(
      new RegExp(
        `the connection to the S3 endpoint http://127\\.0\\.0\\.1:${port} failed \\(ECONNREFUSED\\).*check the endpoint`,
      ),
    );
  });

  it('an unknown host (ENOTFOUND or EAI_AGAIN): check the endpoint', async () => {
    const endpoint = 'http://registry.does-not-exist.invalid:9000';
    const message = await failureOf(uriFor(endpoint), clientFor(endpoint));
    expect(message).toMatch(/failed \((ENOTFOUND|EAI_AGAIN)\).*check the endpoint/);
  });

  it('5xx after the retries: the service is failing, with the number of attempts', async () => {
    const server = await scriptedS3(503, 'SlowDown');
    try {
      const message = await failureOf(uriFor(server.endpoint), clientFor(server.endpoint));
      expect(message).toMatch(
        /answered HTTP 503 \(SlowDown\) while reading iris\/aliases\/staging\.json in s3:\/\/models\/team, after 2 attempts: the service is failing; re-run later/,
      );
      expect(server.requests()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('the emulator itself still answers a good client (sanity)', async () => {
    const client = clientFor(s3.rawEndpoint);
    await expect(
      client.send(new ListObjectsV2Command({ Bucket: 'models' })),
    ).resolves.toBeDefined();
    client.destroy();
  });
});

describe('file store setup failures', () => {
  it.each([
    [
      'EACCES',
      /Could not write iris\/aliases\/staging\.json in file:\/\/\/r \(EACCES\): check that the runner's user may read and write the registry directory\./,
    ],
    ['EROFS', /\(EROFS\): the file system is read-only/],
    ['ENOSPC', /\(ENOSPC\): the disk is full/],
  ])(
    '%s is a one-line ServiceError (root ignores permissions, so the mapping is tested directly)',
    (code, expected) => {
      const error = Object.assign(new Error(`${code}: denied, open '/r/x'`), { code });
      const mapped = fileFailure(error, 'file:///r', 'write iris/aliases/staging.json');
      expect(mapped).toBeInstanceOf(ServiceError);
      expect((mapped as Error).message).toMatch(expected);
    },
  );

  it('leaves other errors alone (a bug stays a bug)', () => {
    const error = Object.assign(new Error('boom'), { code: 'ERR_SOMETHING' });
    expect(fileFailure(error, 'file:///r', 'write x')).toBe(error);
  });

  it('a lock timeout is a ServiceError that names the holder', () => {
    const error = new LockTimeoutError('/r/x.lock', 'pid 7 on host-a');
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.message).toMatch(/held by pid 7 on host-a\): holders keep it for milliseconds/);
  });
});
