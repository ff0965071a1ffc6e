import * as core from '@actions/core';
import { postGateComment } from '@ml-actions/core/gate/gate-comment.js';
import { failedRulesJson } from '@ml-actions/core/gate/gate-report.js';
import { evaluateGate, gateAnnotations } from '@ml-actions/core/gate/run-gate.js';
import type { ActionOutcome } from '@ml-actions/core/runner/action-outcome.js';
import { actionsLogger } from '@ml-actions/core/runner/actions-logger.js';
import { readGateInputs } from './inputs.js';

/** gate: hold the metrics against the policy (and baseline), report, and pass or fail. */
export async function run(): Promise<ActionOutcome> {
  const started = Date.now();
  const inputs = await readGateInputs();
  const verdict = await evaluateGate(inputs, actionsLogger);
  // Outputs before any network call: a GitHub outage cannot cost them.
  core.setOutput('passed', String(verdict.result.passed));
  core.setOutput('report', verdict.reportPath);
  core.setOutput('failed-rules', failedRulesJson(verdict.result));
  for (const a of gateAnnotations(verdict.result, verdict.metricsSource)) {
    core[a.level](a.message, { title: a.title });
  }
  const commentUrl = await postGateComment(inputs, verdict.markdown, verdict.context, {
    log: actionsLogger,
    deadline: started + inputs.timeoutSeconds * 1000,
  });
  core.setOutput('comment-url', commentUrl ?? '');
  if (verdict.result.passed) return {};
  if (inputs.failOn === 'failure') return { failure: verdict.failureLine };
  core.warning(`${verdict.failureLine} (fail-on: never, so the step passes)`);
  return {};
}
