import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAction } from '../harness/run-action.js';
import { buildTestPackage, type TestPackage } from './build-package.js';
import { expectConsistentRegistry } from './registry-invariants.js';

/**
 * Kills a deploy with SIGKILL at every crash point of the registry code (before and after
 * each write: file copies, version publish, locks, temp files, renames of history and alias),
 * then checks what is left and that the next deploy goes through.
 */
let root: string;
let template: string;
let v1: TestPackage;
let v2: TestPackage;

const deploy = (
  registry: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
) =>
  runAction('deploy', {
    inputs: {
      registry: `file://${registry}`,
      environment: 'staging',
      'github-deployment': 'false',
      ...inputs,
    },
    env,
  });

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-crash-'));
  v1 = await buildTestPackage('iris', '1.0.0', { 'model.json': '{"v":1}' }, root);
  v2 = await buildTestPackage(
    'iris',
    '2.0.0',
    { 'model.json': '{"v":2}', 'weights/w.bin': 'w2' },
    root,
  );
  template = path.join(root, 'template');
  expect((await deploy(template, { package: v1.dir })).exitCode).toBe(0);
});

async function crashEverywhere(scenario: string, inputs: Record<string, string>) {
  let crashes = 0;
  for (let point = 1; point < 100; point++) {
    const registry = path.join(root, `${scenario}-${point}`);
    await fs.cp(template, registry, { recursive: true });
    const crashed = await deploy(registry, inputs, {
      ML_ACTIONS_REGISTRY_CRASH_AFTER: String(point),
      ML_ACTIONS_REGISTRY_CRASH_LOG: '1',
    });
    if (!crashed.stderr.includes(`crash point ${point}:`)) {
      // Past the last crash point: the run went through untouched.
      expect(crashed.stderr).toBe('');
      break;
    }
    crashes += 1;
    expect(crashed.exitCode).toBe(128);
    const after = await expectConsistentRegistry(registry, 'iris', 'staging');
    expect(['1.0.0', '2.0.0']).toContain(after.alias!.version);

    const next = await deploy(registry, { package: v2.dir });
    expect({
      point,
      label: crashed.stderr.trim(),
      exit: next.exitCode,
      log: next.stdout,
    }).toMatchObject({ exit: 0 });
    const final = await expectConsistentRegistry(registry, 'iris', 'staging');
    expect(final.alias!.version).toBe('2.0.0');
    expect(final.lastTo).toBe(final.alias!.version);
    // The copy a killed deploy was writing is cleaned up by the next one.
    const versionsDir = path.join(registry, 'iris', 'versions');
    expect((await fs.readdir(versionsDir)).sort()).toEqual(['1.0.0', '2.0.0']);
  }
  return crashes;
}

it('a deploy killed at any point leaves a complete, verified alias and the next deploy succeeds', async () => {
  const crashes = await crashEverywhere('deploy', { package: v2.dir });
  expect(crashes).toBeGreaterThanOrEqual(12);
});

it('a deploy killed while rolling itself back leaves a complete, verified alias', async () => {
  const crashes = await crashEverywhere('rollback', {
    package: v2.dir,
    'health-check-url': 'http://127.0.0.1:9/health',
    'health-timeout': '1',
  });
  expect(crashes).toBeGreaterThanOrEqual(18);
});
