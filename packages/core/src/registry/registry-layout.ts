import { UserError } from '../inputs/user-error.js';
import { joinKey } from './registry-store.js';

/**
 * Keys of the registry layout (DESIGN.md):
 *   <model>/versions/<version>/ml-manifest.json + model files   (immutable)
 *   <model>/aliases/<environment>.json
 *   <model>/history/<environment>/<seq>.json
 */
export const MANIFEST_FILE = 'ml-manifest.json';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** Model, version and environment names become path segments: refuse anything that is not one plain segment. */
export function checkName(kind: string, value: string, input?: string): string {
  if (!SAFE_NAME.test(value) || value.length > 200) {
    throw new UserError(
      `${kind} '${value}' cannot be used as a registry name: use letters, digits, '.', '_', '+' or '-', starting with a letter or digit.`,
      input,
    );
  }
  return value;
}

export const versionPrefix = (model: string, version: string) =>
  joinKey(model, 'versions', version);
export const manifestKey = (model: string, version: string) =>
  joinKey(versionPrefix(model, version), MANIFEST_FILE);
export const aliasKey = (model: string, environment: string) =>
  joinKey(model, 'aliases', `${environment}.json`);
export const historyPrefix = (model: string, environment: string) =>
  joinKey(model, 'history', environment);

/** Zero-padded so that listings sort in order on any store. */
export const historyKey = (model: string, environment: string, seq: number) =>
  joinKey(historyPrefix(model, environment), `${String(seq).padStart(8, '0')}.json`);

export function parseHistoryName(name: string): number | undefined {
  const match = /^(\d+)\.json$/.exec(name);
  return match ? Number(match[1]) : undefined;
}
