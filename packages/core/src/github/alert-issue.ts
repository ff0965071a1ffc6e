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
 * and a healthy run comments and closes it. A generic twin of drift-issue.ts (which keeps its
 * own comment-on-every-run behaviour); the two could share this module later.
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

interface IssueSummary {
  number: number;
  body?: string | null;
  html_url: string;
  user: { login: string } | null;
  pull_request?: unknown;
}

const digestMarker = (digest: string) =>
  `<!-- ml-actions:digest:${digest.replace(/-{2,}|[<>]/g, '')} -->`;

export async function findAlertIssue(
  github: GitHubClient,
  target: AlertIssueTarget,
): Promise<IssueSummary | undefined> {
  const marker = stickyMarker(target.kind, target.scope);
  const pages = github.paginate.iterator(github.rest.issues.listForRepo, {
    owner: target.owner,
    repo: target.repo,
    state: 'open',
    per_page: 100,
    creator: target.ownLogin,
  });
  for await (const page of pages) {
    for (const issue of page.data as IssueSummary[]) {
      if (issue.pull_request || issue.user?.login !== target.ownLogin) continue;
      if (issue.body?.includes(marker)) return issue;
    }
  }
  return undefined;
}

export async function syncAlertIssue(
  github: GitHubClient,
  target: AlertIssueTarget,
  update: AlertIssueUpdate,
  log: Logger,
): Promise<AlertIssueResult> {
  try {
    return await apply(github, target, update, log);
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new UserError(
        'the token may not write issues here: give the job `permissions: issues: write`.',
        'alert',
      );
    }
    if (httpStatus(error) === 401) throw describeGitHubFailure(error, 'writing the alert issue');
    throw error;
  }
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
  await github.rest.issues.createComment({
    ...repo,
    issue_number: existing.number,
    body: update.closeComment,
  });
  await github.rest.issues.update({
    ...repo,
    issue_number: existing.number,
    state: 'closed',
    state_reason: 'completed',
  });
  log.info(`Healthy again: closed #${existing.number}.`);
  return { action: 'closed', number: existing.number, url: existing.html_url };
}
