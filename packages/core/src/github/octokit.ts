import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { ServiceError } from '../inputs/user-error.js';
import { formatSeconds } from '../report/format-number.js';
import { silentLogger, type Logger } from '../runner/logger.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** How many times a rate-limited request is tried again before giving up. */
const RATE_LIMIT_RETRIES = 3;
/** Longest wait we accept for a rate limit to reset; beyond it the job would just hang. */
const MAX_RATE_LIMIT_WAIT_S = 120;
/** Default time one request may take (the `request-timeout` inputs default to it too). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface GitHubClientOptions {
  /** Where retries and rate-limit waits are logged (default: nowhere). */
  log?: Logger;
  /** Each request is aborted when it has not answered after this long (default 30 s). */
  requestTimeoutMs?: number;
  /**
   * Absolute time (epoch ms) after which no request starts or goes on, and no rate-limit
   * wait is accepted: the action's total deadline.
   */
  deadline?: number;
}

/**
 * A request that did not answer in time (per-request timeout or the action's deadline).
 * Its name is `AbortError` on purpose: Octokit passes such errors through unchanged, and
 * plugin-retry does not retry them (a write that timed out may have happened).
 */
export class GitHubTimeoutError extends Error {
  constructor(
    readonly call: string,
    message: string,
  ) {
    super(message);
    this.name = 'AbortError';
  }
}

function describeCall(input: unknown, init?: { method?: string }): string {
  const raw = typeof input === 'string' ? input : String((input as { url?: string })?.url ?? input);
  let where = raw;
  try {
    where = new URL(raw).pathname;
  } catch {
    // keep the raw text
  }
  return `${(init?.method ?? 'GET').toUpperCase()} ${where}`;
}

/** `fetch` with a per-request timeout and a total deadline; a hang becomes a GitHubTimeoutError. */
export function boundedFetch(requestTimeoutMs: number, deadline?: number): typeof fetch {
  return async (input, init) => {
    const call = describeCall(input, init);
    const remaining = deadline === undefined ? Infinity : deadline - Date.now();
    if (remaining <= 0) {
      throw new GitHubTimeoutError(call, `${call} was not sent: the deadline had passed`);
    }
    const limit = Math.min(requestTimeoutMs, remaining);
    const byDeadline = limit < requestTimeoutMs;
    const controller = new AbortController();
    // Not cleared when the headers arrive: the body may still hang. unref() lets the
    // process end while it is pending.
    const timer = setTimeout(() => controller.abort(), limit);
    timer.unref();
    const signal = init?.signal
      ? AbortSignal.any([init.signal, controller.signal])
      : controller.signal;
    try {
      return await fetch(input, { ...init, signal });
    } catch (error) {
      if (controller.signal.aborted) {
        throw new GitHubTimeoutError(
          call,
          byDeadline
            ? `${call} did not answer before the action's deadline (timeout) ran out`
            : `${call} did not answer within ${formatSeconds(requestTimeoutMs)} (request-timeout)`,
        );
      }
      throw error;
    }
  };
}

/**
 * The suite's Octokit: GITHUB_API_URL-aware (GHES, emulator), 5xx retried with backoff by
 * plugin-retry, primary and secondary rate limits waited out by plugin-throttling, every
 * request bounded by a timeout and, when given, the action's deadline.
 * Writes are only retried on answers that mean "not done" (5xx before the side effect,
 * 403/429 rate limits), so a retry cannot duplicate a comment or an issue; a timed-out
 * request is never retried.
 */
export function createGitHubClient(token: string, options: GitHubClientOptions = {}): GitHubClient {
  const log = options.log ?? silentLogger;
  const { deadline } = options;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const retryOnLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method?: string; url?: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const wait = `${retryAfter}s`;
      const call = `${request.method} ${request.url}`;
      const beforeDeadline = deadline === undefined || Date.now() + retryAfter * 1000 < deadline;
      if (
        retryCount < RATE_LIMIT_RETRIES &&
        retryAfter <= MAX_RATE_LIMIT_WAIT_S &&
        beforeDeadline
      ) {
        log.info(`GitHub ${kind} rate limit on ${call}; retrying in ${wait}.`);
        return true;
      }
      log.warning(
        `GitHub ${kind} rate limit on ${call}; giving up (reset in ${wait}${beforeDeadline ? '' : ", after the action's deadline"}).`,
      );
      return false;
    };
  return getOctokit(
    token,
    {
      // Read at call time (not at import like @actions/github's defaults) so GHES and
      // emulators set after start-up are honoured.
      baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      request: { fetch: boundedFetch(requestTimeoutMs, deadline) },
      throttle: {
        onRateLimit: retryOnLimit('primary'),
        onSecondaryRateLimit: retryOnLimit('secondary'),
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      log: {
        // Octokit's own request log is noise in a job log; keep warnings and errors.
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => log.warning(message),
        error: (message: string) => log.warning(message),
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
 * read-only token, or a workflow whose `permissions:` leave out what we need. Never for a 401
 * (a bad or expired token, whatever the event): `describeGitHubFailure` says that.
 */
export function isPermissionDenied(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== 403 && status !== 404) return false;
  const message = String((error as Error)?.message ?? '');
  return /Resource not accessible by (integration|personal access token)|Must have admin rights|permission/i.test(
    message,
  );
}

/** A 403 "Resource not accessible by integration": what a fork PR's read-only token gets on writes. */
export function isNotAccessibleByIntegration(error: unknown): boolean {
  return (
    httpStatus(error) === 403 &&
    /Resource not accessible by integration/i.test(String((error as Error)?.message ?? ''))
  );
}

/** True for a request that did not answer within its timeout or the deadline. */
export function isGitHubTimeout(error: unknown): error is GitHubTimeoutError {
  return error instanceof GitHubTimeoutError;
}

/** The first line of an API message, without the documentation link Octokit appends. */
function firstLine(text: string): string {
  return text
    .split(/\r?\n/)[0]
    .replace(/ - https:\/\/docs\.github\.com\S*$/, '')
    .trim();
}

/**
 * One line saying which GitHub call failed and what to check, as a ServiceError: bad
 * credentials (401), a timeout, 5xx after retries, a refused or reset connection.
 * `doing` names the step, e.g. "posting the gate comment on PR #12".
 */
export function describeGitHubFailure(error: unknown, doing: string): ServiceError {
  const status = httpStatus(error);
  const message = firstLine(String((error as Error)?.message ?? error));
  const api = process.env.GITHUB_API_URL || 'https://api.github.com';
  let text: string;
  if (isGitHubTimeout(error)) {
    text = `GitHub did not answer while ${doing}: ${message}. Check ${api} (GitHub status, proxy, GHES host); raise request-timeout or timeout if it is only slow.`;
  } else if (status === 401) {
    text = `GitHub refused the token while ${doing} (401 ${message}): the github-token is invalid or expired; check the secret it comes from.`;
  } else if (status === undefined || !(error as { response?: unknown }).response) {
    // No HTTP answer at all (Octokit calls it a 500): refused, reset, DNS, TLS.
    const cause = (error as { cause?: { code?: unknown; cause?: { code?: unknown } } })?.cause;
    const code = cause?.code ?? cause?.cause?.code;
    text = `Could not reach GitHub at ${api} while ${doing}: ${message}${typeof code === 'string' ? ` (${code})` : ''}. Check GITHUB_API_URL and the network.`;
  } else if (status >= 500) {
    text = `GitHub answered ${status} while ${doing}, also after retries (${message}): GitHub or ${api} is failing; see https://www.githubstatus.com and re-run the job.`;
  } else {
    text = `GitHub answered ${status} while ${doing}: ${message}.`;
  }
  return new ServiceError(text, { cause: error });
}
