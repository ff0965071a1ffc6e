import { promises as fs } from 'node:fs';
import { resolveDataFiles, type DataFile } from '../data/data-sources.js';
import { UserError } from '../inputs/user-error.js';

/**
 * A reference is raw data or profile JSON (`ml-actions/profile@1`). Data files in JSON are
 * arrays of records, so a JSON file whose first character is `{` is taken for a profile.
 */
export interface ReferenceSource {
  kind: 'data' | 'profile';
  files: DataFile[];
}

async function startsWithObject(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('{');
  } finally {
    await handle.close();
  }
}

export async function resolveReferenceSource(
  input: string,
  sources: string[],
): Promise<ReferenceSource> {
  const files = await resolveDataFiles(sources, { input });
  const profiles: boolean[] = [];
  for (const file of files) {
    profiles.push(file.format === 'json' && !file.gzip && (await startsWithObject(file.path)));
  }
  const count = profiles.filter(Boolean).length;
  if (count > 0 && count < files.length) {
    throw new UserError(
      'mixes profile JSON files and data files; give either data or profiles (profiles are merged).',
      input,
    );
  }
  return { kind: count > 0 ? 'profile' : 'data', files };
}
