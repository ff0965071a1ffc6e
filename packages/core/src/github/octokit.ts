import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** How many times a rate-limited request is tried again before giving up. */
const RATE_LIMIT_RETRIES = 3;
/** Longest wait we accept for a rate limit to reset; beyond it the job would just hang. */
const MAX_RATE_LIMIT_WAIT_S = 120;

/**
 * The suite's Octokit: GITHUB_API_URL-aware (GHES, emulator), 5xx retried with backoff by
 * plugin-retry, primary and secondary rate limits waited out by plugin-throttling.
 * Writes are only retried on answers that mean "not done" (5xx before the side effect,
 * 403/429 rate limits), so a retry cannot duplicate a comment or an issue.
 */
export function createGitHubClient(token: string): GitHubClient {
  const retryOnLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method?: string; url?: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const wait = `${retryAfter}s`;
      if (retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S) {
        core.info(
          `GitHub ${kind} rate limit on ${options.method} ${options.url}; retrying in ${wait}.`,
        );
        return true;
      }
      core.warning(
        `GitHub ${kind} rate limit on ${options.method} ${options.url}; giving up (reset in ${wait}).`,
      );
      return false;
    };
  return getOctokit(
    token,
    {
      // Read at call time (not at import like @actions/github's defaults) so GHES and
      // emulators set after start-up are honoured.
      baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      throttle: {
        onRateLimit: retryOnLimit('primary'),
        onSecondaryRateLimit: retryOnLimit('secondary'),
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      log: {
        // Octokit's own request log is noise in a job log; keep warnings and errors.
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => core.warning(message),
        error: (message: string) => core.error(message),
      },
    },
    retry,
    throttling,
  );
}

/** HTTP status of an Octokit error, if it has one. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * True when GitHub refused a write because the token may not write here: a fork PR's
 * read-only token, or a workflow whose `permissions:` leave out what we need.
 */
export function isPermissionDenied(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === 401) return true;
  if (status !== 403 && status !== 404) return false;
  const message = String((error as Error)?.message ?? '');
  return /Resource not accessible by (integration|personal access token)|Must have admin rights|permission/i.test(
    message,
  );
}
