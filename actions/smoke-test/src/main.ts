import * as core from '@actions/core';
import type { ActionOutcome } from '@ml-actions/core/runner/action-outcome.js';
import { actionsLogger } from '@ml-actions/core/runner/actions-logger.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';
import { formatMeasurement } from '@ml-actions/core/report/format-number.js';
import { renderSmokeSummary } from '@ml-actions/core/report/smoke-summary.js';
import { runPredictionsMode } from '@ml-actions/core/smoke/predictions-mode.js';
import { runEndpointTest } from '@ml-actions/core/smoke/run-endpoint-test.js';
import { runSmokeTest } from '@ml-actions/core/smoke/run-smoke-test.js';
import { readSmokeTestInputs } from './inputs.js';

/**
 * smoke-test: run a sample of real data through the model (or a model server, in endpoint mode;
 * or score a predictions file, in predictions mode); fail on any failed check.
 */
export async function run(): Promise<ActionOutcome> {
  const inputs = await readSmokeTestInputs();
  const log = actionsLogger.info;
  const result =
    inputs.mode === 'predictions'
      ? await runPredictionsMode({ ...inputs.options, log })
      : inputs.mode === 'endpoint'
        ? await runEndpointTest({ ...inputs.options, log })
        : await runSmokeTest({ ...inputs.options, log });

  core.setOutput('passed', String(result.passed));
  core.setOutput('metrics', result.metricsFile);
  core.setOutput('predictions', result.predictionsFile ?? '');
  core.setOutput('rows', String(result.rows));
  core.setOutput('backend', result.backend);
  const p95 = result.metrics.latency_ms_p95;
  // 4 significant digits in the output; metrics.json keeps full precision.
  core.setOutput('latency-ms-p95', p95 === undefined ? '' : formatMeasurement(p95));
  await appendJobSummary(renderSmokeSummary(result));

  const failed = result.checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) {
    return {
      failure: `Smoke test failed: ${failed.map((c) => `${c.name}: ${c.detail}`).join(' | ')}`,
    };
  }
  actionsLogger.info(`Smoke test passed: ${result.rows} rows on ${result.backend}.`);
  return {};
}
