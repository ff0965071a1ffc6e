import * as core from '@actions/core';
import { failedRulesJson } from '@ml-actions/core/gate/gate-report.js';
import { readGateInputs } from '@ml-actions/core/gate/gate-inputs.js';
import { runGate } from '@ml-actions/core/gate/run-gate.js';

/** gate: hold the metrics against the policy (and baseline), report, and pass or fail. */
export async function run(): Promise<void> {
  const inputs = readGateInputs();
  const outcome = await runGate(inputs);

  core.setOutput('passed', String(outcome.result.passed));
  core.setOutput('report', outcome.reportPath);
  core.setOutput('failed-rules', failedRulesJson(outcome.result));
  core.setOutput('comment-url', outcome.commentUrl ?? '');

  if (!outcome.result.passed) {
    if (inputs.failOn === 'failure') core.setFailed(outcome.failureLine);
    else core.warning(`${outcome.failureLine} (fail-on: never, so the step passes)`);
  }
}
