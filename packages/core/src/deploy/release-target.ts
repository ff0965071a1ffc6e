import type { Manifest } from '../artifact/manifest.js';
import { UserError } from '../inputs/user-error.js';
import {
  publishPackage,
  type ModelRegistry,
  type PublishResult,
} from '../registry/model-registry.js';
import { checkName } from '../registry/registry-layout.js';
import { rollbackVersion } from '../registry/rollback-history.js';

/** The version a release moves an alias to, and how it was chosen. */
export interface ReleaseTarget {
  model: string;
  version: string;
  digest: string;
  reason: string;
  /** For deploy: whether the version was stored by this run or was already there. */
  published?: PublishResult;
}

/** Runs before anything is written; throws to stop the deploy (pre-deploy validation). */
export type PackageCheck = (dir: string, manifest: Manifest) => Promise<void>;

/** The model an operation is about: the one given, or the only model in the registry. */
export async function resolveModel(registry: ModelRegistry, given?: string): Promise<string> {
  if (given) return checkName('model name', given, 'model');
  const models = await registry.store.listNames('');
  if (models.length === 1) return models[0];
  throw new UserError(
    models.length === 0
      ? `the registry ${registry.uri} holds no model yet; deploy one first.`
      : `the registry ${registry.uri} holds several models (${models.join(', ')}); say which one.`,
    'model',
  );
}

/** deploy: verify the package, run the pre-deploy check, store it as an immutable version. */
export async function targetFromPackage(
  registry: ModelRegistry,
  dir: string,
  check: PackageCheck | undefined,
  model?: string,
): Promise<ReleaseTarget> {
  const { manifest, result } = await publishPackage(registry, dir, check, model);
  return {
    model: manifest.name,
    version: manifest.version,
    digest: manifest.digest,
    reason: `deploy ${manifest.name} ${manifest.version} from the package`,
    published: result,
  };
}

/** promote: what another environment's alias names now. */
export async function targetFromEnvironment(
  registry: ModelRegistry,
  model: string,
  fromEnvironment: string,
): Promise<ReleaseTarget> {
  checkName('environment', fromEnvironment, 'from-environment');
  const source = await registry.readAlias(model, fromEnvironment);
  if (!source) {
    throw new UserError(
      `'${fromEnvironment}' has no ${model} deployed in ${registry.uri}; deploy there first.`,
      'from-environment',
    );
  }
  return {
    model,
    version: source.alias.version,
    digest: source.alias.digest,
    reason: `promote ${model} ${source.alias.version} from ${fromEnvironment}`,
  };
}

/**
 * rollback: the version given, or the one under the live version in the environment's
 * history (registry/rollback-history.ts): repeated rollbacks go further back.
 */
export async function targetForRollback(
  registry: ModelRegistry,
  model: string,
  environment: string,
  toVersion?: string,
): Promise<ReleaseTarget> {
  const current = await registry.readAlias(model, environment);
  let version = toVersion;
  if (version === undefined) {
    if (!current) {
      throw new UserError(
        `'${environment}' has no ${model} deployed in ${registry.uri}; nothing to roll back.`,
        'to-version',
      );
    }
    version = rollbackVersion(await registry.history(model, environment), current.alias);
    if (!version) {
      throw new UserError(
        `'${environment}' has no version earlier than ${current.alias.version} left to go back to: its history has been rolled back to its first version. Name one with to-version.`,
        'to-version',
      );
    }
  }
  checkName('version', version, 'to-version');
  const digest = await registry.versionDigest(model, version);
  if (!digest) {
    throw new UserError(`${model} version ${version} is not in ${registry.uri}.`, 'to-version');
  }
  return {
    model,
    version,
    digest,
    reason: `rollback of ${environment} from ${current?.alias.version ?? 'nothing'} to ${version}`,
  };
}

/** What an operation starts from, as the action's inputs give it. */
export interface TargetRequest {
  operation: 'deploy' | 'promote' | 'rollback';
  environment: string;
  model?: string;
  /** deploy: the package directory and the pre-deploy check. */
  packageDir?: () => Promise<string>;
  check?: PackageCheck;
  /** promote */
  fromEnvironment?: string;
  /** rollback */
  toVersion?: string;
}

/** The version an operation moves the environment to. */
export async function chooseTarget(
  registry: ModelRegistry,
  request: TargetRequest,
): Promise<ReleaseTarget> {
  switch (request.operation) {
    case 'deploy':
      return targetFromPackage(registry, await request.packageDir!(), request.check, request.model);
    case 'promote':
      return targetFromEnvironment(
        registry,
        await resolveModel(registry, request.model),
        request.fromEnvironment!,
      );
    case 'rollback':
      return targetForRollback(
        registry,
        await resolveModel(registry, request.model),
        request.environment,
        request.toVersion,
      );
  }
}
