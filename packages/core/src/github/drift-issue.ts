import { silentLogger, type Logger } from '../runner/logger.js';
import { closeIssue, markedIssues, withIssueWrites, type IssueSummary } from './alert-issue.js';
import type { GitHubClient } from './octokit.js';
import { compareRunStamps, runStamp, stickyMarker, type RunStamp } from './sticky-comment.js';

/**
 * One open issue per monitored dataset. The issue carries a hidden marker naming the dataset;
 * it is found again among the open issues the action's own identity created, so a new drift
 * becomes a comment on it instead of a second issue, and a cleared drift closes it.
 *
 * Concurrent runs ("newest run wins"): the issue also carries the ID of the run that last wrote
 * it (`<!-- ml-actions:drift-monitor-run:<run id>.<attempt> -->`). A run that finds the issue
 * written by a newer run defers to it (no comment, no close). Runs that open an issue at the
 * same time list the open issues again right after: the one of the newest run (ties: the lowest
 * number) stays open, and every other is closed as its duplicate, so parallel runs converge on
 * one issue.
 */

export interface DriftIssueTarget {
  owner: string;
  repo: string;
  /** The monitored dataset's name: one open issue per name. */
  dataset: string;
  /** Login this token writes as (see own-identity.ts): only its own issues are considered. */
  ownLogin: string;
  /** This run's ID and attempt (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT); absent in a local run. */
  run?: { id?: string; attempt?: string };
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

/** `deferred`: a newer run already wrote the dataset's issue; this run left it alone. */
export type DriftIssueAction = 'opened' | 'commented' | 'closed' | 'none' | 'deferred';

export interface DriftIssueResult {
  action: DriftIssueAction;
  /** The open (or just closed) issue, when there is one. */
  number?: number;
  url?: string;
}

export function driftIssueMarker(dataset: string): string {
  return stickyMarker('drift-monitor', dataset);
}

const RUN_MARKER = /<!-- ml-actions:drift-monitor-run:([0-9.]*) -->/;

function runMarker(key: RunStamp): string {
  return `<!-- ml-actions:drift-monitor-run:${key.runId}.${key.attempt} -->`;
}

/** The run that last wrote the issue; 0.0 (older than any run) when it carries no run marker. */
function issueRunKey(body: string | null | undefined): RunStamp {
  const m = RUN_MARKER.exec(body ?? '');
  if (!m) return { runId: 0, attempt: 0 };
  const [id, attempt] = m[1].split('.');
  return runStamp(id, attempt);
}

/** The issue that wins among concurrent ones: the newest run's, the lowest number on a tie. */
function winner(issues: IssueSummary[]): IssueSummary {
  return [...issues].sort(
    (a, b) => compareRunStamps(issueRunKey(b.body), issueRunKey(a.body)) || a.number - b.number,
  )[0];
}

/** The body with this run's marker (replacing an older one, or added after the dataset marker). */
function withRunMarker(body: string, dataset: string, key: RunStamp): string {
  if (RUN_MARKER.test(body)) return body.replace(RUN_MARKER, runMarker(key));
  const marker = driftIssueMarker(dataset);
  return body.includes(marker)
    ? body.replace(marker, `${marker}\n${runMarker(key)}`)
    : `${runMarker(key)}\n${body}`;
}

/** The open issue carrying this dataset's marker (the winner if there are several). */
export async function findDriftIssue(
  github: GitHubClient,
  target: DriftIssueTarget,
): Promise<IssueSummary | undefined> {
  const found = await findDriftIssues(github, target);
  return found.length === 0 ? undefined : winner(found);
}

/** Every open issue carrying this dataset's marker, searched over every page. */
async function findDriftIssues(
  github: GitHubClient,
  target: DriftIssueTarget,
): Promise<IssueSummary[]> {
  const found: IssueSummary[] = [];
  for await (const issue of markedIssues(github, target, driftIssueMarker(target.dataset)))
    found.push(issue);
  return found;
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
  log: Logger = silentLogger,
): Promise<DriftIssueResult> {
  return withIssueWrites(
    () => applyIssueUpdate(github, target, update, log),
    ' (a pull request from a fork only gets a read-only token)',
  );
}

/** Closes `issue` as a duplicate of `of` (a concurrent run's issue for the same dataset). */
async function closeDuplicate(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  issue: number,
  of: number,
  log: Logger,
): Promise<void> {
  const why = `Duplicate of #${of} (opened by a concurrent run for the same dataset).`;
  await closeIssue(github, repo, issue, why, 'not_planned');
  log.info(`Closed drift issue #${issue} as a duplicate of #${of}.`);
}

/**
 * Opens the dataset's issue, then looks again: when concurrent runs opened issues too, the
 * newest run's issue stays and this run closes the others it sees (its own included, if it lost).
 */
async function openIssue(
  github: GitHubClient,
  target: DriftIssueTarget,
  update: DriftIssueUpdate,
  key: RunStamp,
  log: Logger,
): Promise<DriftIssueResult> {
  const repo = { owner: target.owner, repo: target.repo };
  const { data } = await github.rest.issues.create({
    ...repo,
    title: update.title,
    body: `${driftIssueMarker(target.dataset)}\n${runMarker(key)}\n${update.body}`,
    labels: update.labels,
  });
  log.info(`Opened drift issue #${data.number}: ${data.html_url}`);
  // Twice, a second apart: a concurrent run may open its issue just after the first look.
  let best = { number: data.number, html_url: data.html_url };
  for (let look = 0; look < 2; look++) {
    if (look > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    const open = await findDriftIssues(github, target);
    if (look === 0 && !open.some((i) => i.number === data.number)) {
      open.push({ number: data.number, body: runMarker(key), html_url: data.html_url, user: null });
    }
    if (open.length === 0) break;
    best = winner(open);
    for (const issue of open) {
      if (issue.number !== best.number)
        await closeDuplicate(github, repo, issue.number, best.number, log);
    }
  }
  if (best.number !== data.number) {
    return { action: 'deferred', number: best.number, url: best.html_url };
  }
  return { action: 'opened', number: data.number, url: data.html_url };
}

/**
 * GitHub has no compare-and-swap for issue bodies: an older run that read the issue before
 * this run's claim may write its own marker over it. Look again a few times and claim back
 * what an older run overwrote, so the newest run's marker is the one that stays.
 */
async function holdClaim(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  issueNumber: number,
  dataset: string,
  key: RunStamp,
): Promise<void> {
  for (let look = 0; look < 3; look++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { data } = await github.rest.issues.get({ ...repo, issue_number: issueNumber });
    if (compareRunStamps(key, issueRunKey(data.body)) <= 0) continue;
    await github.rest.issues.update({
      ...repo,
      issue_number: issueNumber,
      body: withRunMarker(data.body ?? '', dataset, key),
    });
  }
}

async function applyIssueUpdate(
  github: GitHubClient,
  target: DriftIssueTarget,
  update: DriftIssueUpdate,
  log: Logger,
): Promise<DriftIssueResult> {
  const key = runStamp(target.run?.id, target.run?.attempt);
  const existing = await findDriftIssue(github, target);
  const repo = { owner: target.owner, repo: target.repo };
  if (update.drifted && !existing) return openIssue(github, target, update, key, log);
  if (!existing) return { action: 'none' };
  if (compareRunStamps(issueRunKey(existing.body), key) > 0) {
    log.info(`Drift issue #${existing.number} was written by a newer run; leaving it to that run.`);
    return { action: 'deferred', number: existing.number, url: existing.html_url };
  }
  if (update.drifted) {
    if (
      compareRunStamps(key, { runId: 0, attempt: 0 }) > 0 &&
      compareRunStamps(key, issueRunKey(existing.body)) > 0
    ) {
      // Claim the issue for this run, so an older run finishing later defers to this one.
      await github.rest.issues.update({
        ...repo,
        issue_number: existing.number,
        body: withRunMarker(existing.body ?? '', target.dataset, key),
      });
      await holdClaim(github, repo, existing.number, target.dataset, key);
    }
    await github.rest.issues.createComment({
      ...repo,
      issue_number: existing.number,
      body: update.body,
    });
    log.info(`Drift persists: commented on #${existing.number}.`);
    return { action: 'commented', number: existing.number, url: existing.html_url };
  }
  if (!update.closeOnClear) {
    log.info(`Drift cleared; #${existing.number} left open (close-on-clear is off).`);
    return { action: 'none', number: existing.number, url: existing.html_url };
  }
  await closeIssue(github, repo, existing.number, update.body, 'completed');
  log.info(`Drift cleared: closed #${existing.number}.`);
  return { action: 'closed', number: existing.number, url: existing.html_url };
}
