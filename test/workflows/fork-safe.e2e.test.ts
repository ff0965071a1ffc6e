import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type GitHubEmulator, startGitHubEmulator, TOKENS } from '../emulators/github/index.js';
import { pullRequestEvent } from '../harness/events.js';
import { runWorkflowJob } from '../harness/workflow-runner.js';
import { makeModelRepo } from './model-repo.js';

/**
 * The fork-safe pattern end to end: fork-safe.yml computes the verdict on a fork's pull
 * request with a read-only token and uploads it; fork-safe-comment.yml, started by
 * workflow_run in the base repository, comments from the uploaded data alone.
 */
const REPO = 'ml-team/models';
const ref = { owner: 'ml-team', repo: 'models' };

/** The workflow_run payload GitHub sends when part 1 completes. */
function workflowRunEvent(runId: number, prs: number[], headSha?: string) {
  const base = pullRequestEvent(ref, prs[0] ?? 1, { headSha });
  return {
    action: 'completed',
    workflow_run: {
      id: runId,
      name: 'model-pr-check-fork-safe',
      event: 'pull_request',
      status: 'completed',
      conclusion: 'success',
      head_sha: base.pull_request.head.sha,
      head_repository: base.pull_request.head.repo,
      // GitHub leaves this empty when the pull request comes from a fork.
      pull_requests: prs.map((number) => ({ number, head: { sha: base.pull_request.head.sha } })),
    },
    repository: base.repository,
  };
}

describe('workflows-examples/fork-safe.yml + fork-safe-comment.yml end to end', () => {
  let github: GitHubEmulator;
  let pr: number;
  let artifactsDir: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    github = await startGitHubEmulator();
    pr = github.addPullRequest(REPO, 'Retrain the weather classifier (from a fork)');
    artifactsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fork-safe-artifacts-'));
    dirs.push(artifactsDir);

    // Part 1, on the fork's pull request: read-only token, no comment, the verdict uploaded.
    const fork = await makeModelRepo(0.7);
    dirs.push(fork);
    const compute = await runWorkflowJob({
      workflow: 'workflows-examples/fork-safe.yml',
      job: 'quality',
      eventName: 'pull_request',
      event: pullRequestEvent(ref, pr, { fork: true }),
      repository: REPO,
      workspace: fork,
      githubApiUrl: github.url,
      token: TOKENS.readOnly,
      artifactsDir,
    });
    const failed = compute.steps.filter((s) => s.outcome === 'failure');
    if (failed.length)
      throw new Error(failed.map((s) => `${s.name}: ${s.log.slice(-1500)}`).join('\n'));
  });
  afterAll(async () => {
    await github.stop();
    await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
  });

  test('part 1 computes the verdict without writing to GitHub and uploads it as data', async () => {
    expect(github.writes()).toEqual([]);
    const uploaded = path.join(artifactsDir, 'gate-result', 'gate-result');
    expect((await fs.readdir(uploaded)).sort()).toEqual([
      'gate-report.json',
      'metrics.json',
      'pr-number',
    ]);
    expect((await fs.readFile(path.join(uploaded, 'pr-number'), 'utf8')).trim()).toBe(String(pr));
  });

  async function comment(prsInPayload: number[], headSha?: string) {
    // Part 2 checks out the default branch: the base repository's own policy and baseline.
    const base = await makeModelRepo(0.7);
    dirs.push(base);
    return runWorkflowJob({
      workflow: 'workflows-examples/fork-safe-comment.yml',
      job: 'comment',
      eventName: 'workflow_run',
      event: workflowRunEvent(5151, prsInPayload, headSha),
      repository: REPO,
      workspace: base,
      githubApiUrl: github.url,
      token: TOKENS.app,
      artifactsDir,
    });
  }

  test('part 2 (workflow_run) posts the sticky comment from the uploaded metrics, once', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const job = await comment([pr]);
      expect(job.result).toBe('success');
      expect(job.step('gate').outputs.passed).toBe('true');
    }
    const comments = github.comments(REPO, pr);
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toContain('Model quality gate: passed');
  });

  // GitHub sends workflow_run.pull_requests = [] for pull requests from forks (the case this
  // pattern exists for), so the gate gets the PR number from part 1's pr-number file.
  test('part 2 comments on a fork PR, whose workflow_run payload lists no pull requests', async () => {
    const [existing] = github.comments(REPO, pr);
    const job = await comment([]);
    expect(job.result).toBe('success');
    // Same verdict as before: the one sticky comment is found and left as it is.
    expect(job.step('gate').outputs['comment-url']).toContain(`#issuecomment-${existing.id}`);
    expect(github.comments(REPO, pr)).toHaveLength(1);
  });

  test('part 2 refuses a PR number whose head is not the commit the run was for', async () => {
    const before = github.writes().length;
    const job = await comment([], 'f'.repeat(40));
    expect(job.step('gate').outputs['comment-url']).toBe('');
    expect(job.step('gate').log).toContain(`Not commenting on PR #${pr}: its head commit bbbbbbb`);
    expect(github.writes().length).toBe(before);
  });
});
