import type { Manifest } from '../artifact/manifest.js';
import { verifyPackage } from '../artifact/verify-package.js';
import { UserError } from '../inputs/user-error.js';
import {
  moveAlias,
  readAlias,
  readHistory,
  type PromotionOptions,
  type PromotionRequest,
} from './promotion.js';
import { silentLogger, type Logger } from '../runner/logger.js';
import { checkName, MANIFEST_FILE, manifestKey, versionPrefix } from './registry-layout.js';
import type { RegistryStore } from './registry-store.js';
import { verifyStoredVersion } from './verify-version.js';

/** A package directory whose manifest and files were checked against each other. */
export interface VerifiedPackage {
  dir: string;
  name: string;
  version: string;
  digest: string;
  /** Paths of the model files, relative to `dir`, without the manifest. */
  files: string[];
}

export type PublishResult = 'created' | 'unchanged';

/** Versions, aliases and history of the models in one registry store. */
export class ModelRegistry {
  constructor(
    readonly store: RegistryStore,
    private readonly options: PromotionOptions = {},
  ) {}

  get uri(): string {
    return this.store.uri;
  }

  private get logger(): Logger {
    return this.options.logger ?? silentLogger;
  }

  /**
   * The digest of a complete version, verified: its files are measured in the store against
   * its manifest and the root digest recomputed, so a version changed after it was stored
   * throws a StoredVersionError (one line naming the file) instead of giving a digest.
   * Undefined when the version does not exist (yet).
   */
  async versionDigest(model: string, version: string): Promise<string | undefined> {
    if (!(await this.store.get(manifestKey(model, version)))) return undefined;
    return (await this.verifyVersion(model, version)).digest;
  }

  /** Verifies a stored version against its manifest (and `expectedDigest`); see verify-version.ts. */
  verifyVersion(model: string, version: string, expectedDigest?: string) {
    return verifyStoredVersion(this.store, model, version, {
      expectedDigest,
      logger: this.logger,
    });
  }

  /**
   * Stores a verified package as an immutable version. The same version with the same
   * digest is a no-op; with another digest it is refused.
   * `verifyCopy` re-verifies the stored copy before it becomes visible (where the store has a local copy).
   */
  async publishVersion(
    pkg: VerifiedPackage,
    verifyCopy: (dir: string) => Promise<void>,
  ): Promise<PublishResult> {
    const model = checkName('model name', pkg.name);
    const version = checkName('version', pkg.version);
    const existing = await this.versionDigest(model, version);
    if (existing !== undefined) return this.sameOrRefuse(model, version, existing, pkg.digest);
    const written = await this.store.writeVersion(
      versionPrefix(model, version),
      pkg.dir,
      pkg.files,
      MANIFEST_FILE,
      verifyCopy,
    );
    if (written === 'created') return 'created';
    const winner = await this.versionDigest(model, version);
    if (winner === undefined) {
      throw new UserError(
        `${this.uri}/${versionPrefix(model, version)} exists but has no ${MANIFEST_FILE}: it was not written by ml-actions or was damaged; remove it.`,
      );
    }
    return this.sameOrRefuse(model, version, winner, pkg.digest);
  }

  private sameOrRefuse(
    model: string,
    version: string,
    stored: string,
    digest: string,
  ): PublishResult {
    if (stored === digest) return 'unchanged';
    throw new UserError(
      `${model} version ${version} is already in the registry with digest ${stored}, and this package has ${digest}. Versions are immutable: give the new model a new version.`,
    );
  }

  readAlias(model: string, environment: string) {
    return readAlias(this.store, model, environment);
  }

  history(model: string, environment: string) {
    return readHistory(this.store, model, environment, this.logger);
  }

  /**
   * Moves an alias to a version that must already be complete in the registry with that
   * digest; the version is verified against its manifest first (promotion.ts moveAlias).
   */
  async moveAlias(request: PromotionRequest) {
    checkName('model name', request.model);
    checkName('environment', request.environment);
    checkName('version', request.version);
    return moveAlias(this.store, request, this.options);
  }
}

/**
 * Verifies a package directory (manifest hashes and root digest), runs `check` on it
 * (pre-deploy validation) and stores it as a version; the stored copy is verified again
 * before it becomes visible. Nothing is written when verification or the check fails.
 */
export async function publishPackage(
  registry: ModelRegistry,
  dir: string,
  check?: (dir: string, manifest: Manifest) => Promise<void>,
  expectedModel?: string,
): Promise<{ manifest: Manifest; result: PublishResult }> {
  const manifest = await verifyPackage(dir);
  if (expectedModel !== undefined && manifest.name !== expectedModel) {
    throw new UserError(
      `the package is model '${manifest.name}', not '${expectedModel}'; deploy it under its own name or fix the input.`,
      'model',
    );
  }
  await check?.(dir, manifest);
  const result = await registry.publishVersion(
    {
      dir,
      name: manifest.name,
      version: manifest.version,
      digest: manifest.digest,
      files: manifest.files.map((f) => f.path),
    },
    async (copy) => {
      await verifyPackage(copy, { expectedDigest: manifest.digest });
    },
  );
  return { manifest, result };
}
