import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { runAction } from '../harness/run-action.js';
import { buildTestPackage, type TestPackage } from './build-package.js';
import { expectConsistentRegistry } from './registry-invariants.js';
import { startS3Emulator, type S3Emulator } from './s3-emulator.js';

/** 8 deploy processes (the bundled action) racing for one alias. */
let root: string;
let packages: TestPackage[];
let s3: S3Emulator;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-race-'));
  packages = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      buildTestPackage('iris', `1.${i}.0`, { 'model.json': `{"i":${i}}` }, root),
    ),
  );
  s3 = await startS3Emulator();
});
afterAll(async () => {
  await s3.close();
});

function raceFor(registry: string, env: Record<string, string> = {}) {
  return Promise.all(
    packages.map((p) =>
      runAction('deploy', {
        cwd: root,
        inputs: {
          registry,
          environment: 'production',
          package: p.dir,
          'github-deployment': 'false',
        },
        env,
      }),
    ),
  );
}

async function expectAllLanded(
  runs: Awaited<ReturnType<typeof raceFor>>,
  where: Parameters<typeof expectConsistentRegistry>[0],
) {
  for (const run of runs) {
    expect({ exit: run.exitCode, errors: run.annotations, status: run.outputs.status }).toEqual({
      exit: 0,
      errors: [],
      status: 'deployed',
    });
  }
  const { alias, history } = await expectConsistentRegistry(where, 'iris', 'production');
  expect(history).toHaveLength(8);
  expect(new Set(history.map((h) => h.to))).toEqual(
    new Set(packages.map((p) => p.manifest.version)),
  );
  expect(alias!.version).toBe(history.at(-1)!.to);
  expect(alias!.previous).toBe(history.at(-1)!.from);
  // Each run's previous-version output is what the alias named just before its own move.
  const previousByVersion = new Map(history.map((h) => [h.to, h.from ?? '']));
  for (const run of runs)
    expect(run.outputs['previous-version']).toBe(previousByVersion.get(run.outputs.version));
}

it('on a file registry all 8 land, in one consistent history, leaving no locks behind', async () => {
  const registry = path.join(root, 'registry');
  await expectAllLanded(await raceFor(`file://${registry}`), registry);
  const leftovers = (await fs.readdir(path.join(registry, 'iris', 'aliases'))).filter(
    (n) => n !== 'production.json',
  );
  expect(leftovers).toEqual([]);
});

it('on an S3 registry (conditional writes) all 8 land, in one consistent history', async () => {
  const uri = `s3://models/race?endpoint=${encodeURIComponent(s3.endpoint)}&force-path-style=true`;
  const refusedBefore = s3.conditionFailures();
  const runs = await raceFor(uri, s3.env);
  await expectAllLanded(runs, openRegistry(uri, { s3Client: s3.client }));
  // The race was real: some writers lost a compare-and-swap and tried again.
  expect(s3.conditionFailures() - refusedBefore).toBeGreaterThan(0);
});
