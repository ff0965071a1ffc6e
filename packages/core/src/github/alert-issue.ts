import { UserError } from '../inputs/user-error.js';
import { fitGitHubBody } from '../report/github-body.js';
import type { Logger } from '../runner/logger.js';
import {
  describeGitHubFailure,
  httpStatus,
  isPermissionDenied,
  type GitHubClient,
} from './octokit.js';
import { stickyMarker } from './sticky-comment.js';

/**
 * One open alert issue per repository and scope, for any monitor (kind): found again by a hidden
 * marker among the open issues the token's own identity created (every page), so a failing
 * check opens it once, a persisting one edits its body (and comments when what fails changes),
 * and a healthy run comments and closes it. The finding, closing and permission handling here
 * are also drift-issue.ts's, which adds its own comment-on-every-run and newest-run-wins rules.
 */

export interface AlertIssueTarget {
  owner: string;
  repo: string;
  /** The monitor writing the issue (e.g. pipeline-monitor): part of the marker. */
  kind: string;
  /** One open issue per scope. */
  scope: string;
  ownLogin: string;
}

export interface AlertIssueUpdate {
  failing: boolean;
  title: string;
  /** The issue body while failing (the marker is added here). */
  body: string;
  /** A short line that says what fails now; a change of it is commented on. */
  digest: string;
  /** Comment written when closing. */
  closeComment: string;
  labels: string[];
}

export type AlertIssueAction = 'opened' | 'updated' | 'closed' | 'none';

export interface AlertIssueResult {
  action: AlertIssueAction;
  number?: number;
  url?: string;
}

/** An open issue as the issue list returns it (the fields used here). */
export interface IssueSummary {
  number: number;
  body?: string | null;
  html_url: string;
  user: { login: string } | null;
  pull_request?: unknown;
}

/** Open issues (not pull requests) by the token's own identity that carry `marker`, every page. */
export async function* markedIssues(
  github: GitHubClient,
  where: { owner: string; repo: string; ownLogin: string },
  marker: string,
): AsyncGenerator<IssueSummary> {
  const pages = github.paginate.iterator(github.rest.issues.listForRepo, {
    owner: where.owner,
    repo: where.repo,
    state: 'open',
    per_page: 100,
    creator: where.ownLogin,
  });
  for await (const page of pages) {
    for (const issue of page.data as IssueSummary[]) {
      if (issue.pull_request || issue.user?.login !== where.ownLogin) continue;
      if (issue.body?.includes(marker)) yield issue;
    }
  }
}

/** Comments on an issue, then closes it. */
export async function closeIssue(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  issueNumber: number,
  comment: string,
  reason: 'completed' | 'not_planned',
): Promise<void> {
  await github.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: comment });
  await github.rest.issues.update({
    ...repo,
    issue_number: issueNumber,
    state: 'closed',
    state_reason: reason,
  });
}

/** Runs `write`; a refused write becomes one line on input `alert` (`why`: what may explain it). */
export async function withIssueWrites<T>(write: () => Promise<T>, why = ''): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new UserError(
        `the token may not write issues here: give the job \`permissions: issues: write\`${why}.`,
        'alert',
      );
    }
    // A 401 is a bad or expired token, never a fork's read-only one: say so, not "permissions".
    if (httpStatus(error) === 401) throw describeGitHubFailure(error, 'writing the alert issue');
    throw error;
  }
}

const digestMarker = (digest: string) =>
  `<!-- ml-actions:digest:${digest.replace(/-{2,}|[<>]/g, '')} -->`;

export async function findAlertIssue(
  github: GitHubClient,
  target: AlertIssueTarget,
): Promise<IssueSummary | undefined> {
  for await (const issue of markedIssues(github, target, stickyMarker(target.kind, target.scope)))
    return issue;
  return undefined;
}

export async function syncAlertIssue(
  github: GitHubClient,
  target: AlertIssueTarget,
  update: AlertIssueUpdate,
  log: Logger,
): Promise<AlertIssueResult> {
  return withIssueWrites(() => apply(github, target, update, log));
}

async function apply(
  github: GitHubClient,
  target: AlertIssueTarget,
  update: AlertIssueUpdate,
  log: Logger,
): Promise<AlertIssueResult> {
  const repo = { owner: target.owner, repo: target.repo };
  const existing = await findAlertIssue(github, target);
  const body = fitGitHubBody(
    `${stickyMarker(target.kind, target.scope)}\n${digestMarker(update.digest)}\n${update.body}`,
    'the job summary and the report artifact',
  );
  if (update.failing && !existing) {
    const { data } = await github.rest.issues.create({
      ...repo,
      title: update.title,
      body,
      labels: update.labels,
    });
    log.info(`Opened alert issue #${data.number}: ${data.html_url}`);
    return { action: 'opened', number: data.number, url: data.html_url };
  }
  if (!existing) return { action: 'none' };
  if (update.failing) {
    const changed = !existing.body?.includes(digestMarker(update.digest));
    await github.rest.issues.update({
      ...repo,
      issue_number: existing.number,
      title: update.title,
      body,
    });
    if (changed) {
      await github.rest.issues.createComment({
        ...repo,
        issue_number: existing.number,
        body: `Still failing, and what fails changed: ${update.digest}`,
      });
    }
    log.info(`Checks still fail: updated #${existing.number}.`);
    return { action: 'updated', number: existing.number, url: existing.html_url };
  }
  await closeIssue(github, repo, existing.number, update.closeComment, 'completed');
  log.info(`Healthy again: closed #${existing.number}.`);
  return { action: 'closed', number: existing.number, url: existing.html_url };
}
