import { foldTable } from '../data/fold-table.js';
import { isProfileFile, readJsonFile } from '../data/profile-file.js';
import { UserError } from '../inputs/user-error.js';
import {
  parseProfile,
  ProfileBuilder,
  type DatasetProfile,
} from '../stats/profile/dataset-profile.js';
import { isStatsError } from '../stats/stats-error.js';

/**
 * The reference-data profile stored in a package for later drift checks (`ml-actions/profile@1`,
 * the drift-monitor's mergeable profile): made from the data (CSV, JSON/JSONL, Parquet; files,
 * globs or a directory), or taken as-is when `reference-data` already names a profile JSON (checked
 * against the profile schema and its bounds). Profiles are deterministic for the same data, so the
 * package digest stays reproducible.
 */
export async function profileReferenceData(value: string): Promise<DatasetProfile> {
  const input = 'reference-data';
  if (await isProfileFile(value, { input })) {
    const { value: json, display } = await readJsonFile(value, { input });
    try {
      return parseProfile(json);
    } catch (error) {
      if (isStatsError(error)) throw new UserError(`profile '${display}': ${error.message}`, input);
      throw error;
    }
  }
  return (await foldTable(value, { input }, (schema) => new ProfileBuilder(schema))).result;
}
