import * as core from '@actions/core';
import { isUserError, ServiceError } from '../inputs/user-error.js';
import { ActionFailed, type ActionOutcome } from './action-outcome.js';
import { actionsLogger } from './actions-logger.js';
import { cleanupWorkDir } from './work-dir.js';
import { enableWorkerTasks } from './worker-tasks.js';

/**
 * Runs an action's `run()` so that nothing escapes, and makes the single `setFailed` call:
 * a failed verdict, a user mistake or a failed service is one line; our own bug keeps its
 * stack (mapped to the TypeScript sources) and asks to be reported. The step's scratch
 * directory (work-dir.ts) is removed at the end, whatever happened. Never throws. In a bundle
 * that ships a worker bundle, the wrapper also lets tasks run in worker threads.
 */
export async function runWrapper(run: () => Promise<ActionOutcome | void>): Promise<void> {
  enableWorkerTasks(import.meta.url);
  process.setSourceMapsEnabled(true);
  try {
    const outcome = await run();
    if (outcome?.failure) core.setFailed(outcome.failure);
  } catch (error) {
    if (isUserError(error) || error instanceof ActionFailed || error instanceof ServiceError) {
      core.setFailed(error.message);
    } else {
      const err = error instanceof Error ? error : new Error(String(error));
      // An annotation escapes its message, so a stack cannot issue commands.
      core.error(err.stack ?? err.message);
      core.setFailed(`Unexpected error (please report it): ${err.message}`);
    }
  } finally {
    await cleanupWorkDir(actionsLogger);
    // A request a library gave no timeout (cut off by beforeDeadline) may still hold a socket:
    // it must not keep the step alive. Unref'd, so a clean end is not delayed.
    setTimeout(() => process.exit(), 2000).unref();
  }
}
