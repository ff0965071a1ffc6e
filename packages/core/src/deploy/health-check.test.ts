import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForHealthy } from './health-check.js';

let answers: Array<{ status: number; body: string }>;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    res.writeHead(next.status, { 'content-type': 'application/json' });
    res.end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const check = (timeoutMs = 2_000) =>
  waitForHealthy({ url, expectedVersion: '2.0.0', timeoutMs, intervalMs: 50 });

describe('health check', () => {
  it('waits through 503s and an old version until the new version is reported', async () => {
    answers = [
      { status: 503, body: '{}' },
      { status: 200, body: '{"version":"1.0.0"}' },
      { status: 200, body: '{"version":"2.0.0","status":"ok"}' },
    ];
    await expect(check()).resolves.toEqual({
      healthy: true,
      attempts: 3,
      detail: 'HTTP 200, version 2.0.0',
    });
  });

  it('accepts any 2xx when the body is not JSON or has no version', async () => {
    answers = [{ status: 204, body: '' }];
    await expect(check()).resolves.toMatchObject({ healthy: true, attempts: 1 });
    answers = [{ status: 200, body: '{"ok":true}' }];
    await expect(check()).resolves.toMatchObject({ healthy: true });
  });

  it('gives up after the timeout and says what it last saw', async () => {
    answers = [{ status: 200, body: '{"version":"1.0.0"}' }];
    const result = await check(300);
    expect(result.healthy).toBe(false);
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.detail).toBe('HTTP 200 but reports version 1.0.0, expected 2.0.0');
  });

  it('reports a refused connection', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await waitForHealthy({
      url: `http://127.0.0.1:${port}/health`,
      expectedVersion: '2.0.0',
      timeoutMs: 100,
      intervalMs: 50,
    });
    expect(result).toMatchObject({ healthy: false, detail: 'ECONNREFUSED' });
  });
});

describe('health check text', () => {
  it('never repeats credentials of the URL in what it reports', async () => {
    const lines: string[] = [];
    const result = await waitForHealthy({
      url: 'http://probe:S3cret-pw@127.0.0.1:9/health',
      expectedVersion: '2.0.0',
      timeoutMs: 100,
      intervalMs: 50,
      log: { info: (m) => lines.push(m), warning: (m) => lines.push(m), debug: () => {} },
    });
    expect(result.healthy).toBe(false);
    expect(JSON.stringify([result, lines])).not.toContain('S3cret-pw');
  });

  it('logs each failed attempt through the logger it is given', async () => {
    answers = [{ status: 200, body: '{"version":"1.0.0\\n::add-mask::x"}' }];
    const lines: string[] = [];
    await waitForHealthy({
      url,
      expectedVersion: '2.0.0',
      timeoutMs: 200,
      intervalMs: 50,
      log: { info: (m) => lines.push(m), warning: () => {}, debug: () => {} },
    });
    expect(lines[0]).toBe(
      'Health check 1: HTTP 200 but reports version 1.0.0\n::add-mask::x, expected 2.0.0',
    );
  });
});
