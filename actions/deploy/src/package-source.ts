import { resolveInputPath } from '@ml-actions/core/inputs/input-files.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import type { PackageCheck } from '@ml-actions/core/registry/release-target.js';
import type { DeployInputs } from './inputs.js';

/** The package directory to deploy: the one given, or the artifact downloaded into RUNNER_TEMP. */
export async function packageDirectory(inputs: DeployInputs): Promise<string> {
  if (inputs.package) return resolveInputPath(inputs.package);
  throw new UserError(
    'downloading the package from a workflow artifact is not available in this version; download it with actions/download-artifact and pass the directory as package.',
    inputs.artifactName ? 'artifact-name' : 'artifact-id',
  );
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
