import * as core from '@actions/core';
import { UserError } from '../inputs/user-error.js';
import { isPermissionDenied, type GitHubClient } from './octokit.js';
import { stickyMarker } from './sticky-comment.js';

/**
 * One open issue per monitored dataset. The issue carries a hidden marker naming the dataset;
 * it is found again among the open issues the action's own identity created, so a new drift
 * becomes a comment on it instead of a second issue, and a cleared drift closes it.
 */

export interface DriftIssueTarget {
  owner: string;
  repo: string;
  /** The monitored dataset's name: one open issue per name. */
  dataset: string;
  /** Login this token writes as (see own-identity.ts): only its own issues are considered. */
  ownLogin: string;
}

export interface DriftIssueUpdate {
  drifted: boolean;
  title: string;
  /** Markdown for a new issue's body and for comments (the marker is added here). */
  body: string;
  labels: string[];
  /** Close the issue with a comment when drift has cleared. */
  closeOnClear: boolean;
}

export type DriftIssueAction = 'opened' | 'commented' | 'closed' | 'none';

export interface DriftIssueResult {
  action: DriftIssueAction;
  /** The open (or just closed) issue, when there is one. */
  number?: number;
  url?: string;
}

export function driftIssueMarker(dataset: string): string {
  return stickyMarker('drift-monitor', dataset);
}

interface IssueSummary {
  number: number;
  body?: string | null;
  html_url: string;
  user: { login: string } | null;
  pull_request?: unknown;
}

/** The open issue carrying this dataset's marker, searched over every page. */
export async function findDriftIssue(
  github: GitHubClient,
  target: DriftIssueTarget,
): Promise<IssueSummary | undefined> {
  const marker = driftIssueMarker(target.dataset);
  const pages = github.paginate.iterator(github.rest.issues.listForRepo, {
    owner: target.owner,
    repo: target.repo,
    state: 'open',
    per_page: 100,
    creator: target.ownLogin,
  });
  for await (const page of pages) {
    for (const issue of page.data as IssueSummary[]) {
      if (issue.pull_request) continue;
      if (issue.user?.login !== target.ownLogin) continue;
      if (issue.body?.includes(marker)) return issue;
    }
  }
  return undefined;
}

/**
 * Opens, comments on or closes the dataset's drift issue:
 * drift and no open issue → open one; drift and an open issue → comment on it;
 * no drift and an open issue → comment and close it (unless closeOnClear is off);
 * no drift and no issue → nothing.
 */
export async function syncDriftIssue(
  github: GitHubClient,
  target: DriftIssueTarget,
  update: DriftIssueUpdate,
): Promise<DriftIssueResult> {
  try {
    return await applyIssueUpdate(github, target, update);
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new UserError(
        'the token may not write issues here: give the job `permissions: issues: write` (a pull request from a fork only gets a read-only token).',
        'alert',
      );
    }
    throw error;
  }
}

async function applyIssueUpdate(
  github: GitHubClient,
  target: DriftIssueTarget,
  update: DriftIssueUpdate,
): Promise<DriftIssueResult> {
  const existing = await findDriftIssue(github, target);
  const repo = { owner: target.owner, repo: target.repo };
  if (update.drifted && !existing) {
    const { data } = await github.rest.issues.create({
      ...repo,
      title: update.title,
      body: `${driftIssueMarker(target.dataset)}\n${update.body}`,
      labels: update.labels,
    });
    core.info(`Opened drift issue #${data.number}: ${data.html_url}`);
    return { action: 'opened', number: data.number, url: data.html_url };
  }
  if (!existing) return { action: 'none' };
  if (update.drifted) {
    await github.rest.issues.createComment({
      ...repo,
      issue_number: existing.number,
      body: update.body,
    });
    core.info(`Drift persists: commented on #${existing.number}.`);
    return { action: 'commented', number: existing.number, url: existing.html_url };
  }
  if (!update.closeOnClear) {
    core.info(`Drift cleared; #${existing.number} left open (close-on-clear is off).`);
    return { action: 'none', number: existing.number, url: existing.html_url };
  }
  await github.rest.issues.createComment({
    ...repo,
    issue_number: existing.number,
    body: update.body,
  });
  await github.rest.issues.update({
    ...repo,
    issue_number: existing.number,
    state: 'closed',
    state_reason: 'completed',
  });
  core.info(`Drift cleared: closed #${existing.number}.`);
  return { action: 'closed', number: existing.number, url: existing.html_url };
}
