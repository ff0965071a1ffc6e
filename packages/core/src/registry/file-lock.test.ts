import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LockTimeoutError, withFileLock } from './file-lock.js';

const options = { staleMs: 5_000, waitMs: 300 };

async function lockWrittenBy(holder: object): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lock-'));
  const lockPath = path.join(dir, 'alias.json.lock');
  await fs.writeFile(lockPath, JSON.stringify(holder));
  return lockPath;
}

describe('file lock', () => {
  it('runs one holder at a time', async () => {
    const lockPath = await lockWrittenBy({});
    await fs.unlink(lockPath);
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        withFileLock(lockPath, { staleMs: 5_000, waitMs: 10_000 }, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 10));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    await expect(fs.access(lockPath)).rejects.toThrow();
  });

  it('breaks at once a lock whose holder process on this host is gone', async () => {
    const lockPath = await lockWrittenBy({
      host: os.hostname(),
      pid: 2 ** 22 + 17,
      created: Date.now(),
      nonce: 'x',
    });
    await expect(withFileLock(lockPath, options, async () => 'got it')).resolves.toBe('got it');
  });

  it('waits for a fresh lock held elsewhere and names the holder when it gives up', async () => {
    const lockPath = await lockWrittenBy({
      host: 'other-runner',
      pid: 1,
      created: Date.now(),
      nonce: 'x',
    });
    await expect(withFileLock(lockPath, options, async () => 'never')).rejects.toThrow(
      LockTimeoutError,
    );
    await expect(withFileLock(lockPath, options, async () => 'never')).rejects.toThrow(
      /pid 1 on other-runner/,
    );
  });

  it('breaks a lock from another host once it is older than the stale limit', async () => {
    const lockPath = await lockWrittenBy({
      host: 'other-runner',
      pid: 1,
      created: Date.now() - 6_000,
      nonce: 'x',
    });
    await expect(withFileLock(lockPath, options, async () => 'got it')).resolves.toBe('got it');
  });

  it('breaks an unreadable (half-written) lock once its file is older than the stale limit', async () => {
    const lockPath = await lockWrittenBy({});
    await fs.writeFile(lockPath, '{"ho');
    const old = new Date(Date.now() - 6_000);
    await fs.utimes(lockPath, old, old);
    await expect(withFileLock(lockPath, options, async () => 'got it')).resolves.toBe('got it');
  });
});
