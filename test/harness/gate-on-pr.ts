import { startGitHubEmulator, TOKENS, type GitHubEmulator } from '../emulators/github/index.js';
import { pullRequestEvent } from './events.js';
import { runAction, type ActionRun, type RunActionOptions } from './run-action.js';
import { writeWorkspace } from './workspace.js';

/** The repository the gate tests' pull requests belong to. */
export const GATE_REPO = 'ml-team/models';

/** A fresh GitHub emulator holding one open pull request of GATE_REPO. */
export interface GatePr {
  gh: GitHubEmulator;
  pr: number;
}

export async function openGatePr(): Promise<GatePr> {
  const gh = await startGitHubEmulator();
  return { gh, pr: gh.addPullRequest(GATE_REPO) };
}

/** How the gate tests run the bundle: workspace files, inputs, and any other runAction option. */
export type GateOnPr = (
  files: Record<string, unknown>,
  inputs: RunActionOptions['inputs'],
  extra?: Partial<RunActionOptions>,
) => Promise<ActionRun>;

/**
 * Runs the gate bundle on the pull request, as the workflow's app token against the GitHub
 * emulator, in a fresh workspace of `files` (see writeWorkspace).
 */
export async function runGateOnPr(
  { gh, pr }: GatePr,
  files: Record<string, unknown>,
  inputs: RunActionOptions['inputs'],
  extra: Partial<RunActionOptions> = {},
): Promise<ActionRun> {
  const [owner, repo] = GATE_REPO.split('/');
  return runAction('gate', {
    cwd: await writeWorkspace(files, 'gate-ws-'),
    eventName: 'pull_request',
    event: pullRequestEvent({ owner, repo }, pr),
    repository: GATE_REPO,
    githubApiUrl: gh.url,
    token: TOKENS.app,
    inputs,
    ...extra,
  });
}
