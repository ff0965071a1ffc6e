import { escapeHtmlComment } from '../report/escape.js';
import { fitGitHubBody } from '../report/github-body.js';
import type { GitHubClient } from './octokit.js';

/**
 * A PR comment that is written once and then edited in place: found again by a hidden
 * marker that carries the key, among the comments this token's own identity wrote, across
 * every page of comments.
 */

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** Separates several sticky comments on one PR (e.g. one per gate). */
  key: string;
  /** Login this token writes as (see own-identity.ts). */
  ownLogin: string;
}

export interface StickyResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

export function stickyMarker(kind: string, key: string): string {
  return `<!-- ml-actions:${escapeHtmlComment(kind)}:${escapeHtmlComment(key)} -->`;
}

export async function upsertStickyComment(
  octokit: GitHubClient,
  target: StickyTarget & { kind: string },
  markdown: string,
  whereIsTheRest: string,
): Promise<StickyResult> {
  const marker = stickyMarker(target.kind, target.key);
  const body = fitGitHubBody(`${marker}\n${markdown}`, whereIsTheRest);
  const { owner, repo, issueNumber } = target;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  // The marker must start the body: someone quoting our comment must not be mistaken for it.
  const ours = comments.find(
    (c) => c.user?.login === target.ownLogin && (c.body ?? '').startsWith(marker),
  );
  if (ours) {
    if (ours.body === body) return { action: 'unchanged', id: ours.id, url: ours.html_url };
    const { data } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: ours.id,
      body,
    });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body,
  });
  return { action: 'created', id: data.id, url: data.html_url };
}
