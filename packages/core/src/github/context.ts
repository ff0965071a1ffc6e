import { promises as fs } from 'node:fs';
import { UserError } from '../inputs/user-error.js';

/** What an action needs to know about the run it is in, read from the runner's environment. */
export interface RunContext {
  owner: string;
  repo: string;
  eventName: string;
  /** The parsed event payload (empty when there is none, e.g. a local run). */
  payload: Record<string, unknown>;
  sha?: string;
  ref?: string;
  serverUrl: string;
  runId?: string;
  runAttempt?: string;
  workflow?: string;
  actor?: string;
}

export async function readRunContext(): Promise<RunContext> {
  const env = process.env;
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(await fs.readFile(env.GITHUB_EVENT_PATH, 'utf8')) as Record<
        string,
        unknown
      >;
    } catch (error) {
      throw new UserError(
        `cannot read the event payload at GITHUB_EVENT_PATH (${env.GITHUB_EVENT_PATH}): ${(error as Error).message}`,
      );
    }
  }
  return {
    owner,
    repo,
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    workflow: env.GITHUB_WORKFLOW,
    actor: env.GITHUB_ACTOR,
  };
}

/** The pull request an event is about: pull_request(_target), issue_comment on a PR, workflow_run. */
export function pullRequestNumber(ctx: RunContext): number | undefined {
  const pr = ctx.payload.pull_request as { number?: unknown } | undefined;
  if (pr && typeof pr.number === 'number') return pr.number;
  const issue = ctx.payload.issue as { number?: unknown; pull_request?: unknown } | undefined;
  if (issue?.pull_request && typeof issue.number === 'number') return issue.number;
  // workflow_run (the fork-safe pattern): the run that produced the results names its PRs.
  const run = ctx.payload.workflow_run as
    { pull_requests?: Array<{ number?: unknown }> } | undefined;
  const first = run?.pull_requests?.[0]?.number;
  if (typeof first === 'number') return first;
  return undefined;
}

/** Link to the workflow run's log, for comments, deployments and alerts. */
export function runUrl(ctx: RunContext): string | undefined {
  if (!ctx.owner || !ctx.runId) return undefined;
  return `${ctx.serverUrl}/${ctx.owner}/${ctx.repo}/actions/runs/${ctx.runId}`;
}

export function hasRepository(ctx: RunContext): boolean {
  return ctx.owner !== '' && ctx.repo !== '';
}
