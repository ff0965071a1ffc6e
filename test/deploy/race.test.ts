import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction } from '../harness/run-action.js';
import { buildTestPackage } from './build-package.js';
import { expectConsistentRegistry } from './registry-invariants.js';

it('8 deploy processes racing for one alias all land, in one consistent history', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-race-'));
  const registry = path.join(root, 'registry');
  const packages = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      buildTestPackage('iris', `1.${i}.0`, { 'model.json': `{"i":${i}}` }, root),
    ),
  );
  const runs = await Promise.all(
    packages.map((p) =>
      runAction('deploy', {
        inputs: {
          registry: `file://${registry}`,
          environment: 'production',
          package: p.dir,
          'github-deployment': 'false',
        },
      }),
    ),
  );
  for (const run of runs) {
    expect({ exit: run.exitCode, stderr: run.stderr, status: run.outputs.status }).toEqual({
      exit: 0,
      stderr: '',
      status: 'deployed',
    });
  }
  const { alias, history } = await expectConsistentRegistry(registry, 'iris', 'production');
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
  const leftovers = (await fs.readdir(path.join(registry, 'iris', 'aliases'))).filter(
    (n) => n !== 'production.json',
  );
  expect(leftovers).toEqual([]);
});
