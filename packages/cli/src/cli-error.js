/** A mistake on the command line (unknown flag, missing input, unknown action): one line, exit 2. */
export class CliError extends Error {
  constructor(message, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
