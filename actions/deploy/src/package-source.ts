import * as core from '@actions/core';
import { downloadPackage } from '@ml-actions/core/artifact/download-package.js';
import { resolveInputPath, workspaceDir } from '@ml-actions/core/inputs/input-files.js';
import { actionsLogger } from '@ml-actions/core/runner/actions-logger.js';
import { scratchDir } from '@ml-actions/core/runner/work-dir.js';
import type { PackageCheck } from '@ml-actions/core/registry/release-target.js';
import type { DeployInputs } from './inputs.js';

/**
 * The package directory to deploy: the one given, or the artifact downloaded (and checked
 * against its upload digest and manifest) into the step's scratch directory (removed when the
 * step ends). By name: an artifact of this run.
 * By id: any artifact of the repository, read with github-token (needs actions: read).
 */
export async function packageDirectory(inputs: DeployInputs): Promise<string> {
  if (inputs.package) return resolveInputPath(inputs.package);
  const destination = await scratchDir('deploy-package');
  const downloaded = await downloadPackage(
    inputs.artifactName !== undefined
      ? { destination, name: inputs.artifactName, logger: actionsLogger }
      : {
          destination,
          artifactId: inputs.artifactId,
          token: inputs.githubToken,
          logger: actionsLogger,
        },
  );
  core.info(
    `Downloaded artifact ${downloaded.artifactName} (id ${downloaded.artifactId}) to ${downloaded.dir}.`,
  );
  return downloaded.dir;
}

/** Pre-deploy validation (validate-data + validate-policy), when asked for. */
export function preDeployCheck(inputs: DeployInputs): PackageCheck | undefined {
  const { validateData, validatePolicy } = inputs;
  if (!validateData || !validatePolicy) return undefined;
  return async (dir, manifest) => {
    const outputDir = await scratchDir('deploy-validation');
    // Loaded only when asked for: it brings the model runtime (TF.js, WASM) with it.
    const { validateBeforeDeploy } =
      await import('@ml-actions/core/registry/pre-deploy-validation.js');
    const outcome = await validateBeforeDeploy(dir, manifest, {
      data: validateData,
      policy: validatePolicy,
      features: inputs.validateFeatures,
      labelColumn: inputs.validateLabelColumn,
      workspace: workspaceDir(),
      outputDir,
      log: (message) => core.info(message),
    });
    core.info(`Pre-deploy validation passed (metrics: ${outcome.metricsFile}).`);
  };
}
