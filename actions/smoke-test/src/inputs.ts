import {
  getChoiceInput,
  getListInput,
  getNumberInput,
  getOptionalInput,
  getRequiredInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import {
  resolveContainedInputPath,
  resolveInputPath,
  workspaceDir,
} from '@ml-actions/core/inputs/input-files.js';
import { BACKEND_CHOICES } from '@ml-actions/core/model/model-runtime.js';
import type { SmokeTestOptions } from '@ml-actions/core/smoke/run-smoke-test.js';

export const TASKS = ['auto', 'classification', 'regression'] as const;

/** The `default:` of each optional input in action.yml, as the code uses it. */
export const SMOKE_TEST_DEFAULTS = {
  task: 'auto',
  'batch-size': 256,
  'max-rows': 10000,
  seed: 1,
  tolerance: 0.0001,
  backend: 'auto',
  'output-dir': 'smoke-test-results',
  warmup: 1,
  repeat: 2,
} as const;

/** smoke-test's inputs, read and validated: the options of `runSmokeTest` without its logger. */
export type SmokeTestInputs = Omit<SmokeTestOptions, 'log'>;

export async function readSmokeTestInputs(): Promise<SmokeTestInputs> {
  const d = SMOKE_TEST_DEFAULTS;
  return {
    model: resolveInputPath(getRequiredInput('model')),
    data: getRequiredInput('data'),
    cwd: workspaceDir(),
    features: getListInput('features'),
    labelColumn: getOptionalInput('label-column'),
    idColumn: getOptionalInput('id-column'),
    task: getChoiceInput('task', TASKS, d.task),
    batchSize: getNumberInput('batch-size', d['batch-size'], { min: 1, integer: true }),
    maxRows: getNumberInput('max-rows', d['max-rows'], { min: 1, integer: true }),
    seed: getNumberInput('seed', d.seed, { integer: true }),
    expectedPredictions: getOptionalInput('expected-predictions'),
    tolerance: getNumberInput('tolerance', d.tolerance, { min: 0 }),
    backend: getChoiceInput('backend', BACKEND_CHOICES, d.backend),
    outputDir: await resolveContainedInputPath(
      'output-dir',
      getOptionalInput('output-dir') ?? d['output-dir'],
    ),
    warmup: getNumberInput('warmup', d.warmup, { min: 0, integer: true }),
    repeat: getNumberInput('repeat', d.repeat, { min: 1, integer: true }),
  };
}
