import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { listPage } from './pagination.js';
import { HttpError, type GitHubEmulator } from './server.js';
import type { DeploymentStatus } from './state.js';
import { GITHUB_ACTIONS_BOT } from './state.js';

/**
 * The emulator's GitHub Actions API (workflows, runs, attempts, jobs), the repository, workflow
 * files (contents), commits and seeded Deployments with their history, for pipeline-monitor.
 * Faithful where clients go wrong: object-wrapped lists (`{total_count, workflow_runs}`)
 * paginated with `per_page` (max 100) and `Link`; a filtered run list (branch, event, status,
 * created, head_sha, actor) answers at most 1,000 runs, as on GitHub; jobs, runs and workflow
 * files carry an ETag and answer 304 to a matching If-None-Match. Rate limits and 5xx come from
 * the emulator's injectRateLimit / injectFault.
 */

type Handler = Parameters<GitHubEmulator['on']>[2];
type Ctx = Parameters<Handler>[0];

export interface SeedJob {
  name: string;
  conclusion: string;
  durationS: number;
  queueS?: number;
}

export interface SeedRun {
  workflow: string;
  headSha: string;
  headBranch?: string;
  event?: string;
  createdAt: Date | string;
  queueS?: number;
  durationS: number;
  /** Conclusion of the last attempt (the run's). */
  conclusion: string;
  /** Jobs of each attempt (attempt 1 first). Default: one job `build` like the run. */
  attempts?: SeedJob[][];
}

interface StoredRun {
  id: number;
  workflowId: number;
  headSha: string;
  headBranch: string;
  event: string;
  createdAt: string;
  startedAt: string;
  updatedAt: string;
  conclusion: string;
  runNumber: number;
  attempts: SeedJob[][];
}

interface StoredWorkflow {
  id: number;
  name: string;
  path: string;
  state: string;
  content: string;
}

export interface SeedDeployment {
  environment: string;
  sha: string;
  createdAt: Date | string;
  operation?: string;
  statuses: Array<{ state: string; at: Date | string; description?: string }>;
}

interface ActionsRepo {
  workflows: StoredWorkflow[];
  runs: StoredRun[];
  commits: Map<string, string>;
  meta: { private: boolean; pushed_at: string; default_branch: string };
}

const iso = (d: Date | string) => (typeof d === 'string' ? new Date(d) : d).toISOString();
const plus = (at: string, seconds: number) =>
  new Date(Date.parse(at) + seconds * 1000).toISOString();

export class ActionsApi {
  private readonly repos = new Map<string, ActionsRepo>();
  private nextId = 700_000;

  constructor(private readonly emulator: GitHubEmulator) {}

  repo(fullName: string): ActionsRepo {
    let state = this.repos.get(fullName);
    if (!state) {
      state = {
        workflows: [],
        runs: [],
        commits: new Map(),
        meta: { private: false, pushed_at: new Date().toISOString(), default_branch: 'main' },
      };
      this.repos.set(fullName, state);
    }
    return state;
  }

  setRepo(fullName: string, meta: Partial<ActionsRepo['meta']>): void {
    Object.assign(this.repo(fullName).meta, meta);
  }

  addWorkflow(
    fullName: string,
    name: string,
    file: string,
    content = `name: ${name}\non: push\n`,
    state = 'active',
  ): number {
    const wf: StoredWorkflow = {
      id: this.nextId++,
      name,
      path: `.github/workflows/${file}`,
      state,
      content,
    };
    this.repo(fullName).workflows.push(wf);
    return wf.id;
  }

  addRun(fullName: string, seed: SeedRun): number {
    const repo = this.repo(fullName);
    const wf = repo.workflows.find(
      (w) => w.name === seed.workflow || w.path.endsWith(`/${seed.workflow}`),
    );
    if (!wf) throw new Error(`seed a workflow named ${seed.workflow} first`);
    const createdAt = iso(seed.createdAt);
    const startedAt = plus(createdAt, seed.queueS ?? 10);
    const run: StoredRun = {
      id: this.nextId++,
      workflowId: wf.id,
      headSha: seed.headSha,
      headBranch: seed.headBranch ?? 'main',
      event: seed.event ?? 'push',
      createdAt,
      startedAt,
      updatedAt: plus(startedAt, seed.durationS),
      conclusion: seed.conclusion,
      runNumber: repo.runs.filter((r) => r.workflowId === wf.id).length + 1,
      attempts: seed.attempts ?? [
        [{ name: 'build', conclusion: seed.conclusion, durationS: seed.durationS }],
      ],
    };
    repo.runs.push(run);
    return run.id;
  }

  addCommit(fullName: string, sha: string, date: Date | string): void {
    this.repo(fullName).commits.set(sha, iso(date));
  }

  /** A Deployment with its statuses at the given times (as the deploy action records them). */
  addDeployment(fullName: string, seed: SeedDeployment): number {
    const state = this.emulator.repo(fullName);
    const id = this.nextId++;
    const statuses: DeploymentStatus[] = seed.statuses.map((s) => ({
      id: this.nextId++,
      state: s.state,
      description: s.description ?? '',
      environment: seed.environment,
      environment_url: '',
      log_url: '',
      created_at: iso(s.at),
      creator: GITHUB_ACTIONS_BOT,
    }));
    state.deployments.set(id, {
      id,
      ref: seed.sha,
      sha: seed.sha,
      task: 'deploy:model',
      environment: seed.environment,
      description: null,
      payload: seed.operation ? { operation: seed.operation } : {},
      transient_environment: false,
      production_environment: /^prod/.test(seed.environment),
      creator: GITHUB_ACTIONS_BOT,
      created_at: iso(seed.createdAt),
      statuses,
    });
    return id;
  }
}

const apis = new WeakMap<GitHubEmulator, ActionsApi>();

/** The Actions API state of an emulator (seed runs, workflows, deployments through it). */
export function actionsApi(emulator: GitHubEmulator): ActionsApi {
  let api = apis.get(emulator);
  if (!api) {
    api = new ActionsApi(emulator);
    apis.set(emulator, api);
  }
  return api;
}

function requestOf(c: Ctx): IncomingMessage {
  return (c.res as unknown as { req: IncomingMessage }).req;
}

/** ETag of a body; a matching If-None-Match answers 304 (no body, no rate-limit cost on GitHub). */
function conditional<T>(c: Ctx, body: T): T {
  const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
  const ifNoneMatch = requestOf(c).headers['if-none-match'];
  if (
    ifNoneMatch &&
    ifNoneMatch
      .split(',')
      .map((s) => s.trim())
      .includes(etag)
  ) {
    throw new HttpError(304, 'Not Modified');
  }
  c.res.setHeader('etag', etag);
  return body;
}

/** An object-wrapped list page (`{total_count, <key>: [...]}`) with a Link header. */
function pageOf(c: Ctx, emulatorUrl: string, key: string, all: unknown[]): Record<string, unknown> {
  const { items, link } = listPage(new URL(requestOf(c).url ?? '/', emulatorUrl), all);
  if (link) c.res.setHeader('link', link);
  return { total_count: all.length, [key]: items };
}

/** GitHub's `created` filter: `>=date`, `<=date`, `>date`, `<date`, `a..b` or a date. */
function createdFilter(value: string): (t: string) => boolean {
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range) return (t) => t >= iso(range[1]) && t <= iso(range[2]);
  const m = /^(>=|<=|>|<)?(.+)$/.exec(value)!;
  const at = iso(m[2]);
  switch (m[1]) {
    case '>=':
      return (t) => t >= at;
    case '<=':
      return (t) => t <= at;
    case '>':
      return (t) => t > at;
    case '<':
      return (t) => t < at;
    default:
      return (t) => t.slice(0, 10) === at.slice(0, 10);
  }
}

/** Registers the routes; server.ts calls this once from its constructor. */
export function registerActionsApi(emulator: GitHubEmulator): void {
  const R = '/repos/:owner/:name';
  const api = () => actionsApi(emulator);
  const repoOf = (c: Ctx) => api().repo(`${c.owner}/${c.name}`);
  const workflowJson = (c: Ctx, w: StoredWorkflow) => ({
    id: w.id,
    node_id: `W_${w.id}`,
    name: w.name,
    path: w.path,
    state: w.state,
    html_url: `https://github.com/${c.owner}/${c.name}/blob/main/${w.path}`,
  });
  const runJson = (c: Ctx, r: StoredRun, attempt = r.attempts.length) => {
    const repo = repoOf(c);
    const wf = repo.workflows.find((w) => w.id === r.workflowId)!;
    const last = attempt === r.attempts.length;
    const attemptFailed = r.attempts[attempt - 1].some(
      (j) => j.conclusion !== 'success' && j.conclusion !== 'skipped',
    );
    return {
      id: r.id,
      name: wf.name,
      path: wf.path,
      workflow_id: r.workflowId,
      run_number: r.runNumber,
      run_attempt: attempt,
      event: r.event,
      status: 'completed',
      conclusion: last ? r.conclusion : attemptFailed ? 'failure' : 'success',
      head_sha: r.headSha,
      head_branch: r.headBranch,
      created_at: r.createdAt,
      run_started_at: r.startedAt,
      updated_at: r.updatedAt,
      html_url: `https://github.com/${c.owner}/${c.name}/actions/runs/${r.id}`,
    };
  };
  const runOf = (c: Ctx) => {
    const run = repoOf(c).runs.find((r) => r.id === Number(c.params.run_id));
    if (!run) throw new HttpError(404, 'Not Found');
    return run;
  };
  const jobsOf = (c: Ctx, run: StoredRun, attempt: number) => {
    const jobs = run.attempts[attempt - 1];
    if (!jobs) throw new HttpError(404, 'Not Found');
    // Attempt n starts after attempt n-1 ended.
    let at = run.startedAt;
    for (let a = 1; a < attempt; a++)
      at = plus(
        at,
        Math.max(0, ...run.attempts[a - 1].map((j) => (j.queueS ?? 5) + j.durationS)) + 60,
      );
    return jobs.map((j, i) => {
      const started = plus(at, j.queueS ?? 5);
      return {
        id: run.id * 100 + attempt * 10 + i,
        run_id: run.id,
        run_attempt: attempt,
        name: j.name,
        status: 'completed',
        conclusion: j.conclusion,
        head_sha: run.headSha,
        head_branch: run.headBranch,
        created_at: at,
        started_at: started,
        completed_at: plus(started, j.durationS),
        workflow_name: repoOf(c).workflows.find((w) => w.id === run.workflowId)?.name,
        html_url: `https://github.com/${c.owner}/${c.name}/actions/runs/${run.id}/job/${run.id * 100 + attempt * 10 + i}`,
      };
    });
  };

  emulator.on('GET', R, (c) => {
    const meta = repoOf(c).meta;
    return {
      id: 1,
      name: c.name,
      full_name: `${c.owner}/${c.name}`,
      private: meta.private,
      visibility: meta.private ? 'private' : 'public',
      default_branch: meta.default_branch,
      pushed_at: meta.pushed_at,
      owner: { login: c.owner },
    };
  });
  emulator.on('GET', `${R}/actions/workflows`, (c) =>
    pageOf(
      c,
      emulator.url,
      'workflows',
      repoOf(c).workflows.map((w) => workflowJson(c, w)),
    ),
  );
  emulator.on('GET', `${R}/actions/workflows/:workflow_id/runs`, (c) => {
    const repo = repoOf(c);
    const key = c.params.workflow_id;
    const wf = repo.workflows.find((w) => String(w.id) === key || w.path.endsWith(`/${key}`));
    if (!wf) throw new HttpError(404, 'Not Found');
    const q = c.query;
    let runs = repo.runs
      .filter((r) => r.workflowId === wf.id)
      .filter((r) => !q.branch || r.headBranch === q.branch)
      .filter((r) => !q.event || r.event === q.event)
      .filter((r) => !q.head_sha || r.headSha === q.head_sha)
      .filter((r) => !q.status || r.conclusion === q.status || q.status === 'completed')
      .filter((r) => !q.created || createdFilter(q.created)(r.createdAt))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)
      .map((r) => runJson(c, r));
    // Like GitHub: a filtered list answers at most 1,000 runs.
    if (
      ['actor', 'branch', 'check_suite_id', 'created', 'event', 'head_sha', 'status'].some(
        (k) => q[k],
      )
    ) {
      runs = runs.slice(0, 1000);
    }
    return pageOf(c, emulator.url, 'workflow_runs', runs);
  });
  emulator.on('GET', `${R}/actions/runs/:run_id`, (c) => conditional(c, runJson(c, runOf(c))));
  emulator.on('GET', `${R}/actions/runs/:run_id/attempts/:attempt`, (c) => {
    const run = runOf(c);
    const attempt = Number(c.params.attempt);
    if (!(attempt >= 1 && attempt <= run.attempts.length)) throw new HttpError(404, 'Not Found');
    return conditional(c, runJson(c, run, attempt));
  });
  emulator.on('GET', `${R}/actions/runs/:run_id/attempts/:attempt/jobs`, (c) => {
    const run = runOf(c);
    return conditional(
      c,
      pageOf(c, emulator.url, 'jobs', jobsOf(c, run, Number(c.params.attempt))),
    );
  });
  emulator.on('GET', `${R}/actions/runs/:run_id/jobs`, (c) => {
    const run = runOf(c);
    const attempts =
      c.query.filter === 'all' ? run.attempts.map((_, i) => i + 1) : [run.attempts.length];
    return conditional(
      c,
      pageOf(
        c,
        emulator.url,
        'jobs',
        attempts.flatMap((a) => jobsOf(c, run, a)),
      ),
    );
  });
  // Octokit sends the path with its slashes encoded (%2F); GitHub (and this route) take both.
  const contents: Handler = (c) => {
    const file = c.params.path ?? `.github/workflows/${c.params.file}`;
    const wf = repoOf(c).workflows.find((w) => w.path === file);
    if (!wf) throw new HttpError(404, 'Not Found');
    return conditional(c, {
      type: 'file',
      name: file.split('/').pop(),
      path: wf.path,
      encoding: 'base64',
      size: Buffer.byteLength(wf.content),
      content: Buffer.from(wf.content).toString('base64'),
    });
  };
  emulator.on('GET', `${R}/contents/:path`, contents);
  emulator.on('GET', `${R}/contents/.github/workflows/:file`, contents);
  emulator.on('GET', `${R}/commits/:ref`, (c) => {
    const date = repoOf(c).commits.get(c.params.ref);
    if (!date) throw new HttpError(422, `No commit found for SHA: ${c.params.ref}`);
    const who = { name: 'octocat', email: 'octocat@example.com', date };
    return { sha: c.params.ref, commit: { author: who, committer: who, message: 'seeded' } };
  });
}
