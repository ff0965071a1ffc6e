import { promises as fs } from 'node:fs';
import { UserError } from '../inputs/user-error.js';
import { resolveDataFiles } from './data-sources.js';

/**
 * The file side of profiles (`ml-actions/profile@1`): recognising a profile file and reading its
 * JSON. What a profile means (its schema and bounds) is stats/profile's business; the use cases
 * (drift/, artifact/) put the two together.
 */

/** Largest profile file read (a profile is a summary: kilobytes to a few megabytes). */
export const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

/** Reads one JSON file, naming it (and the input) when it is missing, too large or not JSON. */
export async function readJsonFile(
  file: string,
  options: { input?: string; cwd?: string; maxBytes?: number } = {},
): Promise<{ value: unknown; display: string }> {
  const [resolved] = await resolveDataFiles(file, { ...options, format: 'json' });
  const maxBytes = options.maxBytes ?? MAX_PROFILE_BYTES;
  const { size } = await fs.stat(resolved.path);
  if (size > maxBytes) {
    throw new UserError(
      `file '${resolved.display}' is ${size} bytes; at most ${maxBytes} are read.`,
      options.input,
    );
  }
  try {
    const text = (await fs.readFile(resolved.path, 'utf8')).replace(/^\uFEFF/, '');
    return { value: JSON.parse(text), display: resolved.display };
  } catch (error) {
    throw new UserError(
      `file '${resolved.display}' is not valid JSON: ${(error as Error).message}`,
      options.input,
    );
  }
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
