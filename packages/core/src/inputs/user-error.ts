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
