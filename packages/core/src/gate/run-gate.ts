import * as core from '@actions/core';
import { readRunContext } from '../github/context.js';
import { readMetricsFile } from '../metrics/metrics-file.js';
import { appendJobSummary } from '../runner/job-summary.js';
import { renderGateMarkdown } from '../report/gate-markdown.js';
import { evaluatePolicy, type GateResult } from './evaluate.js';
import { postGateComment } from './gate-comment.js';
import type { GateInputs } from './gate-inputs.js';
import { buildGateReport, gateReportPath, writeGateReport } from './gate-report.js';
import { loadPolicy } from './policy.js';

export interface GateOutcome {
  result: GateResult;
  reportPath: string;
  commentUrl?: string;
  /** One line for `setFailed` when the gate fails. */
  failureLine: string;
}

function pullRequestSha(payload: Record<string, unknown>): string | undefined {
  const pr = payload.pull_request as { head?: { sha?: string } } | undefined;
  return pr?.head?.sha;
}

/** The gate end to end: read, evaluate, report (file, summary, annotations, comment). */
export async function runGate(inputs: GateInputs): Promise<GateOutcome> {
  const metrics = await readMetricsFile('metrics', inputs.metrics);
  const baseline = inputs.baseline ? await readMetricsFile('baseline', inputs.baseline) : undefined;
  const policy = await loadPolicy('policy', inputs.policy);
  const result = evaluatePolicy(policy, metrics, baseline);

  const reportPath = gateReportPath(inputs.commentKey);
  await writeGateReport(
    reportPath,
    buildGateReport(result, { title: inputs.title, policy: policy.source, metrics, baseline }),
  );

  const ctx = await readRunContext();
  const markdown = renderGateMarkdown(result, {
    title: inputs.title,
    metrics,
    baseline,
    sha: pullRequestSha(ctx.payload) ?? ctx.sha,
  });
  await appendJobSummary(markdown);

  for (const c of result.checks) {
    if (c.verdict === 'fail')
      core.error(`${c.metric}: ${c.reason}`, { title: `Gate rule ${c.rule} failed` });
    if (c.verdict === 'warn')
      core.warning(`${c.metric}: ${c.reason}`, { title: `Gate rule ${c.rule} (warning)` });
    if (c.verdict === 'skip')
      core.notice(`${c.metric}: skipped, ${c.reason}`, { title: `Gate rule ${c.rule} skipped` });
  }
  for (const c of result.failedFileChecks) {
    core.error(`${c.name}${c.detail ? `: ${c.detail}` : ''}`, {
      title: `Check failed in ${metrics.source}`,
    });
  }

  const commentUrl = await postGateComment(inputs, markdown, ctx);

  const reasons = [
    ...result.failed.map((c) => `${c.metric} ${c.reason}`),
    ...result.failedFileChecks.map((c) => `check ${c.name} failed`),
  ];
  const failureLine = `${inputs.title} failed: ${reasons.join('; ')}.`;
  return { result, reportPath, commentUrl, failureLine };
}
