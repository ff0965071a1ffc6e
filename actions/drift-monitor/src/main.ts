import * as core from '@actions/core';
import { driftedColumns, sendDriftAlerts } from '@ml-actions/core/drift/drift-alerts.js';
import { writeDriftFiles } from '@ml-actions/core/drift/drift-files.js';
import { compareWithReference } from '@ml-actions/core/drift/drift-run.js';
import { writeReferenceProfile } from '@ml-actions/core/drift/profile-run.js';
import { readRunContext, runUrl } from '@ml-actions/core/github/context.js';
import { createGitHubClient } from '@ml-actions/core/github/octokit.js';
import { webhookUrlWarnings } from '@ml-actions/core/github/webhook.js';
import { resolveContainedInputPath } from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import { renderDriftMarkdown } from '@ml-actions/core/report/drift-markdown.js';
import { formatPercent } from '@ml-actions/core/report/format-number.js';
import type { ActionOutcome } from '@ml-actions/core/runner/action-outcome.js';
import { actionsLogger } from '@ml-actions/core/runner/actions-logger.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';
import type { DriftReport } from '@ml-actions/core/drift/drift-report.js';
import { readDriftMonitorInputs } from './inputs.js';

/** The one line a failed step shows when drift was found with fail-on-drift. */
export function driftFailure(report: DriftReport, drifted: string[]): string {
  return `Dataset drift detected: ${drifted.length} of ${report.columns.length} columns drifted (${formatPercent(
    report.drift_share,
  )}): ${drifted.slice(0, 10).join(', ')}${drifted.length > 10 ? ', …' : ''}.`;
}

export async function run(): Promise<ActionOutcome> {
  const log = actionsLogger;
  const ctx = await readRunContext();
  const inputs = await readDriftMonitorInputs(ctx.eventName);
  if (inputs.webhookUrl) {
    // The URL is a credential (its path, or user:password): masked in every later log line.
    core.setSecret(inputs.webhookUrl);
    for (const warning of webhookUrlWarnings(inputs.webhookUrl)) log.warning(warning);
  }
  const reportDir = await resolveContainedInputPath('report-dir', inputs.reportDir);

  if (inputs.mode === 'profile') {
    const profile = await writeReferenceProfile(inputs, reportDir);
    core.setOutput('profile', profile.path);
    await appendJobSummary(profile.summary);
    return {};
  }

  // Everything that can be wrong with the data fails here, before any alert goes out.
  const { report, histograms } = await compareWithReference(inputs, log);
  const files = await writeDriftFiles(reportDir, report, histograms);
  await appendJobSummary(renderDriftMarkdown(report, { runUrl: runUrl(ctx) }));
  const drifted = driftedColumns(report);
  core.setOutput('drift-detected', String(report.dataset_drift));
  core.setOutput('drift-share', String(report.drift_share));
  core.setOutput('drifted-columns', JSON.stringify(drifted));
  core.setOutput('report', files.json);
  core.setOutput('report-html', files.html);

  // The alerts' own clock: reading the data may take long, a hung service must not.
  const deadline = Date.now() + inputs.timeoutSeconds * 1000;
  const { requestTimeoutMs } = inputs;
  core.setOutput('issue-number', '');
  const alerts = await sendDriftAlerts(
    report,
    ctx,
    { ...inputs, deadline },
    () => {
      if (!inputs.token)
        throw new UserError('is required for issue and dispatch alerts.', 'github-token');
      return createGitHubClient(inputs.token, { log, requestTimeoutMs, deadline });
    },
    log,
  );
  core.setOutput('issue-number', alerts.issue?.number ?? '');

  if (report.dataset_drift && inputs.failOnDrift) return { failure: driftFailure(report, drifted) };
  return {};
}
