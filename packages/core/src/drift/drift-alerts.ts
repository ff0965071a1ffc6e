import { hasRepository, runUrl, type RunContext } from '../github/context.js';
import { sendRepositoryDispatch } from '../github/dispatch.js';
import { driftIssueMarker, syncDriftIssue, type DriftIssueResult } from '../github/drift-issue.js';
import {
  describeGitHubFailure,
  httpStatus,
  isGitHubTimeout,
  type GitHubClient,
} from '../github/octokit.js';
import { resolveOwnLogin } from '../github/own-identity.js';
import { escapeSlack, postWebhook } from '../github/webhook.js';
import { isUserError, ServiceError, UserError } from '../inputs/user-error.js';
import { formatPercent } from '../report/format-number.js';
import { renderDriftMarkdown } from '../report/drift-markdown.js';
import { GITHUB_BODY_LIMIT } from '../report/github-body.js';
import { sortBySeverity } from '../report/drift-severity.js';
import type { Logger } from '../runner/logger.js';
import type { DriftReport } from './drift-report.js';

export type AlertMode = 'issue' | 'none';

export interface DriftAlertOptions {
  dataset: string;
  alert: AlertMode;
  issueLabels: string[];
  closeOnClear: boolean;
  webhookUrl?: string;
  dispatchEvent?: string;
  /** Per-attempt timeout of the webhook POST, in ms (the action's request-timeout). */
  requestTimeoutMs?: number;
  /** Absolute time (epoch ms) the alerts must be done by (the action's timeout). */
  deadline?: number;
}

export interface DriftAlertResult {
  issue?: DriftIssueResult;
  webhookAttempts?: number;
  dispatched: boolean;
}

/** Names of the drifted columns, most severe first. */
export function driftedColumns(report: DriftReport): string[] {
  return sortBySeverity(report.columns)
    .filter((c) => c.drifted)
    .map((c) => c.name);
}

function issueTitle(dataset: string): string {
  const title = `Data drift detected: ${dataset.replace(/\s+/g, ' ')}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}

/** Room left for the summary once the marker and the leading line are in the body. */
function summaryBudget(dataset: string, lead: string): number {
  return GITHUB_BODY_LIMIT - driftIssueMarker(dataset).length - lead.length - 16;
}

function issueBody(report: DriftReport, ctx: RunContext, options: DriftAlertOptions): string {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const lead = report.dataset_drift
    ? `Drift found by the run of ${when} UTC.`
    : `Drift has cleared in the run of ${when} UTC; closing.`;
  const summary = renderDriftMarkdown(report, {
    runUrl: runUrl(ctx),
    headingLevel: 3,
    maxLength: summaryBudget(options.dataset, lead),
  });
  return `${lead}\n\n${summary}`;
}

/**
 * A GitHub failure that is not ours to fix: 5xx after Octokit's retries, a refused token (401),
 * or no answer at all (refused, reset, timed out). One line naming what failed; anything else
 * is returned as is. `doing` says what was under way ("updating the drift issue").
 */
export function githubServiceError(error: unknown, what: string, doing: string): unknown {
  if (isUserError(error) || error instanceof ServiceError) return error;
  const status = httpStatus(error);
  const answered = (error as { response?: unknown } | null)?.response !== undefined;
  if (status !== undefined && status >= 500 && answered) {
    return new ServiceError(
      `GitHub answered HTTP ${status} to ${what} after retries; the report and summary are written. ` +
        `Check https://www.githubstatus.com and run the job again.`,
      { cause: error },
    );
  }
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } } | null)?.cause?.code ??
    (error as { code?: unknown } | null)?.code;
  const unreachable =
    (status !== undefined && status >= 500 && !answered) ||
    (status === undefined &&
      typeof code === 'string' &&
      /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_\w+)$/.test(code));
  if (isGitHubTimeout(error) || status === 401 || unreachable) {
    return describeGitHubFailure(error, doing);
  }
  return error;
}

export function slackMessage(report: DriftReport, ctx: RunContext, dataset: string) {
  const names = driftedColumns(report);
  // Slack caps a section's text at 3,000 characters: keep each name short.
  const short = (n: string) => (n.length > 80 ? `${n.slice(0, 79)}…` : n);
  const listed = names.slice(0, 10).map((n) => `\`${escapeSlack(short(n).replace(/`/g, "'"))}\``);
  if (names.length > 10) listed.push(`and ${names.length - 10} more`);
  const headline = `Data drift detected in ${escapeSlack(dataset)}: ${names.length} of ${
    report.columns.length
  } columns drifted (${formatPercent(report.drift_share)}).`;
  const url = runUrl(ctx);
  const text = `${headline}${listed.length ? ` Drifted: ${listed.join(', ')}.` : ''}`;
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (url) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${url}|Workflow run>` }] });
  }
  return { text: url ? `${text} ${url}` : text, blocks };
}

/** At most 10 top-level keys (GitHub's limit for client_payload). */
export function dispatchPayload(report: DriftReport, ctx: RunContext, dataset: string) {
  return {
    dataset,
    dataset_drift: report.dataset_drift,
    drift_share: report.drift_share,
    drifted_columns: driftedColumns(report).slice(0, 100),
    reference_rows: report.reference.rows,
    current_rows: report.current.rows,
    run_url: runUrl(ctx) ?? null,
    sha: ctx.sha ?? null,
  };
}

/**
 * Sends every alert the options ask for; a failing one does not stop the others, and the first
 * failure is rethrown once all were tried. Issue: opened, commented on or closed whatever the
 * verdict; webhook and repository_dispatch: only when dataset drift was found.
 */
export async function sendDriftAlerts(
  report: DriftReport,
  ctx: RunContext,
  options: DriftAlertOptions,
  github: () => GitHubClient,
  log: Logger,
): Promise<DriftAlertResult> {
  const result: DriftAlertResult = { dispatched: false };
  const failures: unknown[] = [];
  const needsRepo = options.alert === 'issue' || (report.dataset_drift && options.dispatchEvent);
  if (needsRepo && !hasRepository(ctx)) {
    throw new UserError(
      'GITHUB_REPOSITORY is not set: issue and dispatch alerts need a repository.',
    );
  }
  if (options.alert === 'issue') {
    try {
      const client = github();
      const ownLogin = await resolveOwnLogin(client);
      result.issue = await syncDriftIssue(
        client,
        {
          owner: ctx.owner,
          repo: ctx.repo,
          dataset: options.dataset,
          ownLogin,
          run: { id: ctx.runId, attempt: ctx.runAttempt },
        },
        {
          drifted: report.dataset_drift,
          title: issueTitle(options.dataset),
          body: issueBody(report, ctx, options),
          labels: options.issueLabels,
          closeOnClear: options.closeOnClear,
        },
        log,
      );
    } catch (error) {
      failures.push(
        githubServiceError(error, 'the drift issue update', 'updating the drift issue'),
      );
    }
  }
  if (report.dataset_drift && options.webhookUrl) {
    try {
      result.webhookAttempts = await postWebhook(
        'webhook-url',
        options.webhookUrl,
        slackMessage(report, ctx, options.dataset),
        { log, timeoutMs: options.requestTimeoutMs, deadline: options.deadline },
      );
    } catch (error) {
      failures.push(error);
    }
  }
  if (report.dataset_drift && options.dispatchEvent) {
    try {
      await sendRepositoryDispatch(
        github(),
        { owner: ctx.owner, repo: ctx.repo },
        options.dispatchEvent,
        dispatchPayload(report, ctx, options.dataset),
        log,
      );
      result.dispatched = true;
    } catch (error) {
      failures.push(
        githubServiceError(error, 'repository_dispatch', `sending repository_dispatch`),
      );
    }
  }
  for (const extra of failures.slice(1)) log.warning(String((extra as Error).message ?? extra));
  if (failures.length > 0) throw failures[0];
  return result;
}
