import type { Logger } from '../runner/logger.js';

/**
 * Post-deploy check: poll a URL until it answers 2xx and, when the body is JSON with a
 * `version` field, that field names the version just deployed. Never throws: it says
 * whether the service became healthy and, if not, what it last saw.
 */
export interface HealthCheckOptions {
  url: string;
  expectedVersion: string;
  timeoutMs: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** Longest wait for one probe (default 10 s; never longer than what is left of timeoutMs). */
  requestTimeoutMs?: number;
  /**
   * Where each failed attempt is logged. Its lines carry text from the service's answer
   * (the reported version): the action's logger neutralises workflow commands in them.
   */
  log?: Logger;
}

export interface HealthCheckResult {
  healthy: boolean;
  attempts: number;
  /** What the last attempt saw ("HTTP 503", "reports version 1.0.0", a connection error). */
  detail: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function probe(url: string, expectedVersion: string, timeoutMs: number) {
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    const text = await response.text();
    if (response.status < 200 || response.status >= 300) {
      return { ok: false, detail: `HTTP ${response.status}` };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: true, detail: `HTTP ${response.status}` };
    }
    const reported = (body as { version?: unknown } | null)?.version;
    if (reported === undefined || reported === null)
      return { ok: true, detail: `HTTP ${response.status}` };
    if (String(reported) !== expectedVersion) {
      return {
        ok: false,
        detail: `HTTP ${response.status} but reports version ${String(reported)}, expected ${expectedVersion}`,
      };
    }
    return { ok: true, detail: `HTTP ${response.status}, version ${expectedVersion}` };
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      return { ok: false, detail: 'no answer (request timed out)' };
    // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, bad port).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    // fetch refuses a URL with user:password@ and quotes it: never repeat the credentials.
    return { ok: false, detail: detail.replace(/\/\/[^/@\s]*@/g, '//***@') };
  }
}

export async function waitForHealthy(options: HealthCheckOptions): Promise<HealthCheckResult> {
  const interval = options.intervalMs ?? 2000;
  const deadline = Date.now() + options.timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const remaining = Math.max(deadline - Date.now(), 1000);
    const result = await probe(
      options.url,
      options.expectedVersion,
      Math.min(remaining, options.requestTimeoutMs ?? 10_000),
    );
    const { detail } = result;
    if (result.ok) return { healthy: true, attempts, detail };
    options.log?.info(`Health check ${attempts}: ${detail}`);
    if (Date.now() + interval > deadline) return { healthy: false, attempts, detail };
    await sleep(interval);
  }
}
