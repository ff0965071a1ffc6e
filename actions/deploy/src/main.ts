import * as core from '@actions/core';
import { createGitHubClient } from '@ml-actions/core/github/octokit.js';
import { hasRepository, readRunContext, runUrl } from '@ml-actions/core/github/context.js';
import { UserError } from '@ml-actions/core/inputs/user-error.js';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { runRelease, type GitHubDeploymentOptions } from '@ml-actions/core/registry/release.js';
import { renderReleaseSummary } from '@ml-actions/core/registry/release-summary.js';
import {
  resolveModel,
  targetForRollback,
  targetFromEnvironment,
  targetFromPackage,
  type ReleaseTarget,
} from '@ml-actions/core/registry/release-target.js';
import type { ModelRegistry } from '@ml-actions/core/registry/model-registry.js';
import { actionsLogger } from '@ml-actions/core/runner/actions-logger.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';
import { readDeployInputs, type DeployInputs } from './inputs.js';
import { packageDirectory, preDeployCheck } from './package-source.js';

/** The release ran and reported its failure (outputs already set); one line for the log. */
class DeployFailed extends UserError {}

async function chooseTarget(inputs: DeployInputs, registry: ModelRegistry): Promise<ReleaseTarget> {
  switch (inputs.operation) {
    case 'deploy':
      return targetFromPackage(
        registry,
        await packageDirectory(inputs),
        preDeployCheck(inputs),
        inputs.model,
      );
    case 'promote':
      return targetFromEnvironment(
        registry,
        await resolveModel(registry, inputs.model),
        inputs.fromEnvironment!,
      );
    case 'rollback':
      return targetForRollback(
        registry,
        await resolveModel(registry, inputs.model),
        inputs.environment,
        inputs.toVersion,
      );
  }
}

export async function run(): Promise<void> {
  try {
    await deploy();
  } catch (error) {
    // Whatever stopped the deploy, a workflow can branch on `status`.
    if (!(error instanceof DeployFailed)) core.setOutput('status', 'failed');
    throw error;
  }
}

async function deploy(): Promise<void> {
  const inputs = readDeployInputs();
  const context = await readRunContext();
  const registry = openRegistry(inputs.registry, { input: 'registry', logger: actionsLogger });
  core.setOutput('registry-uri', registry.uri);
  const target = await chooseTarget(inputs, registry);

  let github: GitHubDeploymentOptions | undefined;
  if (inputs.githubDeployment && inputs.githubToken && hasRepository(context)) {
    github = {
      client: createGitHubClient(inputs.githubToken),
      owner: context.owner,
      repo: context.repo,
      ref: context.sha ?? context.ref ?? 'HEAD',
      environmentUrl: inputs.environmentUrl,
      logUrl: runUrl(context),
    };
  } else if (inputs.githubDeployment) {
    core.info('No GitHub token or repository: no GitHub Deployment is recorded.');
  }

  const result = await runRelease({
    registry,
    operation: inputs.operation,
    model: target.model,
    environment: inputs.environment,
    version: target.version,
    digest: target.digest,
    reason: target.reason,
    actor: context.actor,
    runUrl: runUrl(context),
    github,
    healthCheck: inputs.healthCheckUrl
      ? { url: inputs.healthCheckUrl, timeoutMs: inputs.healthTimeoutS * 1000 }
      : undefined,
    rollbackOnFailure: inputs.rollbackOnFailure,
    log: (message) => core.info(message),
  });

  core.setOutput('version', result.version);
  core.setOutput('previous-version', result.previousVersion ?? '');
  core.setOutput('digest', result.digest);
  core.setOutput(
    'deployment-id',
    result.deploymentId === undefined ? '' : String(result.deploymentId),
  );
  core.setOutput('status', result.status);
  await appendJobSummary(renderReleaseSummary(result));

  if (result.status === 'failed' || result.status === 'rolled-back') {
    throw new DeployFailed(
      `Deploy of ${result.model} ${result.version} to ${result.environment} failed: ${result.failure}.`,
    );
  }
}
