import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback model servers for the endpoint tests. Each speaks one protocol exactly as its
 * documentation gives it (request shapes are checked; a wrong one gets HTTP 400 with
 * `{"error": …}`, as the real servers answer) and computes its predictions with `predict`
 * (see models.ts: the packaged model itself, or a skewed copy). Faults make it slow, fail the
 * first requests, or answer with broken JSON.
 */
export type Protocol = 'open-inference' | 'tf-serving' | 'tf-serving-columnar' | 'mlflow' | 'json';

export interface ModelServerOptions {
  protocol: Protocol;
  /** The model's name on the server (open-inference, tf-serving). */
  modelName?: string;
  /** Rows (features in order) → output rows. */
  predict: (rows: number[][]) => Promise<number[][]>;
  /** json: record keys in feature order (default: the keys as sent). */
  features?: string[];
  /** json: answer `{"data": [{"score": …}]}` instead of `{"predictions": …}`. */
  dataScores?: boolean;
  /** Every request waits this long before answering. */
  delayMs?: number;
  /** The first `count` inference requests get this status (with Retry-After when given). */
  failFirst?: { count: number; status: number; retryAfter?: string };
  /** Answer 200 with a body that is not JSON. */
  malformed?: boolean;
  /** Requests must carry this header value (else 401). */
  requireHeader?: { name: string; value: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  status: number;
}

export interface ModelServer {
  /** Base URL (http://127.0.0.1:<port>); the protocol's path goes below it. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

class BadRequest extends Error {}

function expectedPath(options: ModelServerOptions): string {
  const name = options.modelName ?? 'model';
  switch (options.protocol) {
    case 'open-inference':
      return `/v2/models/${name}/infer`;
    case 'tf-serving':
    case 'tf-serving-columnar':
      return `/v1/models/${name}:predict`;
    case 'mlflow':
      return '/invocations';
    case 'json':
      return '/predict';
  }
}

const isNumberRow = (row: unknown): row is number[] =>
  Array.isArray(row) && row.every((v) => typeof v === 'number');

function need(condition: unknown, message: string): asserts condition {
  if (!condition) throw new BadRequest(message);
}

/** The rows of a request, read the way the protocol's server reads them. */
function decodeRequest(options: ModelServerOptions, body: unknown): number[][] {
  need(
    typeof body === 'object' && body !== null && !Array.isArray(body),
    'body must be a JSON object',
  );
  const b = body as Record<string, unknown>;
  switch (options.protocol) {
    case 'open-inference': {
      need(Array.isArray(b.inputs) && b.inputs.length > 0, '"inputs" must be a non-empty list');
      const tensors = b.inputs as Array<Record<string, unknown>>;
      const rows: number[][] = [];
      for (const t of tensors) {
        need(typeof t.name === 'string', 'input tensors need a "name"');
        need(
          ['FP32', 'FP64', 'INT32', 'INT64'].includes(String(t.datatype)),
          `unsupported datatype ${String(t.datatype)}`,
        );
        const shape = t.shape as number[];
        need(Array.isArray(shape) && shape.length === 2, 'input "shape" must be [rows, features]');
        const data = t.data as number[];
        need(
          isNumberRow(data) && data.length === shape[0] * shape[1],
          'input "data" must hold shape[0]*shape[1] numbers',
        );
        for (let r = 0; r < shape[0]; r++) {
          rows[r] = [...(rows[r] ?? []), ...data.slice(r * shape[1], (r + 1) * shape[1])];
        }
      }
      return rows;
    }
    case 'tf-serving': {
      need(Array.isArray(b.instances), '"instances" must be a list');
      return (b.instances as unknown[]).map((row) => {
        need(isNumberRow(row), 'each instance must be a list of numbers');
        return row;
      });
    }
    case 'tf-serving-columnar': {
      need(
        Array.isArray(b.inputs) && (b.inputs as unknown[]).every(isNumberRow),
        '"inputs" must be a list of rows',
      );
      return b.inputs as number[][];
    }
    case 'mlflow': {
      const split = b.dataframe_split as { columns?: unknown; data?: unknown } | undefined;
      need(
        split && Array.isArray(split.columns) && Array.isArray(split.data),
        '"dataframe_split" needs "columns" and "data"',
      );
      const width = split.columns.length;
      return (split.data as unknown[]).map((row) => {
        need(
          isNumberRow(row) && row.length === width,
          'each row of "data" needs one number per column',
        );
        return row;
      });
    }
    case 'json': {
      need(Array.isArray(b.instances), '"instances" must be a list');
      return (b.instances as unknown[]).map((record) => {
        need(
          typeof record === 'object' && record !== null && !Array.isArray(record),
          'each instance must be a record',
        );
        const r = record as Record<string, unknown>;
        const values = options.features ? options.features.map((f) => r[f]) : Object.values(r);
        need(isNumberRow(values), 'each instance needs a number per feature');
        return values;
      });
    }
  }
}

function encodeAnswer(options: ModelServerOptions, outputs: number[][]): unknown {
  switch (options.protocol) {
    case 'open-inference':
      return {
        model_name: options.modelName ?? 'model',
        model_version: '1',
        outputs: [
          {
            name: 'probabilities',
            shape: [outputs.length, outputs[0]?.length ?? 0],
            datatype: 'FP32',
            data: outputs.flat(),
          },
        ],
      };
    case 'tf-serving':
      return { predictions: outputs };
    case 'tf-serving-columnar':
      return { outputs };
    case 'mlflow':
      return { predictions: outputs };
    case 'json':
      return options.dataScores
        ? { data: outputs.map((row) => ({ score: row, model: 'emulator' })) }
        : { predictions: outputs };
  }
}

export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  let inferences = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
        const record: RecordedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body,
          status: 0,
        };
        requests.push(record);
        const send = (status: number, payload: string, headers: Record<string, string> = {}) => {
          record.status = status;
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(payload);
        };
        if (req.method !== 'POST' || req.url !== expectedPath(options)) {
          return send(404, JSON.stringify({ error: `no route ${req.method} ${req.url}` }));
        }
        const auth = options.requireHeader;
        if (auth && req.headers[auth.name.toLowerCase()] !== auth.value) {
          return send(401, JSON.stringify({ error: 'unauthorized' }));
        }
        if (req.headers['content-type'] !== 'application/json') {
          return send(415, JSON.stringify({ error: 'content type must be application/json' }));
        }
        inferences += 1;
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        const fail = options.failFirst;
        if (fail && inferences <= fail.count) {
          return send(
            fail.status,
            JSON.stringify({ error: 'model is loading' }),
            fail.retryAfter !== undefined ? { 'retry-after': fail.retryAfter } : {},
          );
        }
        let rows: number[][];
        try {
          rows = decodeRequest(options, body);
        } catch (error) {
          if (!(error instanceof BadRequest)) throw error;
          return send(400, JSON.stringify({ error: error.message }));
        }
        if (options.malformed) return send(200, '{"predictions": [0.1, 0.2,');
        send(200, JSON.stringify(encodeAnswer(options, await options.predict(rows))));
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(error) }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
