/**
 * How an action's `run()` ends. It returns an outcome, or throws; the run wrapper makes
 * the one `setFailed` call. `failure` is one line for the log; outputs and the job
 * summary are already written when an outcome carries it.
 */
export interface ActionOutcome {
  failure?: string;
}

/**
 * The action ran to a verdict and the verdict is "failed" (outputs and summary already
 * written): reported as one line, like a user mistake, but it is not one.
 */
export class ActionFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionFailed';
  }
}
