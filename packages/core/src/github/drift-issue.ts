import { silentLogger, type Logger } from '../runner/logger.js';
import { closeIssue, markedIssues, withIssueWrites, type IssueSummary } from './alert-issue.js';
import type { GitHubClient } from './octokit.js';
import { compareRunStamps, runStamp, stickyMarker, type RunStamp } from './sticky-comment.js';

/**
 * One open issue per monitored dataset. The issue carries a hidden marker naming the dataset;
 * it is found again among the open issues the action's own identity created, so a new drift
 * becomes a comment on it instead of a second issue, and a cleared drift closes it.
 *
 * Concurrent runs ("newest run wins") converge without relying on timing (a loaded runner can
 * stall a run for seconds between a read and its write, and GitHub has no compare-and-swap):
 * - Which issue: the lowest-numbered open one. Issue numbers only grow, so a run that opened an
 *   issue and then sees a lower one closes its own as a duplicate and writes to the lower one;
 *   no later run can outrank an issue already seen as the lowest, so every run reports the one
 *   that stays open.
 * - Which run: the body carries the newest run's ID (`<!-- ml-actions:drift-monitor-run:<run
 *   id>.<attempt> -->`). Every run that writes to an existing issue first adds its comment with
 *   its run marker (comments are append-only: a slower, older run cannot overwrite them), then
 *   sets the body's marker to the newest one it finds in the body and our comments, reading
 *   again after each write until the body has it. A stale write is thus always followed by its
 *   writer's own check, which repairs it. A run that finds a newer run's marker defers (no
 *   comment, no close).
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

/** The newer of two stamps. */
const newer = (a: RunStamp, b: RunStamp) => (compareRunStamps(a, b) >= 0 ? a : b);

/** The issue that stays among concurrent ones: the lowest number (the first opened). */
function winner(issues: IssueSummary[]): IssueSummary {
  return [...issues].sort((a, b) => a.number - b.number)[0];
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

/** The newest run marker in the comments our own identity wrote on the issue. */
async function newestCommentStamp(
  github: GitHubClient,
  target: DriftIssueTarget,
  issueNumber: number,
): Promise<RunStamp> {
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  let newest: RunStamp = { runId: 0, attempt: 0 };
  for (const comment of comments) {
    // Anyone may comment: only our own comments may claim the issue.
    if (comment.user?.login !== target.ownLogin || !RUN_MARKER.test(comment.body ?? '')) continue;
    newest = newer(newest, issueRunKey(comment.body));
  }
  return newest;
}

/** The newest run that wrote to the issue: its body's marker or one of our comments'. */
async function newestClaim(
  github: GitHubClient,
  target: DriftIssueTarget,
  issue: IssueSummary,
): Promise<RunStamp> {
  return newer(issueRunKey(issue.body), await newestCommentStamp(github, target, issue.number));
}

/** Enough for any number of concurrent runs in practice; each round is a fresh read. */
const SETTLE_ROUNDS = 5;

/**
 * Makes the body carry the newest run marker of the issue (body and our comments): read, write
 * when the body is behind, read again. An older run's write that lands after ours is followed
 * by that run's own check, which finds our comment and puts our marker back.
 */
async function settleRunMarker(
  github: GitHubClient,
  target: DriftIssueTarget,
  issueNumber: number,
): Promise<void> {
  const repo = { owner: target.owner, repo: target.repo };
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    const { data } = await github.rest.issues.get({ ...repo, issue_number: issueNumber });
    const newest = await newestClaim(github, target, data);
    if (compareRunStamps(issueRunKey(data.body), newest) >= 0) return;
    await github.rest.issues.update({
      ...repo,
      issue_number: issueNumber,
      body: withRunMarker(data.body ?? '', target.dataset, newest),
    });
  }
}

/**
 * Drift persists on an open issue: unless a newer run wrote it, comment (with this run's
 * marker), then settle the body's marker.
 */
async function commentOn(
  github: GitHubClient,
  target: DriftIssueTarget,
  issue: IssueSummary,
  update: DriftIssueUpdate,
  key: RunStamp,
  log: Logger,
): Promise<DriftIssueResult> {
  if (compareRunStamps(await newestClaim(github, target, issue), key) > 0) {
    log.info(`Drift issue #${issue.number} was written by a newer run; leaving it to that run.`);
    return { action: 'deferred', number: issue.number, url: issue.html_url };
  }
  await github.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: issue.number,
    body: `${runMarker(key)}\n${update.body}`,
  });
  await settleRunMarker(github, target, issue.number);
  log.info(`Drift persists: commented on #${issue.number}.`);
  return { action: 'commented', number: issue.number, url: issue.html_url };
}

/**
 * Opens the dataset's issue, then looks again: when a concurrent run opened one with a lower
 * number, this run's issue is closed as its duplicate and this run writes to that one instead.
 * Twice, a second apart, in case the list answers before it shows a just-opened issue.
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
  for (let look = 0; look < 2; look++) {
    if (look > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    const open = await findDriftIssues(github, target);
    if (!open.some((i) => i.number === data.number)) open.push(data);
    const first = winner(open);
    if (first.number !== data.number) {
      for (const issue of open) {
        if (issue.number !== first.number)
          await closeDuplicate(github, repo, issue.number, first.number, log);
      }
      return commentOn(github, target, first, update, key, log);
    }
  }
  return { action: 'opened', number: data.number, url: data.html_url };
}

async function applyIssueUpdate(
  github: GitHubClient,
  target: DriftIssueTarget,
  update: DriftIssueUpdate,
  log: Logger,
): Promise<DriftIssueResult> {
  const key = runStamp(target.run?.id, target.run?.attempt);
  const existing = await findDriftIssue(github, target);
  if (update.drifted && !existing) return openIssue(github, target, update, key, log);
  if (!existing) return { action: 'none' };
  if (update.drifted) return commentOn(github, target, existing, update, key, log);
  if (compareRunStamps(await newestClaim(github, target, existing), key) > 0) {
    log.info(`Drift issue #${existing.number} was written by a newer run; leaving it to that run.`);
    return { action: 'deferred', number: existing.number, url: existing.html_url };
  }
  if (!update.closeOnClear) {
    log.info(`Drift cleared; #${existing.number} left open (close-on-clear is off).`);
    return { action: 'none', number: existing.number, url: existing.html_url };
  }
  const repo = { owner: target.owner, repo: target.repo };
  await closeIssue(github, repo, existing.number, update.body, 'completed');
  log.info(`Drift cleared: closed #${existing.number}.`);
  return { action: 'closed', number: existing.number, url: existing.html_url };
}
