import * as core from '@actions/core';
import { driftedColumns, sendDriftAlerts } from '@ml-actions/core/drift/drift-alerts.js';
import { writeDriftFiles } from '@ml-actions/core/drift/drift-files.js';
import { readDriftMonitorOptions } from '@ml-actions/core/drift/drift-options.js';
import { compareWithReference } from '@ml-actions/core/drift/drift-run.js';
import { writeReferenceProfile } from '@ml-actions/core/drift/profile-run.js';
import { readRunContext, runUrl } from '@ml-actions/core/github/context.js';
import { createGitHubClient } from '@ml-actions/core/github/octokit.js';
import { resolveInputPath } from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import { formatPercent } from '@ml-actions/core/report/drift-format.js';
import { renderDriftMarkdown } from '@ml-actions/core/report/drift-markdown.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';

export async function run(): Promise<void> {
  const ctx = await readRunContext();
  const options = await readDriftMonitorOptions(ctx.eventName);
  const reportDir = resolveInputPath(options.reportDir);

  if (options.mode === 'profile') {
    const profile = await writeReferenceProfile(options, reportDir);
    core.setOutput('profile', profile.path);
    await appendJobSummary(profile.summary);
    return;
  }

  // Everything that can be wrong with the data fails here, before any alert goes out.
  const { report, histograms } = await compareWithReference(options);
  const files = await writeDriftFiles(reportDir, report, histograms);
  await appendJobSummary(renderDriftMarkdown(report, { runUrl: runUrl(ctx) }));
  const drifted = driftedColumns(report);
  core.setOutput('drift-detected', String(report.dataset_drift));
  core.setOutput('drift-share', String(report.drift_share));
  core.setOutput('drifted-columns', JSON.stringify(drifted));
  core.setOutput('report', files.json);
  core.setOutput('report-html', files.html);

  const alerts = await sendDriftAlerts(report, ctx, options, () => {
    if (!options.token)
      throw new UserError('is required for issue and dispatch alerts.', 'github-token');
    return createGitHubClient(options.token);
  });
  core.setOutput('issue-number', alerts.issue?.number ?? '');

  if (report.dataset_drift && options.failOnDrift) {
    core.setFailed(
      `Dataset drift detected: ${drifted.length} of ${report.columns.length} columns drifted (${formatPercent(
        report.drift_share,
      )}): ${drifted.slice(0, 10).join(', ')}${drifted.length > 10 ? ', …' : ''}.`,
    );
  }
}
