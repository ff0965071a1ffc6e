import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { hashFile } from '../artifact/hash-files.js';
import { resolveInside } from '../inputs/input-files.js';
import { ServiceError } from '../inputs/user-error.js';
import { crashPoint } from './fault-injection.js';
import * as os from 'node:os';
import { processAlive, withFileLock, type LockOptions } from './file-lock.js';
import type { RegistryStore, StoredObject, VersionWriteResult } from './registry-store.js';

/** Names that belong to the store's own bookkeeping (locks, temp files), never to the registry. */
function isBookkeeping(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('.lock') ||
    name.endsWith('.tmp') ||
    name.includes('.lock.')
  );
}

const STAGING_PREFIX = '.incoming-';
const STAGING_NAME = /^\.incoming-(.+)-(\d+)-[0-9a-f-]{36}$/;

/** Removes version copies left by deploys on this host whose process died (crashed or killed). */
async function sweepAbandonedStaging(dir: string): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = STAGING_NAME.exec(name);
    if (match && match[1] === os.hostname() && !processAlive(Number(match[2]))) {
      await fs.rm(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/** File-system failures that are the runner's setup (permissions, a full or read-only disk). */
const SETUP_CODES: Record<string, string> = {
  EACCES: "check that the runner's user may read and write the registry directory",
  EPERM: "check that the runner's user may read and write the registry directory",
  EROFS: 'the file system is read-only; mount it writable or use another registry',
  ENOSPC: 'the disk is full; free space or use another registry',
  EDQUOT: 'the disk quota is exhausted; free space or use another registry',
  EIO: 'the disk or network share failed; check the mount',
  ESTALE: 'the network share went away; check the mount',
};

/** A setup failure of the file system as a one-line ServiceError; anything else as it is. */
export function fileFailure(error: unknown, uri: string, action: string): unknown {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !(code in SETUP_CODES)) return error;
  return new ServiceError(`Could not ${action} in ${uri} (${code}): ${SETUP_CODES[code]}.`, {
    cause: error,
  });
}

function etagOf(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

async function readOrUndefined(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes a file durably under a temp name; the caller renames it into place. */
async function writeTemp(file: string, body: Buffer): Promise<string> {
  const temp = `${file}.${process.pid}-${randomUUID()}.tmp`;
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/**
 * A registry in a directory (local or mounted). Compare-and-swap is a content-hash check
 * and an atomic rename under a per-file lock; a version is copied to a hidden folder,
 * verified there, and renamed into place in one step.
 */
export class FileStore implements RegistryStore {
  readonly exclusiveWriters = true;

  constructor(
    readonly uri: string,
    readonly root: string,
    private readonly lock: LockOptions = { staleMs: 30_000, waitMs: 60_000 },
  ) {}

  private pathOf(key: string): string {
    return resolveInside(this.root, key, 'registry key');
  }

  private async getUnguarded(key: string): Promise<StoredObject | undefined> {
    const body = await readOrUndefined(this.pathOf(key));
    return body === undefined ? undefined : { body, etag: etagOf(body) };
  }

  private async measureUnguarded(
    key: string,
  ): Promise<{ size: number; sha256: string } | undefined> {
    const file = this.pathOf(key);
    const stat = await fs.lstat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    // A version folder holds regular files only: anything else (a directory, or a symlink
    // that could point outside the registry) is reported as missing.
    if (!stat?.isFile()) return undefined;
    return hashFile(file);
  }

  private async putIfMatchUnguarded(
    key: string,
    body: Buffer,
    expected: string | null,
  ): Promise<boolean> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    return withFileLock(`${file}.lock`, this.lock, async () => {
      const current = await readOrUndefined(file);
      const currentEtag = current === undefined ? null : etagOf(current);
      if (currentEtag !== expected) return false;
      const temp = await writeTemp(file, body);
      crashPoint(`temp written for ${key}`);
      await fs.rename(temp, file);
      crashPoint(`renamed into ${key}`);
      return true;
    });
  }

  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw fileFailure(error, this.uri, action);
    }
  }

  get(key: string): Promise<StoredObject | undefined> {
    return this.guard(`read ${key}`, () => this.getUnguarded(key));
  }

  measure(key: string): Promise<{ size: number; sha256: string } | undefined> {
    return this.guard(`read ${key}`, () => this.measureUnguarded(key));
  }

  putIfMatch(key: string, body: Buffer, expected: string | null): Promise<boolean> {
    return this.guard(`write ${key}`, () => this.putIfMatchUnguarded(key, body, expected));
  }

  listNames(prefix: string): Promise<string[]> {
    return this.guard(`list ${prefix === '' ? 'the models' : prefix}`, () =>
      this.listNamesUnguarded(prefix),
    );
  }

  writeVersion(
    prefix: string,
    sourceDir: string,
    files: readonly string[],
    markerFile: string,
    verifyCopy: (dir: string) => Promise<void>,
  ): Promise<VersionWriteResult> {
    return this.guard(`write ${prefix}`, () =>
      this.writeVersionUnguarded(prefix, sourceDir, files, markerFile, verifyCopy),
    );
  }

  serialize<T>(scope: string, fn: () => Promise<T>): Promise<T> {
    const lockPath = `${this.pathOf(scope)}.serialize.lock`;
    return this.guard(`lock ${scope}`, () =>
      fs
        .mkdir(path.dirname(lockPath), { recursive: true })
        .then(() => withFileLock(lockPath, this.lock, fn)),
    );
  }

  private async listNamesUnguarded(prefix: string): Promise<string[]> {
    try {
      const entries = await fs.readdir(this.pathOf(prefix), { withFileTypes: true });
      return entries.filter((e) => !isBookkeeping(e.name)).map((e) => e.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private async writeVersionUnguarded(
    prefix: string,
    sourceDir: string,
    files: readonly string[],
    markerFile: string,
    verifyCopy: (dir: string) => Promise<void>,
  ): Promise<VersionWriteResult> {
    const target = this.pathOf(prefix);
    if (await readOrUndefined(path.join(target, markerFile))) return 'exists';
    await fs.mkdir(path.dirname(target), { recursive: true });
    await sweepAbandonedStaging(path.dirname(target));
    // Hidden (dot) name: never listed, never mistaken for a version while it is being written.
    const staging = path.join(
      path.dirname(target),
      `${STAGING_PREFIX}${os.hostname()}-${process.pid}-${randomUUID()}`,
    );
    try {
      for (const file of [...files, markerFile]) {
        const to = resolveInside(staging, file, 'package file');
        await fs.mkdir(path.dirname(to), { recursive: true });
        await fs.copyFile(resolveInside(sourceDir, file, 'package file'), to);
        crashPoint(`copied ${file}`);
      }
      await verifyCopy(staging);
      crashPoint('version copy verified');
      try {
        await fs.rename(staging, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') return 'exists';
        throw error;
      }
      crashPoint(`version published ${prefix}`);
      return 'created';
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  }
}
