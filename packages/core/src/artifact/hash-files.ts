import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatBytes } from '../report/format-bytes.js';
import { ProgressLog } from '../runner/progress-log.js';
import type { ManifestFile } from './manifest.js';

/**
 * Streaming SHA-256 of files. OpenSSL's SHA-256 in Node is faster than coreutils' `sha256sum`
 * on the same machine, so one reused buffer per file and a couple of files in flight (to overlap
 * reads with hashing) is enough; worker threads would only contend for the runner's 2 cores.
 */
const CHUNK_BYTES = 1 << 20;
const FILES_IN_FLIGHT = 2;

export interface FileDigest {
  size: number;
  sha256: string;
}

export async function hashFile(file: string): Promise<FileDigest> {
  const handle = await fs.open(file, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { size, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

/**
 * Hashes package files given as POSIX paths relative to `root`; returns them in input order.
 * `source` maps a package path to the file on disk when it is not `root/path` (files from
 * `include` or a single-file model).
 */
export async function hashFiles(
  root: string,
  paths: readonly string[],
  source: (p: string) => string = (p) => path.join(root, ...p.split('/')),
  /** Receives the progress lines (none by default). */
  log?: (line: string) => void,
): Promise<ManifestFile[]> {
  const results: ManifestFile[] = new Array(paths.length);
  const progress = new ProgressLog('Hashing files', undefined, log);
  let next = 0;
  let done = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const index = next++;
      const digest = await hashFile(source(paths[index]));
      results[index] = { path: paths[index], ...digest };
      bytes += digest.size;
      progress.update(++done, paths.length, `${done}/${paths.length} files, ${formatBytes(bytes)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(FILES_IN_FLIGHT, paths.length) }, worker));
  return results;
}
