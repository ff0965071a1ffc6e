import * as core from '@actions/core';
import { readRunContext, runUrl } from '@ml-actions/core/github/context.js';
import { resolveContainedInputPath } from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import { runPipelineMonitor } from '@ml-actions/core/pipeline/run-pipeline-monitor.js';
import type { ActionOutcome } from '@ml-actions/core/runner/action-outcome.js';
import { actionsLogger } from '@ml-actions/core/runner/actions-logger.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';
import { readPipelineMonitorInputs } from './inputs.js';

/** pipeline-monitor: read the Actions history, analyse it, report, alert. */
export async function run(): Promise<ActionOutcome> {
  const started = Date.now();
  const inputs = await readPipelineMonitorInputs();
  const ctx = await readRunContext();
  if (!inputs.token) throw new UserError('is required to read the Actions API.', 'github-token');
  if (!ctx.owner || !ctx.repo)
    throw new UserError('GITHUB_REPOSITORY is not set; run inside a workflow or give it.');

  const result = await runPipelineMonitor(
    {
      ...inputs,
      owner: ctx.owner,
      repo: ctx.repo,
      token: inputs.token,
      reportDir: await resolveContainedInputPath('report-dir', inputs.reportDir),
      cacheFile: inputs.etagCache
        ? await resolveContainedInputPath('etag-cache', inputs.etagCache)
        : undefined,
      runUrl: runUrl(ctx),
      deadline: started + inputs.timeoutSeconds * 1000,
    },
    actionsLogger,
  );

  await appendJobSummary(result.summary);
  core.setOutput('healthy', String(result.healthy));
  core.setOutput('report', result.reportPath);
  core.setOutput('report-html', result.htmlPath);
  core.setOutput('issue-url', result.issue?.url ?? '');

  if (result.failure && inputs.failOn === 'unhealthy') return { failure: result.failure };
  if (result.failure) core.warning(`${result.failure} (fail-on: never, so the step passes)`);
  return {};
}
