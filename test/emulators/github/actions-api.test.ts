import { createGitHubClient } from '@ml-actions/core/github/octokit.js';
import { actionsApi, GitHubEmulator, startGitHubEmulator, TOKENS } from './index.js';

const REPO = 'ml-team/models';
const [owner, repo] = REPO.split('/');

describe('GitHub emulator: the Actions API module', () => {
  let gh: GitHubEmulator;
  const saved = process.env.GITHUB_API_URL;

  beforeEach(async () => {
    gh = await startGitHubEmulator();
    process.env.GITHUB_API_URL = gh.url;
    const api = actionsApi(gh);
    api.addWorkflow(REPO, 'ci', 'ci.yml');
    for (let i = 0; i < 1050; i++) {
      api.addRun(REPO, {
        workflow: 'ci',
        headSha: String(i).padStart(40, '0'),
        createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000),
        durationS: 60,
        conclusion: 'success',
      });
    }
  });
  afterEach(async () => {
    await gh.stop();
    process.env.GITHUB_API_URL = saved;
  });

  it('pages object-wrapped run lists by Link, newest first, and caps a filtered list at 1,000', async () => {
    const github = createGitHubClient(TOKENS.app);
    const all = await github.paginate(github.rest.actions.listWorkflowRuns, {
      owner,
      repo,
      workflow_id: 'ci.yml',
      per_page: 100,
    });
    expect(all).toHaveLength(1050);
    expect(all[0].created_at > all[1].created_at).toBe(true);
    const filtered = await github.paginate(github.rest.actions.listWorkflowRuns, {
      owner,
      repo,
      workflow_id: 'ci.yml',
      per_page: 100,
      branch: 'main',
    });
    expect(filtered).toHaveLength(1000);
  });

  it('answers 304 to a matching If-None-Match on jobs', async () => {
    const github = createGitHubClient(TOKENS.app);
    const { data: runs } = await github.rest.actions.listWorkflowRuns({
      owner,
      repo,
      workflow_id: 'ci.yml',
      per_page: 1,
    });
    const params = { owner, repo, run_id: runs.workflow_runs[0].id, attempt_number: 1 };
    const first = await github.rest.actions.listJobsForWorkflowRunAttempt(params);
    expect(first.data.jobs.map((j) => j.name)).toEqual(['build']);
    await expect(
      github.rest.actions.listJobsForWorkflowRunAttempt({
        ...params,
        headers: { 'if-none-match': first.headers.etag },
      }),
    ).rejects.toMatchObject({ status: 304 });
  });
});
