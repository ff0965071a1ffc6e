import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { ServiceError } from '../inputs/user-error.js';

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
export interface GitHubClientLimits {
  /** Longest wait for one HTTP request; a request that takes longer is aborted (and retried). */
  requestTimeoutMs?: number;
  /** Longest one call may take in all, retries and rate-limit waits included. */
  deadlineMs?: number;
}

type RequestFn = (options: RequestOptions) => Promise<unknown>;
interface RequestOptions {
  method?: string;
  url?: string;
  request?: { signal?: AbortSignal; deadline?: AbortSignal };
  [key: string]: unknown;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Registered before plugin-retry and plugin-throttling, so its hook runs inside theirs, once
 * per attempt: each attempt gets its own timeout signal, joined with the call's deadline (set
 * by the outermost hook). Once the deadline has passed, an attempt fails with an error that is
 * not a RequestError, which plugin-retry does not retry. Hooks share one options object per
 * call, and the auth hook inside this one reads that object, so the signal is set on it.
 */
function requestTimeoutPlugin(
  octokit: { hook: { wrap: (name: 'request', fn: unknown) => void } },
  options: { requestTimeoutMs?: number; deadlineMs?: number },
) {
  const ms = options.requestTimeoutMs;
  if (!ms && !options.deadlineMs) return {};
  const pastDeadline = () =>
    Object.assign(new Error('the network deadline has passed'), { name: 'AbortError' });
  octokit.hook.wrap('request', async (request: RequestFn, opts: RequestOptions) => {
    const deadline = opts.request?.deadline;
    if (deadline?.aborted) throw pastDeadline();
    const signals = [deadline, ms ? AbortSignal.timeout(ms) : undefined].filter(
      (x): x is AbortSignal => x !== undefined,
    );
    opts.request = { ...opts.request, signal: AbortSignal.any(signals) };
    try {
      return await request(opts);
    } catch (error) {
      if (deadline?.aborted) throw pastDeadline();
      throw error;
    }
  });
  return {};
}

function isTimeout(error: unknown): boolean {
  const e = error as { name?: string; message?: string; cause?: { name?: string } };
  return (
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    e?.cause?.name === 'TimeoutError' ||
    /aborted due to timeout|operation was aborted/i.test(String(e?.message ?? ''))
  );
}

export function createGitHubClient(token: string, limits: GitHubClientLimits = {}): GitHubClient {
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
  const client = getOctokit(
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
      requestTimeoutMs: limits.requestTimeoutMs,
      deadlineMs: limits.deadlineMs,
    },
    requestTimeoutPlugin as never,
    retry,
    throttling,
  );
  const { requestTimeoutMs, deadlineMs } = limits;
  if (requestTimeoutMs || deadlineMs) {
    // The outermost hook: one deadline for the call with all its retries, and a timeout
    // reported as one line that names the call.
    client.hook.wrap('request', async (request, options) => {
      const call = `${options.method} ${String(options.url).replace(/\?.*$/, '')}`;
      const deadline = deadlineMs ? AbortSignal.timeout(deadlineMs) : undefined;
      if (deadline) {
        // Hooks share one options object per call; the inner hook joins this to each attempt.
        options.request = { ...options.request, deadline } as typeof options.request;
      }
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        if (!deadlineMs) return;
        timer = setTimeout(
          () =>
            reject(
              new ServiceError(
                `GitHub API ${call} did not finish within the network deadline of ${seconds(deadlineMs)}: check GITHUB_API_URL and https://www.githubstatus.com, or raise network-deadline.`,
              ),
            ),
          deadlineMs,
        );
      });
      try {
        return await Promise.race([request(options), expired]);
      } catch (error) {
        if (isTimeout(error)) {
          throw new ServiceError(
            deadline?.aborted && deadlineMs
              ? `GitHub API ${call} did not finish within the network deadline of ${seconds(deadlineMs)}: check GITHUB_API_URL and https://www.githubstatus.com, or raise network-deadline.`
              : `GitHub API ${call} did not answer within the request timeout of ${seconds(requestTimeoutMs ?? 0)}, retries included: check GITHUB_API_URL and https://www.githubstatus.com, or raise request-timeout.`,
            { cause: error },
          );
        }
        throw error;
      } finally {
        clearTimeout(timer);
      }
    });
  }
  return client;
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
