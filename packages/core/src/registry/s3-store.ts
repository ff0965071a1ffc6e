import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { resolveInside } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';
import { crashPoint } from './fault-injection.js';
import {
  joinKey,
  type RegistryStore,
  type StoredObject,
  type VersionWriteResult,
} from './registry-store.js';

/** The part of `S3Client` the store uses, so tests can put a double in front of an emulator. */
export interface S3Sender {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<any>;
}

interface S3ErrorShape {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

function statusOf(error: unknown): number | undefined {
  return (error as S3ErrorShape)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const e = error as S3ErrorShape;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || statusOf(error) === 404;
}

/** 412: the condition did not hold; 409: a concurrent conditional write on the same key. */
export function isConditionFailed(error: unknown): boolean {
  const status = statusOf(error);
  const name = (error as S3ErrorShape)?.name;
  return (
    status === 412 ||
    status === 409 ||
    name === 'PreconditionFailed' ||
    name === 'ConditionalRequestConflict'
  );
}

const md5Base64 = (body: Buffer) => createHash('md5').update(body).digest('base64');
const md5Hex = (body: Buffer) => createHash('md5').update(body).digest('hex');

/**
 * A registry under `s3://bucket/prefix`. Compare-and-swap uses S3 conditional writes
 * (`If-Match` on the alias ETag, `If-None-Match: *` to create); a version's files are
 * created first (each checked with Content-MD5) and its manifest last, so a version
 * without a manifest is simply not there yet.
 */
export class S3Store implements RegistryStore {
  readonly exclusiveWriters = false;

  constructor(
    readonly uri: string,
    private readonly client: S3Sender,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  private keyOf(key: string): string {
    return joinKey(this.prefix, key);
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }),
      );
      const bytes = await out.Body.transformToByteArray();
      return { body: Buffer.from(bytes), etag: String(out.ETag) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async putIfMatch(key: string, body: Buffer, expected: string | null): Promise<boolean> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.keyOf(key),
          Body: body,
          ContentMD5: md5Base64(body),
          ContentType: 'application/json',
          ...(expected === null ? { IfNoneMatch: '*' } : { IfMatch: expected }),
        }),
      );
      crashPoint(`put ${key}`);
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  serialize<T>(_scope: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async listNames(prefix: string): Promise<string[]> {
    const key = this.keyOf(prefix);
    // At the bucket root (no prefix at all) the folder is the empty string, not '/'.
    const folder = key === '' ? '' : `${key}/`;
    const names: string[] = [];
    let token: string | undefined;
    do {
      const out: ListObjectsV2CommandOutput = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: folder,
          Delimiter: '/',
          ContinuationToken: token,
        }),
      );
      for (const item of out.Contents ?? []) names.push(item.Key!.slice(folder.length));
      for (const p of out.CommonPrefixes ?? []) names.push(p.Prefix!.slice(folder.length, -1));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return names;
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async writeVersion(
    prefix: string,
    sourceDir: string,
    files: readonly string[],
    markerFile: string,
    _verifyCopy: (dir: string) => Promise<void>,
  ): Promise<VersionWriteResult> {
    const markerKey = joinKey(prefix, markerFile);
    if (await this.exists(markerKey)) return 'exists';
    const ordered = [...files, markerFile];
    for (const file of ordered) {
      const body = await fs.readFile(resolveInside(sourceDir, file, 'package file'));
      const key = joinKey(prefix, file);
      const created = await this.putIfMatch(key, body, null);
      if (!created) {
        if (file === markerFile) return 'exists';
        // A file left by an earlier, interrupted upload: fine if it is the same bytes.
        const existing = await this.get(key);
        if (!existing || md5Hex(existing.body) !== md5Hex(body)) {
          throw new UserError(
            `s3://${this.bucket}/${this.keyOf(prefix)} holds a partial upload with different content in '${file}'; delete that prefix or deploy under another version.`,
          );
        }
      }
      crashPoint(`uploaded ${file}`);
    }
    return 'created';
  }
}
