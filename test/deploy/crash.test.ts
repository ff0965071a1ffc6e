import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelRegistry } from '@ml-actions/core/registry/model-registry.js';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { runAction } from '../harness/run-action.js';
import { buildTestPackage, type TestPackage } from './build-package.js';
import { expectConsistentRegistry } from './registry-invariants.js';
import { startS3Emulator, type S3Emulator } from './s3-emulator.js';

/**
 * Kills a deploy with SIGKILL at every crash point of the registry code (before and after
 * each write: file copies or uploads, version publish, locks, temp files, history claim,
 * alias swap), then checks what is left and that the next deploy goes through.
 */
let root: string;
let template: string;
let v1: TestPackage;
let v2: TestPackage;
let s3: S3Emulator;

const deploy = (
  registry: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
) =>
  runAction('deploy', {
    // The packages are built in the workspace: deploy's package must be inside it.
    cwd: root,
    inputs: { registry, environment: 'staging', 'github-deployment': 'false', ...inputs },
    env,
  });

/** A registry where staging names v1: its URI, what the invariants check it through, extra env. */
interface Fresh {
  uri: string;
  check: string | ModelRegistry;
  env: Record<string, string>;
  /** For a file registry: the versions folder, to check nothing is left behind. */
  versionsDir?: string;
}

const stores: Record<string, (name: string) => Promise<Fresh>> = {
  file: async (name) => {
    const dir = path.join(root, name);
    await fs.cp(template, dir, { recursive: true });
    return {
      uri: `file://${dir}`,
      check: dir,
      env: {},
      versionsDir: path.join(dir, 'iris', 'versions'),
    };
  },
  s3: async (name) => {
    const uri = `s3://models/${name}?endpoint=${encodeURIComponent(s3.endpoint)}`;
    expect((await deploy(uri, { package: v1.dir }, s3.env)).exitCode).toBe(0);
    return { uri, check: openRegistry(uri, { s3Client: s3.client }), env: s3.env };
  },
};

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
  expect((await deploy(`file://${template}`, { package: v1.dir })).exitCode).toBe(0);
  s3 = await startS3Emulator();
});
afterAll(async () => {
  await s3.close();
});

async function crashEverywhere(store: string, scenario: string, inputs: Record<string, string>) {
  let crashes = 0;
  for (let point = 1; point < 100; point++) {
    const fresh = await stores[store](`${store}-${scenario}-${point}`);
    const crashed = await deploy(fresh.uri, inputs, {
      ...fresh.env,
      ML_ACTIONS_REGISTRY_CRASH_AFTER: String(point),
      ML_ACTIONS_REGISTRY_CRASH_LOG: '1',
    });
    if (!crashed.stderr.includes(`crash point ${point}:`)) {
      // Past the last crash point: the run went through untouched.
      expect(crashed.exitCode).not.toBe(128);
      break;
    }
    crashes += 1;
    expect(crashed.exitCode).toBe(128);
    const after = await expectConsistentRegistry(fresh.check, 'iris', 'staging');
    expect(['1.0.0', '2.0.0']).toContain(after.alias!.version);

    const next = await deploy(fresh.uri, { package: v2.dir }, fresh.env);
    expect({
      point,
      label: crashed.stderr.trim(),
      exit: next.exitCode,
      log: next.stdout,
    }).toMatchObject({ exit: 0 });
    const final = await expectConsistentRegistry(fresh.check, 'iris', 'staging');
    expect(final.alias!.version).toBe('2.0.0');
    expect(final.lastTo).toBe(final.alias!.version);
    if (fresh.versionsDir) {
      // The copy a killed deploy was writing is cleaned up by the next one.
      expect((await fs.readdir(fresh.versionsDir)).sort()).toEqual(['1.0.0', '2.0.0']);
    }
  }
  return crashes;
}

describe.each([
  ['file', 12, 18],
  ['s3', 8, 10],
])('on a %s registry', (store, deployPoints, rollbackPoints) => {
  it('a deploy killed at any point leaves a complete, verified alias and the next deploy succeeds', async () => {
    expect(await crashEverywhere(store, 'deploy', { package: v2.dir })).toBeGreaterThanOrEqual(
      deployPoints,
    );
  });

  it('a deploy killed while rolling itself back leaves a complete, verified alias', async () => {
    const crashes = await crashEverywhere(store, 'rollback', {
      package: v2.dir,
      'health-check-url': 'http://127.0.0.1:9/health',
      'health-timeout': '1',
    });
    expect(crashes).toBeGreaterThanOrEqual(rollbackPoints);
  });
});
