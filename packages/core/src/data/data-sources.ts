import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { UserError } from '../inputs/user-error.js';
import {
  assertContainedPath,
  resolveContainedInputPath,
  workspaceDir,
} from '../inputs/input-files.js';
import type { DataFormat } from './table-types.js';

export interface DataFile {
  /** Absolute path. */
  path: string;
  /** The path as the user wrote it or as the glob found it (for messages). */
  display: string;
  format: DataFormat;
  /** gzip-compressed (`.gz`). */
  gzip: boolean;
}

const GLOB_CHARS = /[*?[\]{}]/;
const DATA_EXTENSIONS = ['csv', 'tsv', 'json', 'jsonl', 'ndjson', 'parquet', 'pq'];

/** The format a file name implies, or undefined when the extension is not a data format. */
export function formatOf(file: string): DataFormat | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  const ext = name.slice(name.lastIndexOf('.') + 1);
  switch (ext) {
    case 'csv':
    case 'txt':
      return 'csv';
    case 'tsv':
      return 'tsv';
    case 'json':
      return 'json';
    case 'jsonl':
    case 'ndjson':
      return 'jsonl';
    case 'parquet':
    case 'pq':
      return 'parquet';
    default:
      return undefined;
  }
}

/**
 * Expands a source (one path, several paths, or globs; a directory means the data files in it)
 * into files, in a stable order. Every entry must match at least one file.
 */
export async function resolveDataFiles(
  source: string | string[],
  options: { input?: string; cwd?: string; format?: DataFormat } = {},
): Promise<DataFile[]> {
  const entries = (Array.isArray(source) ? source : [source]).map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw new UserError('no data file given.', options.input);
  const cwd = options.cwd ?? workspaceDir();
  const files: DataFile[] = [];
  for (const entry of entries) {
    let found: string[];
    if (GLOB_CHARS.test(entry)) {
      found = (await glob(entry, { cwd, absolute: true, onlyFiles: true })).sort();
      if (found.length === 0) {
        throw new UserError(`no file matches '${entry}' (searched in ${cwd}).`, options.input);
      }
    } else {
      const full = path.resolve(cwd, entry);
      const stat = await fs.stat(full).catch(() => undefined);
      if (!stat) {
        throw new UserError(`file '${entry}' does not exist (resolved to ${full}).`, options.input);
      }
      if (stat.isDirectory()) {
        const pattern = `**/*.{${DATA_EXTENSIONS.join(',')}}{,.gz}`;
        found = (await glob(pattern, { cwd: full, absolute: true, onlyFiles: true })).sort();
        if (found.length === 0) {
          throw new UserError(
            `directory '${entry}' holds no data files (${DATA_EXTENSIONS.join(', ')}).`,
            options.input,
          );
        }
      } else {
        found = [full];
      }
    }
    const single = found.length === 1 && found[0] === path.resolve(cwd, entry);
    for (const file of found) {
      const relative = path.relative(cwd, file);
      const display = single ? entry : relative.startsWith('..') ? file : relative;
      const format = options.format ?? formatOf(file);
      if (!format) {
        throw new UserError(
          `cannot tell the format of '${display}' from its extension; use .csv, .tsv, .json, .jsonl or .parquet.`,
          options.input,
        );
      }
      files.push({ path: file, display, format, gzip: /\.gz$/i.test(file) });
    }
  }
  return files;
}

/**
 * Refuses a data input (one path, several, or globs) naming anything outside the workspace or
 * RUNNER_TEMP, symlinks followed: each entry, and the files its glob or directory expands to.
 * For an action's `src/inputs.ts`; entries that match nothing are left to the reader to report.
 */
export async function assertContainedDataFiles(input: string, source: string[]): Promise<void> {
  const cwd = workspaceDir();
  for (const entry of source.map((s) => s.trim()).filter(Boolean)) {
    const full = await resolveContainedInputPath(input, entry);
    const isDirectory = (await fs.stat(full).catch(() => undefined))?.isDirectory() ?? false;
    if (!GLOB_CHARS.test(entry) && !isDirectory) continue;
    const files = await resolveDataFiles(entry, { input, cwd }).catch(() => []);
    for (const file of files) await assertContainedPath(input, file.display, file.path, cwd);
  }
}
