import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from './logger.js';

/**
 * The one place an action's scratch files go: `RUNNER_TEMP/ml-actions/<run id>/<step>-XXXXXX`
 * on a runner, `<os.tmpdir()>/ml-actions-<run id>-XXXXXX` elsewhere. Created on first use;
 * the run wrapper removes it when the step ends (in a finally), unless step debug logging is on
 * (`RUNNER_DEBUG=1` or `ACTIONS_STEP_DEBUG=true`), so a failed run can be inspected.
 * Files a later step reads (outputs, reports) do not belong here.
 */

let current: Promise<string> | undefined;

function runId(): string {
  const id = process.env.GITHUB_RUN_ID?.replace(/[^A-Za-z0-9._-]/g, '_');
  return id ? `run-${id}` : 'local';
}

/** True when the scratch files are kept for inspection (step debug logging on). */
export function keepWorkFiles(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG?.toLowerCase() === 'true';
}

/** The step's scratch directory (created on first call; the same path afterwards). */
export function workDir(): Promise<string> {
  current ??= (async () => {
    const runnerTemp = process.env.RUNNER_TEMP;
    if (runnerTemp) {
      const parent = path.join(runnerTemp, 'ml-actions', runId());
      await fs.mkdir(parent, { recursive: true });
      return fs.mkdtemp(path.join(parent, 'step-'));
    }
    return fs.mkdtemp(path.join(os.tmpdir(), `ml-actions-${runId()}-`));
  })();
  return current;
}

/** A new, empty directory inside the step's scratch directory, named after its purpose. */
export async function scratchDir(purpose: string): Promise<string> {
  const base = await workDir();
  return fs.mkdtemp(path.join(base, `${purpose.replace(/[^A-Za-z0-9._-]/g, '_')}-`));
}

/**
 * Removes the step's scratch directory (and its parent folders when left empty), unless
 * step debug logging or `keep` (the CLI's --keep) asks to keep it; either way the next
 * workDir() is a new one. Never throws: a failed clean-up is a debug line.
 */
export async function cleanupWorkDir(
  log?: Pick<Logger, 'debug'>,
  { keep = false }: { keep?: boolean } = {},
): Promise<void> {
  const pending = current;
  current = undefined;
  if (!pending) return;
  let dir: string;
  try {
    dir = await pending;
  } catch {
    return;
  }
  if (keep || keepWorkFiles()) {
    log?.debug(`Step debug logging or --keep: keeping the scratch files in ${dir}.`);
    return;
  }
  try {
    await fs.rm(dir, { recursive: true, force: true });
    // The run folder (and RUNNER_TEMP/ml-actions) are shared by the job's steps and outputs
    // such as the gate report: remove them only when empty.
    if (process.env.RUNNER_TEMP) {
      const runFolder = path.dirname(dir);
      await fs.rmdir(runFolder).catch(() => undefined);
      await fs.rmdir(path.dirname(runFolder)).catch(() => undefined);
    }
  } catch (error) {
    log?.debug(`Could not remove the scratch files in ${dir}: ${String(error)}`);
  }
}
