import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../inputs/user-error.js';
import { hashFiles } from './hash-files.js';
import { walkTree } from './list-files.js';
import {
  comparePaths,
  computeRootDigest,
  MANIFEST_FILE,
  readManifest,
  type Manifest,
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
    if (actual[i].size !== file.size) {
      problems.push({
        path: file.path,
        kind: 'size-mismatch',
        detail: `size ${actual[i].size} bytes, manifest says ${file.size}`,
      });
    } else if (actual[i].sha256 !== file.sha256) {
      problems.push({
        path: file.path,
        kind: 'hash-mismatch',
        detail: `sha256 ${actual[i].sha256}, manifest says ${file.sha256}`,
      });
    }
  }

  for (const entry of onDisk.values()) {
    if (entry.path === MANIFEST_FILE || listed.has(entry.path)) continue;
    // A directory is fine when it only holds listed files; an empty one is harmless too.
    if (entry.kind === 'directory') continue;
    problems.push({ path: entry.path, kind: 'unlisted', detail: 'not listed in the manifest' });
  }

  // Bad files in path order whatever order the directory listing had; the digest last.
  problems.sort((a, b) => comparePaths(a.path, b.path));
  const digest = computeRootDigest(manifest.files);
  if (digest !== manifest.digest) {
    problems.push({
      path: MANIFEST_FILE,
      kind: 'digest-mismatch',
      detail: `root digest of the listed files is ${digest}, manifest says ${manifest.digest}`,
    });
  } else if (options.expectedDigest !== undefined && options.expectedDigest !== manifest.digest) {
    problems.push({
      path: MANIFEST_FILE,
      kind: 'digest-mismatch',
      detail: `package digest is ${manifest.digest}, expected ${options.expectedDigest}`,
    });
  }

  if (problems.length > 0) throw new PackageVerificationError(dir, problems);
  return manifest;
}
