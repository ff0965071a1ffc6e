import { promises as fs } from 'node:fs';
import { UserError } from '../inputs/user-error.js';
import type { CollectorOptions } from '../stats/column-collector.js';
import type { DatasetSummary } from '../stats/compute-drift.js';
import {
  parseProfile,
  ProfileBuilder,
  profileToSummary,
  type DatasetProfile,
  type ProfileOptions,
} from '../stats/profile/dataset-profile.js';
import { resolveDataFiles } from './data-sources.js';
import { readDatasetSummary } from './read-dataset-summary.js';
import { openTable } from './table-stream.js';
import type { ColumnSchema, ReadOptions } from './table-types.js';

/** Streams a dataset into its mergeable profile (bounded memory: sketches, not values). */
export async function profileDataset(
  source: string | string[],
  options: ReadOptions & ProfileOptions = {},
): Promise<{ profile: DatasetProfile; schema: ColumnSchema[]; files: string[] }> {
  const stream = await openTable(source, options);
  const builder = new ProfileBuilder(stream.schema, options);
  for await (const batch of stream.batches()) builder.add(batch);
  return { profile: builder.finish(), schema: stream.schema, files: stream.files };
}

/** Reads a profile JSON file (as written by `mode: profile`), naming the input on error. */
export async function readProfileFile(
  file: string,
  options: { input?: string; cwd?: string } = {},
): Promise<DatasetProfile> {
  const [resolved] = await resolveDataFiles(file, { ...options, format: 'json' });
  let value: unknown;
  try {
    value = JSON.parse((await fs.readFile(resolved.path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UserError(
      `file '${resolved.display}' is not valid JSON: ${(error as Error).message}`,
      options.input,
    );
  }
  return parseProfile(value, options.input);
}

/** True when `source` is one .json file holding a profile (checked by its first bytes). */
export async function isProfileFile(
  source: string | string[],
  options: { input?: string; cwd?: string } = {},
): Promise<boolean> {
  const list = Array.isArray(source) ? source : [source];
  if (list.length !== 1 || !/\.json$/i.test(list[0].trim())) return false;
  const files = await resolveDataFiles(list, options).catch(() => []);
  if (files.length !== 1) return false;
  const handle = await fs.open(files[0].path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer
      .toString('utf8', 0, bytesRead)
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('{') && head.includes('ml-actions/profile@1');
  } finally {
    await handle.close();
  }
}

/**
 * One side of a drift comparison from either data files or a profile JSON: raw data gives exact
 * statistics; a profile gives the documented approximations (each column says which).
 */
export async function readDriftSide(
  source: string | string[],
  options: ReadOptions & CollectorOptions = {},
): Promise<{
  summary: DatasetSummary;
  schema: ColumnSchema[];
  files: string[];
  profile?: DatasetProfile;
}> {
  if (await isProfileFile(source, options)) {
    const file = Array.isArray(source) ? source[0] : source;
    const profile = await readProfileFile(file, options);
    const keep = selectFromProfile(profile, options);
    const summary = profileToSummary(keep);
    return {
      summary,
      schema: keep.columns.map((c) => ({ name: c.name, type: c.type })),
      files: [file],
      profile: keep,
    };
  }
  return readDatasetSummary(source, options);
}

/** Applies `columns` / `exclude-columns` to a profile (types were fixed when it was written). */
function selectFromProfile(profile: DatasetProfile, options: ReadOptions): DatasetProfile {
  const names = new Set(profile.columns.map((c) => c.name));
  for (const name of [...(options.columns ?? []), ...(options.excludeColumns ?? [])]) {
    if (!names.has(name))
      throw new UserError(`column '${name}' is not in the profile.`, options.input);
  }
  const excluded = new Set(options.excludeColumns ?? []);
  const wanted = options.columns?.length ? new Set(options.columns) : undefined;
  return {
    ...profile,
    columns: profile.columns.filter(
      (c) => (!wanted || wanted.has(c.name)) && !excluded.has(c.name),
    ),
  };
}
