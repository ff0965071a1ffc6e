import { ArtifactNotFoundError, DefaultArtifactClient, type FindOptions } from '@actions/artifact';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGitHubClient, httpStatus } from '../github/octokit.js';
import { ServiceError, UserError } from '../inputs/user-error.js';
import { formatSeconds } from '../report/format-number.js';
import { beforeDeadline } from '../runner/before-deadline.js';
import { silentLogger, type Logger } from '../runner/logger.js';
import type { Manifest } from './manifest.js';
import { verifyPackage } from './verify-package.js';

export interface DownloadPackageOptions {
  /** Directory to download into; it must not exist yet or be empty. */
  destination: string;
  /** Artifact name: in this run, or in run `runId` when a token is given. */
  name?: string;
  /** Artifact id: in this run, or anywhere in `repository` when a token is given. */
  artifactId?: number;
  /** A token with `actions: read` on `repository`, for artifacts of other runs. */
  token?: string;
  /** owner/repo; defaults to GITHUB_REPOSITORY. */
  repository?: string;
  /** The run that made the artifact, to find it by name in another run. */
  runId?: number;
  /** Refuse the package unless its root digest is exactly this (`sha256:…`). */
  expectedDigest?: string;
  /** Receives the warning when the artifact has no recorded zip digest (default: silent). */
  logger?: Logger;
  /** Longest wait for one GitHub API request, in ms (default 30 s). */
  requestTimeoutMs?: number;
  /**
   * Longest time finding and downloading the artifact may each take, in ms, retries included
   * (the artifact client's requests have no timeout of their own). Default: unbounded.
   */
  deadlineMs?: number;
}

export interface DownloadedPackage {
  dir: string;
  manifest: Manifest;
  artifactId: number;
  artifactName: string;
}

interface Located {
  id: number;
  name: string;
  zipDigest?: string;
  findBy?: FindOptions['findBy'];
}

async function ensureEmpty(dir: string): Promise<string> {
  const resolved = path.resolve(dir);
  const entries = await fs.readdir(resolved).catch(() => undefined);
  if (entries && entries.length > 0) {
    throw new UserError(`Download directory ${resolved} is not empty; give a new or empty one.`);
  }
  await fs.mkdir(resolved, { recursive: true });
  return resolved;
}

/** Finds the artifact's id, name and the zip digest recorded at upload. */
async function locate(
  client: DefaultArtifactClient,
  options: DownloadPackageOptions,
): Promise<Located> {
  if (options.token) {
    const repository = options.repository ?? process.env.GITHUB_REPOSITORY ?? '';
    const [owner, repo] = repository.split('/');
    if (!owner || !repo) {
      throw new UserError(
        `Repository '${repository}' must be owner/repo to download from another run.`,
      );
    }
    const findBy = {
      token: options.token,
      repositoryOwner: owner,
      repositoryName: repo,
      workflowRunId: options.runId ?? 0,
    };
    if (options.artifactId !== undefined) {
      const client = createGitHubClient(options.token, {
        requestTimeoutMs: options.requestTimeoutMs,
        deadline: options.deadlineMs === undefined ? undefined : Date.now() + options.deadlineMs,
      });
      const { data } = await client.rest.actions.getArtifact({
        owner,
        repo,
        artifact_id: options.artifactId,
      });
      return { id: data.id, name: data.name, zipDigest: data.digest ?? undefined, findBy };
    }
    if (options.runId === undefined) {
      throw new UserError(
        `To download '${options.name}' from another run, give its run id or the artifact id.`,
      );
    }
    const { artifact } = await client.getArtifact(options.name as string, { findBy });
    return { id: artifact.id, name: artifact.name, zipDigest: artifact.digest, findBy };
  }
  if (options.artifactId !== undefined) {
    const { artifacts } = await client.listArtifacts();
    const artifact = artifacts.find((a) => a.id === options.artifactId);
    if (!artifact) {
      throw new ArtifactNotFoundError(`No artifact with id ${options.artifactId} in this run`);
    }
    return { id: artifact.id, name: artifact.name, zipDigest: artifact.digest };
  }
  const { artifact } = await client.getArtifact(options.name as string);
  return { id: artifact.id, name: artifact.name, zipDigest: artifact.digest };
}

/**
 * Downloads a model package artifact (by name in this run, or by id / run from elsewhere with a
 * token), refuses it when the zip's digest differs from the one recorded at upload, and verifies
 * every file against the manifest. Returns the verified manifest.
 */
export async function downloadPackage(options: DownloadPackageOptions): Promise<DownloadedPackage> {
  if (options.name === undefined && options.artifactId === undefined) {
    throw new UserError('Give an artifact name or an artifact id to download a model package.');
  }
  const dir = await ensureEmpty(options.destination);
  const client = new DefaultArtifactClient();
  const what = options.artifactId !== undefined ? `id ${options.artifactId}` : `'${options.name}'`;
  const bounded = <T>(call: string, work: Promise<T>): Promise<T> =>
    options.deadlineMs === undefined
      ? work
      : beforeDeadline(
          work,
          Date.now() + options.deadlineMs,
          () =>
            new ServiceError(
              `The artifact service did not answer ${call} within the network deadline of ${formatSeconds(options.deadlineMs!)}: check that it is up (https://www.githubstatus.com) and reachable from the runner (ACTIONS_RESULTS_URL), or raise network-deadline.`,
            ),
        );
  let located: Located;
  try {
    located = await bounded(`while finding artifact ${what}`, locate(client, options));
  } catch (error) {
    const status = httpStatus(error);
    if (error instanceof ArtifactNotFoundError || status === 404) {
      throw new UserError(
        `Model package artifact ${what} was not found (expired, deleted, or in another run: give a token with actions: read).`,
      );
    }
    if (error instanceof ServiceError || error instanceof UserError) throw error;
    if (status === 401 || status === 403) {
      throw new UserError(
        `Not allowed to read artifact ${what} (HTTP ${status}); the token needs actions: read on the repository.`,
      );
    }
    throw error;
  }
  if (!located.zipDigest) {
    (options.logger ?? silentLogger).warning(
      `Artifact ${located.name} has no recorded digest; relying on the manifest check alone.`,
    );
  }
  const result = await bounded(
    `while downloading artifact ${located.name} (id ${located.id})`,
    client.downloadArtifact(located.id, {
      path: dir,
      expectedHash: located.zipDigest,
      ...(located.findBy ? { findBy: located.findBy } : {}),
    }),
  );
  if (result.digestMismatch) {
    throw new UserError(
      `Artifact ${located.name} (id ${located.id}) does not match the digest recorded when it was uploaded; it was corrupted or replaced. Rebuild it.`,
    );
  }
  const manifest = await verifyPackage(dir, { expectedDigest: options.expectedDigest });
  return { dir, manifest, artifactId: located.id, artifactName: located.name };
}
