import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  startModelFleet,
  withScaledFeature,
  type ModelFleet,
} from '../emulators/model-servers/index.js';
import { classifierCsv } from '../fixtures/onnx/classifier-data.js';
import { ONNX_FIXTURES } from '../fixtures/onnx/onnx-models.mjs';
import { runAction, type ActionRun } from '../harness/run-action.js';

/**
 * smoke-test's endpoint mode on the bundle (run `node scripts/bundle.mjs smoke-test` first),
 * against loopback servers that answer from the packaged ONNX model itself.
 */
const ROWS = 40;
const MODEL = 'classifier.onnx';

let workspace: string;
let fleet: ModelFleet;

beforeAll(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'smoke-endpoint-'));
  await fs.writeFile(path.join(workspace, 'iris.csv'), classifierCsv(ROWS, 5, { ids: true }));
  await fs.copyFile(path.join(ONNX_FIXTURES, MODEL), path.join(workspace, MODEL));
  fleet = await startModelFleet(path.join(ONNX_FIXTURES, MODEL), 'iris');
});
afterAll(async () => {
  await fleet.close();
  await fs.rm(workspace, { recursive: true, force: true });
});

const serve: ModelFleet['serve'] = (options) => fleet.serve(options);

const common = {
  data: 'iris.csv',
  features: 'f0,f1,f2,f3',
  'label-column': 'species',
  'id-column': 'id',
  'batch-size': '16',
};
const smoke = (inputs: Record<string, string | undefined>): Promise<ActionRun> =>
  runAction('smoke-test', { cwd: workspace, inputs: { ...common, ...inputs } });
const failureLine = (run: ActionRun) =>
  run.annotations.find((a) => a.level === 'error')?.message ?? '';
const metricsOf = async (run: ActionRun) =>
  JSON.parse(await fs.readFile(run.outputs.metrics, 'utf8')) as {
    metrics: Record<string, number>;
    checks: Array<{ name: string; status: string; detail: string }>;
    backend: string;
  };

describe('smoke-test endpoint mode (bundle)', () => {
  it('a server answering from the packaged model agrees with the local run: passes with latency and error rate', async () => {
    const server = await serve();
    const run = await smoke({
      model: MODEL,
      endpoint: server.url,
      'model-name': 'iris',
      'output-dir': 'out-agree',
    });
    expect(failureLine(run)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs.backend).toBe('endpoint');
    expect(Number(run.outputs['latency-ms-p95'])).toBeGreaterThan(0);
    const metrics = await metricsOf(run);
    expect(metrics.checks.find((c) => c.name === 'serving-skew')).toMatchObject({ status: 'pass' });
    expect(metrics.metrics).toMatchObject({
      rows: ROWS,
      accuracy: 1,
      serving_skew_rows: 0,
      serving_skew_max_diff: 0,
      endpoint_retries: 0,
      endpoint_error_rate: 0,
      // 1 warm-up + 2 passes of 3 batches
      endpoint_requests: 7,
    });
    for (const name of ['latency_ms_p50', 'latency_ms_p99', 'latency_ms_per_row_p95']) {
      expect(metrics.metrics[name]).toBeGreaterThan(0);
    }
    expect(server.requests[1].body).toMatchObject({
      inputs: [{ name: 'x', shape: [16, 4], datatype: 'FP32' }],
    });
    expect(run.summary).toContain(`(endpoint \`${server.url}/v2/models/iris/infer\`)`);
  });

  it.each([
    ['tf-serving', {}, {}],
    ['tf-serving-columnar', {}, {}],
    ['mlflow', {}, {}],
    ['json', { dataScores: true }, { 'response-path': '$.data[*].score' }],
  ] as const)(
    'speaks %s without a local model: the same checks and quality metrics',
    async (protocol, serverOptions, inputs) => {
      const server = await serve({
        protocol,
        ...serverOptions,
        features: ['f0', 'f1', 'f2', 'f3'],
      });
      const url = protocol === 'json' ? `${server.url}/predict` : server.url;
      const run = await smoke({
        endpoint: url,
        protocol,
        'model-name': 'iris',
        'output-dir': `out-${protocol}`,
        ...inputs,
      });
      expect(failureLine(run)).toBe('');
      const metrics = await metricsOf(run);
      expect(metrics.metrics.accuracy).toBe(1);
      expect(metrics.checks.map((c) => `${c.name}:${c.status}`)).toEqual([
        'input-compatible:pass',
        'feature-order:skip',
        'endpoint-answers:pass',
        'output-shape:pass',
        'finite-outputs:pass',
        'probabilities:skip',
        'deterministic:pass',
        'labels:pass',
        'degenerate-output:pass',
      ]);
      const predictions = (
        await fs.readFile(path.join(workspace, `out-${protocol}`, 'predictions.jsonl'), 'utf8')
      )
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; prediction: string });
      expect(predictions).toHaveLength(ROWS);
      expect(predictions[0].id).toBe('r1');
    },
  );

  it('a server that scales a feature fails serving-skew, naming the rows that differ most', async () => {
    const server = await serve({ predict: withScaledFeature(fleet.model.predict, 2, 3) });
    const run = await smoke({
      model: MODEL,
      endpoint: server.url,
      'model-name': 'iris',
      'output-dir': 'out-skew',
    });
    expect(run.exitCode).not.toBe(0);
    expect(failureLine(run)).toMatch(
      /^Smoke test failed: serving-skew: the server and the local model disagree on \d+ of 40 rows beyond tolerance 0\.0001; most: row \d+ \(id r\d+\) \(\|diff\| [\d.]+\), .*The server may run another model version or other preprocessing\.$/,
    );
    const metrics = await metricsOf(run);
    expect(metrics.metrics.serving_skew_rows).toBeGreaterThan(0);
    expect(run.summary).toContain('Rows where the server and the local model differ most:');
  });

  it('a server slower than request-timeout fails endpoint-answers without retrying', async () => {
    const server = await serve({ delayMs: 2_500 });
    const run = await smoke({
      endpoint: server.url,
      'model-name': 'iris',
      'request-timeout': '1',
      'output-dir': 'out-slow',
    });
    expect(run.exitCode).not.toBe(0);
    expect(failureLine(run)).toBe(
      `Smoke test failed: endpoint-answers: ${server.url}/v2/models/iris/infer gave no answer within 1000 ms (request-timeout) (warm-up request 1).`,
    );
    expect(server.requests).toHaveLength(1);
    const metrics = await metricsOf(run);
    expect(metrics.metrics).toMatchObject({ endpoint_requests: 1, endpoint_error_rate: 1 });
  });

  it('a server that answers 503 twice then works passes, with exactly the two retries logged', async () => {
    const server = await serve({ failFirst: { count: 2, status: 503, retryAfter: '0' } });
    const run = await smoke({
      endpoint: server.url,
      'model-name': 'iris',
      'output-dir': 'out-503',
    });
    expect(failureLine(run)).toBe('');
    const retries = run.stdout.split('\n').filter((l) => l.startsWith('Endpoint retry'));
    expect(retries).toEqual([
      'Endpoint retry 1 of 3: answered HTTP 503: "model is loading" (warm-up request 1); waiting 0 ms.',
      'Endpoint retry 2 of 3: answered HTTP 503: "model is loading" (warm-up request 1); waiting 0 ms.',
    ]);
    const metrics = await metricsOf(run);
    expect(metrics.metrics).toMatchObject({ endpoint_requests: 9, endpoint_retries: 2 });
    expect(metrics.metrics.endpoint_error_rate).toBeCloseTo(2 / 9, 12);
  });

  it('a server answering malformed JSON fails clearly', async () => {
    const server = await serve({ malformed: true });
    const run = await smoke({
      endpoint: server.url,
      'model-name': 'iris',
      'output-dir': 'out-bad',
    });
    expect(run.exitCode).not.toBe(0);
    expect(failureLine(run)).toBe(
      `Smoke test failed: endpoint-answers: ${server.url}/v2/models/iris/infer answered HTTP 200 with a body that is not JSON (26 bytes: "{\\"predictions\\": [0.1, 0.2,") (warm-up request 1).`,
    );
  });

  it('sends the auth header, and its value appears in no log line, summary or file', async () => {
    const secret = 'sk-live-0123456789abcdef';
    const server = await serve({ requireHeader: { name: 'x-api-key', value: secret } });
    const run = await smoke({
      model: MODEL,
      endpoint: server.url,
      'model-name': 'iris',
      'auth-header': `X-Api-Key: ${secret}`,
      'output-dir': 'out-auth',
    });
    expect(failureLine(run)).toBe('');
    expect(server.requests.every((r) => r.headers['x-api-key'] === secret)).toBe(true);
    // The runner consumes ::add-mask:: itself; every other line must be free of the secret.
    const logged = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(logged.join('\n')).not.toContain(secret);
    expect(run.stdout).toContain(`::add-mask::${secret}`);
    expect(run.stderr).not.toContain(secret);
    expect(run.summary).not.toContain(secret);
    for (const file of await fs.readdir(path.join(workspace, 'out-auth'))) {
      expect(await fs.readFile(path.join(workspace, 'out-auth', file), 'utf8')).not.toContain(
        secret,
      );
    }
    // A wrong key: refused, the failure points at auth-header and still does not quote it.
    const refused = await smoke({
      endpoint: server.url,
      'model-name': 'iris',
      'auth-header': 'X-Api-Key: wrong-key-42',
      'output-dir': 'out-auth-bad',
    });
    expect(failureLine(refused)).toBe(
      `Smoke test failed: endpoint-answers: ${server.url}/v2/models/iris/infer answered HTTP 401: "unauthorized": check auth-header (warm-up request 1).`,
    );
  });

  it('bad endpoint inputs get one line naming the input', async () => {
    const noName = await smoke({ endpoint: 'http://127.0.0.1:9/', 'output-dir': 'out-x' });
    expect(failureLine(noName)).toBe(
      "Input 'model-name': protocol open-inference needs the model's name on the server (the <name> in the URL path).",
    );
    const badPath = await smoke({
      endpoint: 'http://127.0.0.1:9/',
      protocol: 'json',
      'response-path': 'data.score',
      'output-dir': 'out-x',
    });
    expect(failureLine(badPath)).toBe(
      "Input 'response-path': 'data.score' is not a response path (it must start with $); write e.g. $.predictions or $.data[*].score.",
    );
    const creds = await smoke({
      endpoint: 'https://user:pw@models.example/',
      'model-name': 'm',
      'output-dir': 'out-x',
    });
    expect(failureLine(creds)).toBe(
      "Input 'endpoint': the URL carries credentials (user:password@), which would end up in logs: give them in auth-header (a secret) instead.",
    );
  });
});
