import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import S3rver from 's3rver';
import { startConditionalProxy } from './conditional-s3-proxy.js';

export interface S3Emulator {
  /** The S3 endpoint to use: s3rver behind the conditional-write proxy. */
  endpoint: string;
  client: S3Client;
  /** s3rver itself, which ignores If-Match / If-None-Match on PutObject. */
  rawEndpoint: string;
  rawClient: S3Client;
  /** How many conditional writes the proxy refused with 412. */
  conditionFailures(): number;
  /** Fake credentials the emulator accepts, as environment variables. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const clientFor = (endpoint: string) =>
  new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });

/** s3rver on 127.0.0.1 (free port, temp directory, one bucket) behind the conditional proxy. */
export async function startS3Emulator(bucket = 'models'): Promise<S3Emulator> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const address = (await server.run()) as { port: number };
  const rawEndpoint = `http://127.0.0.1:${address.port}`;
  const rawClient = clientFor(rawEndpoint);
  const proxy = await startConditionalProxy(rawEndpoint, rawClient);
  const client = clientFor(proxy.endpoint);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint: proxy.endpoint,
    client,
    rawEndpoint,
    rawClient,
    conditionFailures: proxy.conditionFailures,
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
    },
    async close() {
      client.destroy();
      rawClient.destroy();
      await proxy.close();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
