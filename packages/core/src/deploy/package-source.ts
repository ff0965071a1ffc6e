import { downloadPackage } from '../artifact/download-package.js';
import { resolveInputPath, workspaceDir } from '../inputs/input-files.js';
import type { Logger } from '../runner/logger.js';
import { scratchDir } from '../runner/work-dir.js';
import type { PackageCheck } from './release-target.js';

/** Where deploy's model package comes from: exactly one of `package`, `artifactName`, `artifactId`. */
export interface PackageSource {
  /** A package directory (relative to the workspace). */
  package?: string;
  /** An artifact of this run. */
  artifactName?: string;
  /** An artifact of the repository, read with `token` (needs actions: read). */
  artifactId?: number;
  token?: string;
  /** Longest wait for one GitHub API request, in ms. */
  requestTimeoutMs?: number;
  /** Longest time finding, then downloading, the artifact may each take, in ms. */
  deadlineMs?: number;
}

/** Pre-deploy validation: a data file run through the model, held against a gate policy. */
export interface ValidationSource {
  data?: string;
  policy?: string;
  features?: string[];
  labelColumn?: string;
}

/**
 * The package directory to deploy: the one given, or the artifact downloaded (and checked
 * against its upload digest and manifest) into the step's scratch directory (removed when the
 * action ends, see runner/work-dir.ts).
 */
export async function packageDirectory(source: PackageSource, log: Logger): Promise<string> {
  if (source.package) return resolveInputPath(source.package);
  const destination = await scratchDir('deploy-package');
  const bounds = { requestTimeoutMs: source.requestTimeoutMs, deadlineMs: source.deadlineMs };
  const downloaded = await downloadPackage(
    source.artifactName !== undefined
      ? { destination, name: source.artifactName, logger: log, ...bounds }
      : { destination, artifactId: source.artifactId, token: source.token, logger: log, ...bounds },
  );
  log.info(
    `Downloaded artifact ${downloaded.artifactName} (id ${downloaded.artifactId}) to ${downloaded.dir}.`,
  );
  return downloaded.dir;
}

/** Pre-deploy validation (data + policy), when both are given. */
export function preDeployCheck(
  validation: ValidationSource,
  log: Logger,
): PackageCheck | undefined {
  const { data, policy } = validation;
  if (!data || !policy) return undefined;
  return async (dir, manifest) => {
    // Loaded only when asked for: it brings the model runtime (TF.js, WASM) with it.
    const { validateBeforeDeploy } = await import('./pre-deploy-validation.js');
    const outcome = await validateBeforeDeploy(dir, manifest, {
      data,
      policy,
      features: validation.features,
      labelColumn: validation.labelColumn,
      workspace: workspaceDir(),
      outputDir: await scratchDir('deploy-validation'),
      log,
    });
    log.info(`Pre-deploy validation passed (metrics: ${outcome.metricsFile}).`);
  };
}
