import {
  createGitHubClient,
  describeGitHubFailure,
  GitHubTimeoutError,
} from '@ml-actions/core/github/octokit.js';
import { ServiceError } from '@ml-actions/core/inputs/user-error.js';
import { GitHubEmulator, startGitHubEmulator, TOKENS } from './index.js';

const REPO = 'ml-team/models';
const [owner, repo] = REPO.split('/');

describe('GitHub REST emulator with the suite client', () => {
  let gh: GitHubEmulator;
  const saved = process.env.GITHUB_API_URL;

  beforeEach(async () => {
    gh = await startGitHubEmulator();
    process.env.GITHUB_API_URL = gh.url;
  });
  afterEach(async () => {
    await gh.stop();
    process.env.GITHUB_API_URL = saved;
  });

  it('answers 401 without a token and 403 to GET /user for installation tokens', async () => {
    const noAuth = await fetch(`${gh.url}/repos/${REPO}/issues`);
    expect(noAuth.status).toBe(401);
    await expect(
      createGitHubClient(TOKENS.app).rest.users.getAuthenticated(),
    ).rejects.toMatchObject({
      status: 403,
    });
    const me = await createGitHubClient(TOKENS.pat).rest.users.getAuthenticated();
    expect(me.data.login).toBe('octocat');
  });

  it('paginates with per_page and Link headers', async () => {
    const pr = gh.addPullRequest(REPO);
    for (let i = 0; i < 150; i++) gh.addComment(REPO, pr, `comment ${i}`);
    const octokit = createGitHubClient(TOKENS.app);
    const first = await octokit.rest.issues.listComments({ owner, repo, issue_number: pr });
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toContain('rel="next"');
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: pr,
      per_page: 100,
    });
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 150 }, (_, i) => `comment ${i}`));
  });

  it('refuses writes with a read-only token', async () => {
    const pr = gh.addPullRequest(REPO);
    const octokit = createGitHubClient(TOKENS.readOnly);
    await expect(
      octokit.rest.issues.createComment({ owner, repo, issue_number: pr, body: 'x' }),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible'),
    });
    expect(gh.comments(REPO, pr)).toHaveLength(0);
  });

  it('survives a 500 and both kinds of rate limit with exactly one side effect', async () => {
    const pr = gh.addPullRequest(REPO);
    gh.injectFault({ status: 500, method: 'POST' });
    gh.injectRateLimit({ kind: 'secondary', method: 'POST', retryAfterSeconds: 1 });
    gh.injectRateLimit({ kind: 'primary', method: 'POST', retryAfterSeconds: 1 });
    const octokit = createGitHubClient(TOKENS.app);
    await octokit.rest.issues.createComment({ owner, repo, issue_number: pr, body: 'once' });
    expect(gh.comments(REPO, pr).map((c) => c.body)).toEqual(['once']);
    const statuses = gh.requests.filter((r) => r.method === 'POST').map((r) => r.status);
    // Rate limits are answered before faults, as GitHub checks them first.
    expect(statuses).toEqual([429, 403, 500, 201]);
  });

  it('rejects bodies over 65,536 characters with 422', async () => {
    const pr = gh.addPullRequest(REPO);
    await expect(
      createGitHubClient(TOKENS.app).rest.issues.createComment({
        owner,
        repo,
        issue_number: pr,
        body: 'x'.repeat(65537),
      }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('cuts off a request that never answers after request-timeout, naming the call, without a retry', async () => {
    const pr = gh.addPullRequest(REPO);
    gh.injectHang({ method: 'POST', path: /\/comments$/ });
    const octokit = createGitHubClient(TOKENS.app, { requestTimeoutMs: 500 });
    const started = Date.now();
    const error = await octokit.rest.issues
      .createComment({ owner, repo, issue_number: pr, body: 'x' })
      .catch((e: unknown) => e);
    // plugin-throttling spaces comment writes 3 s apart (across clients): allow for that.
    expect(Date.now() - started).toBeLessThan(6000);
    expect(error).toBeInstanceOf(GitHubTimeoutError);
    expect((error as Error).message).toBe(
      `POST /repos/${REPO}/issues/${pr}/comments did not answer within 0.5 s (request-timeout)`,
    );
    // A write that timed out may have happened: never sent again.
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    const failure = describeGitHubFailure(error, 'commenting on PR #1');
    expect(failure).toBeInstanceOf(ServiceError);
    expect(failure.message).toMatch(/^GitHub did not answer while commenting on PR #1: POST /);
  });

  it('stops at the deadline, and sends nothing after it', async () => {
    gh.injectHang({ method: 'GET' });
    const octokit = createGitHubClient(TOKENS.app, {
      requestTimeoutMs: 30_000,
      deadline: Date.now() + 700,
    });
    const started = Date.now();
    await expect(octokit.rest.issues.listForRepo({ owner, repo })).rejects.toThrow(
      `GET /repos/${REPO}/issues did not answer before the action's deadline (timeout) ran out`,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(octokit.rest.issues.listForRepo({ owner, repo })).rejects.toThrow(
      'was not sent: the deadline had passed',
    );
  });

  it('describes a 401 and a 5xx after retries as service errors that say what to check', async () => {
    const bad = createGitHubClient('ghp_not_a_token');
    const unauthorized = await bad.rest.issues.listForRepo({ owner, repo }).catch((e) => e);
    expect(describeGitHubFailure(unauthorized, 'listing issues').message).toMatch(
      /^GitHub refused the token while listing issues \(401 Bad credentials.*\): the github-token is invalid or expired/,
    );
    gh.injectFault({ status: 502, count: 4 });
    const down = await createGitHubClient(TOKENS.app)
      .rest.issues.listForRepo({ owner, repo })
      .catch((e) => e);
    expect(gh.requests.filter((r) => r.status === 502)).toHaveLength(4);
    expect(describeGitHubFailure(down, 'listing issues').message).toMatch(
      /^GitHub answered 502 while listing issues, also after retries/,
    );
  });
});
