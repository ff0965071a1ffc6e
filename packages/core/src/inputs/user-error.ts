/**
 * A mistake the user can fix (a bad input, a missing file, a malformed policy).
 * Reported as one line with no stack trace; anything else is our bug and keeps its stack.
 */
export class UserError extends Error {
  /** The action input the mistake is about, when there is one. */
  readonly input?: string;

  constructor(message: string, input?: string) {
    super(input ? `Input '${input}': ${message}` : message);
    this.name = 'UserError';
    this.input = input;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/**
 * The user's setup or a remote service failed (bad credentials, a missing bucket, a refused
 * connection, 5xx after retries, a timeout, corrupt registry files). Not our bug and not a
 * bad input: one line that says what failed and what to check, no stack.
 */
export class ServiceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServiceError';
  }
}
