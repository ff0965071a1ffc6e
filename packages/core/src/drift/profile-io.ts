import type { DataFile } from '../data/data-sources.js';
import { foldTable } from '../data/fold-table.js';
import { readJsonFile } from '../data/profile-file.js';
import type { ColumnSchema, ReadOptions } from '../data/table-types.js';
import { UserError } from '../inputs/user-error.js';
import {
  mergeProfiles,
  parseProfile,
  ProfileBuilder,
  type DatasetProfile,
  type ProfileOptions,
} from '../stats/profile/dataset-profile.js';
import { isStatsError } from '../stats/stats-error.js';
import { statsErrorToUserError } from './drift-errors.js';

/** Streams a dataset into its mergeable profile (bounded memory: sketches, not values). */
export async function profileDataset(
  source: string | string[],
  options: ReadOptions & ProfileOptions = {},
): Promise<{ profile: DatasetProfile; schema: ColumnSchema[]; files: string[] }> {
  const { result, schema, files } = await foldTable(
    source,
    options,
    (s) => new ProfileBuilder(s, options),
  );
  return { profile: result, schema, files };
}

/**
 * Reads a profile JSON file (as written by `mode: profile`) and checks it against the schema and
 * its bounds before anything uses it; a bad profile is one UserError naming the file and the input.
 */
export async function readProfileFile(
  file: string,
  options: { input?: string; cwd?: string } = {},
): Promise<DatasetProfile> {
  const { value, display } = await readJsonFile(file, options);
  try {
    return parseProfile(value);
  } catch (error) {
    if (isStatsError(error)) {
      throw new UserError(`profile '${display}': ${error.message}`, options.input);
    }
    throw error;
  }
}

/** Several profile files merged into the profile of the whole (each validated first). */
export async function readProfiles(files: DataFile[], input: string): Promise<DatasetProfile> {
  const profiles: DatasetProfile[] = [];
  for (const file of files) profiles.push(await readProfileFile(file.path, { input }));
  if (profiles.length === 1) return profiles[0];
  try {
    return mergeProfiles(profiles);
  } catch (error) {
    if (isStatsError(error)) throw statsErrorToUserError(error, { profileInput: input });
    throw error;
  }
}
