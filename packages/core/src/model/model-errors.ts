/**
 * The backend asked for cannot run here (tfjs-node not installed in the workspace, or it failed
 * to load). A domain error: the caller that took the choice from an input (smoke-test's
 * `backend`) names that input when it reports it.
 */
export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}
