import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import { ServiceError } from '../inputs/user-error.js';
import { crashPoint } from './fault-injection.js';

/**
 * A lock file next to the file it guards, created atomically (hard link of a fully
 * written temp file, so it never exists half-written). It names its holder (host, pid,
 * time). A holder that died cannot leave it stuck: on the same host a dead pid breaks it
 * at once, and any lock older than `staleMs` is broken (holders keep it for milliseconds).
 */
export interface LockOptions {
  /** Age after which a lock is considered abandoned. */
  staleMs: number;
  /** How long to wait for a live holder before giving up. */
  waitMs: number;
}

interface LockHolder {
  host: string;
  pid: number;
  created: number;
  nonce: string;
}

/** A live holder kept the lock past the wait: the user's setup (another process), not our bug. */
export class LockTimeoutError extends ServiceError {
  constructor(lockPath: string, holder: string) {
    super(
      `Timed out waiting for the registry lock ${lockPath} (held by ${holder}): holders keep it for milliseconds, so check that process; a lock whose process is gone is broken by itself.`,
    );
    this.name = 'LockTimeoutError';
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as LockHolder;
    return typeof value.pid === 'number' && typeof value.created === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process of this host is still running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(holder: LockHolder | undefined, mtimeMs: number, staleMs: number): boolean {
  const created = holder?.created ?? mtimeMs;
  if (Date.now() - created > staleMs) return true;
  return holder !== undefined && holder.host === os.hostname() && !processAlive(holder.pid);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Moves a stale lock aside; if it turned out to be a fresh one (taken meanwhile), puts it back. */
async function breakLock(lockPath: string, seenText: string): Promise<void> {
  const aside = `${lockPath}.stale-${randomUUID()}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return; // someone else broke or released it
  }
  const movedText = await fs.readFile(aside, 'utf8').catch(() => seenText);
  if (movedText !== seenText) {
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.unlink(aside).catch(() => undefined);
}

/** Takes the lock, runs `fn`, releases it. */
export async function withFileLock<T>(
  lockPath: string,
  options: LockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const holder: LockHolder = {
    host: os.hostname(),
    pid: process.pid,
    created: Date.now(),
    nonce: randomUUID(),
  };
  const text = JSON.stringify(holder);
  const temp = `${lockPath}.${holder.nonce}.tmp`;
  const deadline = Date.now() + options.waitMs;
  let delay = 5;
  await fs.writeFile(temp, text);
  try {
    for (;;) {
      try {
        await fs.link(temp, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const seen = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
      const stat = await fs.stat(lockPath).catch(() => undefined);
      if (seen === undefined || stat === undefined) continue; // released meanwhile
      const current = parseHolder(seen);
      if (isStale(current, stat.mtimeMs, options.staleMs)) {
        await breakLock(lockPath, seen);
        continue;
      }
      if (Date.now() > deadline) {
        const holderName = current ? `pid ${current.pid} on ${current.host}` : 'an unreadable lock';
        throw new LockTimeoutError(lockPath, holderName);
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 200);
    }
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
  crashPoint(`lock taken ${lockPath}`);
  try {
    return await fn();
  } finally {
    // Only remove the lock if it is still ours (it could have been broken as stale).
    const now = await fs.readFile(lockPath, 'utf8').catch(() => undefined);
    if (now === text) await fs.unlink(lockPath).catch(() => undefined);
  }
}
