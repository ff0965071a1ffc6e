import {
  startModelServer,
  type ModelServer,
  type ModelServerOptions,
} from '../../../../test/emulators/model-servers/index.js';
import {
  EndpointClient,
  EndpointError,
  endpointUrl,
  retryAfter,
  splitAuthHeader,
  type EndpointOptions,
} from './endpoint-client.js';

/** A server that answers each row with its sum, and its first value. */
const sums: ModelServerOptions['predict'] = async (rows) =>
  rows.map((row) => [row.reduce((a, b) => a + b, 0), row[0]]);
const batch = { values: Float32Array.from([1, 2, 3, 4]), shape: [2, 2] };

let servers: ModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(options: Partial<ModelServerOptions> = {}): Promise<ModelServer> {
  const server = await startModelServer({
    protocol: 'open-inference',
    modelName: 'm',
    predict: sums,
    ...options,
  });
  servers.push(server);
  return server;
}

function client(url: string, options: Partial<EndpointOptions> = {}, log: string[] = []) {
  return new EndpointClient({
    url,
    protocol: 'open-inference',
    modelName: 'm',
    tensors: [{ name: 'x', width: 2, dtype: 'float32' }],
    requestTimeoutMs: 2_000,
    retries: 3,
    backoffMs: 1,
    log: (message) => log.push(message),
    ...options,
  });
}

describe('endpoint client', () => {
  it('posts the batch in the protocol shape and reads the predictions', async () => {
    const server = await serve();
    const answer = await client(server.url).predict(batch, 'batch 1');
    expect(Array.from(answer.output.values)).toEqual([3, 1, 7, 3]);
    expect(answer.output.shape).toEqual([2, 2]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].path).toBe('/v2/models/m/infer');
    expect(server.requests[0].body).toEqual({
      inputs: [{ name: 'x', shape: [2, 2], datatype: 'FP32', data: [1, 2, 3, 4] }],
    });
  });

  it('retries 503 exactly as often as needed, honouring Retry-After, and counts the attempts', async () => {
    const server = await serve({ failFirst: { count: 2, status: 503, retryAfter: '0' } });
    const log: string[] = [];
    const c = client(server.url, { backoffMs: 60_000 }, log);
    // backoffMs would wait a minute: Retry-After: 0 is what the client waited for.
    await expect(c.predict(batch, 'batch 1')).resolves.toBeDefined();
    expect(log).toEqual([
      `Endpoint retry 1 of 3: answered HTTP 503: "model is loading" (batch 1); waiting 0 ms.`,
      `Endpoint retry 2 of 3: answered HTTP 503: "model is loading" (batch 1); waiting 0 ms.`,
    ]);
    expect(c.stats).toEqual({ attempts: 3, failedAttempts: 2, retries: 2 });
  });

  it('gives up after the retries with the last status and the number of attempts', async () => {
    const server = await serve({ failFirst: { count: 10, status: 429 } });
    const c = client(server.url, { retries: 2 });
    await expect(c.predict(batch, 'batch 4 of 9')).rejects.toThrow(
      new EndpointError(
        `${server.url}/v2/models/m/infer answered HTTP 429: "model is loading" (batch 4 of 9, after 3 attempts).`,
      ),
    );
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a request that timed out', async () => {
    const server = await serve({ delayMs: 1_000 });
    const c = client(server.url, { requestTimeoutMs: 100 });
    await expect(c.predict(batch, 'batch 1')).rejects.toThrow(
      `${server.url}/v2/models/m/infer gave no answer within 100 ms (request-timeout) (batch 1).`,
    );
    expect(c.stats).toEqual({ attempts: 1, failedAttempts: 1, retries: 0 });
  });

  it('retries a refused connection, then names its code', async () => {
    const server = await serve();
    const url = server.url;
    await server.close();
    servers = [];
    const log: string[] = [];
    await expect(client(url, { retries: 1 }, log).predict(batch, 'batch 1')).rejects.toThrow(
      `${url}/v2/models/m/infer could not be reached (ECONNREFUSED) (batch 1, after 2 attempts).`,
    );
    expect(log).toHaveLength(1);
  });

  it('fails on an answer that is not JSON, without retrying, quoting its start', async () => {
    const server = await serve({ malformed: true });
    await expect(client(server.url).predict(batch, 'batch 1')).rejects.toThrow(
      `${server.url}/v2/models/m/infer answered HTTP 200 with a body that is not JSON (26 bytes: "{\\"predictions\\": [0.1, 0.2,") (batch 1).`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('sends the auth header and never repeats it; a refusal points at auth-header', async () => {
    const secret = 'Bearer s3cr3t-token';
    const server = await serve({ requireHeader: { name: 'authorization', value: secret } });
    await expect(
      client(server.url, { authHeader: secret }).predict(batch, 'b'),
    ).resolves.toBeDefined();
    const refused = client(server.url, { authHeader: 'Bearer wrong-s3cr3t' });
    const error = await refused.predict(batch, 'b').catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `${server.url}/v2/models/m/infer answered HTTP 401: "unauthorized": check auth-header (b).`,
    );
    expect((error as Error).message).not.toContain('s3cr3t');
    const custom = await serve({ requireHeader: { name: 'x-api-key', value: 'k3y' } });
    await expect(
      client(custom.url, { authHeader: 'X-Api-Key: k3y' }).predict(batch, 'b'),
    ).resolves.toBeDefined();
  });

  it('names an answer it cannot read', async () => {
    const server = await serve({
      protocol: 'json',
      predict: async (rows) => rows.map(() => [1]),
      dataScores: true,
    });
    const c = client(`${server.url}/predict`, { protocol: 'json', features: ['a', 'b'] });
    await expect(c.predict(batch, 'batch 1')).rejects.toThrow(
      `${server.url}/predict gave an answer smoke-test cannot read: the answer has no "predictions": set response-path to where the predictions are (e.g. $.data[*].score) (batch 1).`,
    );
  });
});

describe('endpoint client helpers', () => {
  it('appends the protocol path once and keeps a full URL as it is', () => {
    expect(endpointUrl('https://h/serving/', '/v2/models/m/infer')).toBe(
      'https://h/serving/v2/models/m/infer',
    );
    expect(endpointUrl('https://h/v2/models/m/infer', '/v2/models/m/infer')).toBe(
      'https://h/v2/models/m/infer',
    );
    expect(endpointUrl('https://h/score?code=1', '')).toBe('https://h/score?code=1');
  });

  it('reads the auth header as Name: value, else as Authorization', () => {
    expect(splitAuthHeader('X-Api-Key: abc')).toEqual({ name: 'X-Api-Key', value: 'abc' });
    expect(splitAuthHeader('Bearer abc')).toEqual({ name: 'Authorization', value: 'Bearer abc' });
    expect(splitAuthHeader('Basic dXNlcjpwYXNz')).toEqual({
      name: 'Authorization',
      value: 'Basic dXNlcjpwYXNz',
    });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfter('2')).toBe(2000);
    expect(retryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(
      10_000,
    );
    expect(retryAfter(null)).toBeUndefined();
    expect(retryAfter('soon')).toBeUndefined();
  });
});
