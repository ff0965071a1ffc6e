import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTestPackage } from '../../../../test/deploy/build-package.js';
import { startS3Emulator, type S3Emulator } from '../../../../test/deploy/s3-emulator.js';
import { publishPackage, type ModelRegistry } from './model-registry.js';
import { openRegistry } from './open-registry.js';
import { historyKey } from './registry-layout.js';
import { toJsonBuffer, type HistoryRecord } from './registry-records.js';

/**
 * An interrupted move (history claimed, alias never written) is finished by the next writer.
 * On files that happens at once (the writer holds the lock, so nobody else is mid-move); on S3
 * only once the claim is older than staleMs.
 */
let s3: S3Emulator;
beforeAll(async () => {
  s3 = await startS3Emulator();
});
afterAll(async () => {
  await s3.close();
});

let prefix = 0;
async function registryWithV1(kind: 'file' | 's3', staleMs: number) {
  const registry =
    kind === 'file'
      ? openRegistry(`file://${await fs.mkdtemp(path.join(os.tmpdir(), 'promotion-'))}`, {
          staleMs,
        })
      : openRegistry(
          `s3://models/promotion-${++prefix}?endpoint=${encodeURIComponent(s3.endpoint)}`,
          {
            s3Client: s3.client,
            staleMs,
            waitMs: 5_000,
          },
        );
  const v1 = await buildTestPackage('iris', '1.0.0', { 'model.json': 'one' });
  const v2 = await buildTestPackage('iris', '2.0.0', { 'model.json': 'two' });
  await publishPackage(registry, v1.dir);
  await publishPackage(registry, v2.dir);
  await move(registry, '1.0.0', v1.manifest.digest);
  return { registry, v1, v2 };
}

function move(registry: ModelRegistry, version: string, digest: string) {
  return registry.moveAlias({
    model: 'iris',
    environment: 'prod',
    version,
    digest,
    operation: 'deploy',
    reason: `deploy ${version}`,
  });
}

/** What a process that died after claiming history record 2 leaves behind. */
async function abandonedClaim(
  registry: ModelRegistry,
  digest: string,
  at: Date,
  writer?: HistoryRecord['writer'],
) {
  const record: HistoryRecord = {
    seq: 2,
    model: 'iris',
    environment: 'prod',
    operation: 'deploy',
    from: '1.0.0',
    to: '2.0.0',
    digest,
    at: at.toISOString(),
    actor: 'crashed',
    reason: 'deploy 2.0.0',
    run_url: null,
    deployment_id: null,
    writer,
  };
  expect(
    await registry.store.putIfMatch(historyKey('iris', 'prod', 2), toJsonBuffer(record), null),
  ).toBe(true);
}

describe.each(['file', 's3'] as const)('an interrupted move on the %s store', (kind) => {
  it('is reconciled by the next move, keeping the history one chain', async () => {
    const { registry, v2 } = await registryWithV1(kind, 1_000);
    await abandonedClaim(registry, v2.manifest.digest, new Date(Date.now() - 10_000));
    await move(registry, '2.0.0', v2.manifest.digest);
    const history = await registry.history('iris', 'prod');
    expect(history.map((h) => [h.seq, h.operation, h.from, h.to])).toEqual([
      [1, 'deploy', null, '1.0.0'],
      [2, 'deploy', '1.0.0', '2.0.0'],
      [3, 'reconcile', '2.0.0', '1.0.0'],
      [4, 'deploy', '1.0.0', '2.0.0'],
    ]);
    expect(history[2].reason).toMatch(
      /record 2 .*did not finish moving the alias, which names 1\.0\.0/,
    );
    expect((await registry.readAlias('iris', 'prod'))!.alias).toMatchObject({
      version: '2.0.0',
      previous: '1.0.0',
    });
  });
});

it('on S3 a fresh claim is left to its writer until it is stale', async () => {
  const { registry, v2 } = await registryWithV1('s3', 1_500);
  await abandonedClaim(registry, v2.manifest.digest, new Date());
  const started = Date.now();
  await move(registry, '2.0.0', v2.manifest.digest);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  expect((await registry.history('iris', 'prod')).map((h) => h.operation)).toEqual([
    'deploy',
    'deploy',
    'reconcile',
    'deploy',
  ]);
});

it('on S3 a fresh claim whose writer on this host has died is reconciled at once', async () => {
  const { registry, v2 } = await registryWithV1('s3', 60_000);
  await abandonedClaim(registry, v2.manifest.digest, new Date(), {
    host: os.hostname(),
    pid: 2 ** 22 + 17,
  });
  const started = Date.now();
  await move(registry, '2.0.0', v2.manifest.digest);
  expect(Date.now() - started).toBeLessThan(5_000);
  const history = await registry.history('iris', 'prod');
  expect(history.map((h) => h.operation)).toEqual(['deploy', 'deploy', 'reconcile', 'deploy']);
  expect(history[3].writer).toEqual({ host: os.hostname(), pid: process.pid });
});

it('on S3 a partial upload of the same bytes is completed; of other bytes it is refused', async () => {
  const registry = openRegistry(
    `s3://models/partial-${++prefix}?endpoint=${encodeURIComponent(s3.endpoint)}`,
    {
      s3Client: s3.client,
    },
  );
  const pkg = await buildTestPackage('iris', '1.0.0', { 'model.json': 'one', 'w.bin': 'weights' });
  // An upload that died after its first file: no manifest, so the version does not exist yet.
  await registry.store.putIfMatch('iris/versions/1.0.0/model.json', Buffer.from('one'), null);
  expect(await registry.versionDigest('iris', '1.0.0')).toBeUndefined();
  expect((await publishPackage(registry, pkg.dir)).result).toBe('created');
  expect(await registry.versionDigest('iris', '1.0.0')).toBe(pkg.manifest.digest);

  const other = openRegistry(
    `s3://models/partial-${++prefix}?endpoint=${encodeURIComponent(s3.endpoint)}`,
    {
      s3Client: s3.client,
    },
  );
  await other.store.putIfMatch(
    'iris/versions/1.0.0/model.json',
    Buffer.from('something else'),
    null,
  );
  await expect(publishPackage(other, pkg.dir)).rejects.toThrow(
    /partial upload with different content in 'model\.json'/,
  );
});
