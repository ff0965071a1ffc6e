import { isProfileFile, profileDataset, readProfileFile } from '../data/read-profile.js';
import type { DatasetProfile } from '../stats/profile/dataset-profile.js';

/**
 * The reference-data profile stored in a package for later drift checks (`ml-actions/profile@1`,
 * the drift-monitor's mergeable profile): made from the data (CSV, JSON/JSONL, Parquet; files,
 * globs or a directory), or taken as-is when `reference-data` already names a profile JSON.
 * Profiles are deterministic for the same data, so the package digest stays reproducible.
 */
export async function profileReferenceData(value: string): Promise<DatasetProfile> {
  const input = 'reference-data';
  if (await isProfileFile(value, { input })) return readProfileFile(value, { input });
  return (await profileDataset(value, { input })).profile;
}
