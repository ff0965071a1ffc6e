import { UserError } from '../inputs/user-error.js';

/**
 * The reference-data profile stored in a package for later drift checks. Profiles are made by
 * the drift-monitor profile code in stats/; until that lands this is the one place to wire it.
 */
export async function profileReferenceData(value: string): Promise<unknown> {
  throw new UserError(
    `reference-data profiles are not available yet in this version of ml-actions; leave '${value}' out for now.`,
    'reference-data',
  );
}
