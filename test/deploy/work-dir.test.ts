import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { weatherReference } from '../fixtures/models/build-models.js';
import { runAction } from '../harness/run-action.js';
import type { TestPackage } from './build-package.js';
import { weatherValidationInputs, weatherValidationWorkspace } from './weather-package.js';

/**
 * Scratch files of a step (runner/work-dir.ts) on the bundle: deploy's pre-deploy validation
 * writes its predictions and metrics to a scratch directory, which is gone when the step ends
 * (passed or failed), and kept when step debug logging is on.
 */
const classifier = weatherReference.classifier;
let root: string;
let pkg: TestPackage;

beforeAll(async () => ({ root, pkg } = await weatherValidationWorkspace('deploy-work-dir-')));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

async function deploy(minAccuracy: number, env: Record<string, string> = {}) {
  const tmp = await fs.mkdtemp(path.join(root, 'tmpdir-'));
  const run = await runAction('deploy', {
    cwd: root,
    inputs: {
      ...weatherValidationInputs(pkg, minAccuracy),
      registry: `file://${path.join(tmp, 'registry')}`,
    },
    env: { TMPDIR: tmp, ...env },
  });
  return { run, tmp };
}

/** Every path under `dir` (relative), depth-first. */
async function tree(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true }).catch(() => []);
  return entries.map(String).sort();
}

const leftovers = (paths: string[]) => paths.filter((p) => /(^|[/\\])ml-actions/.test(p));

it('leaves no ml-actions scratch files in RUNNER_TEMP or TMPDIR after a passing and a failing run', async () => {
  for (const min of [classifier.expected.accuracy - 0.05, 0.99]) {
    const { run, tmp } = await deploy(Number(min.toFixed(3)));
    expect(run.exitCode).toBe(min === 0.99 ? 1 : 0);
    expect(leftovers(await tree(run.runnerTemp))).toEqual([]);
    expect(leftovers(await tree(tmp))).toEqual([]);
  }
});

it('keeps them with RUNNER_DEBUG=1, under RUNNER_TEMP/ml-actions/run-<id>', async () => {
  const { run } = await deploy(Number((classifier.expected.accuracy - 0.05).toFixed(3)), {
    RUNNER_DEBUG: '1',
  });
  expect(run.exitCode).toBe(0);
  const kept = leftovers(await tree(run.runnerTemp));
  expect(
    kept.some((p) => /^ml-actions[/\\]run-4242[/\\]step-[^/\\]+[/\\]deploy-validation-/.test(p)),
  ).toBe(true);
  expect(run.stdout).toContain('keeping the scratch files');
});
