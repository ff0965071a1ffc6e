import { S3Client } from '@aws-sdk/client-s3';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveInputPath } from '../inputs/input-files.js';
import { ServiceError, UserError } from '../inputs/user-error.js';
import { FileStore } from './file-store.js';
import { ModelRegistry } from './model-registry.js';
import type { PromotionOptions } from './promotion.js';
import { S3Store, type S3Sender } from './s3-store.js';

export interface OpenRegistryOptions extends PromotionOptions {
  // PromotionOptions carries `logger`: where the registry's own lines (verification,
  // warnings about damaged history) go. Silent when not given.
  /** The input the URI came from, for error messages. */
  input?: string;
  /** Overrides the S3 client (tests). */
  s3Client?: S3Sender;
  /** Bounds on every S3 call (default: none beyond the SDK's own). */
  timeouts?: NetworkTimeouts;
}

export interface NetworkTimeouts {
  /** Longest wait for one HTTP request (connection and answer). */
  requestTimeoutMs: number;
  /** Longest a whole call may take, retries included. */
  deadlineMs: number;
}

/** How many times the SDK tries one S3 call (the first attempt and retries). */
const S3_MAX_ATTEMPTS = 3;

interface S3Failure {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * A call that ran out of time: one line naming the call and the limit. Every other failure
 * passes through to the store, which names the key and what to check (`describeS3Error`).
 */
function s3ServiceError(
  error: unknown,
  call: string,
  where: { bucket: string; endpoint?: string },
  timeouts?: NetworkTimeouts,
): unknown {
  const e = (error ?? {}) as S3Failure;
  const name = e.name ?? e.Code ?? '';
  const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code ?? '';
  const at = where.endpoint ? ` at ${where.endpoint}` : '';
  const tell = (message: string) => new ServiceError(message, { cause: error });
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || name === 'AbortError') {
    const limit =
      name === 'AbortError' && timeouts
        ? `within the network deadline of ${seconds(timeouts.deadlineMs)}`
        : timeouts
          ? `within the request timeout of ${seconds(timeouts.requestTimeoutMs)} (${S3_MAX_ATTEMPTS} attempts)`
          : 'in time';
    return tell(
      `S3 did not answer ${call} on bucket '${where.bucket}'${at} ${limit}: check the endpoint and that the service is up, or raise request-timeout / network-deadline.`,
    );
  }
  return error;
}

/** The S3 client with the call bounded by the network deadline and setup failures made clear. */
function guardedS3(
  client: S3Sender,
  where: { bucket: string; endpoint?: string },
  timeouts?: NetworkTimeouts,
): S3Sender {
  return {
    async send(command) {
      const call = String(command?.constructor?.name ?? 'request').replace(/Command$/, '');
      try {
        return timeouts
          ? await (client.send as (c: unknown, o: unknown) => Promise<unknown>)(command, {
              abortSignal: AbortSignal.timeout(timeouts.deadlineMs),
            })
          : await client.send(command);
      } catch (error) {
        throw s3ServiceError(error, call, where, timeouts);
      }
    },
  };
}

const S3_OPTIONS = ['endpoint', 'region', 'force-path-style'];

/** An endpoint as it may appear in a message: no user or password. */
function withoutCredentials(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return endpoint.replace(/\/\/[^/@]*@/, '//');
  }
}

function s3Store(uri: string, options: OpenRegistryOptions): S3Store {
  const input = options.input;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new UserError(`'${uri}' is not a valid s3:// URI (s3://bucket/prefix).`, input);
  }
  const bucket = url.hostname;
  if (!bucket) throw new UserError(`'${uri}' names no bucket (s3://bucket/prefix).`, input);
  if (url.username || url.password) {
    throw new UserError(
      'do not put credentials in the registry URI; use the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables or an OIDC role.',
      input,
    );
  }
  for (const key of url.searchParams.keys()) {
    if (!S3_OPTIONS.includes(key)) {
      throw new UserError(
        `unknown option '${key}' in '${uri}' (known: ${S3_OPTIONS.join(', ')}).`,
        input,
      );
    }
  }
  const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  const pathStyle = url.searchParams.get('force-path-style');
  const timeouts = options.timeouts;
  const sdkClient =
    options.s3Client ??
    new S3Client({
      endpoint,
      maxAttempts: S3_MAX_ATTEMPTS,
      ...(timeouts
        ? {
            requestHandler: {
              connectionTimeout: timeouts.requestTimeoutMs,
              requestTimeout: timeouts.requestTimeoutMs,
              socketTimeout: timeouts.requestTimeoutMs,
              throwOnRequestTimeout: true,
            },
          }
        : {}),
      region:
        url.searchParams.get('region') ??
        process.env.AWS_REGION ??
        process.env.AWS_DEFAULT_REGION ??
        'us-east-1',
      forcePathStyle:
        pathStyle === null ? endpoint !== undefined : /^(true|1|yes)$/i.test(pathStyle),
    });
  let shownEndpoint: string | undefined;
  if (endpoint !== undefined) {
    try {
      const e = new URL(endpoint);
      shownEndpoint = `${e.protocol}//${e.host}`; // never credentials or a path
    } catch {
      shownEndpoint = undefined;
    }
  }
  const client = guardedS3(sdkClient, { bucket, endpoint: shownEndpoint }, timeouts);
  const shown = `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
  return new S3Store(shown, client, bucket, prefix, endpoint && withoutCredentials(endpoint));
}

function fileStore(uri: string, input?: string): FileStore {
  let dir: string;
  if (uri.startsWith('file:///')) {
    dir = fileURLToPath(uri);
  } else if (uri.startsWith('file://')) {
    // file://relative/dir: relative to the workspace, like every other path input.
    dir = resolveInputPath(uri.slice('file://'.length));
  } else {
    dir = resolveInputPath(uri);
  }
  if (dir === path.parse(dir).root)
    throw new UserError(`refusing to use '${dir}' as a registry root.`, input);
  return new FileStore(`file://${dir}`, dir);
}

/**
 * Opens the registry a URI names: `s3://bucket/prefix` (options as query parameters:
 * `endpoint`, `region`, `force-path-style`), `file:///abs/dir`, `file://rel/dir` or a plain path.
 */
export function openRegistry(uri: string, options: OpenRegistryOptions = {}): ModelRegistry {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === 's3') return new ModelRegistry(s3Store(uri, options), options);
  if (scheme === undefined || scheme === 'file') {
    return new ModelRegistry(fileStore(uri, options.input), options);
  }
  throw new UserError(
    `unsupported registry '${scheme}://'; use file:///path/to/dir or s3://bucket/prefix.`,
    options.input,
  );
}
