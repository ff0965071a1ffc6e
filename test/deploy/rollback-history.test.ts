import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { runAction, type RunActionOptions } from '../harness/run-action.js';
import { buildTestPackage } from './build-package.js';

// Rollback walks the environment's history (issue 13): repeated rollbacks go further back
// and never return to the version just rolled back from.

let root: string;
let registryDir: string;

function deploy(inputs: RunActionOptions['inputs']) {
  return runAction('deploy', {
    // The packages are built in the workspace: deploy's package must be inside it.
    cwd: root,
    inputs: {
      registry: `file://${registryDir}`,
      environment: 'production',
      'github-deployment': 'false',
      ...inputs,
    },
  });
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-rollback-'));
  registryDir = path.join(root, 'registry');
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

it('deploy v1, v2, v3, then rollback, rollback lands on v1; a third rollback has nothing left', async () => {
  for (const version of ['1.0.0', '2.0.0', '3.0.0']) {
    const pkg = await buildTestPackage('iris', version, undefined, root);
    expect((await deploy({ package: pkg.dir })).outputs.status).toBe('deployed');
  }

  const first = await deploy({ operation: 'rollback' });
  expect(first.exitCode).toBe(0);
  expect(first.outputs).toMatchObject({ version: '2.0.0', 'previous-version': '3.0.0' });

  const second = await deploy({ operation: 'rollback' });
  expect(second.exitCode).toBe(0);
  // One pointer would have gone back to 3.0.0, the version just rolled back from.
  expect(second.outputs).toMatchObject({ version: '1.0.0', 'previous-version': '2.0.0' });

  const third = await deploy({ operation: 'rollback' });
  expect(third.exitCode).toBe(1);
  expect(third.annotations.find((a) => a.level === 'error')!.message).toMatch(
    /Input 'to-version': 'production' has no version earlier than 1\.0\.0 left to go back to/,
  );

  const named = await deploy({ operation: 'rollback', 'to-version': '3.0.0' });
  expect(named.outputs).toMatchObject({ status: 'deployed', version: '3.0.0' });

  const registry = openRegistry(`file://${registryDir}`);
  expect((await registry.history('iris', 'production')).map((h) => [h.operation, h.to])).toEqual([
    ['deploy', '1.0.0'],
    ['deploy', '2.0.0'],
    ['deploy', '3.0.0'],
    ['rollback', '2.0.0'],
    ['rollback', '1.0.0'],
    ['rollback', '3.0.0'],
  ]);
});
