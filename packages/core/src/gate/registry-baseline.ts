import { createHash } from 'node:crypto';
import { UserError } from '../inputs/user-error.js';
import type { LoadedMetrics } from '../metrics/metrics-file.js';
import { parsePredictions, type LoadedPredictions } from '../metrics/predictions-rows.js';
import { openRegistry, type NetworkTimeouts } from '../registry/open-registry.js';
import { checkName, versionPrefix } from '../registry/registry-layout.js';
import { joinKey } from '../registry/registry-store.js';
import { StoredVersionError, verifyStoredVersion } from '../registry/verify-version.js';
import type { Logger } from '../runner/logger.js';

/**
 * `baseline: registry` (docs/gate.md): the baseline is what an environment runs now, read from
 * the model registry deploy writes. The version the environment's alias names is verified
 * against its manifest (as deploy verifies before any alias move); its manifest's `metrics`
 * are the baseline metrics and its stored predictions file (build-artifact packages the one
 * smoke-test's metrics file names) the baseline's per-row predictions.
 */
export interface RegistryBaselineOptions {
  /** The registry URI (file:// or s3://), as deploy's `registry` input. */
  registry: string;
  environment: string;
  /** Model name in the registry; default the candidate's (metrics file `model.name`). */
  model?: string;
  timeouts?: NetworkTimeouts;
}

export type RegistryBaseline =
  | { deployed: false; reason: string }
  | {
      deployed: true;
      version: string;
      metrics: LoadedMetrics;
      /** Undefined when the version stores no predictions file. */
      predictions?: LoadedPredictions;
    };

function modelName(options: RegistryBaselineOptions, candidate: LoadedMetrics): string {
  const name = options.model ?? candidate.model?.name;
  if (typeof name !== 'string' || name === '') {
    throw new UserError(
      `'${candidate.source}' names no model, so the registry baseline needs the model's name: give the model input.`,
      'model',
    );
  }
  return checkName('model name', name, 'model');
}

/** Reads the baseline of `baseline: registry`; `{deployed: false}` when nothing is deployed yet. */
export async function readRegistryBaseline(
  options: RegistryBaselineOptions,
  candidate: LoadedMetrics,
  log: Logger,
): Promise<RegistryBaseline> {
  const environment = checkName('environment', options.environment, 'environment');
  const model = modelName(options, candidate);
  const registry = openRegistry(options.registry, {
    input: 'registry',
    timeouts: options.timeouts,
    logger: log,
  });
  const alias = (await registry.readAlias(model, environment))?.alias;
  if (!alias) {
    return {
      deployed: false,
      reason: `no version of ${model} is deployed to '${environment}' in ${registry.uri}`,
    };
  }
  const { version, digest } = alias;
  const { manifest } = await verifyStoredVersion(registry.store, model, version, {
    expectedDigest: digest,
    purpose: `use ${model} ${version}, deployed to '${environment}', as the gate's baseline`,
    logger: log,
  });
  const source = `${registry.uri} ${model} ${version} (${environment})`;
  if (!manifest.metrics || Object.keys(manifest.metrics).length === 0) {
    throw new UserError(
      `${model} ${version}, deployed to '${environment}' in ${registry.uri}, stores no metrics in its manifest: package it with build-artifact's metrics input (smoke-test's metrics.json), or give a baseline file.`,
      'baseline',
    );
  }
  const metrics: LoadedMetrics = {
    source,
    structured: true,
    metrics: manifest.metrics,
    model: { name: model, version, digest },
  };
  log.info(`Baseline: ${model} ${version} (${digest}), deployed to ${environment}.`);
  const listed = manifest.files.find((f) => f.path === manifest.predictions);
  if (!listed) return { deployed: true, version, metrics };

  const key = joinKey(versionPrefix(model, version), listed.path);
  const body = (await registry.store.get(key))?.body;
  // Verified a moment ago; the bytes read now must still be those bytes.
  if (!body || createHash('sha256').update(body).digest('hex') !== listed.sha256) {
    throw new StoredVersionError(
      `${registry.uri}/${key} changed since ${model} ${version} was verified; run the gate again, and if it persists restore the version from its package.`,
    );
  }
  const predictions = parsePredictions(
    'baseline',
    `${source} ${listed.path}`,
    body.toString('utf8'),
    candidate.classNames,
  );
  return { deployed: true, version, metrics, predictions };
}
