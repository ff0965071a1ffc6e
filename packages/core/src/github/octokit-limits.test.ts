import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ServiceError } from '../inputs/user-error.js';
import { createGitHubClient } from './octokit.js';

/** The opt-in request timeout and call deadline of the suite's Octokit (deploy uses them). */
let silent: net.Server;
let slowThenOk: http.Server;
let silentUrl: string;
let slowUrl: string;
let slowCalls = 0;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  // First answer comes too late, the retry gets an answer at once.
  slowThenOk = http.createServer((_req, res) => {
    slowCalls += 1;
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":7}');
    };
    if (slowCalls === 1) setTimeout(answer, 1_500).unref();
    else answer();
  });
  await new Promise<void>((resolve) => slowThenOk.listen(0, '127.0.0.1', resolve));
  slowUrl = `http://127.0.0.1:${(slowThenOk.address() as AddressInfo).port}`;
});
afterAll(async () => {
  slowThenOk.closeAllConnections();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => slowThenOk.close(resolve));
  await new Promise((resolve) => silent.close(resolve));
});

const withApi = async <T>(url: string, fn: () => Promise<T>): Promise<T> => {
  const before = process.env.GITHUB_API_URL;
  process.env.GITHUB_API_URL = url;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.GITHUB_API_URL;
    else process.env.GITHUB_API_URL = before;
  }
};

describe('GitHub client limits', () => {
  it('ends a call to a never-answering API at the deadline with a line naming the call', async () => {
    const started = Date.now();
    const error = await withApi(silentUrl, () =>
      createGitHubClient('t', { requestTimeoutMs: 300, deadlineMs: 1_500 })
        .rest.repos.createDeployment({ owner: 'o', repo: 'r', ref: 'main' })
        .catch((e: unknown) => e),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as Error).message).toMatch(
      /^GitHub API POST \/repos\/\{owner\}\/\{repo\}\/deployments did not finish within the network deadline of 1\.5 s/,
    );
  });

  it('aborts one slow attempt after the request timeout and retries it', async () => {
    const response = await withApi(slowUrl, () =>
      createGitHubClient('t', { requestTimeoutMs: 500, deadlineMs: 10_000 }).request(
        'GET /repos/{owner}/{repo}',
        { owner: 'o', repo: 'r' },
      ),
    );
    expect(response.data).toEqual({ id: 7 });
    expect(slowCalls).toBe(2);
  });
});
