import { UserError } from '../inputs/user-error.js';
import { silentLogger, type Logger } from '../runner/logger.js';

/**
 * Posts an alert to a Slack-compatible incoming webhook (`{text, blocks}`; Mattermost, Teams
 * workflows and most chat bridges accept the same body). Answers of 5xx, 429 and network errors
 * are retried with exponential backoff; other 4xx are the user's mistake and are not. The URL
 * is itself a secret (the path is the credential): the action masks it, and logs name only its host.
 */

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export interface WebhookOptions {
  /** Waits before each retry, in ms (default 1 s, 2 s, 4 s: four attempts). */
  backoffMs?: number[];
  /** Per-attempt timeout in ms (default 10 s). */
  timeoutMs?: number;
  log?: Logger;
}

/**
 * What is risky about a webhook URL, as warnings that never quote the URL (its path and any
 * user:password are credentials): plain http (the secret path travels unencrypted) and
 * credentials in the URL. Empty for an https URL without credentials, or one that does not parse
 * (postWebhook reports that).
 */
export function webhookUrlWarnings(webhookUrl: string, input = 'webhook-url'): string[] {
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    return [];
  }
  const warnings: string[] = [];
  if (url.protocol === 'http:') {
    warnings.push(
      `Input '${input}' uses plain http:// (host ${url.host}): the hook's secret path and the alert travel unencrypted; use https://.`,
    );
  }
  if (url.username || url.password) {
    warnings.push(
      `Input '${input}' carries a user name or password in the URL (host ${url.host}); prefer a token in the hook's path or a header, and keep the URL in a secret.`,
    );
  }
  return warnings;
}

/** Slack's mrkdwn control characters; everything else is shown as typed. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function describe(url: URL): string {
  return `webhook at ${url.host}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Returns the number of attempts it took; throws a UserError when the hook refuses or keeps failing. */
export async function postWebhook(
  input: string,
  webhookUrl: string,
  message: SlackMessage,
  options: WebhookOptions = {},
): Promise<number> {
  const log = options.log ?? silentLogger;
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    throw new UserError('is not a valid URL.', input);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError('must be an http(s) URL.', input);
  }
  const backoff = options.backoffMs ?? [1000, 2000, 4000];
  const body = JSON.stringify(message);
  let lastProblem = '';
  for (let attempt = 0; attempt <= backoff.length; attempt++) {
    if (attempt > 0) {
      log.info(`${lastProblem}; retrying in ${backoff[attempt - 1] / 1000}s.`);
      await sleep(backoff[attempt - 1]);
    }
    let status: number;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      // Error messages can quote the URL; keep only the error's kind.
      lastProblem = `${describe(url)} unreachable (${(error as Error).name})`;
      continue;
    }
    if (status >= 200 && status < 300) {
      log.info(`Posted the alert to the ${describe(url)}.`);
      return attempt + 1;
    }
    lastProblem = `${describe(url)} answered HTTP ${status}`;
    if (status < 500 && status !== 429) {
      throw new UserError(`the ${lastProblem}; check the URL and the hook's settings.`, input);
    }
  }
  throw new UserError(`${lastProblem} after ${backoff.length + 1} attempts.`, input);
}
