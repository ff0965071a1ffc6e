import { parseManifest, type Manifest } from '../artifact/manifest.js';
import { checkListedFiles, type PackageProblem } from '../artifact/verify-package.js';
import { ServiceError, UserError } from '../inputs/user-error.js';
import { silentLogger, type Logger } from '../runner/logger.js';
import { manifestKey, versionPrefix } from './registry-layout.js';
import { joinKey, type RegistryStore } from './registry-store.js';

/**
 * Re-verification of a stored version (DESIGN.md "Registry layout"): versions are immutable,
 * but the storage under them is not (anyone with write access to the bucket or directory can
 * change a file). So before an alias points at a version, its `ml-manifest.json` is read back
 * and every listed file is measured (size and SHA-256) in the store, the root digest is
 * recomputed from the file list, and both must match the digest the alias would record.
 */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A stored version whose files or manifest no longer match: nothing may point at it. */
export class StoredVersionError extends ServiceError {
  constructor(
    message: string,
    readonly problems: PackageProblem[] = [],
  ) {
    super(message);
    this.name = 'StoredVersionError';
  }
}

function describeProblems(problems: PackageProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => `${p.path}: ${p.detail}`);
  if (problems.length > shown.length) shown.push(`and ${problems.length - shown.length} more`);
  return shown.join('; ');
}

/** Reads and parses the manifest of a stored version; undefined when the version is not there. */
export async function readStoredManifest(
  store: RegistryStore,
  model: string,
  version: string,
): Promise<Manifest | undefined> {
  const key = manifestKey(model, version);
  const object = await store.get(key);
  if (!object) return undefined;
  const where = `${store.uri}/${key}`;
  let data: unknown;
  try {
    data = JSON.parse(object.body.toString('utf8'));
  } catch (error) {
    throw new StoredVersionError(
      `The stored manifest ${where} is damaged: not valid JSON (${oneLine((error as Error).message).slice(0, 200)}). Restore the version from its package or deploy a new version.`,
    );
  }
  let manifest: Manifest;
  try {
    manifest = parseManifest(data, where);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new StoredVersionError(
      `${oneLine(error.message)} Restore the version from its package or deploy a new version.`,
    );
  }
  if (manifest.name !== model || manifest.version !== version) {
    throw new StoredVersionError(
      `The stored manifest ${where} describes ${manifest.name} ${manifest.version}, not ${model} ${version}: the version folder was changed after it was stored. Restore it from its package or deploy a new version.`,
    );
  }
  return manifest;
}

export interface VerifiedVersion {
  manifest: Manifest;
  /** The root digest, recomputed from the files and equal to the manifest's. */
  digest: string;
  files: number;
  bytes: number;
}

/**
 * Verifies `<model>/versions/<version>/` in the store against its manifest. Throws a UserError
 * when the version is not in the registry, a StoredVersionError (one line naming the bad file,
 * or "manifest digest does not match its files") when it was changed after it was stored, or
 * when `expectedDigest` (the digest an alias would record) differs from the verified one.
 */
export async function verifyStoredVersion(
  store: RegistryStore,
  model: string,
  version: string,
  options: { expectedDigest?: string; purpose?: string; logger?: Logger } = {},
): Promise<VerifiedVersion> {
  const logger = options.logger ?? silentLogger;
  const manifest = await readStoredManifest(store, model, version);
  const where = `${store.uri}/${versionPrefix(model, version)}`;
  if (!manifest) {
    throw new UserError(
      `${model} version ${version} is not in the registry ${store.uri}; deploy it first.`,
    );
  }
  let bytes = 0;
  const problems = await checkListedFiles(manifest, async (path) => {
    const measured = await store.measure(joinKey(versionPrefix(model, version), path));
    bytes += measured?.size ?? 0;
    return measured;
  });
  const refusing = options.purpose ? `Refusing to ${options.purpose}: ` : '';
  if (problems.length > 0) {
    throw new StoredVersionError(
      `${refusing}the stored version ${where} does not match its manifest (${describeProblems(problems)}). It was changed after it was stored; nothing was moved. Restore it from its package or deploy a new version.`,
      problems,
    );
  }
  if (options.expectedDigest !== undefined && options.expectedDigest !== manifest.digest) {
    throw new StoredVersionError(
      `${refusing}the stored version ${where} has digest ${manifest.digest}, but ${options.expectedDigest} was asked for; nothing was moved. Check the alias or history that named this digest.`,
    );
  }
  logger.info(
    `Verified ${model} ${version} in ${store.uri}: ${manifest.files.length} files, ${bytes} bytes, ${manifest.digest}`,
  );
  return { manifest, digest: manifest.digest, files: manifest.files.length, bytes };
}
