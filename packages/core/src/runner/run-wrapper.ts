import * as core from '@actions/core';
import { isUserError } from '../inputs/user-error.js';

/**
 * Runs an action's main function so that nothing escapes: a user mistake becomes one
 * `setFailed` line, our own bug keeps its stack in the log. Never throws.
 */
export async function runWrapper(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (isUserError(error)) {
      core.setFailed(error.message);
    } else {
      const err = error instanceof Error ? error : new Error(String(error));
      core.error(err.stack ?? err.message);
      core.setFailed(`Unexpected error (please report it): ${err.message}`);
    }
  }
}
