import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface TreeEntry {
  /** POSIX path relative to the walked root. */
  path: string;
  /** Absolute path on disk. */
  absolute: string;
  kind: EntryKind;
}

function kindOf(stat: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }) {
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isFile()) return 'file';
  if (stat.isDirectory()) return 'directory';
  return 'other';
}

/**
 * Every entry under `root` (not following symlinks), depth first, directories included.
 * Callers decide what a symlink or special file means for them.
 */
export async function walkTree(root: string): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  const visit = async (dir: string, prefix: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const absolute = path.join(dir, entry.name);
      const kind = kindOf(entry);
      out.push({ path: rel, absolute, kind });
      if (kind === 'directory') await visit(absolute, rel);
    }
  };
  await visit(root, '');
  return out;
}
