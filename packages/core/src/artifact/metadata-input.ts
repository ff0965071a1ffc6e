import { promises as fs } from 'node:fs';
import { parse } from 'yaml';
import { readInputFile, resolveInputPath } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';

/**
 * Reads free-form package metadata given as YAML or JSON, either inline or as a path to a file.
 * A single line naming an existing file is read as that file; anything else is parsed inline.
 */
export async function readMetadataInput(
  input: string,
  value: string,
): Promise<Record<string, unknown>> {
  let text = value;
  let source = 'inline value';
  if (!value.includes('\n')) {
    const stat = await fs.stat(resolveInputPath(value)).catch(() => undefined);
    if (stat?.isFile()) {
      text = await readInputFile(input, value);
      source = `file '${value}'`;
    } else if (/\.(ya?ml|json)$/i.test(value)) {
      throw new UserError(
        `file '${value}' does not exist (resolved to ${resolveInputPath(value)}).`,
        input,
      );
    }
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UserError(
      `${source} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
      input,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(
      `${source} must be a mapping of keys to values (YAML or a JSON object).`,
      input,
    );
  }
  return data as Record<string, unknown>;
}
