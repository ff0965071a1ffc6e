/**
 * What core code logs through. Core modules take a `Logger` instead of importing
 * `@actions/core`, so they run the same in an action, the CLI and a unit test.
 * Messages may carry untrusted text (file names, column names, HTTP bodies): the
 * action's logger neutralises workflow commands in them (see workflow-commands.ts).
 */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

/** A logger that drops everything: for tests and for callers that want silence. */
export const silentLogger: Logger = {
  info: () => {},
  warning: () => {},
  debug: () => {},
};
