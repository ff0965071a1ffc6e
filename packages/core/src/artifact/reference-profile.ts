import { foldTable } from '../data/fold-table.js';
import { isProfileFile, readJsonFile } from '../data/profile-file.js';
import { UserError } from '../inputs/user-error.js';
import {
  EXCLUDED_ON_REQUEST,
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
export async function profileReferenceData(
  value: string,
  options: { excludeColumns?: readonly string[] } = {},
): Promise<DatasetProfile> {
  const input = 'reference-data';
  const exclude = options.excludeColumns ?? [];
  const unknown = (names: readonly string[]) => {
    const missing = exclude.filter((name) => !names.includes(name));
    if (missing.length > 0) {
      throw new UserError(
        `${missing.map((n) => `'${n}'`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not a column of the reference data.`,
        'reference-exclude-columns',
      );
    }
  };
  if (await isProfileFile(value, { input })) {
    const { value: json, display } = await readJsonFile(value, { input });
    let profile: DatasetProfile;
    try {
      profile = parseProfile(json);
    } catch (error) {
      if (isStatsError(error)) throw new UserError(`profile '${display}': ${error.message}`, input);
      throw error;
    }
    if (exclude.length === 0) return profile;
    unknown([
      ...profile.columns.map((c) => c.name),
      ...(profile.excluded_columns ?? []).map((c) => c.name),
    ]);
    const gone = new Set(exclude);
    const excluded = [
      ...(profile.excluded_columns ?? []).filter((c) => !gone.has(c.name)),
      ...profile.columns
        .filter((c) => gone.has(c.name))
        .map((c) => ({ name: c.name, reason: EXCLUDED_ON_REQUEST })),
    ];
    return {
      ...profile,
      columns: profile.columns.filter((c) => !gone.has(c.name)),
      ...(excluded.length > 0 ? { excluded_columns: excluded } : {}),
    };
  }
  const { result, schema } = await foldTable(
    value,
    { input },
    (columns) => new ProfileBuilder(columns, { excludeColumns: exclude }),
  );
  unknown(schema.map((c) => c.name));
  return result;
}
