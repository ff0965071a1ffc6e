import type { DataFile } from '../data/data-sources.js';
import type { ColumnSchema } from '../data/table-types.js';
import { UserError } from '../inputs/user-error.js';
import type { DatasetSummary } from '../stats/compute-drift.js';
import type { DriftMonitorOptions } from './drift-options.js';

// Placeholder until the stats profile API (ml-actions/profile@1) lands.
export async function loadReferenceProfile(
  _files: DataFile[],
): Promise<{ summary: DatasetSummary; schema: ColumnSchema[] }> {
  throw new UserError('profile references are not available yet.', 'reference');
}

export async function writeReferenceProfile(
  _options: DriftMonitorOptions,
  _dir: string,
): Promise<{ path: string; summary: string }> {
  throw new UserError('mode: profile is not available yet.', 'mode');
}
