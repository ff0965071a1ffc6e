import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback emulator of the GitHub Actions artifact service exactly as `@actions/artifact` 6.x
 * talks to it:
 * - Twirp JSON at `POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>`
 *   (the client posts to the origin of ACTIONS_RESULTS_URL), authenticated by the
 *   ACTIONS_RUNTIME_TOKEN JWT whose `scp` claim carries `Actions.Results:<run>:<job>`;
 * - Azure block-blob uploads to the signed URL (`PUT ?comp=block&blockid=…`, then
 *   `PUT ?comp=blocklist` with the XML list, committed in the given order) and signed downloads;
 * - the REST routes a download from another run uses (`GET /repos/{o}/{r}/actions/artifacts/{id}/zip`
 *   answering 302 to a signed URL, `GET …/actions/artifacts/{id}` and a run's artifact list).
 * Faults (5xx, a corrupted stored digest, a request accepted and never answered) can be
 * injected; every request is logged.
 */

export const SERVICE = 'github.actions.results.api.v1.ArtifactService';

/** Tokens the REST routes accept by default: the GitHub emulator's app token and PAT. */
export const DEFAULT_REST_TOKENS = ['ghs_emulated_app_token', 'ghp_emulated_personal_token'];

export type Route =
  | 'CreateArtifact'
  | 'FinalizeArtifact'
  | 'ListArtifacts'
  | 'GetSignedArtifactURL'
  | 'DeleteArtifact'
  | 'blob:block'
  | 'blob:blocklist'
  | 'blob:put'
  | 'blob:get'
  | 'rest:zip'
  | 'rest:get'
  | 'rest:list';

export interface ArtifactFault {
  route: Route;
  status: number;
  /** How many matching requests fail before the route works again. */
  count: number;
}

export interface RequestRecord {
  route: Route | 'unknown';
  method: string;
  path: string;
  status: number;
}

export interface Run {
  /** The numeric run id REST uses (GITHUB_RUN_ID). */
  id: number;
  /** The workflow run backend id (a UUID) in the token's scope. */
  backendId: string;
  repository: string;
}

export interface StoredArtifact {
  id: number;
  name: string;
  runBackendId: string;
  jobBackendId: string;
  createdAt: Date;
  expiresAt?: string;
  mimeType?: string;
  finalized: boolean;
  /** Committed blob content (the zip the client uploaded). */
  content?: Buffer;
  size: number;
  /** `sha256:<hex>` the client reported at finalize time. */
  digest?: string;
  /** Staged, uncommitted blocks by block id. */
  blocks: Map<string, Buffer>;
  blobKey: string;
}

export interface ArtifactServiceState {
  runs: Run[];
  artifacts: StoredArtifact[];
  requests: RequestRecord[];
  faults: ArtifactFault[];
  /** Routes whose next requests are read and never answered, with how many are left. */
  hangs: Array<{ route: Route; count: number }>;
}

export interface JobEnv {
  ACTIONS_RESULTS_URL: string;
  ACTIONS_RUNTIME_TOKEN: string;
  GITHUB_SERVER_URL: string;
  GITHUB_RUN_ID: string;
  GITHUB_REPOSITORY: string;
  [key: string]: string;
}

/** The REST API's view of artifacts (JSON bodies as GitHub returns them; undefined for 404). */
export interface ArtifactRest {
  /** GET /repos/{owner}/{repo}/actions/artifacts/{id} */
  artifact(repository: string, id: string): object | undefined;
  /** GET /repos/{owner}/{repo}/actions/artifacts/{id}/zip: the signed URL it redirects (302) to. */
  zipUrl(repository: string, id: string): string | undefined;
  /** GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts (`name`, `per_page`, `page`). */
  runArtifacts(
    repository: string,
    runId: string,
    query: Record<string, string>,
  ): object | undefined;
}

export interface ArtifactServiceEmulator {
  /** Origin of the service (ACTIONS_RESULTS_URL, blob URLs and the REST routes). */
  url: string;
  /** Environment for a job in the default run: pass it to the action. */
  env: JobEnv;
  state: ArtifactServiceState;
  rest: ArtifactRest;
  /** Starts another workflow run (another backend id) and returns a job environment in it. */
  newRun(repository?: string): { run: Run; env: JobEnv };
  /** Makes the next `count` requests to `route` answer `status`. */
  fail(route: Route, status?: number, count?: number): void;
  /** Makes the next `count` requests to `route` hang: read, never answered (status 0 in the log). */
  hang(route: Route, count?: number): void;
  /** Finalized artifacts, optionally only those of one run. */
  artifacts(run?: Run): StoredArtifact[];
  close(): Promise<void>;
}

export interface ArtifactServiceOptions {
  repository?: string;
  restTokens?: string[];
}

class ServiceError extends Error {
  constructor(
    readonly status: number,
    /** Twirp error code, or an Azure storage error code for blob routes. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** An unsigned-looking JWT the client can decode; the emulator remembers the tokens it issued. */
function makeRuntimeToken(runBackendId: string, jobBackendId: string): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256' }));
  const payload = base64url(
    JSON.stringify({
      scp: `Actions.ExampleScope Actions.Results:${runBackendId}:${jobBackendId}`,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 6 * 3600,
    }),
  );
  return `${header}.${payload}.${base64url(randomBytes(32))}`;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toTimestamp(date: Date): string {
  return date.toISOString();
}

export async function startArtifactService(
  options: ArtifactServiceOptions = {},
): Promise<ArtifactServiceEmulator> {
  const secret = randomBytes(32);
  const restTokens = new Set(options.restTokens ?? DEFAULT_REST_TOKENS);
  const state: ArtifactServiceState = {
    runs: [],
    artifacts: [],
    requests: [],
    faults: [],
    hangs: [],
  };
  /** runtime token -> the scope it grants */
  const issued = new Map<string, { runBackendId: string; jobBackendId: string }>();
  let nextArtifactId = 1001;
  let nextRunId = 7000000001;
  let origin = '';

  const sign = (key: string, expires: string): string =>
    createHmac('sha256', secret).update(`${key}\n${expires}`).digest('base64');

  const signedUrl = (artifact: StoredArtifact, minutes: number): string => {
    const se = new Date(Date.now() + minutes * 60_000).toISOString();
    const url = new URL(`${origin}/devstoreaccount1/actions-results/${artifact.blobKey}`);
    url.searchParams.set('sv', '2024-08-04');
    url.searchParams.set('se', se);
    url.searchParams.set('sp', 'rcw');
    url.searchParams.set('sig', sign(artifact.blobKey, se));
    return url.toString();
  };

  const newRun = (
    repository = options.repository ?? 'octo-org/models',
  ): { run: Run; env: JobEnv } => {
    const run: Run = { id: nextRunId++, backendId: randomUUID(), repository };
    state.runs.push(run);
    const jobBackendId = randomUUID();
    const token = makeRuntimeToken(run.backendId, jobBackendId);
    issued.set(token, { runBackendId: run.backendId, jobBackendId });
    return {
      run,
      env: {
        ACTIONS_RESULTS_URL: `${origin}/`,
        ACTIONS_RUNTIME_TOKEN: token,
        // @actions/artifact refuses GHES hosts; github.com is what a hosted runner has.
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: String(run.id),
        GITHUB_REPOSITORY: repository,
      },
    };
  };

  const takeFault = (route: Route): ArtifactFault | undefined => {
    const fault = state.faults.find((f) => f.route === route && f.count > 0);
    if (fault) fault.count--;
    return fault;
  };

  const finalizedIn = (runBackendId: string): StoredArtifact[] =>
    state.artifacts.filter((a) => a.finalized && a.runBackendId === runBackendId);

  const monolith = (a: StoredArtifact) => ({
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.size),
    created_at: toTimestamp(a.createdAt),
    ...(a.digest ? { digest: a.digest } : {}),
  });

  // Twirp handlers: request JSON uses proto field names; wrappers are plain values, int64 strings.
  const twirp: Record<string, (scope: Scope, body: Record<string, unknown>) => unknown> = {
    CreateArtifact(scope, body) {
      checkIds(scope, body);
      const name = String(body.name ?? '');
      if (!name) throw new ServiceError(400, 'invalid_argument', 'name is required');
      if (body.version !== 7) {
        throw new ServiceError(
          400,
          'invalid_argument',
          `unsupported version ${String(body.version)}`,
        );
      }
      if (finalizedIn(scope.runBackendId).some((a) => a.name === name)) {
        throw new ServiceError(
          409,
          'already_exists',
          `an artifact with this name already exists on the workflow run`,
        );
      }
      // A retried or repeated create before finalize replaces the pending upload.
      state.artifacts = state.artifacts.filter(
        (a) => a.finalized || a.runBackendId !== scope.runBackendId || a.name !== name,
      );
      const artifact: StoredArtifact = {
        id: nextArtifactId++,
        name,
        runBackendId: scope.runBackendId,
        jobBackendId: scope.jobBackendId,
        createdAt: new Date(),
        expiresAt: body.expires_at as string | undefined,
        mimeType: body.mime_type as string | undefined,
        finalized: false,
        size: 0,
        blocks: new Map(),
        blobKey: `${scope.runBackendId}/${randomUUID()}/${encodeURIComponent(name)}.zip`,
      };
      state.artifacts.push(artifact);
      return { ok: true, signed_upload_url: signedUrl(artifact, 60) };
    },
    FinalizeArtifact(scope, body) {
      checkIds(scope, body);
      const artifact = state.artifacts.find(
        (a) => !a.finalized && a.runBackendId === scope.runBackendId && a.name === body.name,
      );
      if (!artifact)
        throw new ServiceError(404, 'not_found', `artifact '${String(body.name)}' not found`);
      if (!artifact.content) {
        throw new ServiceError(400, 'invalid_argument', 'artifact blob has not been uploaded');
      }
      if (String(body.size) !== String(artifact.content.length)) {
        throw new ServiceError(
          400,
          'invalid_argument',
          `size ${String(body.size)} does not match the uploaded ${artifact.content.length} bytes`,
        );
      }
      artifact.size = artifact.content.length;
      artifact.digest = typeof body.hash === 'string' ? body.hash : undefined;
      artifact.finalized = true;
      return { ok: true, artifact_id: String(artifact.id) };
    },
    ListArtifacts(scope, body) {
      checkIds(scope, body);
      let list = finalizedIn(scope.runBackendId);
      if (body.name_filter !== undefined) list = list.filter((a) => a.name === body.name_filter);
      if (body.id_filter !== undefined)
        list = list.filter((a) => String(a.id) === String(body.id_filter));
      return { artifacts: list.map(monolith) };
    },
    GetSignedArtifactURL(scope, body) {
      checkIds(scope, body);
      const artifact = finalizedIn(scope.runBackendId).find((a) => a.name === body.name);
      if (!artifact)
        throw new ServiceError(404, 'not_found', `artifact '${String(body.name)}' not found`);
      return { signed_url: signedUrl(artifact, 10) };
    },
    DeleteArtifact(scope, body) {
      checkIds(scope, body);
      const artifact = finalizedIn(scope.runBackendId).find((a) => a.name === body.name);
      if (!artifact)
        throw new ServiceError(404, 'not_found', `artifact '${String(body.name)}' not found`);
      state.artifacts = state.artifacts.filter((a) => a !== artifact);
      return { ok: true, artifact_id: String(artifact.id) };
    },
  };

  interface Scope {
    runBackendId: string;
    jobBackendId: string;
  }

  function checkIds(scope: Scope, body: Record<string, unknown>): void {
    if (
      body.workflow_run_backend_id !== scope.runBackendId ||
      body.workflow_job_run_backend_id !== scope.jobBackendId
    ) {
      throw new ServiceError(403, 'permission_denied', 'backend ids do not match the token scope');
    }
  }

  const findBlob = (url: URL): StoredArtifact => {
    const prefix = '/devstoreaccount1/actions-results/';
    const key = url.pathname.slice(prefix.length);
    const se = url.searchParams.get('se') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    if (!url.pathname.startsWith(prefix) || sig !== sign(key, se) || Date.parse(se) < Date.now()) {
      throw new ServiceError(
        403,
        'AuthenticationFailed',
        'Server failed to authenticate the request. Make sure the value of the signature is correct.',
      );
    }
    const artifact = state.artifacts.find((a) => a.blobKey === key);
    if (!artifact)
      throw new ServiceError(404, 'BlobNotFound', 'The specified blob does not exist.');
    return artifact;
  };

  const blobRoute = (req: http.IncomingMessage, url: URL): Route => {
    if (req.method === 'GET' || req.method === 'HEAD') return 'blob:get';
    const comp = url.searchParams.get('comp');
    if (comp === 'block') return 'blob:block';
    if (comp === 'blocklist') return 'blob:blocklist';
    return 'blob:put';
  };

  const azureHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
    'x-ms-request-id': randomUUID(),
    'x-ms-version': '2024-08-04',
    date: new Date().toUTCString(),
    ...extra,
  });

  async function handleBlob(
    route: Route,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<number> {
    const artifact = findBlob(url);
    if (route === 'blob:get') {
      if (!artifact.content)
        throw new ServiceError(404, 'BlobNotFound', 'The specified blob does not exist.');
      res.writeHead(
        200,
        azureHeaders({
          'content-type': artifact.mimeType ?? 'application/zip',
          'content-length': String(artifact.content.length),
          'content-disposition': `attachment; filename="${artifact.name}.zip"`,
        }),
      );
      res.end(req.method === 'HEAD' ? undefined : artifact.content);
      return 200;
    }
    if (artifact.finalized)
      throw new ServiceError(409, 'BlobImmutable', 'The artifact is finalized.');
    const body = await readBody(req);
    if (route === 'blob:block') {
      const id = url.searchParams.get('blockid');
      if (!id) throw new ServiceError(400, 'InvalidQueryParameterValue', 'blockid is required');
      artifact.blocks.set(id, body);
    } else if (route === 'blob:blocklist') {
      const ids = [
        ...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g),
      ].map((m) => m[2]);
      const missing = ids.filter((id) => !artifact.blocks.has(id));
      if (missing.length) {
        throw new ServiceError(400, 'InvalidBlockList', `unknown block ids: ${missing.join(', ')}`);
      }
      artifact.content = Buffer.concat(ids.map((id) => artifact.blocks.get(id) as Buffer));
      artifact.blocks.clear();
    } else {
      artifact.content = body;
    }
    const md5 = createHash('md5').update(
      route === 'blob:block' ? body : (artifact.content ?? body),
    );
    res.writeHead(
      201,
      azureHeaders({
        etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
        'last-modified': new Date().toUTCString(),
        'content-md5': md5.digest('base64'),
        'x-ms-request-server-encrypted': 'true',
        'content-length': '0',
      }),
    );
    res.end();
    return 201;
  }

  function restArtifact(a: StoredArtifact, run: Run) {
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.size,
      url: `${origin}/repos/${run.repository}/actions/artifacts/${a.id}`,
      archive_download_url: `${origin}/repos/${run.repository}/actions/artifacts/${a.id}/zip`,
      expired: false,
      digest: a.digest ?? null,
      created_at: a.createdAt.toISOString(),
      updated_at: a.createdAt.toISOString(),
      expires_at: a.expiresAt ?? null,
      workflow_run: { id: run.id, repository_id: 1, head_branch: 'main', head_sha: '' },
    };
  }

  const findRestArtifact = (repository: string, id: string) => {
    const artifact = state.artifacts.find((a) => a.finalized && String(a.id) === id);
    const run = artifact && state.runs.find((r) => r.backendId === artifact.runBackendId);
    return artifact && run && run.repository === repository ? { artifact, run } : undefined;
  };

  // The REST answers, shared by this server's own routes and the GitHub emulator's (github-routes.ts).
  const rest: ArtifactRest = {
    artifact(repository, id) {
      const found = findRestArtifact(repository, id);
      return found && restArtifact(found.artifact, found.run);
    },
    zipUrl(repository, id) {
      const found = findRestArtifact(repository, id);
      return found && signedUrl(found.artifact, 1);
    },
    runArtifacts(repository, runId, query) {
      const run = state.runs.find((r) => String(r.id) === runId && r.repository === repository);
      if (!run) return undefined;
      let list = finalizedIn(run.backendId);
      if (query.name) list = list.filter((a) => a.name === query.name);
      const perPage = Math.min(Number(query.per_page ?? 30), 100);
      const page = Number(query.page ?? 1);
      return {
        total_count: list.length,
        artifacts: list
          .slice((page - 1) * perPage, page * perPage)
          .map((a) => restArtifact(a, run)),
      };
    },
  };

  function handleRest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    route: Route,
    match: RegExpMatchArray,
  ): number {
    const token = (req.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
    if (!restTokens.has(token)) throw new ServiceError(401, 'Bad credentials', 'Bad credentials');
    const repository = `${match[1]}/${match[2]}`;
    const notFound = new ServiceError(404, 'Not Found', 'Not Found');
    if (route === 'rest:zip') {
      const location = rest.zipUrl(repository, match[3]);
      if (!location) throw notFound;
      res.writeHead(302, { location, 'content-length': '0' });
      res.end();
      return 302;
    }
    const body =
      route === 'rest:get'
        ? rest.artifact(repository, match[3])
        : rest.runArtifacts(repository, match[3], Object.fromEntries(url.searchParams));
    if (!body) throw notFound;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
    return 200;
  }

  const REST_ZIP = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)\/zip$/;
  const REST_GET = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)$/;
  const REST_LIST = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/;
  const TWIRP = new RegExp(`^/twirp/${SERVICE.replace(/\./g, '\\.')}/(\\w+)$`);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    let route: Route | 'unknown' = 'unknown';
    const record = (status: number): void => {
      state.requests.push({ route, method: req.method ?? '', path: url.pathname, status });
    };
    const respondError = (error: ServiceError, blob: boolean): void => {
      if (res.headersSent) return;
      if (blob) {
        const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${error.message}</Message></Error>`;
        res.writeHead(error.status, {
          ...azureHeaders({ 'x-ms-error-code': error.code }),
          'content-type': 'application/xml',
        });
        res.end(xml);
      } else if (route.startsWith('rest:')) {
        res.writeHead(error.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: error.message, status: String(error.status) }));
      } else {
        res.writeHead(error.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: error.code, msg: error.message }));
      }
    };

    const handle = async (): Promise<number> => {
      const twirpMatch = url.pathname.match(TWIRP);
      const zipMatch = url.pathname.match(REST_ZIP);
      const listMatch = url.pathname.match(REST_LIST);
      const getMatch = url.pathname.match(REST_GET);
      if (twirpMatch && req.method === 'POST') route = twirpMatch[1] as Route;
      else if (url.pathname.startsWith('/devstoreaccount1/')) route = blobRoute(req, url);
      else if (zipMatch && req.method === 'GET') route = 'rest:zip';
      else if (listMatch && req.method === 'GET') route = 'rest:list';
      else if (getMatch && req.method === 'GET') route = 'rest:get';
      else throw new ServiceError(404, 'not_found', `no route for ${req.method} ${url.pathname}`);

      const hang = state.hangs.find((h) => h.route === route && h.count > 0);
      if (hang) {
        hang.count--;
        await readBody(req);
        record(0);
        return new Promise<number>(() => undefined);
      }
      const fault = takeFault(route as Route);
      if (fault) {
        await readBody(req);
        const code = fault.status === 503 ? 'unavailable' : 'internal';
        throw new ServiceError(fault.status, code, `injected fault ${fault.status}`);
      }
      if (route.startsWith('blob:')) return handleBlob(route as Route, req, res, url);
      if (route === 'rest:zip') return handleRest(req, res, url, route, zipMatch!);
      if (route === 'rest:list') return handleRest(req, res, url, route, listMatch!);
      if (route === 'rest:get') return handleRest(req, res, url, route, getMatch!);

      const handler = twirp[route];
      if (!handler) throw new ServiceError(404, 'bad_route', `no method ${route}`);
      const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const scope = issued.get(token);
      if (!scope) throw new ServiceError(401, 'unauthenticated', 'invalid runtime token');
      const raw = await readBody(req);
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        throw new ServiceError(400, 'malformed', 'request body is not JSON');
      }
      const result = handler(scope, body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
      return 200;
    };

    handle()
      .then(record)
      .catch((error: unknown) => {
        const serviceError =
          error instanceof ServiceError
            ? error
            : new ServiceError(500, 'internal', (error as Error).message);
        respondError(serviceError, route.startsWith('blob:'));
        record(serviceError.status);
      });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const first = newRun();

  return {
    url: origin,
    env: first.env,
    state,
    rest,
    newRun,
    fail(route, status = 503, count = 1) {
      state.faults.push({ route, status, count });
    },
    hang(route, count = 1) {
      state.hangs.push({ route, count });
    },
    artifacts(run) {
      return state.artifacts.filter(
        (a) => a.finalized && (!run || a.runBackendId === run.backendId),
      );
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
