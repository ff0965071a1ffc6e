import { UserError } from '../inputs/user-error.js';
import { isStatsError, type StatsError } from '../stats/stats-error.js';

/**
 * stats/ is pure and names no action input; this is where its errors become the one-line
 * UserError that tells the user which input to change (and how).
 */
export function statsErrorToUserError(error: StatsError, context: { profileInput?: string } = {}) {
  switch (error.code) {
    case 'unknown-method':
    case 'method-column-kind':
      return new UserError(error.message, 'method');
    case 'column-not-found':
      return new UserError(error.message, 'columns');
    case 'type-mismatch':
      return new UserError(
        `${error.message}; name it in categorical-columns or numeric-columns so both sides are read alike.`,
      );
    case 'no-values':
      return new UserError(`${error.message}; exclude it with exclude-columns or fix the data.`);
    case 'invalid-profile':
    case 'profiles-differ':
      return new UserError(error.message, context.profileInput);
    default:
      return new UserError(error.message);
  }
}

/** Runs `work`, turning a StatsError into the UserError naming the input behind it. */
export async function translatingStatsErrors<T>(
  work: () => Promise<T> | T,
  context: { profileInput?: string } = {},
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isStatsError(error)) throw statsErrorToUserError(error, context);
    throw error;
  }
}
