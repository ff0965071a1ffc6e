import { promises as fs } from 'node:fs';
import { parseDocument } from 'yaml';
import type { GitHubClient } from '../github/octokit.js';
import { boundedFetch, httpStatus } from '../github/octokit.js';
import type { Logger } from '../runner/logger.js';

/**
 * What pipeline-monitor reads from the GitHub REST API: workflows, their runs (newest first,
 * read page by page until the runs are older than the baseline window), the jobs of every
 * attempt of a run, the workflow files' schedules, Deployments with their statuses and the
 * commits they deploy. Lists use per_page=100 and follow the Link header; the suite's Octokit
 * waits out rate limits and retries 5xx. Jobs of finished attempts and workflow files are read
 * conditionally (If-None-Match) when an ETag cache is kept between runs: a 304 answer costs no
 * rate limit.
 */

export interface WorkflowInfo {
  id: number;
  name: string;
  path: string;
  state: string;
}

export interface RunInfo {
  id: number;
  workflowId: number;
  name: string;
  headSha: string;
  headBranch: string;
  event: string;
  status: string;
  conclusion: string | null;
  createdAt: string;
  startedAt: string;
  updatedAt: string;
  attempt: number;
  htmlUrl: string;
}

export interface JobInfo {
  id: number;
  runId: number;
  attempt: number;
  name: string;
  status: string;
  conclusion: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface DeploymentStatusInfo {
  state: string;
  createdAt: string;
  description: string;
}

export interface DeploymentInfo {
  id: number;
  sha: string;
  environment: string;
  createdAt: string;
  /** The deploy action's payload.operation (deploy, promote, rollback), when recorded. */
  operation?: string;
  /** Oldest first. */
  statuses: DeploymentStatusInfo[];
  /** Commit time of `sha` (committer date). */
  commitAt?: string;
}

export interface RepoInfo {
  private: boolean;
  pushedAt?: string;
  defaultBranch: string;
}

/** Counts the REST requests made (every attempt, 304s included). */
export interface ApiUsage {
  requests: number;
  notModified: number;
  errors: number;
}

interface CacheEntry {
  etag: string;
  data: unknown;
}

/** ETags and answers by URL, loaded from and saved to a JSON file (or kept in memory only). */
export class EtagCache {
  private entries = new Map<string, CacheEntry>();
  private dirty = false;
  constructor(private readonly file?: string) {}

  async load(log: Logger): Promise<void> {
    if (!this.file) return;
    try {
      const data = JSON.parse(await fs.readFile(this.file, 'utf8')) as {
        schema?: string;
        entries?: Record<string, CacheEntry>;
      };
      if (data.schema === 'ml-actions/etag-cache@1' && data.entries) {
        this.entries = new Map(Object.entries(data.entries));
      }
      log.info(`ETag cache: ${this.entries.size} entries from ${this.file}.`);
    } catch {
      log.info(`ETag cache: starting empty (${this.file} not read).`);
    }
  }

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, etag: string | undefined, data: unknown): void {
    if (!etag) return;
    this.entries.set(key, { etag, data });
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    await fs.writeFile(
      this.file,
      JSON.stringify({
        schema: 'ml-actions/etag-cache@1',
        entries: Object.fromEntries(this.entries),
      }),
    );
  }
}

/**
 * Gives every request its own timeout and counts every attempt (retries of 5xx and rate-limited
 * requests included) at the fetch underneath Octokit's retry and throttling plugins. A read
 * that timed out is retried like a 5xx (it changed nothing); at the deadline the request is cut
 * off as a GitHubTimeoutError, which is not retried.
 */
export function instrumentRequests(
  github: GitHubClient,
  timeoutMs: number,
  deadline?: number,
): ApiUsage {
  const usage: ApiUsage = { requests: 0, notModified: 0, errors: 0 };
  const untilDeadline = deadline === undefined ? undefined : boundedFetch(timeoutMs, deadline);
  const timedFetch = async (url: string | URL | Request, init?: RequestInit) => {
    usage.requests++;
    try {
      const response = await (untilDeadline && deadline! - Date.now() <= timeoutMs
        ? untilDeadline(url, init)
        : fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }));
      if (response.status === 304) usage.notModified++;
      else if (response.status >= 400) usage.errors++;
      return response;
    } catch (error) {
      usage.errors++;
      throw error;
    }
  };
  // Octokit binds the same options object to every wrapper of the request hook (retry and
  // throttling included) and ignores what a wrapper passes on: set the fetch on it in place.
  github.hook.wrap('request', (request, options) => {
    options.request = { ...options.request, fetch: timedFetch };
    return request(options);
  });
  return usage;
}

type Repo = { owner: string; repo: string };

export async function readRepo(github: GitHubClient, r: Repo): Promise<RepoInfo> {
  const { data } = await github.rest.repos.get(r);
  return {
    private: Boolean(data.private),
    pushedAt: data.pushed_at ?? undefined,
    defaultBranch: data.default_branch ?? 'main',
  };
}

export async function listWorkflows(github: GitHubClient, r: Repo): Promise<WorkflowInfo[]> {
  const all = await github.paginate(github.rest.actions.listRepoWorkflows, { ...r, per_page: 100 });
  return all.map((w) => ({ id: w.id, name: w.name, path: w.path, state: w.state }));
}

function toRun(w: Record<string, unknown>): RunInfo {
  const s = (k: string) => (typeof w[k] === 'string' ? (w[k] as string) : '');
  return {
    id: Number(w.id),
    workflowId: Number(w.workflow_id),
    name: s('name'),
    headSha: s('head_sha'),
    headBranch: s('head_branch'),
    event: s('event'),
    status: s('status'),
    conclusion: (w.conclusion as string | null) ?? null,
    createdAt: s('created_at'),
    startedAt: s('run_started_at') || s('created_at'),
    updatedAt: s('updated_at'),
    attempt: Number(w.run_attempt ?? 1),
    htmlUrl: s('html_url'),
  };
}

/**
 * Runs of a workflow created at or after `since`, newest first. No `created` or `branch` filter
 * is sent: GitHub answers at most 1,000 runs to a filtered list, so the pages are read
 * unfiltered and reading stops at the first page that reaches past `since`.
 */
export async function listRuns(
  github: GitHubClient,
  r: Repo,
  workflowId: number,
  since: Date,
): Promise<RunInfo[]> {
  const out: RunInfo[] = [];
  const pages = github.paginate.iterator(github.rest.actions.listWorkflowRuns, {
    ...r,
    workflow_id: workflowId,
    per_page: 100,
  });
  for await (const page of pages) {
    let older = false;
    for (const raw of page.data as unknown as Record<string, unknown>[]) {
      const run = toRun(raw);
      if (new Date(run.createdAt) < since) older = true;
      else out.push(run);
    }
    if (older) break;
  }
  return out;
}

/** Jobs of one attempt of a run; conditional on a cached ETag when the attempt is finished. */
export async function listAttemptJobs(
  github: GitHubClient,
  r: Repo,
  runId: number,
  attempt: number,
  cache: EtagCache,
): Promise<JobInfo[]> {
  const route = 'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs';
  const key = `${r.owner}/${r.repo}/runs/${runId}/attempts/${attempt}/jobs`;
  const cached = cache.get(key);
  let jobs: Record<string, unknown>[];
  try {
    const first = await github.request(route, {
      ...r,
      run_id: runId,
      attempt_number: attempt,
      per_page: 100,
      headers: cached ? { 'if-none-match': cached.etag } : {},
    });
    jobs = first.data.jobs as unknown as Record<string, unknown>[];
    const total = first.data.total_count;
    for (let page = 2; jobs.length < total && page <= 10; page++) {
      const next = await github.request(route, {
        ...r,
        run_id: runId,
        attempt_number: attempt,
        per_page: 100,
        page,
      });
      const more = next.data.jobs as unknown as Record<string, unknown>[];
      if (more.length === 0) break;
      jobs.push(...more);
    }
    const finished = jobs.every((j) => j.status === 'completed');
    if (finished) cache.set(key, first.headers.etag, jobs);
  } catch (error) {
    if (httpStatus(error) !== 304 || !cached) throw error;
    jobs = cached.data as Record<string, unknown>[];
  }
  return jobs.map((j) => ({
    id: Number(j.id),
    runId,
    attempt,
    name: String(j.name ?? ''),
    status: String(j.status ?? ''),
    conclusion: (j.conclusion as string | null) ?? null,
    createdAt: String(j.created_at ?? j.started_at ?? ''),
    startedAt: (j.started_at as string | null) ?? null,
    completedAt: (j.completed_at as string | null) ?? null,
  }));
}

/** The `on.schedule[].cron` entries of a workflow file (empty when it has none or is unreadable). */
export async function readScheduleCrons(
  github: GitHubClient,
  r: Repo,
  path: string,
  ref: string | undefined,
  cache: EtagCache,
  log: Logger,
): Promise<string[]> {
  const key = `${r.owner}/${r.repo}/contents/${path}@${ref ?? ''}`;
  const cached = cache.get(key);
  let text: string;
  try {
    const { data, headers } = await github.rest.repos.getContent({
      ...r,
      path,
      ...(ref ? { ref } : {}),
      headers: cached ? { 'if-none-match': cached.etag } : {},
    });
    const file = data as { content?: string; encoding?: string };
    text =
      file.encoding === 'base64'
        ? Buffer.from(file.content ?? '', 'base64').toString('utf8')
        : (file.content ?? '');
    cache.set(key, headers.etag, text);
  } catch (error) {
    if (httpStatus(error) === 304 && cached) text = cached.data as string;
    else {
      log.warning(
        `Could not read ${path} for its schedule (HTTP ${httpStatus(error) ?? '?'}); give the job contents: read.`,
      );
      return [];
    }
  }
  return schedulesOf(text);
}

/** Parses a workflow file's `on.schedule` crons. */
export function schedulesOf(workflowYaml: string): string[] {
  const doc = parseDocument(workflowYaml).toJS() as Record<string, unknown> | null;
  // YAML 1.1 parsers read a bare `on` key as true; the yaml package keeps it as "on".
  const on = (doc?.on ?? doc?.true) as unknown;
  if (!on || typeof on !== 'object' || Array.isArray(on)) return [];
  const schedule = (on as Record<string, unknown>).schedule;
  if (!Array.isArray(schedule)) return [];
  return schedule
    .map((s) => (s && typeof s === 'object' ? (s as { cron?: unknown }).cron : undefined))
    .filter((c): c is string => typeof c === 'string');
}

/** Deployments of an environment created at or after `since`, with statuses and commit times. */
export async function listDeployments(
  github: GitHubClient,
  r: Repo,
  environment: string,
  since: Date,
  commitTimes: Map<string, string | undefined>,
): Promise<DeploymentInfo[]> {
  const out: DeploymentInfo[] = [];
  const pages = github.paginate.iterator(github.rest.repos.listDeployments, {
    ...r,
    environment,
    per_page: 100,
  });
  for await (const page of pages) {
    let older = false;
    for (const d of page.data) {
      if (new Date(d.created_at) < since) {
        older = true;
        continue;
      }
      const payload = (typeof d.payload === 'object' && d.payload ? d.payload : {}) as Record<
        string,
        unknown
      >;
      out.push({
        id: d.id,
        sha: d.sha,
        environment: d.environment ?? environment,
        createdAt: d.created_at,
        operation: typeof payload.operation === 'string' ? payload.operation : undefined,
        statuses: [],
      });
    }
    if (older) break;
  }
  for (const d of out) {
    const statuses = await github.paginate(github.rest.repos.listDeploymentStatuses, {
      ...r,
      deployment_id: d.id,
      per_page: 100,
    });
    d.statuses = statuses
      .map((s) => ({ state: s.state, createdAt: s.created_at, description: s.description ?? '' }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (!commitTimes.has(d.sha)) {
      try {
        const { data } = await github.rest.repos.getCommit({ ...r, ref: d.sha });
        commitTimes.set(
          d.sha,
          data.commit.committer?.date ?? data.commit.author?.date ?? undefined,
        );
      } catch (error) {
        if (httpStatus(error) !== 404 && httpStatus(error) !== 422) throw error;
        commitTimes.set(d.sha, undefined);
      }
    }
    d.commitAt = commitTimes.get(d.sha);
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
