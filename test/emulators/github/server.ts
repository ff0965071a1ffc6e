import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerActionsApi } from './actions-api.js';
import { listPage } from './pagination.js';
import {
  type Actor,
  type Comment,
  type Deployment,
  type Issue,
  type RepoState,
  type TokenInfo,
  GITHUB_ACTIONS_BOT,
  newRepoState,
} from './state.js';

/**
 * A stateful loopback emulator of the GitHub REST API, faithful where client bugs hide:
 * token auth (401 without), installation tokens that cannot GET /user, read-only tokens
 * (403 "Resource not accessible by integration" on writes), pagination with `per_page`
 * and `Link`, primary and secondary rate limits, injected 5xx faults, requests that hang
 * (accepted, never answered), the 65,536-character body limit. Every request is logged for
 * assertions.
 */

export const TOKENS = {
  /** The workflow's GITHUB_TOKEN with write access. */
  app: 'ghs_emulated_app_token',
  /** A fork PR's GITHUB_TOKEN: read-only whatever `permissions:` says. */
  readOnly: 'ghs_emulated_readonly_token',
  /** A personal access token of a human user. */
  pat: 'ghp_emulated_personal_token',
} as const;

export const MAX_BODY_LENGTH = 65536;

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  login?: string;
}

export interface Fault {
  status: number;
  method?: string;
  path?: RegExp;
  count: number;
}

/** A request that is accepted and read, then never answered (until the emulator stops). */
export interface Hang {
  method?: string;
  path?: RegExp;
  count: number;
}

export interface RateLimit {
  kind: 'primary' | 'secondary';
  status: 403 | 429;
  retryAfterSeconds: number;
  method?: string;
  path?: RegExp;
  count: number;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Handler = (req: Ctx) => unknown;

interface Ctx {
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token: TokenInfo;
  repo: RepoState;
  owner: string;
  name: string;
  res: http.ServerResponse;
}

export class GitHubEmulator {
  readonly requests: RequestRecord[] = [];
  private readonly repos = new Map<string, RepoState>();
  private readonly tokens = new Map<string, TokenInfo>();
  private readonly faults: Fault[] = [];
  private readonly limits: RateLimit[] = [];
  private readonly hangs: Hang[] = [];
  private readonly routes: Array<{
    method: string;
    pattern: RegExp;
    keys: string[];
    handler: Handler;
  }> = [];
  private nextId = 1000;
  private server?: http.Server;
  url = '';

  constructor() {
    this.addToken(TOKENS.app, { actor: GITHUB_ACTIONS_BOT, installation: true, write: true });
    this.addToken(TOKENS.readOnly, { actor: GITHUB_ACTIONS_BOT, installation: true, write: false });
    this.addToken(TOKENS.pat, {
      actor: { login: 'octocat', id: 583231, type: 'User' },
      installation: false,
      write: true,
    });
    this.registerRoutes();
    registerActionsApi(this); // Actions runs/jobs, workflows, contents, commits (pipeline-monitor)
  }

  addToken(token: string, info: TokenInfo): void {
    this.tokens.set(token, info);
  }

  /** The repository's state, created on first use. */
  repo(fullName: string): RepoState {
    let state = this.repos.get(fullName);
    if (!state) {
      state = newRepoState();
      this.repos.set(fullName, state);
    }
    return state;
  }

  /** Makes the next `count` matching requests fail with `status` before they do anything. */
  injectFault(fault: Partial<Fault> & { status: number }): void {
    this.faults.push({ count: 1, ...fault });
  }

  /**
   * Makes the next `count` matching requests hang: the connection is accepted and the request
   * read, but no answer ever comes (status 0 in `requests`). Checked before auth and faults.
   */
  injectHang(hang: Partial<Hang> = {}): void {
    this.hangs.push({ count: 1, ...hang });
  }

  /** Makes the next `count` matching requests answer a rate-limit error. */
  injectRateLimit(limit: Partial<RateLimit> & { kind: RateLimit['kind'] }): void {
    this.limits.push({
      status: limit.kind === 'primary' ? 403 : 429,
      retryAfterSeconds: 1,
      count: 1,
      ...limit,
    });
  }

  /**
   * Seeds an open pull request (an issue with `pull_request`) and returns its number. The head
   * SHA defaults to the one `pullRequestEvent` puts in its payloads.
   */
  addPullRequest(
    fullName: string,
    title = 'Improve the model',
    author: Actor = OCTOCAT,
    headSha = 'b'.repeat(40),
  ): number {
    const issue = this.createIssue(this.repo(fullName), { title, body: '' }, author, true);
    issue.head_sha = headSha;
    return issue.number;
  }

  /** Seeds a comment as if `author` had written it. */
  addComment(
    fullName: string,
    issueNumber: number,
    body: string,
    author: Actor = OCTOCAT,
  ): Comment {
    return this.createComment(this.repo(fullName), issueNumber, body, author);
  }

  comments(fullName: string, issueNumber: number): Comment[] {
    return [...this.repo(fullName).comments.values()].filter((c) => c.issue_number === issueNumber);
  }

  issues(fullName: string): Issue[] {
    return [...this.repo(fullName).issues.values()].filter((i) => !i.pull_request);
  }

  deployments(fullName: string): Deployment[] {
    return [...this.repo(fullName).deployments.values()];
  }

  /** Requests that changed state (for "no duplicated side effects" assertions). */
  writes(): RequestRecord[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.status < 300);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  // ---- request handling ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = (req.method ?? 'GET').toUpperCase();
    const record: RequestRecord = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-github-api-version-selected': '2022-11-28',
        ...headers,
      });
      res.end(status === 204 ? undefined : JSON.stringify(data));
    };
    try {
      const raw = await readBody(req);
      if (take(this.hangs, method, url.pathname)) return; // never answered
      const token = this.authenticate(req.headers.authorization);
      record.login = token.actor.login;
      if (this.takeRateLimit(method, url.pathname, send)) return;
      const fault = take(this.faults, method, url.pathname);
      if (fault)
        throw new HttpError(fault.status, fault.status >= 500 ? 'Server Error' : 'Injected fault');
      let body: Record<string, unknown> = {};
      if (raw.length) {
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          throw new HttpError(400, 'Problems parsing JSON');
        }
      }
      const match = this.route(method, url.pathname);
      if (!match) throw new HttpError(404, 'Not Found');
      if (method !== 'GET' && !token.write) {
        throw new HttpError(403, 'Resource not accessible by integration');
      }
      const { owner = '', name = '' } = match.params;
      const result = match.handler({
        method,
        params: match.params,
        query: record.query,
        body,
        token,
        repo: this.repo(`${owner}/${name}`),
        owner,
        name,
        res,
      });
      if (result instanceof Paginated) {
        const { items, headers } = this.paginate(url, result.items);
        send(200, items, headers);
      } else if (result instanceof Created) {
        send(201, result.value);
      } else if (result instanceof Redirect) {
        send(302, undefined, { location: result.location });
      } else if (result === undefined) {
        send(204, undefined);
      } else {
        send(200, result);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        send(error.status, {
          message: error.message,
          documentation_url: 'https://docs.github.com/rest',
          ...error.extra,
        });
      } else {
        send(500, { message: `emulator bug: ${(error as Error).stack}` });
      }
    }
  }

  private authenticate(header: string | undefined): TokenInfo {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
    const info = match ? this.tokens.get(match[1]) : undefined;
    if (!info) throw new HttpError(401, 'Bad credentials');
    return info;
  }

  private takeRateLimit(
    method: string,
    path: string,
    send: (status: number, data: unknown, headers?: Record<string, string>) => void,
  ): boolean {
    const limit = take(this.limits, method, path);
    if (!limit) return false;
    if (limit.kind === 'primary') {
      const reset = Math.floor(Date.now() / 1000) + limit.retryAfterSeconds;
      send(
        limit.status,
        { message: 'API rate limit exceeded for installation ID 1.' },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-used': '5000',
        },
      );
    } else {
      send(
        limit.status,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        },
        { 'retry-after': String(limit.retryAfterSeconds) },
      );
    }
    return true;
  }

  private paginate(
    url: URL,
    all: unknown[],
  ): { items: unknown[]; headers: Record<string, string> } {
    const { items, link } = listPage(url, all);
    return { items, headers: link ? { link } : {} };
  }

  private route(method: string, path: string) {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(path);
      if (m) {
        const params: Record<string, string> = {};
        r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
        return { handler: r.handler, params };
      }
    }
    return undefined;
  }

  /** Adds a route; `path` uses `:name` placeholders. Later issues extend the emulator here. */
  on(method: string, path: string, handler: Handler): void {
    const keys: string[] = [];
    const pattern = new RegExp(
      '^' +
        path.replace(/:([a-z_]+)/g, (_, k: string) => {
          keys.push(k);
          return '([^/]+)';
        }) +
        '/?$',
    );
    this.routes.push({ method, pattern, keys, handler });
  }

  // ---- resources ----

  private id(): number {
    return this.nextId++;
  }

  private createIssue(
    repo: RepoState,
    body: Record<string, unknown>,
    user: Actor,
    pr = false,
  ): Issue {
    if (typeof body.title !== 'string' || body.title === '') {
      throw validation('Issue', 'title', 'missing_field');
    }
    checkLength(body.body, 'Issue');
    const now = new Date().toISOString();
    const issue: Issue = {
      id: this.id(),
      number: repo.nextNumber++,
      title: body.title,
      body: typeof body.body === 'string' ? body.body : '',
      state: 'open',
      state_reason: null,
      labels: Array.isArray(body.labels) ? body.labels.map(String) : [],
      user,
      pull_request: pr,
      created_at: now,
      updated_at: now,
      closed_at: null,
    };
    repo.issues.set(issue.number, issue);
    return issue;
  }

  private createComment(repo: RepoState, issueNumber: number, body: unknown, user: Actor): Comment {
    if (!repo.issues.has(issueNumber)) throw new HttpError(404, 'Not Found');
    if (typeof body !== 'string' || body === '')
      throw validation('IssueComment', 'body', 'missing_field');
    checkLength(body, 'IssueComment');
    const now = new Date().toISOString();
    const comment: Comment = {
      id: this.id(),
      node_id: `IC_${this.nextId}`,
      issue_number: issueNumber,
      body,
      user,
      created_at: now,
      updated_at: now,
    };
    repo.comments.set(comment.id, comment);
    return comment;
  }

  private registerRoutes(): void {
    const R = '/repos/:owner/:name';
    const issueJson = (c: Ctx, i: Issue) => ({
      id: i.id,
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      state_reason: i.state_reason,
      labels: i.labels.map((name) => ({ name })),
      user: i.user,
      created_at: i.created_at,
      updated_at: i.updated_at,
      closed_at: i.closed_at,
      html_url: `https://github.com/${c.owner}/${c.name}/${i.pull_request ? 'pull' : 'issues'}/${i.number}`,
      ...(i.pull_request ? { pull_request: { url: `${this.url}${R}/pulls/${i.number}` } } : {}),
    });
    const commentJson = (c: Ctx, m: Comment) => ({
      id: m.id,
      node_id: m.node_id,
      body: m.body,
      user: m.user,
      created_at: m.created_at,
      updated_at: m.updated_at,
      html_url: `https://github.com/${c.owner}/${c.name}/issues/${m.issue_number}#issuecomment-${m.id}`,
      issue_url: `${this.url}/repos/${c.owner}/${c.name}/issues/${m.issue_number}`,
    });
    const issueOf = (c: Ctx) => {
      const issue = c.repo.issues.get(Number(c.params.number));
      if (!issue) throw new HttpError(404, 'Not Found');
      return issue;
    };
    const commentOf = (c: Ctx) => {
      const comment = c.repo.comments.get(Number(c.params.id));
      if (!comment) throw new HttpError(404, 'Not Found');
      return comment;
    };

    this.on('GET', '/user', (c) => {
      if (c.token.installation) throw new HttpError(403, 'Resource not accessible by integration');
      return c.token.actor;
    });
    this.on('POST', '/graphql', (c) => {
      const query = String(c.body.query ?? '');
      if (/viewer\s*{\s*login/.test(query))
        return { data: { viewer: { login: c.token.actor.login } } };
      return { errors: [{ message: 'The emulator answers only `viewer { login }`.' }] };
    });

    // Issues (pull requests are issues too, as on GitHub).
    this.on('GET', `${R}/issues`, (c) => {
      const state = c.query.state ?? 'open';
      const labels = c.query.labels ? c.query.labels.split(',') : [];
      const items = [...c.repo.issues.values()]
        .filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.includes(l)))
        .filter((i) => !c.query.creator || i.user.login === c.query.creator)
        .sort((a, b) => b.number - a.number)
        .map((i) => issueJson(c, i));
      return new Paginated(items);
    });
    this.on(
      'POST',
      `${R}/issues`,
      (c) => new Created(issueJson(c, this.createIssue(c.repo, c.body, c.token.actor))),
    );
    this.on('GET', `${R}/issues/:number`, (c) => issueJson(c, issueOf(c)));
    this.on('PATCH', `${R}/issues/:number`, (c) => {
      const issue = issueOf(c);
      checkLength(c.body.body, 'Issue');
      if (typeof c.body.title === 'string') issue.title = c.body.title;
      if (typeof c.body.body === 'string') issue.body = c.body.body;
      if (Array.isArray(c.body.labels)) issue.labels = c.body.labels.map(String);
      if (c.body.state === 'open' || c.body.state === 'closed') {
        issue.state = c.body.state;
        issue.closed_at = issue.state === 'closed' ? new Date().toISOString() : null;
        issue.state_reason =
          issue.state === 'closed' ? String(c.body.state_reason ?? 'completed') : 'reopened';
      }
      issue.updated_at = new Date().toISOString();
      return issueJson(c, issue);
    });
    this.on('GET', `${R}/pulls/:number`, (c) => {
      const issue = issueOf(c);
      if (!issue.pull_request) throw new HttpError(404, 'Not Found');
      return {
        ...issueJson(c, issue),
        head: { sha: issue.head_sha, ref: 'feature' },
        base: { sha: 'a'.repeat(40), ref: 'main' },
      };
    });
    this.on('POST', `${R}/issues/:number/labels`, (c) => {
      const issue = issueOf(c);
      const add = Array.isArray(c.body.labels) ? c.body.labels.map(String) : [];
      issue.labels = [...new Set([...issue.labels, ...add])];
      return issue.labels.map((name) => ({ name }));
    });

    // Issue comments.
    this.on('GET', `${R}/issues/:number/comments`, (c) => {
      const n = issueOf(c).number;
      const items = [...c.repo.comments.values()]
        .filter((m) => m.issue_number === n)
        .sort((a, b) => a.id - b.id)
        .map((m) => commentJson(c, m));
      return new Paginated(items);
    });
    this.on('POST', `${R}/issues/:number/comments`, (c) => {
      const issue = issueOf(c);
      return new Created(
        commentJson(c, this.createComment(c.repo, issue.number, c.body.body, c.token.actor)),
      );
    });
    this.on('GET', `${R}/issues/comments/:id`, (c) => commentJson(c, commentOf(c)));
    this.on('PATCH', `${R}/issues/comments/:id`, (c) => {
      const comment = commentOf(c);
      if (comment.user.login !== c.token.actor.login) {
        throw new HttpError(403, 'Resource not accessible by integration');
      }
      if (typeof c.body.body !== 'string' || c.body.body === '') {
        throw validation('IssueComment', 'body', 'missing_field');
      }
      checkLength(c.body.body, 'IssueComment');
      comment.body = c.body.body;
      comment.updated_at = new Date().toISOString();
      return commentJson(c, comment);
    });
    this.on('DELETE', `${R}/issues/comments/:id`, (c) => {
      commentOf(c);
      c.repo.comments.delete(Number(c.params.id));
      return undefined;
    });

    // Check runs.
    this.on('POST', `${R}/check-runs`, (c) => {
      if (typeof c.body.name !== 'string' || typeof c.body.head_sha !== 'string') {
        throw validation('CheckRun', 'name', 'missing_field');
      }
      const run = {
        id: this.id(),
        name: c.body.name,
        head_sha: c.body.head_sha,
        status: String(c.body.status ?? 'queued'),
        conclusion: (c.body.conclusion as string | undefined) ?? null,
        output: c.body.output ?? null,
        details_url: c.body.details_url as string | undefined,
        external_id: c.body.external_id as string | undefined,
      };
      c.repo.checkRuns.set(run.id, run);
      return new Created(run);
    });
    this.on('PATCH', `${R}/check-runs/:id`, (c) => {
      const run = c.repo.checkRuns.get(Number(c.params.id));
      if (!run) throw new HttpError(404, 'Not Found');
      Object.assign(run, c.body);
      return run;
    });
    this.on('GET', `${R}/commits/:ref/check-runs`, (c) => {
      const runs = [...c.repo.checkRuns.values()].filter((r) => r.head_sha === c.params.ref);
      return { total_count: runs.length, check_runs: runs };
    });

    // Deployments and their statuses.
    const deploymentJson = (c: Ctx, d: Deployment) => {
      const { statuses: _statuses, ...rest } = d;
      return { ...rest, url: `${this.url}/repos/${c.owner}/${c.name}/deployments/${d.id}` };
    };
    const deploymentOf = (c: Ctx) => {
      const d = c.repo.deployments.get(Number(c.params.id));
      if (!d) throw new HttpError(404, 'Not Found');
      return d;
    };
    this.on('POST', `${R}/deployments`, (c) => {
      if (typeof c.body.ref !== 'string' || c.body.ref === '')
        throw validation('Deployment', 'ref', 'missing_field');
      const environment = String(c.body.environment ?? 'production');
      const sha = /^[0-9a-f]{40}$/.test(c.body.ref) ? c.body.ref : 'a'.repeat(40);
      // Like GitHub: every check on the commit named in required_contexts (default: all of
      // them, even the running workflow's own) must have succeeded, else 409.
      const required = c.body.required_contexts;
      const blocking = [...c.repo.checkRuns.values()].filter(
        (r) =>
          r.head_sha === sha &&
          r.conclusion !== 'success' &&
          (!Array.isArray(required) || required.includes(r.name)),
      );
      if (blocking.length > 0) {
        throw new HttpError(409, `Conflict: Commit status checks failed for ${c.body.ref}.`, {
          errors: [
            {
              contexts: blocking.map((r) => ({
                context: r.name,
                state: r.conclusion ?? 'pending',
              })),
              resource: 'Deployment',
              field: 'required_contexts',
              code: 'invalid',
            },
          ],
        });
      }
      const d: Deployment = {
        id: this.id(),
        ref: c.body.ref,
        sha,
        task: String(c.body.task ?? 'deploy'),
        environment,
        description: (c.body.description as string | undefined) ?? null,
        payload: c.body.payload ?? {},
        transient_environment: Boolean(c.body.transient_environment),
        production_environment: Boolean(
          c.body.production_environment ?? environment === 'production',
        ),
        creator: c.token.actor,
        created_at: new Date().toISOString(),
        statuses: [],
      };
      c.repo.deployments.set(d.id, d);
      return new Created(deploymentJson(c, d));
    });
    this.on('GET', `${R}/deployments`, (c) => {
      const items = [...c.repo.deployments.values()]
        .filter((d) => !c.query.environment || d.environment === c.query.environment)
        .sort((a, b) => b.id - a.id)
        .map((d) => deploymentJson(c, d));
      return new Paginated(items);
    });
    this.on('GET', `${R}/deployments/:id`, (c) => deploymentJson(c, deploymentOf(c)));
    this.on('POST', `${R}/deployments/:id/statuses`, (c) => {
      const d = deploymentOf(c);
      const states = [
        'error',
        'failure',
        'inactive',
        'in_progress',
        'queued',
        'pending',
        'success',
      ];
      if (!states.includes(String(c.body.state)))
        throw validation('DeploymentStatus', 'state', 'invalid');
      const status = {
        id: this.id(),
        state: String(c.body.state),
        description: String(c.body.description ?? ''),
        environment: String(c.body.environment ?? d.environment),
        environment_url: String(c.body.environment_url ?? ''),
        log_url: String(c.body.log_url ?? ''),
        created_at: new Date().toISOString(),
        creator: c.token.actor,
      };
      d.statuses.push(status);
      return new Created(status);
    });
    this.on(
      'GET',
      `${R}/deployments/:id/statuses`,
      (c) => new Paginated([...deploymentOf(c).statuses].reverse()),
    );

    // Repository dispatch (e.g. to trigger retraining).
    this.on('POST', `${R}/dispatches`, (c) => {
      if (typeof c.body.event_type !== 'string' || c.body.event_type === '') {
        throw validation('Dispatch', 'event_type', 'missing_field');
      }
      c.repo.dispatches.push({
        event_type: c.body.event_type,
        client_payload: c.body.client_payload ?? {},
        actor: c.token.actor,
      });
      return undefined;
    });
  }
}

const OCTOCAT: Actor = { login: 'octocat', id: 583231, type: 'User' };

class Paginated {
  constructor(readonly items: unknown[]) {}
}

class Created {
  constructor(readonly value: unknown) {}
}

/** A handler result answered as 302 Found to `location` (artifact zip downloads). */
export class Redirect {
  constructor(readonly location: string) {}
}

function take<T extends { method?: string; path?: RegExp; count: number }>(
  list: T[],
  method: string,
  path: string,
): T | undefined {
  const index = list.findIndex(
    (f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)),
  );
  if (index < 0) return undefined;
  const item = list[index];
  if (--item.count <= 0) list.splice(index, 1);
  return item;
}

function validation(resource: string, field: string, code: string): HttpError {
  return new HttpError(422, 'Validation Failed', { errors: [{ resource, field, code }] });
}

function checkLength(body: unknown, resource: string): void {
  if (typeof body === 'string' && body.length > MAX_BODY_LENGTH) {
    throw new HttpError(422, 'Validation Failed', {
      errors: [
        {
          resource,
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
        },
      ],
    });
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts an emulator on a free loopback port. */
export async function startGitHubEmulator(): Promise<GitHubEmulator> {
  const emulator = new GitHubEmulator();
  await emulator.start();
  return emulator;
}
