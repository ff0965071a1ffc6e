import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGitHubEmulator, TOKENS, type GitHubEmulator } from '../emulators/github/index.js';
import { scheduleEvent } from './events.js';
import { runAction, type ActionRun, type RunActionOptions } from './run-action.js';

/** The repository whose scheduled jobs the monitors' tests run. */
export const SCHEDULED_REPO = 'ml-team/models';

/** What one test of a scheduled action runs against: a GitHub emulator and an empty workspace. */
export interface ScheduledBench {
  gh: GitHubEmulator;
  workspace: string;
}

export async function openScheduledBench(prefix: string): Promise<ScheduledBench> {
  const gh = await startGitHubEmulator();
  return { gh, workspace: await fs.mkdtemp(path.join(os.tmpdir(), prefix)) };
}

export async function closeScheduledBench(bench: ScheduledBench): Promise<void> {
  await bench.gh.stop();
  await fs.rm(bench.workspace, { recursive: true, force: true });
}

/** Runs the bundle of `action` as a scheduled job of SCHEDULED_REPO, with the app token. */
export function runScheduled(
  action: string,
  bench: ScheduledBench,
  inputs: RunActionOptions['inputs'],
  extra: Partial<RunActionOptions> = {},
): Promise<ActionRun> {
  const [owner, repo] = SCHEDULED_REPO.split('/');
  return runAction(action, {
    inputs,
    eventName: 'schedule',
    event: scheduleEvent({ owner, repo }),
    repository: SCHEDULED_REPO,
    githubApiUrl: bench.gh.url,
    token: TOKENS.app,
    cwd: bench.workspace,
    ...extra,
  });
}

/** Writes `text` to `name` under the workspace (folders created); returns `name`. */
export async function writeIn(workspace: string, name: string, text: string): Promise<string> {
  await fs.mkdir(path.dirname(path.join(workspace, name)), { recursive: true });
  await fs.writeFile(path.join(workspace, name), text);
  return name;
}

/** The messages of a run's error annotations. */
export function errorLines(run: Pick<ActionRun, 'annotations'>): string[] {
  return run.annotations.filter((a) => a.level === 'error').map((a) => a.message);
}
