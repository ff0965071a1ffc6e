/** Event payloads shaped like the ones GitHub writes to GITHUB_EVENT_PATH. */

export interface RepoRef {
  owner: string;
  repo: string;
}

function repository({ owner, repo }: RepoRef) {
  return {
    id: 123456789,
    name: repo,
    full_name: `${owner}/${repo}`,
    private: false,
    owner: { login: owner, id: 1, type: 'Organization' },
    html_url: `https://github.com/${owner}/${repo}`,
    default_branch: 'main',
  };
}

export function pullRequestEvent(
  ref: RepoRef,
  number: number,
  options: { fork?: boolean; headSha?: string; action?: string } = {},
) {
  const headSha = options.headSha ?? 'b'.repeat(40);
  const headOwner = options.fork ? 'contributor' : ref.owner;
  return {
    action: options.action ?? 'synchronize',
    number,
    pull_request: {
      id: 900000 + number,
      number,
      state: 'open',
      title: 'Retrain with more data',
      user: { login: headOwner, id: 2, type: 'User' },
      html_url: `https://github.com/${ref.owner}/${ref.repo}/pull/${number}`,
      head: {
        ref: 'feature/retrain',
        sha: headSha,
        repo: { ...repository({ owner: headOwner, repo: ref.repo }), fork: Boolean(options.fork) },
      },
      base: { ref: 'main', sha: 'a'.repeat(40), repo: repository(ref) },
    },
    repository: repository(ref),
    sender: { login: headOwner, id: 2, type: 'User' },
  };
}

export function scheduleEvent(ref: RepoRef, cron = '0 6 * * *') {
  return { schedule: cron, repository: repository(ref) };
}

export function pushEvent(ref: RepoRef, sha = 'c'.repeat(40), branch = 'main') {
  return {
    ref: `refs/heads/${branch}`,
    before: '0'.repeat(40),
    after: sha,
    repository: repository(ref),
    head_commit: { id: sha, message: 'Train a better model' },
    pusher: { name: 'octocat' },
    sender: { login: 'octocat', id: 583231, type: 'User' },
  };
}
