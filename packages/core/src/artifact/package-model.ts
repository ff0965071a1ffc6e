import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { UserError } from '../inputs/user-error.js';
import type { Logger } from '../runner/logger.js';
import { hashFiles } from './hash-files.js';
import { walkTree } from './list-files.js';
import {
  computeRootDigest,
  MANIFEST_FILE,
  MANIFEST_SCHEMA,
  packagePathProblem,
  sortFiles,
  writeManifest,
  type Lineage,
  type Manifest,
} from './manifest.js';
import { inspectModel, type FormatChoice } from './model-format.js';

export const TOOL = { name: 'ml-actions/build-artifact', version: '0.1.0' };
/** Package path of the reference-data profile when one is built. */
export const REFERENCE_PROFILE_FILE = 'reference-profile.json';
/** Package path of the evaluation's per-row predictions (gate's `baseline: registry` pairs on them). */
export const PREDICTIONS_FILE = 'evaluation-predictions.jsonl';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Semver (with pre-release and build metadata) and free tags, all safe as artifact and path names. */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
/** Characters the artifact service refuses in file paths (NTFS limits), checked before upload. */
const ARTIFACT_PATH_FORBIDDEN = /["":<>|*?\r\n]/;

export function validateName(name: string): string {
  if (!NAME.test(name) || name.length > 100) {
    throw new UserError(
      `'${name}' is not a valid name: use letters, digits, '.', '_' and '-' (starting with a letter or digit, at most 100 characters).`,
      'name',
    );
  }
  return name;
}

export function validateVersion(version: string): string {
  if (!VERSION.test(version) || version.length > 100) {
    throw new UserError(
      `'${version}' is not a valid version: use letters, digits, '.', '_', '+' and '-' (e.g. 1.4.0, 1.4.0-rc.1, 2026-05-01), at most 100 characters.`,
      'version',
    );
  }
  return version;
}

/** The default version: the short commit SHA of the run. */
export function defaultVersion(env: NodeJS.ProcessEnv = process.env): string {
  const sha = env.GITHUB_SHA;
  if (!sha) {
    throw new UserError(
      'was not given and there is no GITHUB_SHA to default to; set it.',
      'version',
    );
  }
  return sha.slice(0, 7);
}

/** Lineage from the runner's environment; missing variables are left out. */
export function lineageFromEnv(env: NodeJS.ProcessEnv = process.env): Lineage {
  const pick: Record<keyof Lineage, string> = {
    repository: 'GITHUB_REPOSITORY',
    commit: 'GITHUB_SHA',
    ref: 'GITHUB_REF',
    workflow: 'GITHUB_WORKFLOW',
    run_id: 'GITHUB_RUN_ID',
    run_attempt: 'GITHUB_RUN_ATTEMPT',
    actor: 'GITHUB_ACTOR',
    event: 'GITHUB_EVENT_NAME',
  };
  const lineage: Lineage = {};
  for (const [key, variable] of Object.entries(pick) as [keyof Lineage, string][]) {
    if (env[variable]) lineage[key] = env[variable];
  }
  return lineage;
}

export interface PackageModelOptions {
  /** A model directory or a single model file (absolute). */
  modelPath: string;
  name: string;
  version: string;
  format: FormatChoice;
  /** The package directory to create (absolute); must be empty, absent or a previous package. */
  outputDir: string;
  /** Directory `include` patterns are relative to (the workspace). */
  workspace: string;
  include?: string[];
  metrics?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  /** Stored as reference-profile.json, inside the digest. */
  referenceProfile?: unknown;
  /** Per-row predictions file of the metrics (smoke-test's), stored as PREDICTIONS_FILE. */
  predictions?: string;
  lineage?: Lineage;
  now?: Date;
  /** Receives progress lines while hashing (default: the action log). */
  logger?: Logger;
}

export interface PackagedModel {
  dir: string;
  manifest: Manifest;
  manifestPath: string;
  /** Bytes of the packaged files (the manifest excluded). */
  sizeBytes: number;
  /** Hidden files of the model directory left out (not explicitly included). */
  excludedHidden: string[];
}

const isHidden = (p: string): boolean => p.split('/').some((s) => s.startsWith('.'));

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Resolves a symlink found while collecting files; refuses one that leaves `root`. */
async function resolveLink(
  link: string,
  root: string,
  shown: string,
  input: string,
): Promise<string> {
  const target = await fs.realpath(link).catch(() => undefined);
  if (!target) throw new UserError(`symlink '${shown}' is broken.`, input);
  if (!isInside(root, target)) {
    throw new UserError(
      `symlink '${shown}' points outside ${root} (to ${target}); copy the file in instead.`,
      input,
    );
  }
  if (!(await fs.stat(target)).isFile()) {
    throw new UserError(
      `symlink '${shown}' points to a directory; only symlinks to files are packaged.`,
      input,
    );
  }
  return target;
}

/** Package path -> file on disk, from the model directory (or file). */
async function collectModelFiles(
  modelPath: string,
): Promise<{ files: Map<string, string>; root: string; excludedHidden: string[] }> {
  const stat = await fs.stat(modelPath).catch(() => undefined);
  if (!stat) throw new UserError(`'${modelPath}' does not exist.`, 'model-path');
  const files = new Map<string, string>();
  const excludedHidden: string[] = [];
  if (stat.isFile()) {
    files.set(path.basename(modelPath), modelPath);
    return { files, root: path.dirname(await fs.realpath(modelPath)), excludedHidden };
  }
  if (!stat.isDirectory()) {
    throw new UserError(`'${modelPath}' is neither a file nor a directory.`, 'model-path');
  }
  const root = await fs.realpath(modelPath);
  for (const entry of await walkTree(root)) {
    if (entry.kind === 'directory') continue;
    if (isHidden(entry.path)) {
      excludedHidden.push(entry.path);
      continue;
    }
    if (entry.path === MANIFEST_FILE) {
      throw new UserError(
        `${modelPath} already holds an ${MANIFEST_FILE}; give the model files, not a built package.`,
        'model-path',
      );
    }
    if (entry.kind === 'other') {
      throw new UserError(
        `'${entry.path}' is not a regular file (a socket, FIFO or device).`,
        'model-path',
      );
    }
    const source =
      entry.kind === 'symlink'
        ? await resolveLink(entry.absolute, root, entry.path, 'model-path')
        : entry.absolute;
    files.set(entry.path, source);
  }
  if (files.size === 0)
    throw new UserError(`${modelPath} holds no files to package.`, 'model-path');
  return { files, root, excludedHidden };
}

/**
 * Adds `include` patterns (globs relative to the workspace). A match inside the model directory
 * keeps its model-relative path (this is how hidden files get in); any other file keeps its
 * workspace-relative path.
 */
async function addIncludes(
  files: Map<string, string>,
  patterns: string[],
  workspace: string,
  modelRoot: string,
): Promise<void> {
  const workspaceRoot = await fs.realpath(workspace);
  for (const pattern of patterns) {
    if (path.isAbsolute(pattern) || pattern.split(/[\\/]/).includes('..')) {
      throw new UserError(
        `'${pattern}' must be relative to the workspace, without '..' segments.`,
        'include',
      );
    }
    const matches = await glob(pattern, {
      cwd: workspaceRoot,
      dot: true,
      onlyFiles: true,
      absolute: true,
      followSymbolicLinks: false,
      expandDirectories: true,
    });
    if (matches.length === 0) {
      throw new UserError(`'${pattern}' matched no files in ${workspaceRoot}.`, 'include');
    }
    for (const match of matches.sort()) {
      const lstat = await fs.lstat(match);
      const shown = path.relative(workspaceRoot, match).split(path.sep).join('/');
      let source = match;
      if (lstat.isSymbolicLink())
        source = await resolveLink(match, workspaceRoot, shown, 'include');
      else if (!lstat.isFile()) throw new UserError(`'${shown}' is not a regular file.`, 'include');
      const inModel = isInside(modelRoot, match);
      const packagePath = (
        inModel ? path.relative(modelRoot, match) : path.relative(workspaceRoot, match)
      )
        .split(path.sep)
        .join('/');
      const existing = files.get(packagePath);
      if (existing !== undefined && existing !== source) {
        throw new UserError(
          `'${shown}' would be packaged as '${packagePath}', which a model file already uses.`,
          'include',
        );
      }
      files.set(packagePath, source);
    }
  }
}

function checkPackagePaths(paths: Iterable<string>, reserved: string[]): void {
  for (const p of paths) {
    const problem = packagePathProblem(p);
    if (problem)
      throw new UserError(`file '${p}' cannot be packaged: its path ${problem}.`, 'model-path');
    if (ARTIFACT_PATH_FORBIDDEN.test(p)) {
      throw new UserError(
        `file '${p}' has a character the artifact service refuses (" : < > | * ? or a line break); rename it.`,
        'model-path',
      );
    }
    if (reserved.includes(p)) {
      throw new UserError(`file '${p}' uses a name the package reserves; rename it.`, 'model-path');
    }
  }
}

/** Creates an empty output directory; a previous package there is replaced, anything else refused. */
async function prepareOutputDir(
  dir: string,
  modelDir: string | undefined,
  sources: Iterable<string>,
): Promise<void> {
  if (modelDir !== undefined && isInside(modelDir, dir)) {
    throw new UserError(
      `${dir} is inside the model directory ${modelDir}; pick a directory outside it.`,
      'output-dir',
    );
  }
  for (const source of sources) {
    if (isInside(dir, source)) {
      throw new UserError(
        `${dir} contains the model files it would package; pick another directory.`,
        'output-dir',
      );
    }
  }
  const entries = await fs.readdir(dir).catch(() => undefined);
  if (entries && entries.length > 0) {
    if (!entries.includes(MANIFEST_FILE)) {
      throw new UserError(`${dir} is not empty; give an empty or new directory.`, 'output-dir');
    }
    await fs.rm(dir, { recursive: true, force: true });
  }
  await fs.mkdir(dir, { recursive: true });
}

/**
 * Builds a model package: copies the model (and included files) into `outputDir`, validates the
 * format, hashes every file and writes `ml-manifest.json`. The digest depends only on the package
 * paths and contents, so the same inputs give the same digest anywhere, any time.
 */
export async function packageModel(options: PackageModelOptions): Promise<PackagedModel> {
  validateName(options.name);
  validateVersion(options.version);
  const { files, root, excludedHidden } = await collectModelFiles(options.modelPath);
  if (options.include?.length) await addIncludes(files, options.include, options.workspace, root);
  const reserved = [
    MANIFEST_FILE,
    ...(options.referenceProfile !== undefined ? [REFERENCE_PROFILE_FILE] : []),
    ...(options.predictions !== undefined ? [PREDICTIONS_FILE] : []),
  ];
  checkPackagePaths(files.keys(), reserved);

  const inspection = await inspectModel(options.modelPath, options.format, [...files.keys()]);

  const dir = path.resolve(options.outputDir);
  const modelIsDir = (await fs.stat(options.modelPath)).isDirectory();
  await prepareOutputDir(dir, modelIsDir ? root : undefined, files.values());
  for (const [packagePath, source] of files) {
    const dest = path.join(dir, ...packagePath.split('/'));
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await fs.copyFile(source, dest);
  }
  if (options.referenceProfile !== undefined) {
    await fs.writeFile(
      path.join(dir, REFERENCE_PROFILE_FILE),
      JSON.stringify(options.referenceProfile, null, 2) + '\n',
    );
    files.set(REFERENCE_PROFILE_FILE, path.join(dir, REFERENCE_PROFILE_FILE));
  }
  if (options.predictions !== undefined) {
    await fs.copyFile(options.predictions, path.join(dir, PREDICTIONS_FILE));
    files.set(PREDICTIONS_FILE, path.join(dir, PREDICTIONS_FILE));
  }

  // Hash the copies: the digest describes exactly the bytes that ship.
  const entries = sortFiles(
    await hashFiles(dir, [...files.keys()], undefined, options.logger?.info),
  );
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    name: options.name,
    version: options.version,
    format: inspection.format,
    created_at: (options.now ?? new Date()).toISOString(),
    digest: computeRootDigest(entries),
    files: entries,
    ...(inspection.signature ? { signature: inspection.signature } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
    lineage: options.lineage ?? {},
    ...(options.referenceProfile !== undefined
      ? { reference_profile: REFERENCE_PROFILE_FILE }
      : {}),
    ...(options.predictions !== undefined ? { predictions: PREDICTIONS_FILE } : {}),
    tool: TOOL,
  };
  const manifestPath = await writeManifest(dir, manifest);
  return {
    dir,
    manifest,
    manifestPath,
    sizeBytes: entries.reduce((sum, f) => sum + f.size, 0),
    excludedHidden,
  };
}
