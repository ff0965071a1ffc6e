import type { Batch } from '../model/model-runtime.js';
import {
  decodeAnswer,
  encodeBatch,
  preview,
  protocolPath,
  type ProtocolOptions,
} from './serving-protocols.js';

/**
 * Sends batches to a model server and reads its predictions, one protocol (serving-protocols.ts)
 * at a time. Each request is bounded by `requestTimeoutMs`; 429, 5xx and refused or reset
 * connections are retried up to `retries` times, waiting what `Retry-After` asks (capped) or
 * else `backoffMs`·2^attempt. A request that times out is not retried: a server that slow fails
 * the latency requirement anyway, and waiting again would only multiply the wait. Records every
 * attempt, so the caller can report latency and the error rate.
 */
export interface EndpointOptions extends ProtocolOptions {
  /** The server's base URL (the protocol's path is appended unless the URL already ends with it). */
  url: string;
  requestTimeoutMs: number;
  retries: number;
  /** First pause before a retry (doubles each time). */
  backoffMs?: number;
  /** `Name: value`, or a bare value sent as `Authorization`. A secret: never logged. */
  authHeader?: string;
  log: (message: string) => void;
}

/** The server did not answer a batch usefully, retries included. One line; no secret in it. */
export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

export interface EndpointStats {
  /** Every HTTP attempt, retries included. */
  attempts: number;
  /** Attempts that failed (status, connection, timeout or an unusable answer). */
  failedAttempts: number;
  retries: number;
}

export interface EndpointAnswer {
  output: Batch;
  /** Time of the attempt that succeeded (the request and its answer, no backoff). */
  ms: number;
}

const MAX_WAIT_MS = 30_000;

export class EndpointClient {
  readonly stats: EndpointStats = { attempts: 0, failedAttempts: 0, retries: 0 };
  readonly target: string;
  private readonly url: string;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: EndpointOptions) {
    this.url = endpointUrl(options.url, protocolPath(options.protocol, options.modelName));
    this.target = displayUrl(this.url);
    this.headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (options.authHeader) {
      const { name, value } = splitAuthHeader(options.authHeader);
      this.headers[name.toLowerCase()] = value;
    }
  }

  /** The server's predictions for one batch; throws EndpointError when there are none. */
  async predict(batch: Batch, label: string): Promise<EndpointAnswer> {
    const body = JSON.stringify(encodeBatch(this.options, batch));
    const { retries, backoffMs = 500 } = this.options;
    for (let attempt = 0; ; attempt++) {
      this.stats.attempts += 1;
      const t0 = performance.now();
      const result = await this.attempt(body, batch.shape[0]);
      const ms = performance.now() - t0;
      if ('output' in result) return { output: result.output, ms };
      this.stats.failedAttempts += 1;
      const failure = `${this.target} ${result.problem} (${label}`;
      if (!result.retry || attempt >= retries) {
        const tries = attempt > 0 ? `, after ${attempt + 1} attempts` : '';
        throw new EndpointError(`${failure}${tries}).`);
      }
      const wait = Math.min(result.retryAfterMs ?? backoffMs * 2 ** attempt, MAX_WAIT_MS);
      this.stats.retries += 1;
      this.options.log(
        `Endpoint retry ${attempt + 1} of ${retries}: ${result.problem} (${label}); waiting ${Math.round(wait)} ms.`,
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async attempt(
    body: string,
    rows: number,
  ): Promise<{ output: Batch } | { problem: string; retry: boolean; retryAfterMs?: number }> {
    let response: Response;
    let text: string;
    const timeout = this.options.requestTimeoutMs;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: this.headers,
        body,
        signal: AbortSignal.timeout(timeout),
      });
      text = await response.text();
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        return { problem: `gave no answer within ${timeout} ms (request-timeout)`, retry: false };
      }
      // fetch says only "fetch failed"; the cause has the code (ECONNREFUSED, ECONNRESET).
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return {
        problem: `could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`,
        retry: true,
      };
    }
    const status = response.status;
    if (status === 429 || status >= 500) {
      return {
        problem: `answered HTTP ${status}${errorText(text)}`,
        retry: true,
        retryAfterMs: retryAfter(response.headers.get('retry-after')),
      };
    }
    if (status < 200 || status >= 300) {
      const hint =
        status === 401 || status === 403
          ? ': check auth-header'
          : status === 404
            ? ': check the endpoint URL, protocol and model-name'
            : '';
      return { problem: `answered HTTP ${status}${errorText(text)}${hint}`, retry: false };
    }
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      return {
        problem: `answered HTTP ${status} with a body that is not JSON (${text.length} bytes: ${preview(text)})`,
        retry: false,
      };
    }
    const decoded = decodeAnswer(this.options, answer, rows);
    if ('problem' in decoded) {
      return {
        problem: `gave an answer smoke-test cannot read: ${decoded.problem.replace(/\.$/, '')}`,
        retry: false,
      };
    }
    return { output: decoded.batch };
  }
}

/** The base URL with the protocol's path appended, unless it already ends with it. */
export function endpointUrl(base: string, suffix: string): string {
  const url = new URL(base);
  const pathname = url.pathname.replace(/\/+$/, '');
  if (suffix && !pathname.endsWith(suffix)) url.pathname = pathname + suffix;
  return url.toString();
}

/** The URL without credentials or query string (either may hold a secret), for messages. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** `X-Api-Key: abc` → that header; `Bearer abc` (no header name) → Authorization. */
export function splitAuthHeader(text: string): { name: string; value: string } {
  const match = /^([A-Za-z0-9-]+):\s*(\S.*)$/.exec(text.trim());
  return match
    ? { name: match[1], value: match[2] }
    : { name: 'Authorization', value: text.trim() };
}

/** Retry-After as delay-seconds or an HTTP date, in ms. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The server's `{"error": "…"}` (or the start of its body), short and quoted. */
function errorText(text: string): string {
  if (text.trim() === '') return '';
  let message: unknown = text;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (parsed && typeof parsed === 'object' && 'error' in parsed) message = parsed.error;
  } catch {
    // Not JSON: show the start of the body as it is.
  }
  return `: ${preview(typeof message === 'string' ? message.trim() : message)}`;
}
