import { resolveDataFiles, type DataFile } from '../data/data-sources.js';
import { isProfileFile } from '../data/profile-file.js';
import { UserError } from '../inputs/user-error.js';

/** A reference is raw data, or one or more profile JSON files (`ml-actions/profile@1`) to merge. */
export interface ReferenceSource {
  kind: 'data' | 'profile';
  files: DataFile[];
}

export async function resolveReferenceSource(
  input: string,
  sources: string[],
): Promise<ReferenceSource> {
  const files = await resolveDataFiles(sources, { input });
  const profiles = await Promise.all(files.map((f) => isProfileFile(f.path, { input })));
  const count = profiles.filter(Boolean).length;
  if (count > 0 && count < files.length) {
    throw new UserError(
      'mixes profile JSON files and data files; give either data or profiles (profiles are merged).',
      input,
    );
  }
  return { kind: count > 0 ? 'profile' : 'data', files };
}
