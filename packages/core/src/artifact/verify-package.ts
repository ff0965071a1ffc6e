import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../inputs/user-error.js';
import { hashFiles, type FileDigest } from './hash-files.js';
import { walkTree } from './list-files.js';
import {
  comparePaths,
  computeRootDigest,
  MANIFEST_FILE,
  readManifest,
  type Manifest,
  type ManifestFile,
} from './manifest.js';

export type PackageProblemKind =
  | 'missing'
  | 'size-mismatch'
  | 'hash-mismatch'
  | 'unlisted'
  | 'not-a-regular-file'
  | 'digest-mismatch';

export interface PackageProblem {
  /** Package path of the bad file, or the manifest for a digest mismatch. */
  path: string;
  kind: PackageProblemKind;
  detail: string;
}

/** Verification failed: `problems` lists every bad file; the message names them all on one line. */
export class PackageVerificationError extends UserError {
  readonly problems: PackageProblem[];

  constructor(dir: string, problems: PackageProblem[]) {
    const listed = problems.map((p) => `${p.path}: ${p.detail}`).join('; ');
    super(
      `Model package ${dir} failed verification (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${listed}. ` +
        'Rebuild the package with build-artifact, or download it again.',
    );
    this.name = 'PackageVerificationError';
    this.problems = problems;
  }
}

export interface VerifyOptions {
  /** Refuse the package unless its root digest is exactly this (`sha256:…`), e.g. the one a gate approved. */
  expectedDigest?: string;
}

/**
 * Checks a model package directory against its `ml-manifest.json`: every listed file is present
 * with its size and SHA-256, nothing unlisted is there, and the root digest matches the files
 * (and `expectedDigest` when given). Returns the manifest; throws a PackageVerificationError
 * naming every bad file.
 */
export async function verifyPackage(dir: string, options: VerifyOptions = {}): Promise<Manifest> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UserError(`Model package ${dir} is not a directory.`);
  const manifest = await readManifest(root);
  const problems: PackageProblem[] = [];

  const onDisk = new Map((await walkTree(root)).map((e) => [e.path, e]));
  const listed = new Set(manifest.files.map((f) => f.path));

  const present = [];
  for (const file of manifest.files) {
    const entry = onDisk.get(file.path);
    if (!entry) {
      problems.push({ path: file.path, kind: 'missing', detail: 'missing' });
    } else if (entry.kind !== 'file') {
      problems.push({
        path: file.path,
        kind: 'not-a-regular-file',
        detail: `is a ${entry.kind}, not a regular file`,
      });
    } else {
      present.push(file);
    }
  }
  const actual = await hashFiles(
    root,
    present.map((f) => f.path),
  );
  for (const [i, file] of present.entries()) {
    const problem = fileProblem(file, actual[i]);
    if (problem) problems.push(problem);
  }

  for (const entry of onDisk.values()) {
    if (entry.path === MANIFEST_FILE || listed.has(entry.path)) continue;
    // A directory is fine when it only holds listed files; an empty one is harmless too.
    if (entry.kind === 'directory') continue;
    problems.push({ path: entry.path, kind: 'unlisted', detail: 'not listed in the manifest' });
  }

  // Bad files in path order whatever order the directory listing had; the digest last.
  problems.sort((a, b) => comparePaths(a.path, b.path));
  problems.push(...digestProblems(manifest, options));

  if (problems.length > 0) throw new PackageVerificationError(dir, problems);
  return manifest;
}

/** A listed file whose measured size or SHA-256 differs from what the manifest says. */
function fileProblem(file: ManifestFile, actual: FileDigest): PackageProblem | undefined {
  if (actual.size !== file.size) {
    return {
      path: file.path,
      kind: 'size-mismatch',
      detail: `size ${actual.size} bytes, manifest says ${file.size}`,
    };
  }
  if (actual.sha256 !== file.sha256) {
    return {
      path: file.path,
      kind: 'hash-mismatch',
      detail: `sha256 ${actual.sha256}, manifest says ${file.sha256}`,
    };
  }
  return undefined;
}

/**
 * The root digest recomputed from the manifest's file list (DESIGN.md "Manifest") against the
 * digest the manifest declares, then against `expectedDigest`.
 */
function digestProblems(manifest: Manifest, options: VerifyOptions): PackageProblem[] {
  const digest = computeRootDigest(manifest.files);
  if (digest !== manifest.digest) {
    return [
      {
        path: MANIFEST_FILE,
        kind: 'digest-mismatch',
        detail: `manifest digest does not match its files (they give ${digest}, the manifest says ${manifest.digest})`,
      },
    ];
  }
  if (options.expectedDigest !== undefined && options.expectedDigest !== manifest.digest) {
    return [
      {
        path: MANIFEST_FILE,
        kind: 'digest-mismatch',
        detail: `package digest is ${manifest.digest}, expected ${options.expectedDigest}`,
      },
    ];
  }
  return [];
}

/**
 * Checks the files a manifest lists, read through `measure` (size and SHA-256 of a package
 * path, undefined when it is missing), wherever they are stored (a registry on S3 has no
 * directory to walk). Every listed file must be there with its size and SHA-256, and the root
 * digest recomputed from the file list must equal the manifest's (and `expectedDigest`).
 * Unlike verifyPackage, files the manifest does not list are not looked for. Returns the
 * problems: bad files in path order, the digest last; empty when the files match.
 */
export async function checkListedFiles(
  manifest: Manifest,
  measure: (path: string) => Promise<FileDigest | undefined>,
  options: VerifyOptions & { concurrency?: number } = {},
): Promise<PackageProblem[]> {
  const problems: PackageProblem[] = [];
  const files = manifest.files;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++];
      const actual = await measure(file.path);
      const problem = actual
        ? fileProblem(file, actual)
        : { path: file.path, kind: 'missing' as const, detail: 'missing' };
      if (problem) problems.push(problem);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, files.length));
  await Promise.all(Array.from({ length: workers }, worker));
  problems.sort((a, b) => comparePaths(a.path, b.path));
  problems.push(...digestProblems(manifest, options));
  return problems;
}
