import { ServiceError, UserError } from '../inputs/user-error.js';
import { formatSeconds } from '../report/format-number.js';
import { silentLogger, type Logger } from '../runner/logger.js';

/**
 * Posts an alert to a Slack-compatible incoming webhook (`{text, blocks}`; Mattermost, Teams
 * workflows and most chat bridges accept the same body). Answers of 5xx, 429, network errors and
 * timeouts are retried with exponential backoff until the action's deadline; other 4xx are the
 * user's mistake and are not. The URL is itself a secret (the path is the credential): the action
 * masks it, and logs name only its host.
 */

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export interface WebhookOptions {
  /** Waits before each retry, in ms (default 1 s, 2 s, 4 s: four attempts). */
  backoffMs?: number[];
  /** Per-attempt timeout in ms: the action's request-timeout (default 10 s). */
  timeoutMs?: number;
  /** Absolute time (epoch ms) after which no attempt starts or goes on: the action's deadline. */
  deadline?: number;
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

/**
 * Returns the number of attempts it took. A hook that refuses (4xx) is a UserError naming the
 * input; one that keeps failing, never answers or is still failing at the deadline is a
 * ServiceError naming the input and the host.
 */
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
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = options.deadline ?? Infinity;
  const body = JSON.stringify(message);
  const giveUp = (problem: string, attempts: number) =>
    new ServiceError(
      `The ${problem} (input '${input}') after ${attempts} attempt${attempts === 1 ? '' : 's'}; check that the hook's service is up, or raise request-timeout / timeout if it is only slow.`,
    );
  let lastProblem = '';
  for (let attempt = 0; attempt <= backoff.length; attempt++) {
    if (attempt > 0) {
      const wait = backoff[attempt - 1];
      if (Date.now() + wait >= deadline) {
        throw giveUp(`${lastProblem}, and the action's deadline (timeout) ran out`, attempt);
      }
      log.info(`${lastProblem}; retrying in ${formatSeconds(wait)}.`);
      await sleep(wait);
    }
    const limit = Math.min(timeoutMs, deadline - Date.now());
    let status: number;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(Math.max(limit, 1)),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      // Error messages can quote the URL; keep only the error's kind.
      const name = (error as Error).name;
      lastProblem =
        name === 'TimeoutError'
          ? `${describe(url)} did not answer ${
              limit < timeoutMs
                ? "before the action's deadline (timeout) ran out"
                : `within ${formatSeconds(timeoutMs)} (request-timeout)`
            }`
          : `${describe(url)} unreachable (${name})`;
      if (Date.now() >= deadline) throw giveUp(lastProblem, attempt + 1);
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
  throw giveUp(lastProblem, backoff.length + 1);
}
