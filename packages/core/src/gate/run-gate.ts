import { readRunContext, type RunContext } from '../github/context.js';
import { readMetricsFile } from '../metrics/metrics-file.js';
import { readPredictionsFile, type LoadedPredictions } from '../metrics/predictions-rows.js';
import { renderGateMarkdown } from '../report/gate-markdown.js';
import { appendJobSummary } from '../runner/job-summary.js';
import type { Logger } from '../runner/logger.js';
import { evaluatePolicy, type GateResult } from './evaluate.js';
import { buildGateReport, gateReportPath, writeGateReport } from './gate-report.js';
import { loadPolicy } from './policy.js';
import { readRegistryBaseline, type RegistryBaselineOptions } from './registry-baseline.js';

/** What the gate use case needs: plain options (the action reads them in actions/gate/src/inputs.ts). */
export interface GateOptions {
  /** Path of the metrics file. */
  metrics: string;
  /** Path of a YAML policy file, or the policy YAML itself. */
  policy: string;
  /** Path of the baseline metrics file. */
  baseline?: string;
  /** `baseline: registry`: the version deployed to an environment is the baseline. */
  registryBaseline?: RegistryBaselineOptions;
  /** Per-row predictions of the candidate (default: the one the metrics file names). */
  predictions?: string;
  /** Per-row predictions of the baseline on the same rows (paired tests). */
  baselinePredictions?: string;
  comment: 'auto' | 'always' | 'never';
  commentKey: string;
  /** Overrides the event's pull request (fork-safe workflow_run pattern). */
  pullRequest?: number;
  title: string;
  token?: string;
  /** Each GitHub request is cut off after this many ms. */
  requestTimeoutMs: number;
  /** Directory of gate-report.json; default `RUNNER_TEMP/ml-actions/gate/<comment key>`. */
  outputDir?: string;
}

export interface GateVerdict {
  result: GateResult;
  reportPath: string;
  /** The verdict as markdown: job summary and PR comment. */
  markdown: string;
  context: RunContext;
  /** The metrics file as the user named it. */
  metricsSource: string;
  /** One line for the step's failure when the gate fails. */
  failureLine: string;
}

export interface GateAnnotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  title: string;
}

function pullRequestSha(payload: Record<string, unknown>): string | undefined {
  const pr = payload.pull_request as { head?: { sha?: string } } | undefined;
  return pr?.head?.sha;
}

/**
 * The gate's own work, without the network: read, evaluate, write the report file and the
 * job summary. The PR comment is posted by postGateComment (gate-comment.ts) afterwards.
 */
export async function evaluateGate(options: GateOptions, log: Logger): Promise<GateVerdict> {
  const metrics = await readMetricsFile('metrics', options.metrics);
  const policy = await loadPolicy('policy', options.policy);
  const deployed = options.registryBaseline
    ? await readRegistryBaseline(options.registryBaseline, metrics, log)
    : undefined;
  const baseline =
    deployed?.deployed === true
      ? deployed.metrics
      : options.baseline
        ? await readMetricsFile('baseline', options.baseline)
        : undefined;
  // Per-row predictions are read only for rules with `confidence`.
  const significant = policy.rules.some((r) => r.confidence !== undefined);
  let predictions: LoadedPredictions | undefined;
  let baselinePredictions: LoadedPredictions | undefined;
  if (significant) {
    const own = options.predictions ?? metrics.predictions;
    if (own) predictions = await readPredictionsFile('predictions', own, metrics.classNames);
    const theirs = options.baselinePredictions;
    if (theirs) {
      baselinePredictions = await readPredictionsFile(
        'baseline-predictions',
        theirs,
        baseline?.classNames ?? metrics.classNames,
      );
    } else if (deployed?.deployed) {
      baselinePredictions = deployed.predictions;
    }
  }
  const result = evaluatePolicy(policy, metrics, baseline, undefined, {
    predictions,
    baselinePredictions,
    noBaseline: deployed?.deployed === false ? deployed.reason : undefined,
  });
  const reportPath = gateReportPath(options.commentKey, options.outputDir);
  await writeGateReport(
    reportPath,
    buildGateReport(result, { title: options.title, policy: policy.source, metrics, baseline }),
  );
  log.debug(`Gate report written to ${reportPath}.`);
  const context = await readRunContext();
  const markdown = renderGateMarkdown(result, {
    title: options.title,
    metrics,
    baseline,
    sha: pullRequestSha(context.payload) ?? context.sha,
  });
  await appendJobSummary(markdown);
  const reasons = [
    ...result.failed.map((c) => `${c.metric} ${c.reason}`),
    ...result.failedFileChecks.map((c) => `check ${c.name} failed`),
  ];
  const failureLine = `${options.title} failed: ${reasons.join('; ')}.`;
  return { result, reportPath, markdown, context, metricsSource: metrics.source, failureLine };
}

/** One annotation per failed, warning and skipped rule, and per failed check of the metrics file. */
export function gateAnnotations(result: GateResult, metricsSource: string): GateAnnotation[] {
  const out: GateAnnotation[] = result.warnings.map((message) => ({
    level: 'warning' as const,
    message,
    title: 'Gate warning',
  }));
  for (const c of result.checks) {
    if (c.verdict === 'fail')
      out.push({
        level: 'error',
        message: `${c.metric}: ${c.reason}`,
        title: `Gate rule ${c.rule} failed`,
      });
    if (c.verdict === 'warn')
      out.push({
        level: 'warning',
        message: `${c.metric}: ${c.reason}`,
        title: `Gate rule ${c.rule} (warning)`,
      });
    if (c.verdict === 'skip')
      out.push({
        level: 'notice',
        message: `${c.metric}: skipped, ${c.reason}`,
        title: `Gate rule ${c.rule} skipped`,
      });
  }
  for (const c of result.failedFileChecks) {
    out.push({
      level: 'error',
      message: `${c.name}${c.detail ? `: ${c.detail}` : ''}`,
      title: `Check failed in ${metricsSource}`,
    });
  }
  return out;
}
