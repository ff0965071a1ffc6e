import { UserError } from '../inputs/user-error.js';

/** Placeholder entry for actions whose issue has not landed yet: fails with one clear line. */
export async function notImplemented(action: string): Promise<void> {
  throw new UserError(
    `The '${action}' action is not implemented yet in this version of ml-actions.`,
  );
}
