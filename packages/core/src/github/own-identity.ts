import type { GitHubClient } from './octokit.js';
import { httpStatus, isGitHubTimeout } from './octokit.js';

/** The login GitHub shows on REST comments written with the workflow's GITHUB_TOKEN. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/**
 * The login that comments and issues written with this token carry, so that we only ever
 * edit our own. A PAT answers GET /user; an installation token (GITHUB_TOKEN, apps) gets 403
 * there, so ask GraphQL's `viewer`, which names the app's bot (e.g. github-actions[bot]).
 */
export async function resolveOwnLogin(octokit: GitHubClient): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if (httpStatus(error) !== 403) throw error;
  }
  try {
    const data = await octokit.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    const login = data.viewer.login;
    // GraphQL may name a bot without the "[bot]" suffix REST shows on its comments.
    return login.endsWith('[bot]') || login === ACTIONS_BOT_LOGIN ? login : `${login}[bot]`;
  } catch (error) {
    // A timeout would only repeat on the next call: let it end the step's GitHub work now.
    if (isGitHubTimeout(error)) throw error;
    return ACTIONS_BOT_LOGIN;
  }
}
