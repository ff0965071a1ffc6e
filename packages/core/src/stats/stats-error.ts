/**
 * What stats/ throws when its input cannot be tested (an unknown method, a column missing on a
 * side, a malformed profile). Pure: it names no action input. The use case (drift/) translates
 * it into a UserError naming the input the user has to change (see drift/drift-errors.ts).
 */
export type StatsErrorCode =
  /** An unknown method name. */
  | 'unknown-method'
  /** A method that cannot test this kind of column. */
  | 'method-column-kind'
  /** A requested column is absent from one side. */
  | 'column-not-found'
  /** A column is numeric on one side and categorical on the other. */
  | 'type-mismatch'
  /** A column has no present value on one side. */
  | 'no-values'
  /** The two sides share no column. */
  | 'no-common-columns'
  /** A profile is malformed or out of bounds. */
  | 'invalid-profile'
  /** Profiles to merge describe different columns (or there are none). */
  | 'profiles-differ';

export class StatsError extends Error {
  constructor(
    message: string,
    readonly code: StatsErrorCode,
  ) {
    super(message);
    this.name = 'StatsError';
  }
}

export function isStatsError(error: unknown): error is StatsError {
  return error instanceof StatsError;
}
