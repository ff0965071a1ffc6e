import * as core from '@actions/core';
import {
  getChoiceInput,
  getListInput,
  getNumberInput,
  getOptionalInput,
  getRequiredInput,
} from '@ml-actions/core/inputs/action-inputs.js';
import { resolveInputPath, workspaceDir } from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import { BACKEND_CHOICES } from '@ml-actions/core/model/model-runtime.js';
import { runSmokeTest, type SmokeTestResult } from '@ml-actions/core/smoke/run-smoke-test.js';
import { parseInputsMapping } from '@ml-actions/core/smoke/model-features.js';
import { runPredictionsMode } from '@ml-actions/core/smoke/predictions-mode.js';
import { renderSmokeSummary } from '@ml-actions/core/smoke/smoke-summary.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';

/** smoke-test: run a sample of real data through the model; fail on any failed check. */
export async function run(): Promise<void> {
  const predictions = getOptionalInput('predictions');
  const result = predictions ? await runOnPredictions(predictions) : await runOnModel();
  await report(result);
}

/** Predictions mode: metrics and checks from a file of predictions, no model. */
function runOnPredictions(predictions: string): Promise<SmokeTestResult> {
  if (getOptionalInput('model')) {
    throw new UserError('give either model or predictions, not both.', 'predictions');
  }
  return runPredictionsMode({
    predictions,
    cwd: workspaceDir(),
    labelColumn: getOptionalInput('label-column'),
    idColumn: getOptionalInput('id-column'),
    predictionColumn: getOptionalInput('prediction-column') ?? 'prediction',
    probabilityColumns: getListInput('probability-columns'),
    task: getChoiceInput('task', ['auto', 'classification', 'regression'] as const, 'auto'),
    maxRows: getNumberInput('max-rows', 10000, { min: 1, integer: true }),
    seed: getNumberInput('seed', 1, { integer: true }),
    expectedPredictions: getOptionalInput('expected-predictions'),
    tolerance: getNumberInput('tolerance', 1e-4, { min: 0 }),
    outputDir: resolveInputPath(getOptionalInput('output-dir') ?? 'smoke-test-results'),
    log: core.info,
  });
}

function runOnModel(): Promise<SmokeTestResult> {
  const model = getOptionalInput('model');
  if (!model) throw new UserError('give model (or predictions, for predictions mode).', 'model');
  return runSmokeTest({
    model: resolveInputPath(model),
    data: getRequiredInput('data'),
    cwd: workspaceDir(),
    features: getListInput('features'),
    labelColumn: getOptionalInput('label-column'),
    idColumn: getOptionalInput('id-column'),
    task: getChoiceInput('task', ['auto', 'classification', 'regression'] as const, 'auto'),
    batchSize: getNumberInput('batch-size', 256, { min: 1, integer: true }),
    maxRows: getNumberInput('max-rows', 10000, { min: 1, integer: true }),
    seed: getNumberInput('seed', 1, { integer: true }),
    expectedPredictions: getOptionalInput('expected-predictions'),
    tolerance: getNumberInput('tolerance', 1e-4, { min: 0 }),
    backend: getChoiceInput('backend', BACKEND_CHOICES, 'auto'),
    outputDir: resolveInputPath(getOptionalInput('output-dir') ?? 'smoke-test-results'),
    warmup: getNumberInput('warmup', 1, { min: 0, integer: true }),
    repeat: getNumberInput('repeat', 2, { min: 1, integer: true }),
    inputs: parseInputsMapping(getOptionalInput('inputs')),
    output: getOptionalInput('output'),
    log: core.info,
  });
}

async function report(result: SmokeTestResult): Promise<void> {
  core.setOutput('passed', String(result.passed));
  core.setOutput('metrics', result.metricsFile);
  core.setOutput('predictions', result.predictionsFile ?? '');
  core.setOutput('rows', String(result.rows));
  core.setOutput('backend', result.backend);
  core.setOutput('latency-ms-p95', String(result.metrics.latency_ms_p95 ?? ''));
  await appendJobSummary(renderSmokeSummary(result));

  const failed = result.checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) {
    throw new UserError(
      `Smoke test failed: ${failed.map((c) => `${c.name}: ${c.detail}`).join(' | ')}`,
    );
  }
  core.info(`Smoke test passed: ${result.rows} rows on ${result.backend}.`);
}
