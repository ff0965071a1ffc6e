import * as core from '@actions/core';
import { endpointCheck } from '@ml-actions/core/deploy/endpoint-validation.js';
import { packageDirectory, preDeployCheck } from '@ml-actions/core/deploy/package-source.js';
import {
  runRelease,
  type GitHubDeploymentOptions,
  type ReleaseResult,
} from '@ml-actions/core/deploy/release.js';
import { chooseTarget } from '@ml-actions/core/deploy/release-target.js';
import { hasRepository, readRunContext, runUrl } from '@ml-actions/core/github/context.js';
import { createGitHubClient } from '@ml-actions/core/github/octokit.js';
import { openRegistry } from '@ml-actions/core/registry/open-registry.js';
import { renderReleaseSummary } from '@ml-actions/core/report/release-summary.js';
import type { ActionOutcome } from '@ml-actions/core/runner/action-outcome.js';
import { actionsLogger } from '@ml-actions/core/runner/actions-logger.js';
import { appendJobSummary } from '@ml-actions/core/runner/job-summary.js';
import { suiteInvocation } from '@ml-actions/core/runner/suite-invocation.js';
import { neutraliseWorkflowCommands } from '@ml-actions/core/runner/workflow-commands.js';
import { readDeployInputs, type DeployInputs } from './inputs.js';

const log = actionsLogger;

/** What is known so far, for the outputs and the summary of a deploy that stopped early. */
interface Progress {
  environment?: string;
  registryUri?: string;
}

export async function run(): Promise<ActionOutcome> {
  const progress: Progress = {};
  try {
    return await deploy(progress);
  } catch (error) {
    // Whatever stopped the deploy, a workflow can branch on `status`, and the summary says why.
    core.setOutput('status', 'failed');
    if (progress.environment !== undefined) {
      await writeSummary({
        status: 'failed',
        environment: progress.environment,
        registryUri: progress.registryUri,
        failure: error instanceof Error ? error.message : String(error),
      });
    }
    throw error;
  }
}

async function writeSummary(data: Parameters<typeof renderReleaseSummary>[0]): Promise<void> {
  try {
    await appendJobSummary(renderReleaseSummary(data, suiteInvocation()));
  } catch (error) {
    // The summary must not hide what happened to the deploy.
    log.warning(`Could not write the job summary: ${(error as Error).message}`);
  }
}

function writeOutputs(result: ReleaseResult): void {
  core.setOutput('version', result.version);
  core.setOutput('previous-version', result.previousVersion ?? '');
  core.setOutput('digest', result.digest);
  core.setOutput(
    'deployment-id',
    result.deploymentId === undefined ? '' : String(result.deploymentId),
  );
  core.setOutput('status', result.status);
}

function githubDeployment(
  inputs: DeployInputs,
  context: Awaited<ReturnType<typeof readRunContext>>,
): GitHubDeploymentOptions | undefined {
  if (!inputs.githubDeployment) return undefined;
  if (!inputs.githubToken || !hasRepository(context)) {
    log.info('No GitHub token or repository: no GitHub Deployment is recorded.');
    return undefined;
  }
  return {
    // Each request is bounded by request-timeout and never retried after a timeout (a write
    // that timed out may have happened); network-deadline bounds the deploy's GitHub calls.
    client: createGitHubClient(inputs.githubToken, {
      log,
      requestTimeoutMs: inputs.requestTimeoutS * 1000,
      deadline: Date.now() + inputs.networkDeadlineS * 1000,
    }),
    owner: context.owner,
    repo: context.repo,
    ref: context.sha ?? context.ref ?? 'HEAD',
    environmentUrl: inputs.environmentUrl,
    logUrl: runUrl(context),
  };
}

async function deploy(progress: Progress): Promise<ActionOutcome> {
  const inputs = await readDeployInputs();
  progress.environment = inputs.environment;
  for (const warning of inputs.warnings) log.warning(warning);
  const context = await readRunContext();
  const registry = openRegistry(inputs.registry, {
    input: 'registry',
    logger: log,
    timeouts: {
      requestTimeoutMs: inputs.requestTimeoutS * 1000,
      deadlineMs: inputs.networkDeadlineS * 1000,
    },
  });
  progress.registryUri = registry.uri;
  core.setOutput('registry-uri', registry.uri);

  const validation = {
    data: inputs.validateData,
    policy: inputs.validatePolicy,
    features: inputs.validateFeatures,
    labelColumn: inputs.validateLabelColumn,
  };
  const target = await chooseTarget(registry, {
    operation: inputs.operation,
    environment: inputs.environment,
    model: inputs.model,
    packageDir: () =>
      packageDirectory(
        {
          package: inputs.package,
          artifactName: inputs.artifactName,
          artifactId: inputs.artifactId,
          token: inputs.githubToken,
          requestTimeoutMs: inputs.requestTimeoutS * 1000,
          deadlineMs: inputs.networkDeadlineS * 1000,
        },
        log,
      ),
    check: preDeployCheck(validation, log),
    fromEnvironment: inputs.fromEnvironment,
    toVersion: inputs.toVersion,
  });

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
    github: githubDeployment(inputs, context),
    healthCheck: inputs.healthCheckUrl
      ? {
          url: inputs.healthCheckUrl,
          timeoutMs: inputs.healthTimeoutS * 1000,
          requestTimeoutMs: inputs.requestTimeoutS * 1000,
        }
      : undefined,
    endpointCheck: inputs.validateEndpoint
      ? await endpointCheck(inputs.validateEndpoint, validation, log)
      : undefined,
    rollbackOnFailure: inputs.rollbackOnFailure,
    log,
  });

  writeOutputs(result);
  await writeSummary({ ...result, liveVersion: result.alias?.version });

  if (result.status === 'failed' || result.status === 'rolled-back') {
    // The reason may quote the service's answer: keep it inert wherever the line is shown.
    return {
      failure: neutraliseWorkflowCommands(
        `Deploy of ${result.model} ${result.version} to ${result.environment} failed: ${result.failure}.`,
      ),
    };
  }
  return {};
}
