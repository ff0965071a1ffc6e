import { S3Client } from '@aws-sdk/client-s3';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveInputPath } from '../inputs/input-files.js';
import { UserError } from '../inputs/user-error.js';
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
  const client =
    options.s3Client ??
    new S3Client({
      endpoint,
      region:
        url.searchParams.get('region') ??
        process.env.AWS_REGION ??
        process.env.AWS_DEFAULT_REGION ??
        'us-east-1',
      forcePathStyle:
        pathStyle === null ? endpoint !== undefined : /^(true|1|yes)$/i.test(pathStyle),
    });
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
