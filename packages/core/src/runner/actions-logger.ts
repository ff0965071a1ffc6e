import * as core from '@actions/core';
import type { Logger } from './logger.js';
import { neutraliseWorkflowCommands } from './workflow-commands.js';

/**
 * The logger an action passes down to core. `info` and `debug` lines are neutralised;
 * `warning` goes through the toolkit's annotation command, which escapes its message.
 */
export const actionsLogger: Logger = {
  info: (message) => core.info(neutraliseWorkflowCommands(message)),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(neutraliseWorkflowCommands(message)),
};
