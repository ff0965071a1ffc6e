import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { weatherReference } from '../fixtures/models/build-models.js';
import { runAction } from '../harness/run-action.js';
import type { TestPackage } from './build-package.js';
import { weatherValidationInputs, weatherValidationWorkspace } from './weather-package.js';

/** Pre-deploy validation: the smoke-test library on validate-data, held against validate-policy. */
const classifier = weatherReference.classifier;
let root: string;
let pkg: TestPackage;

beforeAll(async () => ({ root, pkg } = await weatherValidationWorkspace('deploy-validation-')));

function deploy(minAccuracy: number) {
  const registry = path.join(root, `registry-${minAccuracy}`);
  return {
    registry,
    run: runAction('deploy', {
      cwd: root,
      inputs: { ...weatherValidationInputs(pkg, minAccuracy), registry: `file://${registry}` },
    }),
  };
}

it('deploys when the model passes the policy on the validation data', async () => {
  const { run } = deploy(Number((classifier.expected.accuracy - 0.05).toFixed(3)));
  const result = await run;
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('deployed');
  expect(result.stdout).toMatch(/validation accuracy: pass/);
});

it('stops before anything is written when the model fails the policy', async () => {
  const { run, registry } = deploy(0.99);
  const result = await run;
  expect(result.exitCode).toBe(1);
  expect(result.annotations.map((a) => a.message)).toEqual([
    expect.stringMatching(
      /Input 'validate-policy': pre-deploy validation of weather 1\.0\.0 failed the policy: accuracy .*min 0\.99.*Nothing was deployed/,
    ),
  ]);
  await expect(fs.readdir(registry)).rejects.toThrow(/ENOENT/);
});
