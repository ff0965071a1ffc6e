import { hasRepository, pullRequestNumber, runUrl, type RunContext } from '../github/context.js';
import {
  createGitHubClient,
  describeGitHubFailure,
  httpStatus,
  isGitHubTimeout,
  isNotAccessibleByIntegration,
  type GitHubClient,
} from '../github/octokit.js';
import { resolveOwnLogin } from '../github/own-identity.js';
import { runStamp, upsertStickyComment } from '../github/sticky-comment.js';
import { gateCommentWhereIsTheRest } from '../report/gate-markdown.js';
import type { Logger } from '../runner/logger.js';
import { beforeDeadline } from '../runner/before-deadline.js';
import type { GateOptions } from './run-gate.js';

/**
 * On workflow_run, the PR number comes from the other run's uploaded files, which a fork
 * controls: only comment when that PR's head is the commit the run was for.
 */
async function pullRequestMatchesRun(
  octokit: GitHubClient,
  ctx: RunContext,
  pr: number,
  log: Logger,
): Promise<boolean> {
  const run = ctx.payload.workflow_run as { head_sha?: string } | undefined;
  if (!run?.head_sha) return true;
  const { data } = await octokit.rest.pulls.get({
    owner: ctx.owner,
    repo: ctx.repo,
    pull_number: pr,
  });
  if (data.head.sha === run.head_sha) return true;
  log.warning(
    `Not commenting on PR #${pr}: its head commit ${data.head.sha.slice(0, 7)} is not the commit ` +
      `${run.head_sha.slice(0, 7)} this workflow_run is about.`,
  );
  return false;
}

function isForkPullRequest(ctx: RunContext): boolean {
  const pr = ctx.payload.pull_request as
    | {
        head?: { repo?: { full_name?: string; fork?: boolean } };
        base?: { repo?: { full_name?: string } };
      }
    | undefined;
  const head = pr?.head?.repo;
  if (!head) return false;
  return head.fork === true || (!!head.full_name && head.full_name !== pr?.base?.repo?.full_name);
}

/**
 * Posts (or edits) the gate's sticky PR comment. Never fails the gate: a comment that cannot
 * be written (a fork's read-only token, bad credentials, an outage, a timeout) is one warning
 * line naming the call and what to check, and the verdict stays in the job summary, the
 * outputs and the step's result.
 */
export async function postGateComment(
  options: GateOptions,
  markdown: string,
  ctx: RunContext,
  env: { log: Logger; deadline?: number },
): Promise<string | undefined> {
  const { log, deadline } = env;
  if (options.comment === 'never') return undefined;
  const pr = options.pullRequest ?? pullRequestNumber(ctx);
  if (pr === undefined) {
    const note = `No pull request in this '${ctx.eventName || 'local'}' event; the verdict is in the job summary only.`;
    if (options.comment === 'always') log.warning(`comment: always, but ${note}`);
    else log.info(note);
    return undefined;
  }
  if (!options.token) {
    log.warning(
      'No github-token given; skipping the PR comment. The verdict is in the job summary.',
    );
    return undefined;
  }
  if (!hasRepository(ctx)) {
    log.warning('GITHUB_REPOSITORY is not set; skipping the PR comment.');
    return undefined;
  }
  const run = runUrl(ctx);
  try {
    const octokit = createGitHubClient(options.token, {
      log,
      requestTimeoutMs: options.requestTimeoutMs,
      deadline,
    });
    const post = async (): Promise<string | undefined> => {
      if (
        options.pullRequest !== undefined &&
        !(await pullRequestMatchesRun(octokit, ctx, pr, log))
      )
        return undefined;
      const ownLogin = await resolveOwnLogin(octokit);
      const result = await upsertStickyComment(
        octokit,
        {
          owner: ctx.owner,
          repo: ctx.repo,
          issueNumber: pr,
          key: options.commentKey,
          kind: 'gate',
          ownLogin,
          run: runStamp(ctx.runId, ctx.runAttempt),
        },
        markdown,
        gateCommentWhereIsTheRest(run),
        log,
      );
      log.info(`PR #${pr}: gate comment ${result.action} (${result.url}).`);
      return result.url;
    };
    return await beforeDeadline(
      post(),
      deadline,
      () => new Error("the action's deadline (timeout) ran out before GitHub answered"),
      // A second after the deadline: the request cut off at the deadline reports itself first.
      1000,
    );
  } catch (error) {
    const doing = `commenting on PR #${pr}`;
    if (isNotAccessibleByIntegration(error) && isForkPullRequest(ctx)) {
      log.warning(
        `Could not comment on PR #${pr}: ${(error as Error).message}. Pull requests from forks get a read-only token; ` +
          'the verdict is in the job summary. To comment on fork PRs, post from a workflow_run workflow (see docs/gate.md).',
      );
    } else if (httpStatus(error) === 403 || httpStatus(error) === 404) {
      log.warning(
        `Could not comment on PR #${pr}: ${(error as Error).message.split('\n')[0]}. Give the job ` +
          "'permissions: pull-requests: write' (issues: write on issues). The verdict is in the job summary.",
      );
    } else if (httpStatus(error) !== undefined || isGitHubTimeout(error)) {
      log.warning(
        `Could not comment on PR #${pr}: ${describeGitHubFailure(error, doing).message} The verdict is in the job summary.`,
      );
    } else {
      const message = String((error as Error)?.message ?? error).split('\n')[0];
      log.warning(`Could not comment on PR #${pr}: ${message}. The verdict is in the job summary.`);
    }
    return undefined;
  }
}
