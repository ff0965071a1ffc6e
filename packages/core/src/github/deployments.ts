import type { Logger } from '../runner/logger.js';
import type { GitHubClient } from './octokit.js';

/**
 * The GitHub Deployment that records one alias change where the team looks (the
 * repository's Environments page): created before the alias moves, then statuses
 * in_progress → success, or failure with the reason.
 */
export interface DeploymentPayload {
  model: string;
  version: string;
  digest: string;
  previous_version: string | null;
  registry: string;
  operation: string;
}

export interface DeploymentTarget {
  owner: string;
  repo: string;
  /** Commit or ref the deployment is for (the run's GITHUB_SHA). */
  ref: string;
  environment: string;
  payload: DeploymentPayload;
  description: string;
  environmentUrl?: string;
  logUrl?: string;
}

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'error';

/** GitHub cuts status descriptions at 140 characters; cut them ourselves with an ellipsis. */
function shortDescription(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 140 ? oneLine : `${oneLine.slice(0, 139)}…`;
}

export class GitHubDeployment {
  private constructor(
    private readonly client: GitHubClient,
    private readonly target: DeploymentTarget,
    readonly id: number,
    private readonly log: Logger,
  ) {}

  static async create(
    client: GitHubClient,
    target: DeploymentTarget,
    log: Logger,
  ): Promise<GitHubDeployment> {
    const response = await client.rest.repos.createDeployment({
      owner: target.owner,
      repo: target.repo,
      ref: target.ref,
      environment: target.environment,
      task: 'deploy:model',
      description: shortDescription(target.description),
      payload: { ...target.payload },
      // The model is what moves, not the branch: never merge, and the run's own checks gate it.
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
      production_environment: /^prod/i.test(target.environment),
    });
    const id = (response.data as { id?: number }).id;
    if (typeof id !== 'number') {
      // 202: GitHub merged the default branch instead of creating a deployment (cannot happen with auto_merge false).
      throw new Error(`GitHub did not create a deployment: ${JSON.stringify(response.data)}`);
    }
    return new GitHubDeployment(client, target, id, log);
  }

  async setStatus(state: DeploymentState, description: string): Promise<void> {
    await this.client.rest.repos.createDeploymentStatus({
      owner: this.target.owner,
      repo: this.target.repo,
      deployment_id: this.id,
      state,
      description: shortDescription(description),
      environment: this.target.environment,
      ...(this.target.environmentUrl ? { environment_url: this.target.environmentUrl } : {}),
      ...(this.target.logUrl ? { log_url: this.target.logUrl } : {}),
      auto_inactive: state === 'success',
    });
  }

  /** Like setStatus, for the failure path: a status that cannot be written must not hide the real error. */
  async setStatusQuietly(state: DeploymentState, description: string): Promise<void> {
    try {
      await this.setStatus(state, description);
    } catch (error) {
      this.log.warning(
        `Could not set deployment ${this.id} to '${state}': ${(error as Error).message}`,
      );
    }
  }
}
