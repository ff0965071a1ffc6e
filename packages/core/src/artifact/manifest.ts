import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../inputs/user-error.js';
import type { ModelSignature } from '../model/model-types.js';

/**
 * The package manifest contract (DESIGN.md "Manifest"): written by build-artifact, read by
 * smoke-test, gate and deploy. The root digest covers the packaged files only (path + content),
 * so it is the same for the same model on any machine at any time; everything that varies
 * between builds (created_at, lineage, tool version) lives beside it, outside the digest.
 */
export const MANIFEST_SCHEMA = 'ml-actions/manifest@1';
export const MANIFEST_FILE = 'ml-manifest.json';

export type ModelFormat = 'tfjs-layers' | 'tfjs-graph' | 'onnx' | 'files';
export const MODEL_FORMATS: readonly ModelFormat[] = ['tfjs-layers', 'tfjs-graph', 'onnx', 'files'];

export interface ManifestFile {
  /** POSIX path relative to the package root. */
  path: string;
  size: number;
  /** Lowercase hex SHA-256 of the content, as `sha256sum` prints it. */
  sha256: string;
}

/** Where the package came from, read from the runner's environment. */
export interface Lineage {
  repository?: string;
  commit?: string;
  ref?: string;
  workflow?: string;
  run_id?: string;
  run_attempt?: string;
  actor?: string;
  event?: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  name: string;
  version: string;
  format: ModelFormat;
  /** ISO-8601; informational, not part of the digest. */
  created_at: string;
  /** `sha256:<hex>` over the sorted `path\0sha256\n` lines of `files`. */
  digest: string;
  files: ManifestFile[];
  signature?: ModelSignature;
  metrics?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  lineage: Lineage;
  /** Package-relative path of the reference-data profile (a listed file), when one was built. */
  reference_profile?: string;
  /** Package-relative path of the per-row predictions behind `metrics` (a listed file), when stored. */
  predictions?: string;
  tool: { name: string; version: string };
}

/** Byte-wise (UTF-8) order, the same as `LC_ALL=C sort`, so no locale can change the digest. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortFiles(files: ManifestFile[]): ManifestFile[] {
  return [...files].sort((a, b) => comparePaths(a.path, b.path));
}

/** The root digest: SHA-256 over `path\0sha256\n` for every file in path order. */
export function computeRootDigest(files: ManifestFile[]): string {
  const hash = createHash('sha256');
  for (const file of sortFiles(files)) hash.update(`${file.path}\0${file.sha256}\n`, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}

/**
 * A path as it may appear in a manifest: relative, POSIX separators, no empty, `.` or `..`
 * segments, no control characters. Returns the reason it is not, or undefined when it is fine.
 */
export function packagePathProblem(p: string): string | undefined {
  if (p === '') return 'is empty';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return 'is absolute';
  if (p.includes('\\')) return 'contains a backslash';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(p)) return 'contains a control character';
  const segments = p.split('/');
  if (segments.includes('..')) return "contains a '..' segment";
  if (segments.some((s) => s === '' || s === '.')) return 'has an empty or . segment';
  return undefined;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that parsed JSON is a well-formed manifest (shape, paths, hashes, sort order) and
 * returns it typed. `source` names the file in error messages.
 */
export function parseManifest(data: unknown, source: string): Manifest {
  const bad = (why: string): UserError =>
    new UserError(`${source} is not a valid ${MANIFEST_SCHEMA} manifest: ${why}`);
  if (!isPlainObject(data)) throw bad('expected a JSON object.');
  if (data.schema !== MANIFEST_SCHEMA) {
    throw bad(`schema is '${String(data.schema)}', this version reads '${MANIFEST_SCHEMA}'.`);
  }
  for (const key of ['name', 'version', 'format', 'created_at', 'digest'] as const) {
    if (typeof data[key] !== 'string' || data[key] === '') throw bad(`"${key}" must be a string.`);
  }
  if (!MODEL_FORMATS.includes(data.format as ModelFormat)) {
    throw bad(`unknown format '${String(data.format)}'.`);
  }
  if (!/^sha256:[0-9a-f]{64}$/.test(data.digest as string)) {
    throw bad(`"digest" must be sha256:<64 hex digits>.`);
  }
  if (!Array.isArray(data.files)) throw bad('"files" must be an array.');
  const seen = new Set<string>();
  let previous: string | undefined;
  for (const entry of data.files as unknown[]) {
    if (!isPlainObject(entry) || typeof entry.path !== 'string') {
      throw bad('every file needs a "path" string.');
    }
    const problem = packagePathProblem(entry.path);
    if (problem) throw bad(`file path '${entry.path}' ${problem}.`);
    if (!Number.isSafeInteger(entry.size) || (entry.size as number) < 0) {
      throw bad(`file '${entry.path}' has an invalid size.`);
    }
    if (typeof entry.sha256 !== 'string' || !SHA256_HEX.test(entry.sha256)) {
      throw bad(`file '${entry.path}' has an invalid sha256.`);
    }
    if (seen.has(entry.path)) throw bad(`file '${entry.path}' is listed twice.`);
    if (previous !== undefined && comparePaths(previous, entry.path) > 0) {
      throw bad(`files are not sorted by path ('${previous}' before '${entry.path}').`);
    }
    seen.add(entry.path);
    previous = entry.path;
  }
  if (seen.has(MANIFEST_FILE)) throw bad(`'${MANIFEST_FILE}' cannot list itself.`);
  if (!isPlainObject(data.lineage)) throw bad('"lineage" must be an object.');
  if (!isPlainObject(data.tool)) throw bad('"tool" must be an object.');
  return data as unknown as Manifest;
}

/** Reads and validates `<dir>/ml-manifest.json`. */
export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`${dir} is not a model package: it has no ${MANIFEST_FILE}.`);
    }
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseManifest(data, file);
}

/** Writes the manifest with a stable key order and a trailing newline. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<string> {
  const file = path.join(dir, MANIFEST_FILE);
  await fs.writeFile(file, JSON.stringify(manifest, null, 2) + '\n');
  return file;
}
