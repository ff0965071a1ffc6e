import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DataFile } from '../data/data-sources.js';
import type { ColumnSchema } from '../data/table-types.js';
import { escapeMarkdown } from '../report/escape.js';
import { formatCount, formatNumber, formatPercent } from '../report/format-number.js';
import type { DatasetSummary } from '../stats/compute-drift.js';
import { profileToSummary, type DatasetProfile } from '../stats/profile/dataset-profile.js';
import type { DriftMonitorOptions } from './drift-options.js';
import { profileDataset, readProfiles } from './profile-io.js';
import { resolveReferenceSource } from './reference-source.js';

/** A profile reference as drift inputs (sketches; each column says how approximate it is). */
export async function loadReferenceProfile(
  files: DataFile[],
): Promise<{ summary: DatasetSummary; schema: ColumnSchema[]; profile: DatasetProfile }> {
  const profile = await readProfiles(files, 'reference');
  return {
    profile,
    summary: profileToSummary(profile),
    schema: profile.columns.map((c) => ({ name: c.name, type: c.type })),
  };
}

/** Columns listed in the job summary of `mode: profile` (the profile itself has them all). */
export const PROFILE_SUMMARY_COLUMNS = 200;

function profileMarkdown(profile: DatasetProfile, sources: number, merged: boolean): string {
  const lines = [
    `## Profile of ${formatCount(profile.rows)} rows × ${profile.columns.length} columns`,
    '',
    merged
      ? `Merged from ${sources} profiles (\`ml-actions/profile@1\`).`
      : `Profiled from ${sources} file${sources === 1 ? '' : 's'} (\`ml-actions/profile@1\`).`,
    '',
    '| Column | Type | Present | Missing | Mean | Min | Max |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const c of profile.columns.slice(0, PROFILE_SUMMARY_COLUMNS)) {
    const n = c.numeric;
    const total = c.count + c.missing;
    lines.push(
      `| ${escapeMarkdown(c.name)} | ${c.type} | ${formatCount(c.count)} | ${formatPercent(
        total === 0 ? 0 : c.missing / total,
      )} | ${formatNumber(n?.mean)} | ${formatNumber(n?.min)} | ${formatNumber(n?.max)} |`,
    );
  }
  if (profile.columns.length > PROFILE_SUMMARY_COLUMNS) {
    lines.push(
      '',
      `_${PROFILE_SUMMARY_COLUMNS} of ${profile.columns.length} columns shown; all are in profile.json._`,
    );
  }
  const excluded = profile.excluded_columns ?? [];
  if (excluded.length > 0) {
    lines.push('', `**Left out of the profile** (no raw values kept):`, '');
    for (const e of excluded.slice(0, PROFILE_SUMMARY_COLUMNS)) {
      lines.push(`- ${escapeMarkdown(e.name)}: ${escapeMarkdown(e.reason)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * `mode: profile`: the profile of the reference data (streamed, bounded memory), or the merge
 * of the reference profiles, written to `<dir>/profile.json`.
 */
export async function writeReferenceProfile(
  options: Pick<
    DriftMonitorOptions,
    'reference' | 'columns' | 'excludeColumns' | 'categoricalColumns' | 'numericColumns'
  >,
  dir: string,
): Promise<{ path: string; summary: string }> {
  const source = await resolveReferenceSource('reference', options.reference);
  const profile =
    source.kind === 'profile'
      ? await readProfiles(source.files, 'reference')
      : (
          await profileDataset(options.reference, {
            input: 'reference',
            columns: options.columns.length ? options.columns : undefined,
            excludeColumns: options.excludeColumns,
            categoricalColumns: options.categoricalColumns,
            numericColumns: options.numericColumns,
          })
        ).profile;
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'profile.json');
  await fs.writeFile(file, JSON.stringify(profile) + '\n');
  return {
    path: file,
    summary: profileMarkdown(profile, source.files.length, source.kind === 'profile'),
  };
}
