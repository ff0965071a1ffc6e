import {
  getChoiceInput,
  getListInput,
  getNumberInput,
  getOptionalInput,
  getRequiredInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import { assertContainedDataFiles } from '@ml-actions/core/data/data-sources.js';
import {
  assertContainedInputs,
  resolveContainedInputPath,
  workspaceDir,
} from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import { BACKEND_CHOICES } from '@ml-actions/core/model/model-runtime.js';
import { parseInputsMapping } from '@ml-actions/core/smoke/model-features.js';
import type { PredictionsModeOptions } from '@ml-actions/core/smoke/predictions-mode.js';
import type { EndpointTestOptions } from '@ml-actions/core/smoke/run-endpoint-test.js';
import {
  ENDPOINT_DEFAULTS,
  readEndpointSettings,
} from '@ml-actions/core/serving/endpoint-settings.js';
import type { SmokeTestOptions } from '@ml-actions/core/smoke/run-smoke-test.js';

export const TASKS = ['auto', 'classification', 'regression'] as const;

/** The `default:` of each optional input in action.yml, as the code uses it. */
export const SMOKE_TEST_DEFAULTS = {
  'prediction-column': 'prediction',
  task: 'auto',
  'batch-size': 256,
  'max-rows': 10000,
  seed: 1,
  tolerance: 0.0001,
  backend: 'auto',
  'output-dir': 'smoke-test-results',
  warmup: 1,
  repeat: 2,
  // Endpoint mode: protocol, request-timeout, retries (shared with deploy).
  ...ENDPOINT_DEFAULTS,
} as const;

/**
 * smoke-test's inputs, read and validated. `model` mode: the options of `runSmokeTest`;
 * `predictions` mode (a predictions file, no model): the options of `runPredictionsMode`;
 * `endpoint` mode (a model server, and optionally the model to compare it with): the options
 * of `runEndpointTest`. All without their logger.
 */
export type SmokeTestInputs =
  | { mode: 'model'; options: Omit<SmokeTestOptions, 'log'> }
  | { mode: 'predictions'; options: Omit<PredictionsModeOptions, 'log'> }
  | { mode: 'endpoint'; options: Omit<EndpointTestOptions, 'log'> };

export async function readSmokeTestInputs(): Promise<SmokeTestInputs> {
  const predictions = getOptionalInput('predictions');
  if (predictions) {
    for (const other of ['model', 'endpoint']) {
      if (getOptionalInput(other)) {
        throw new UserError(`give either ${other} or predictions, not both.`, 'predictions');
      }
    }
    const options = await readPredictionsModeInputs(predictions);
    await assertContainedDataFiles('predictions', [predictions]);
    await assertContainedInputs({ 'expected-predictions': options.expectedPredictions });
    return { mode: 'predictions', options };
  }
  const endpoint = readEndpointSettings('endpoint');
  const model = getOptionalInput('model');
  if (endpoint) {
    // With model too, the local model is the reference the server must agree with.
    const local =
      model === undefined ? {} : { model: await resolveContainedInputPath('model', model) };
    return { mode: 'endpoint', options: { ...(await readRunInputs()), ...local, endpoint } };
  }
  if (!model) {
    throw new UserError(
      'give model (or endpoint, for a model server; or predictions, for predictions mode).',
      'model',
    );
  }
  return {
    mode: 'model',
    options: { model: await resolveContainedInputPath('model', model), ...(await readRunInputs()) },
  };
}

/** The inputs of a run through a model (local or served), the model itself aside. */
async function readRunInputs(): Promise<Omit<SmokeTestOptions, 'log' | 'model'>> {
  const d = SMOKE_TEST_DEFAULTS;
  const options = {
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
    outputDir: await readOutputDir(),
    warmup: getNumberInput('warmup', d.warmup, { min: 0, integer: true }),
    repeat: getNumberInput('repeat', d.repeat, { min: 1, integer: true }),
    inputs: parseInputsMapping(getOptionalInput('inputs')),
    output: getOptionalInput('output'),
  };
  await assertContainedDataFiles('data', [options.data]);
  await assertContainedInputs({ 'expected-predictions': options.expectedPredictions });
  return options;
}

async function readPredictionsModeInputs(
  predictions: string,
): Promise<Omit<PredictionsModeOptions, 'log'>> {
  const d = SMOKE_TEST_DEFAULTS;
  return {
    predictions,
    cwd: workspaceDir(),
    labelColumn: getOptionalInput('label-column'),
    idColumn: getOptionalInput('id-column'),
    predictionColumn: getOptionalInput('prediction-column') ?? d['prediction-column'],
    probabilityColumns: getListInput('probability-columns'),
    task: getChoiceInput('task', TASKS, d.task),
    maxRows: getNumberInput('max-rows', d['max-rows'], { min: 1, integer: true }),
    seed: getNumberInput('seed', d.seed, { integer: true }),
    expectedPredictions: getOptionalInput('expected-predictions'),
    tolerance: getNumberInput('tolerance', d.tolerance, { min: 0 }),
    outputDir: await readOutputDir(),
  };
}

function readOutputDir(): Promise<string> {
  return resolveContainedInputPath(
    'output-dir',
    getOptionalInput('output-dir') ?? SMOKE_TEST_DEFAULTS['output-dir'],
  );
}
