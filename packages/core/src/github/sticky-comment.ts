import { escapeHtmlComment } from '../report/escape.js';
import { fitGitHubBody } from '../report/github-body.js';
import { silentLogger, type Logger } from '../runner/logger.js';
import { httpStatus, type GitHubClient } from './octokit.js';

/**
 * A PR comment that is written once and then edited in place: found again by a hidden
 * marker that carries the key, among the comments this token's own identity wrote, across
 * every page of comments.
 *
 * Concurrent runs (three pushes in a row start three gates on one PR) converge on ONE
 * comment, the newest run's: the line after the marker names the run that wrote the
 * comment (`<!-- ml-actions:run:<run id>.<attempt> -->`). A run that finds a newer run's
 * comment leaves it alone; after writing, a run lists the comments again and deletes
 * duplicates, keeping the newest run's.
 */
export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  /** Separates several sticky comments on one PR (e.g. one per gate). */
  key: string;
  /** Login this token writes as (see own-identity.ts). */
  ownLogin: string;
  /** The workflow run writing the comment (newest run wins); 0.0 outside a runner. */
  run?: RunStamp;
  /** Wait before looking again for a late edit by an older run (default 1 s). */
  settleMs?: number;
}

export interface StickyResult {
  /** `deferred`: a newer run's comment is there, and it was left as it is. */
  action: 'created' | 'updated' | 'unchanged' | 'deferred';
  id: number;
  url: string;
  /** Older duplicates this run deleted. */
  removed: number;
}

/** Which run wrote a comment: a higher run id is newer; within a run, a higher attempt. */
export interface RunStamp {
  runId: number;
  attempt: number;
}

export function stickyMarker(kind: string, key: string): string {
  return `<!-- ml-actions:${escapeHtmlComment(kind)}:${escapeHtmlComment(key)} -->`;
}

export function runStampLine(stamp: RunStamp): string {
  return `<!-- ml-actions:run:${stamp.runId}.${stamp.attempt} -->`;
}

/** A run stamp from the runner's GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT (0 when absent). */
export function runStamp(runId?: string, runAttempt?: string): RunStamp {
  const whole = (s?: string) => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : 0);
  return { runId: whole(runId), attempt: whole(runAttempt) };
}

const STAMP_LINE = /^<!-- ml-actions:run:(\d{1,15})\.(\d{1,15}) -->$/;

/** The stamp on the line after the marker; undefined for comments written before stamps. */
export function readRunStamp(body: string): RunStamp | undefined {
  const m = STAMP_LINE.exec(body.split('\n', 2)[1] ?? '');
  return m ? { runId: Number(m[1]), attempt: Number(m[2]) } : undefined;
}

/** < 0 when a is older than b; a missing stamp is older than any. */
export function compareRunStamps(a: RunStamp | undefined, b: RunStamp | undefined): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return a.runId - b.runId || a.attempt - b.attempt;
}

interface Ours {
  id: number;
  body: string;
  url: string;
  stamp?: RunStamp;
}

/** Newest first: by stamp, then (same run) the comment written last. */
function byNewest(a: Ours, b: Ours): number {
  return compareRunStamps(b.stamp, a.stamp) || b.id - a.id;
}

export async function upsertStickyComment(
  octokit: GitHubClient,
  target: StickyTarget & { kind: string },
  markdown: string,
  whereIsTheRest: string,
  log: Logger = silentLogger,
): Promise<StickyResult> {
  const marker = stickyMarker(target.kind, target.key);
  const mine = target.run ?? { runId: 0, attempt: 0 };
  const body = fitGitHubBody(`${marker}\n${runStampLine(mine)}\n${markdown}`, whereIsTheRest);
  const { owner, repo, issueNumber } = target;

  const listOurs = async (): Promise<Ours[]> => {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    // The marker must start the body: someone quoting our comment must not be mistaken for it.
    return comments
      .filter((c) => c.user?.login === target.ownLogin && (c.body ?? '').startsWith(marker))
      .map((c) => ({
        id: c.id,
        body: c.body ?? '',
        url: c.html_url,
        stamp: readRunStamp(c.body ?? ''),
      }))
      .sort(byNewest);
  };
  const remove = async (id: number): Promise<boolean> => {
    try {
      await octokit.rest.issues.deleteComment({ owner, repo, comment_id: id });
      return true;
    } catch (error) {
      if (httpStatus(error) === 404) return false; // another run deleted it first
      throw error;
    }
  };
  const read = async (id: number) => {
    try {
      return (await octokit.rest.issues.getComment({ owner, repo, comment_id: id })).data;
    } catch (error) {
      if (httpStatus(error) === 404) return undefined;
      throw error;
    }
  };
  const write = async (id: number) => {
    const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body });
    return data;
  };

  const found = await listOurs();
  const newest = found[0];
  if (newest && compareRunStamps(newest.stamp, mine) > 0) {
    log.info(`A newer run (${runStampText(newest.stamp)}) already wrote this comment; leaving it.`);
    return { action: 'deferred', id: newest.id, url: newest.url, removed: 0 };
  }

  let result: Omit<StickyResult, 'removed'>;
  if (!newest) {
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issueNumber,
      body,
    });
    result = { action: 'created', id: data.id, url: data.html_url };
  } else if (newest.body === body) {
    result = { action: 'unchanged', id: newest.id, url: newest.url };
  } else {
    // Look again just before editing: a newer run may have edited it since the listing.
    const current = await read(newest.id);
    if (current && compareRunStamps(readRunStamp(current.body ?? ''), mine) > 0) {
      log.info('A newer run edited this comment meanwhile; leaving it.');
      return { action: 'deferred', id: current.id, url: current.html_url, removed: 0 };
    }
    const data = current
      ? await write(newest.id)
      : (await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }))
          .data;
    result = { action: current ? 'updated' : 'created', id: data.id, url: data.html_url };
  }

  // Other runs may have written meanwhile: keep the newest run's comment, delete the rest.
  const now = await listOurs();
  let winner = now[0];
  if (!winner) return { ...result, removed: 0 }; // deleted by someone else; nothing to keep
  let edited = result.action === 'updated';
  if (compareRunStamps(winner.stamp, mine) < 0) {
    // An older run edited the comment after we did: write ours again.
    const repaired = now.find((c) => c.id === result.id) ?? winner;
    const data = await write(repaired.id);
    winner = { id: data.id, body, url: data.html_url, stamp: mine };
    edited = true;
  }
  let removed = 0;
  for (const c of now) if (c.id !== winner.id && (await remove(c.id))) removed++;
  if (removed) log.info(`Deleted ${removed} older duplicate comment(s) of concurrent runs.`);
  if (winner.id !== result.id) {
    log.info(`A newer run (${runStampText(winner.stamp)}) wrote this comment meanwhile; it stays.`);
    return { action: 'deferred', id: winner.id, url: winner.url, removed };
  }
  // GitHub has no compare-and-swap for comments: an older run that read the comment before
  // our edit may still write it. After an edit, look again a moment later and win it back.
  for (let round = 0; edited && round < SETTLE_ROUNDS; round++) {
    await sleep(target.settleMs ?? SETTLE_MS);
    const current = await read(winner.id);
    if (!current || compareRunStamps(readRunStamp(current.body ?? ''), mine) >= 0) break;
    log.info('An older run edited this comment after us; writing it again.');
    await write(winner.id);
  }
  return { ...result, removed };
}

/** How long after an edit a run looks again for a late edit by an older run, and how often. */
const SETTLE_MS = 1000;
const SETTLE_ROUNDS = 3;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function runStampText(stamp?: RunStamp): string {
  return stamp ? `run ${stamp.runId}, attempt ${stamp.attempt}` : 'unknown run';
}
