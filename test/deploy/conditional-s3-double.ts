import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Sender } from '@ml-actions/core/registry/s3-store.js';

/**
 * s3rver (our loopback S3) ignores If-Match / If-None-Match on PutObject, so compare-and-swap
 * cannot be tested against it alone. This double sits in front of the real client and gives
 * conditional PUTs the semantics AWS S3 documents: the condition is checked against the
 * object's current ETag and a mismatch answers 412 PreconditionFailed. Requests on one key
 * are serialized, so reads and conditional writes are atomic, as on S3. Everything else passes through unchanged.
 */
export class ConditionalS3Double implements S3Sender {
  private readonly queues = new Map<string, Promise<unknown>>();
  conditionFailures = 0;

  constructor(private readonly inner: S3Sender) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async send(command: any): Promise<any> {
    const input = command?.input ?? {};
    if (input.Key === undefined) return this.inner.send(command);
    const conditional = command instanceof PutObjectCommand && (input.IfMatch || input.IfNoneMatch);
    const key = `${input.Bucket}/${input.Key}`;
    const before = this.queues.get(key) ?? Promise.resolve();
    const run = before
      .catch(() => undefined)
      .then(() => (conditional ? this.conditionalPut(command) : this.readBody(command)));
    this.queues.set(key, run);
    return run;
  }

  /**
   * s3rver streams a GET from its files, so a GET racing a PUT of the same key can be cut
   * off; S3 reads are atomic. Reading the body inside the per-key queue gives S3's behaviour.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async readBody(command: any): Promise<any> {
    const out = await this.inner.send(command);
    if (!out?.Body?.transformToByteArray) return out;
    const bytes = await out.Body.transformToByteArray();
    return { ...out, Body: { transformToByteArray: async () => bytes } };
  }

  private async currentEtag(bucket: string, key: string): Promise<string | null> {
    try {
      const head = await this.inner.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return String(head.ETag);
    } catch (error) {
      if (
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
      ) {
        return null;
      }
      throw error;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private async conditionalPut(command: any): Promise<any> {
    const { Bucket, Key, IfMatch, IfNoneMatch } = command.input;
    const etag = await this.currentEtag(Bucket, Key);
    const ok = IfNoneMatch === '*' ? etag === null : etag !== null && etag === IfMatch;
    if (!ok) {
      this.conditionFailures += 1;
      throw Object.assign(
        new Error('At least one of the pre-conditions you specified did not hold'),
        {
          name: 'PreconditionFailed',
          $metadata: { httpStatusCode: 412 },
        },
      );
    }
    return this.inner.send(command);
  }
}
