import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGitHubClient } from '../github/octokit.js';
import { instrumentRequests } from './github-reads.js';

describe('instrumentRequests', () => {
  let server: http.Server;
  let calls = 0;
  const saved = process.env.GITHUB_API_URL;

  beforeEach(async () => {
    calls = 0;
    // The first request never gets an answer; the next ones do.
    server = http.createServer((req, res) => {
      calls++;
      if (calls === 1) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ private: false, default_branch: 'main' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.GITHUB_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    process.env.GITHUB_API_URL = saved;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('a request that hangs times out and is retried; every attempt is counted', async () => {
    const github = createGitHubClient('token');
    const usage = instrumentRequests(github, 2000);
    const { data } = await github.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(data.default_branch).toBe('main');
    expect(calls).toBe(2);
    expect(usage).toEqual({ requests: 2, notModified: 0, errors: 1 });
  });
});
