import { UserError } from '../inputs/user-error.js';
import { silentLogger, type Logger } from '../runner/logger.js';
import { isPermissionDenied, type GitHubClient } from './octokit.js';

/**
 * Sends a `repository_dispatch` event (e.g. to start a retraining workflow listening on
 * `on: repository_dispatch: types: [<event>]`). GitHub allows at most 10 top-level keys in
 * `client_payload`; with the workflow's GITHUB_TOKEN the job needs `contents: write`.
 */
export async function sendRepositoryDispatch(
  github: GitHubClient,
  target: { owner: string; repo: string },
  eventType: string,
  clientPayload: Record<string, unknown>,
  log: Logger = silentLogger,
): Promise<void> {
  if (Object.keys(clientPayload).length > 10) {
    throw new Error('client_payload has more than 10 top-level keys (GitHub refuses it).');
  }
  try {
    await github.rest.repos.createDispatchEvent({
      ...target,
      event_type: eventType,
      client_payload: clientPayload,
    });
  } catch (error) {
    if (isPermissionDenied(error)) {
      throw new UserError(
        'the token may not send repository_dispatch: give the job `permissions: contents: write`.',
        'dispatch-event',
      );
    }
    throw error;
  }
  log.info(`Sent repository_dispatch '${eventType}'.`);
}
