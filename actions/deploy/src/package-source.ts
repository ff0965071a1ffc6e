import * as core from '@actions/core';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadPackage } from '@ml-actions/core/artifact/download-package.js';
import { resolveInputPath } from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import type { PackageCheck } from '@ml-actions/core/registry/release-target.js';
import type { DeployInputs } from './inputs.js';

/**
 * The package directory to deploy: the one given, or the artifact downloaded (and checked
 * against its upload digest and manifest) into RUNNER_TEMP. By name: an artifact of this run.
 * By id: any artifact of the repository, read with github-token (needs actions: read).
 */
export async function packageDirectory(inputs: DeployInputs): Promise<string> {
  if (inputs.package) return resolveInputPath(inputs.package);
  const destination = path.join(
    process.env.RUNNER_TEMP || os.tmpdir(),
    `ml-deploy-${randomUUID()}`,
  );
  const downloaded = await downloadPackage(
    inputs.artifactName !== undefined
      ? { destination, name: inputs.artifactName }
      : { destination, artifactId: inputs.artifactId, token: inputs.githubToken },
  );
  core.info(
    `Downloaded artifact ${downloaded.artifactName} (id ${downloaded.artifactId}) to ${downloaded.dir}.`,
  );
  return downloaded.dir;
}

/** Pre-deploy validation (validate-data + validate-policy), when asked for. */
export function preDeployCheck(inputs: DeployInputs): PackageCheck | undefined {
  if (!inputs.validateData) return undefined;
  return async () => {
    throw new UserError(
      'pre-deploy validation is not available in this version; run smoke-test and gate before deploy instead.',
      'validate-data',
    );
  };
}
