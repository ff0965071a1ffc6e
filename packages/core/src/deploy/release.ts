import { ServiceError, UserError } from '../inputs/user-error.js';
import { GitHubDeployment } from '../github/deployments.js';
import type { GitHubClient } from '../github/octokit.js';
import { describeGitHubFailure, httpStatus, isPermissionDenied } from '../github/octokit.js';
import type { ModelRegistry } from '../registry/model-registry.js';
import type { AliasRecord } from '../registry/registry-records.js';
import type { Logger } from '../runner/logger.js';
import type { EndpointCheck } from './endpoint-validation.js';
import { waitForHealthy } from './health-check.js';

/**
 * One release: move an environment's alias to a version already complete in the registry,
 * record it as a GitHub Deployment, check the service afterwards and put the previous
 * version back when the check fails. deploy, promote and rollback all end here; they
 * differ only in how the target version was chosen.
 */
export type ReleaseOperation = 'deploy' | 'promote' | 'rollback';
export type ReleaseStatus = 'deployed' | 'unchanged' | 'rolled-back' | 'failed';

export interface GitHubDeploymentOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  ref: string;
  environmentUrl?: string;
  logUrl?: string;
}

export interface ReleaseRequest {
  registry: ModelRegistry;
  operation: ReleaseOperation;
  model: string;
  environment: string;
  version: string;
  digest: string;
  reason: string;
  actor?: string;
  runUrl?: string;
  github?: GitHubDeploymentOptions;
  healthCheck?: {
    url: string;
    timeoutMs: number;
    intervalMs?: number;
    /** Longest wait for one probe (capped by what is left of timeoutMs). */
    requestTimeoutMs?: number;
  };
  /** After the health check: the validation data against the serving endpoint (a failure reason, or undefined). */
  endpointCheck?: EndpointCheck;
  rollbackOnFailure: boolean;
  log: Logger;
}

export interface ReleaseResult {
  status: ReleaseStatus;
  model: string;
  environment: string;
  version: string;
  digest: string;
  /** What the alias named before this release (null: it did not exist). */
  previousVersion: string | null;
  registryUri: string;
  deploymentId?: number;
  /** Why the release failed or was rolled back. */
  failure?: string;
  /** The alias as it is when the release ends. */
  alias?: AliasRecord;
}

/**
 * GitHub failing (5xx after plugin-retry's retries, or no connection at all) is a service
 * failure: one line naming the call and what to check. Anything else passes through.
 */
function gitHubServiceError(error: unknown, call: string): unknown {
  const status = httpStatus(error);
  if (status === 401) return describeGitHubFailure(error, call);
  if (status === undefined || status < 500) return error;
  const answered = (error as { response?: unknown }).response !== undefined;
  return new ServiceError(
    answered
      ? `GitHub answered HTTP ${status} to ${call}, retries included: GitHub may be having trouble (https://www.githubstatus.com); run the job again later, or set 'github-deployment: false' to deploy without a GitHub Deployment.`
      : `Could not reach the GitHub API for ${call} (${(error as Error).message}): check GITHUB_API_URL and the runner's network, or set 'github-deployment: false'.`,
    { cause: error },
  );
}

async function createDeployment(request: ReleaseRequest, previous: string | null) {
  const github = request.github!;
  try {
    return await GitHubDeployment.create(
      github.client,
      {
        owner: github.owner,
        repo: github.repo,
        ref: github.ref,
        environment: request.environment,
        description: `${request.operation} ${request.model} ${request.version} to ${request.environment}`,
        payload: {
          model: request.model,
          version: request.version,
          digest: request.digest,
          previous_version: previous,
          registry: request.registry.uri,
          operation: request.operation,
        },
        environmentUrl: github.environmentUrl,
        logUrl: github.logUrl,
      },
      request.log,
    );
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new UserError(
        "the token may not create deployments: give the job 'permissions: deployments: write', or set 'github-deployment: false'.",
        'github-token',
      );
    }
    throw gitHubServiceError(error, 'creating the GitHub Deployment');
  }
}

export async function runRelease(request: ReleaseRequest): Promise<ReleaseResult> {
  const { registry, model, environment, version, digest } = request;
  const current = (await registry.readAlias(model, environment))?.alias;
  const base: ReleaseResult = {
    status: 'unchanged',
    model,
    environment,
    version,
    digest,
    previousVersion: current?.version ?? null,
    registryUri: registry.uri,
  };
  const moveRequest = {
    model,
    environment,
    version,
    digest,
    operation: request.operation,
    reason: request.reason,
    actor: request.actor,
    runUrl: request.runUrl,
  };
  if (current && current.version === version && current.digest === digest) {
    // Still goes through moveAlias: it finishes the history of an interrupted earlier deploy.
    const same = await registry.moveAlias({ ...moveRequest, deploymentId: current.deployment_id });
    if (!same.changed) {
      request.log.info(`${environment} already names ${model} ${version}; nothing to move.`);
      return { ...base, previousVersion: current.previous, alias: current };
    }
  }

  // A tampered stored version is refused before anything is recorded, GitHub Deployment included.
  if (request.github) await registry.verifyVersion(model, version, digest);
  const deployment = request.github
    ? await createDeployment(request, current?.version ?? null)
    : undefined;
  const result: ReleaseResult = { ...base, deploymentId: deployment?.id };
  try {
    await deployment?.setStatus('in_progress', `Moving ${environment} to ${model} ${version}`);
  } catch (error) {
    throw gitHubServiceError(error, `setting GitHub Deployment ${deployment?.id} to in_progress`);
  }

  let moved;
  try {
    moved = await registry.moveAlias({
      ...moveRequest,
      deploymentId: deployment?.id ?? null,
      // A rollback undoes what the operator saw; if the alias moved since, leave it alone.
      ...(request.operation === 'rollback' ? { expectCurrent: current?.version ?? null } : {}),
    });
  } catch (error) {
    await deployment?.setStatusQuietly('error', `Alias not moved: ${(error as Error).message}`);
    throw error;
  }
  result.previousVersion = moved.previous?.version ?? null;
  result.alias = moved.alias;
  request.log.info(
    `${environment}: ${moved.previous?.version ?? '(none)'} -> ${version} (${digest}) in ${registry.uri}`,
  );

  if (request.healthCheck) {
    const health = await waitForHealthy({
      url: request.healthCheck.url,
      expectedVersion: version,
      timeoutMs: request.healthCheck.timeoutMs,
      intervalMs: request.healthCheck.intervalMs,
      requestTimeoutMs: request.healthCheck.requestTimeoutMs,
      log: request.log,
    });
    if (!health.healthy) {
      return failAfterHealthCheck(
        request,
        result,
        moved.previous,
        deployment,
        `health check failed after ${health.attempts} attempt(s): ${health.detail}`,
      );
    }
    request.log.info(`Health check passed: ${health.detail}`);
  }
  const endpointFailure = await runEndpointCheck(request.endpointCheck);
  if (endpointFailure) {
    return failAfterHealthCheck(request, result, moved.previous, deployment, endpointFailure);
  }
  // The alias has moved: a status GitHub would not take is a warning, not a failed deploy.
  await deployment?.setStatusQuietly('success', `${model} ${version} is live in ${environment}`);
  return { ...result, status: 'deployed' };
}

/** A validation that could not run (no data file, no connection) fails the release the same way. */
async function runEndpointCheck(check: EndpointCheck | undefined): Promise<string | undefined> {
  try {
    return await check?.();
  } catch (error) {
    if (!(error instanceof UserError || error instanceof ServiceError)) throw error;
    return `endpoint validation could not run: ${error.message}`;
  }
}

async function failAfterHealthCheck(
  request: ReleaseRequest,
  result: ReleaseResult,
  previous: AliasRecord | undefined,
  deployment: GitHubDeployment | undefined,
  reason: string,
): Promise<ReleaseResult> {
  const { registry, model, environment, version } = request;
  const canRollBack = request.rollbackOnFailure && request.operation !== 'rollback' && previous;
  if (!canRollBack) {
    const why = !request.rollbackOnFailure
      ? 'rollback-on-failure is false'
      : previous
        ? 'this was already a rollback'
        : 'there is no previous version';
    const failure = `${reason}; ${environment} still names ${version} (${why})`;
    await deployment?.setStatusQuietly('failure', failure);
    return { ...result, status: 'failed', failure };
  }
  try {
    const back = await registry.moveAlias({
      model,
      environment,
      version: previous.version,
      digest: previous.digest,
      operation: 'rollback',
      reason: `automatic rollback: ${reason}`,
      actor: request.actor,
      runUrl: request.runUrl,
      deploymentId: deployment?.id ?? null,
      expectCurrent: version,
    });
    const failure = `${reason}; rolled ${environment} back to ${previous.version}`;
    request.log.info(failure);
    await deployment?.setStatusQuietly('failure', failure);
    return { ...result, status: 'rolled-back', failure, alias: back.alias };
  } catch (error) {
    const failure = `${reason}; the rollback to ${previous.version} failed too: ${(error as Error).message}`;
    await deployment?.setStatusQuietly('failure', failure);
    return { ...result, status: 'failed', failure };
  }
}
