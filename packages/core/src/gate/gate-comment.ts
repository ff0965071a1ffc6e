import * as core from '@actions/core';
import { hasRepository, pullRequestNumber, runUrl, type RunContext } from '../github/context.js';
import { createGitHubClient, isPermissionDenied, type GitHubClient } from '../github/octokit.js';
import { resolveOwnLogin } from '../github/own-identity.js';
import { upsertStickyComment } from '../github/sticky-comment.js';
import type { GateInputs } from './gate-inputs.js';

/**
 * On workflow_run, the PR number comes from the other run's uploaded files, which a fork
 * controls: only comment when that PR's head is the commit the run was for.
 */
async function pullRequestMatchesRun(
  octokit: GitHubClient,
  ctx: RunContext,
  pr: number,
): Promise<boolean> {
  const run = ctx.payload.workflow_run as { head_sha?: string } | undefined;
  if (!run?.head_sha) return true;
  const { data } = await octokit.rest.pulls.get({
    owner: ctx.owner,
    repo: ctx.repo,
    pull_number: pr,
  });
  if (data.head.sha === run.head_sha) return true;
  core.warning(
    `Not commenting on PR #${pr}: its head commit ${data.head.sha.slice(0, 7)} is not the commit ` +
      `${run.head_sha.slice(0, 7)} this workflow_run is about.`,
  );
  return false;
}

/**
 * Posts (or edits) the gate's sticky PR comment. Never fails the gate: a comment that cannot
 * be written (a fork's read-only token, an outage) is a warning, and the verdict stays in the
 * job summary and the step's result.
 */
export async function postGateComment(
  inputs: GateInputs,
  markdown: string,
  ctx: RunContext,
): Promise<string | undefined> {
  if (inputs.comment === 'never') return undefined;
  const pr = inputs.pullRequest ?? pullRequestNumber(ctx);
  if (pr === undefined) {
    const note = `No pull request in this '${ctx.eventName || 'local'}' event; the verdict is in the job summary only.`;
    if (inputs.comment === 'always') core.warning(`comment: always, but ${note}`);
    else core.info(note);
    return undefined;
  }
  if (!inputs.token) {
    core.warning(
      'No github-token given; skipping the PR comment. The verdict is in the job summary.',
    );
    return undefined;
  }
  if (!hasRepository(ctx)) {
    core.warning('GITHUB_REPOSITORY is not set; skipping the PR comment.');
    return undefined;
  }
  const run = runUrl(ctx);
  try {
    const octokit = createGitHubClient(inputs.token);
    if (inputs.pullRequest !== undefined && !(await pullRequestMatchesRun(octokit, ctx, pr)))
      return undefined;
    const ownLogin = await resolveOwnLogin(octokit);
    const result = await upsertStickyComment(
      octokit,
      {
        owner: ctx.owner,
        repo: ctx.repo,
        issueNumber: pr,
        key: inputs.commentKey,
        kind: 'gate',
        ownLogin,
      },
      markdown,
      run
        ? `the whole report is in the job summary of ${run}.`
        : 'the whole report is in the job summary.',
    );
    core.info(`PR #${pr}: gate comment ${result.action} (${result.url}).`);
    return result.url;
  } catch (error) {
    const message = (error as Error).message;
    if (isPermissionDenied(error)) {
      core.warning(
        `Could not comment on PR #${pr}: ${message}. Pull requests from forks get a read-only token; ` +
          'the verdict is in the job summary. To comment on fork PRs, post from a workflow_run workflow (see docs/gate.md).',
      );
    } else {
      core.warning(
        `Could not comment on PR #${pr}: ${message}. The verdict is in the job summary.`,
      );
    }
    return undefined;
  }
}
