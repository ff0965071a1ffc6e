import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ServiceError } from '../inputs/user-error.js';
import { escapeSlack, postWebhook } from './webhook.js';

interface Hook {
  url: string;
  bodies: unknown[];
  close: () => Promise<void>;
}

async function startHook(statuses: number[]): Promise<Hook> {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      res.writeHead(statuses.shift() ?? 200);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secret-path`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const message = {
  text: 'drift',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }],
};
const fast = { backoffMs: [1, 1, 1] };

describe('postWebhook', () => {
  it('retries a 5xx and delivers the Slack body once it succeeds', async () => {
    const hook = await startHook([500, 503]);
    try {
      await expect(postWebhook('webhook-url', hook.url, message, fast)).resolves.toBe(3);
      expect(hook.bodies).toHaveLength(3);
      expect(hook.bodies[2]).toEqual(message);
    } finally {
      await hook.close();
    }
  });

  it('does not retry a 4xx and names neither the URL nor its secret path', async () => {
    const hook = await startHook([404]);
    try {
      const failure = postWebhook('webhook-url', hook.url, message, fast);
      await expect(failure).rejects.toThrow(
        /Input 'webhook-url': the webhook at 127\.0\.0\.1:\d+ answered HTTP 404/,
      );
      await expect(failure).rejects.not.toThrow(/secret-path/);
      expect(hook.bodies).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });

  it('gives up after the last retry when the hook keeps failing', async () => {
    const hook = await startHook([500, 500, 500, 500]);
    try {
      const failure = postWebhook('webhook-url', hook.url, message, fast);
      await expect(failure).rejects.toThrow(
        /^The webhook at 127\.0\.0\.1:\d+ answered HTTP 500 \(input 'webhook-url'\) after 4 attempts; check/,
      );
      await expect(failure).rejects.toBeInstanceOf(ServiceError);
    } finally {
      await hook.close();
    }
  });

  describe('a hook that accepts the connection and never answers', () => {
    let server: net.Server;
    let url: string;
    let connections: number;
    const sockets = new Set<net.Socket>();
    beforeEach(async () => {
      connections = 0;
      server = net.createServer((socket) => {
        connections++;
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/secret-path`;
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('is cut off after the request timeout on every attempt, naming the host', async () => {
      const failure = postWebhook('webhook-url', url, message, { ...fast, timeoutMs: 200 });
      await expect(failure).rejects.toThrow(
        /^The webhook at 127\.0\.0\.1:\d+ did not answer within 0\.2 s \(request-timeout\) \(input 'webhook-url'\) after 4 attempts/,
      );
      await expect(failure).rejects.not.toThrow(/secret-path/);
    });

    it("stops at the action's deadline, whatever attempts are left", async () => {
      const failure = postWebhook('webhook-url', url, message, {
        backoffMs: [60_000, 60_000, 60_000],
        timeoutMs: 30_000,
        deadline: Date.now() + 300,
      });
      await expect(failure).rejects.toThrow(
        /did not answer before the action's deadline \(timeout\) ran out \(input 'webhook-url'\) after 1 attempt;/,
      );
      expect(connections).toBe(1);
    });
  });

  it('rejects a URL that is not http(s)', async () => {
    await expect(postWebhook('webhook-url', 'ftp://x/y', message, fast)).rejects.toThrow(
      "Input 'webhook-url': must be an http(s) URL.",
    );
  });
});

describe('escapeSlack', () => {
  it('neutralises mrkdwn control characters', () => {
    expect(escapeSlack('<!channel> & <http://x|y>')).toBe(
      '&lt;!channel&gt; &amp; &lt;http://x|y&gt;',
    );
  });
});
