import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * s3rver (our loopback S3) ignores If-Match / If-None-Match on PutObject, so compare-and-swap
 * cannot be tested against it alone. This proxy sits in front of it on loopback and gives
 * conditional PUTs the semantics AWS S3 documents: the condition is checked against the
 * object's current ETag, and a mismatch answers 412 PreconditionFailed with S3's XML error
 * body (so the SDK's own error parsing is exercised). Requests on one key are serialized and
 * answered whole, so reads and conditional writes are atomic, as on S3 (s3rver streams GETs
 * from its files, and a GET racing a PUT of the same key can be cut off). Other requests pass
 * through unchanged, signature headers included.
 */
export interface ConditionalProxy {
  endpoint: string;
  /** How many conditional writes were refused with 412. */
  conditionFailures(): number;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const PRECONDITION_FAILED = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
    '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
);

export async function startConditionalProxy(
  upstream: string,
  /** A client of the upstream itself, for the proxy's own ETag look-ups. */
  upstreamClient: S3Client,
): Promise<ConditionalProxy> {
  const target = new URL(upstream);
  const queues = new Map<string, Promise<unknown>>();
  let refused = 0;

  const forward = (req: http.IncomingMessage, body: Buffer): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const out = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (res) =>
          readAll(res).then(
            (data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }),
            reject,
          ),
      );
      out.on('error', reject);
      out.end(body);
    });

  const currentEtag = async (bucket: string, key: string): Promise<string | null> => {
    try {
      const head = await upstreamClient.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return String(head.ETag);
    } catch (error) {
      if (
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      ) {
        return null;
      }
      throw error;
    }
  };

  const handle = async (req: http.IncomingMessage, body: Buffer): Promise<Upstream> => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const [bucket, ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    if (!key) return forward(req, body);
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    const conditionalPut = req.method === 'PUT' && (ifMatch || ifNoneMatch);
    const run = async (): Promise<Upstream> => {
      if (conditionalPut) {
        const etag = await currentEtag(bucket, key);
        const holds = ifNoneMatch === '*' ? etag === null : etag !== null && etag === ifMatch;
        if (!holds) {
          refused += 1;
          return {
            status: 412,
            headers: { 'content-type': 'application/xml' },
            body: PRECONDITION_FAILED,
          };
        }
      }
      return forward(req, body);
    };
    const queueKey = `${bucket}/${key}`;
    const result = (queues.get(queueKey) ?? Promise.resolve()).catch(() => undefined).then(run);
    queues.set(queueKey, result);
    return result;
  };

  const server = http.createServer((req, res) => {
    readAll(req)
      .then((body) => handle(req, body))
      .then(
        (answer) => {
          const headers = { ...answer.headers };
          if (req.method !== 'HEAD') {
            delete headers['transfer-encoding'];
            headers['content-length'] = String(answer.body.length);
          }
          res.writeHead(answer.status, headers);
          res.end(req.method === 'HEAD' ? undefined : answer.body);
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error.message);
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    conditionFailures: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
