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
import { runSmokeTest } from '@ml-actions/core/smoke/run-smoke-test.js';
import { renderSmokeSummary } from '@ml-actions/core/smoke/smoke-summary.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';

/** smoke-test: run a sample of real data through the model; fail on any failed check. */
export async function run(): Promise<void> {
  const result = await runSmokeTest({
    model: resolveInputPath(getRequiredInput('model')),
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
    log: core.info,
  });

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
