import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { promises as fs } from 'node:fs';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { resolveInside } from '../inputs/input-files.js';
import { ServiceError, UserError } from '../inputs/user-error.js';
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
  code?: string;
  message?: string;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function statusOf(error: unknown): number | undefined {
  return (error as S3ErrorShape)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const e = error as S3ErrorShape;
  // A missing bucket is a 404 too, but not "this key is not there yet".
  if (e?.name === 'NoSuchBucket' || e?.Code === 'NoSuchBucket') return false;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || statusOf(error) === 404;
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'InvalidClientTokenId',
]);
const REGION_CODES = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** The Node error code of a network failure, also inside an AggregateError (happy eyeballs). */
function networkCode(error: unknown): string | undefined {
  const e = error as S3ErrorShape;
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  for (const inner of e?.errors ?? []) {
    const code = networkCode(inner);
    if (code) return code;
  }
  if (e?.name === 'TimeoutError') return 'timeout';
  // The SDK's retry middleware may wrap an error from another realm into a plain Error that
  // keeps only its text ("AWS SDK error wrapper for Error: connect ECONNREFUSED ...").
  const named = /\b(E[A-Z_]{3,}|[A-Z_]*CERT[A-Z_]*)\b/.exec(String(e?.message ?? ''))?.[1];
  return named && NETWORK_CODES.has(named) ? named : undefined;
}

/**
 * Turns an S3 failure that is the user's setup or the service (credentials, bucket, region,
 * endpoint, 5xx after the SDK's retries) into a one-line ServiceError that says what to check.
 * Anything else is returned as it is (a bug stays a bug).
 */
export function describeS3Error(
  error: unknown,
  where: { uri: string; bucket: string; endpoint?: string; action: string },
): unknown {
  const e = error as S3ErrorShape;
  if (!e || typeof e !== 'object') return error;
  const code = e.Code ?? e.name ?? '';
  const status = statusOf(error);
  const during = `${where.action} in ${where.uri}`;
  const service = where.endpoint ? `the S3 endpoint ${where.endpoint}` : 'S3';
  if (CREDENTIAL_CODES.has(code)) {
    return new ServiceError(
      `${service} refused the credentials (${code}) while ${during}: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN, or the OIDC role) for this bucket.`,
      { cause: error },
    );
  }
  if (e.name === 'CredentialsProviderError') {
    return new ServiceError(
      `no AWS credentials were found while ${during}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or configure a role (aws-actions/configure-aws-credentials).`,
      { cause: error },
    );
  }
  if (code === 'AccessDenied' || code === 'AllAccessDisabled') {
    return new ServiceError(
      `${service} denied access (${code}) while ${during}: check that the credentials' policy allows s3:GetObject, s3:PutObject and s3:ListBucket on bucket '${where.bucket}'.`,
      { cause: error },
    );
  }
  if (code === 'NoSuchBucket') {
    return new ServiceError(
      `bucket '${where.bucket}' does not exist (NoSuchBucket) while ${during}: check the bucket name in the registry URI and its region (?region= or AWS_REGION).`,
      { cause: error },
    );
  }
  if (REGION_CODES.has(code) || status === 301) {
    return new ServiceError(
      `bucket '${where.bucket}' is in another region (${code || `HTTP ${status}`}) while ${during}: set its region with ?region= in the registry URI or AWS_REGION.`,
      { cause: error },
    );
  }
  const network = networkCode(error);
  if (network) {
    const what = network === 'timeout' ? 'timed out' : `failed (${network})`;
    return new ServiceError(
      `the connection to ${service} ${what} while ${during}: check the endpoint (?endpoint= in the registry URI), the network and that the service is up.`,
      { cause: error },
    );
  }
  if (status !== undefined && status >= 500) {
    const attempts = e.$metadata?.attempts;
    return new ServiceError(
      `${service} answered HTTP ${status}${code && !/^\d+$/.test(code) && code !== 'Error' ? ` (${code})` : ''} while ${during}${attempts ? `, after ${attempts} attempt${attempts === 1 ? '' : 's'}` : ''}: the service is failing; re-run later${where.endpoint ? ' or check the endpoint' : ''}.`,
      { cause: error },
    );
  }
  return error;
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
    /** The endpoint the user gave (?endpoint=), for error messages. */
    private readonly endpoint?: string,
  ) {}

  private keyOf(key: string): string {
    return joinKey(this.prefix, key);
  }

  /** Sends a command; a failure of the setup or the service becomes a one-line ServiceError. */
  private async send(
    command: unknown,
    action: string,
    expected: (error: unknown) => boolean = () => false,
  ) {
    try {
      return await this.client.send(command);
    } catch (error) {
      if (expected(error)) throw error;
      throw describeS3Error(error, {
        uri: this.uri,
        bucket: this.bucket,
        endpoint: this.endpoint,
        action,
      });
    }
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }),
        `reading ${key}`,
        isNotFound,
      );
      const bytes = await out.Body.transformToByteArray();
      return { body: Buffer.from(bytes), etag: String(out.ETag) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async measure(key: string): Promise<{ size: number; sha256: string } | undefined> {
    try {
      const out = await this.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }),
        `reading ${key}`,
        isNotFound,
      );
      const hash = createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of out.Body as Readable) {
          hash.update(chunk as Buffer);
          size += (chunk as Buffer).length;
        }
      } catch (error) {
        // The connection broke while the object was streaming.
        throw describeS3Error(error, {
          uri: this.uri,
          bucket: this.bucket,
          endpoint: this.endpoint,
          action: `reading ${key}`,
        });
      }
      return { size, sha256: hash.digest('hex') };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async putIfMatch(key: string, body: Buffer, expected: string | null): Promise<boolean> {
    try {
      await this.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.keyOf(key),
          Body: body,
          ContentMD5: md5Base64(body),
          ContentType: 'application/json',
          ...(expected === null ? { IfNoneMatch: '*' } : { IfMatch: expected }),
        }),
        `writing ${key}`,
        isConditionFailed,
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
      const out: ListObjectsV2CommandOutput = await this.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: folder,
          Delimiter: '/',
          ContinuationToken: token,
        }),
        `listing ${prefix === '' ? 'the models' : prefix}`,
      );
      for (const item of out.Contents ?? []) names.push(item.Key!.slice(folder.length));
      for (const p of out.CommonPrefixes ?? []) names.push(p.Prefix!.slice(folder.length, -1));
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return names;
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }),
        `reading ${key}`,
        isNotFound,
      );
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
