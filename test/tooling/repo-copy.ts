import { execFileSync } from 'node:child_process';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../harness/run-action.js';

/** Runs git in `cwd` with a fixed identity; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

/**
 * node_modules for the copy: every package links to the repository's installed one, except
 * the workspace links (packages/*, actions/*), which must point into the copy itself (a
 * symlink of the whole folder would send `@ml-actions/core` back to the original sources),
 * and the .cache folder, which the copy's bundle records go to.
 */
function linkNodeModules(from: string, to: string, depth = 0): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry === '.cache') continue;
    const source = join(from, entry);
    const stat = lstatSync(source);
    if (stat.isSymbolicLink() && depth < 2 && !readlinkSync(source).startsWith('/')) {
      const target = readlinkSync(source);
      // Workspace links are relative and land outside node_modules: keep them relative.
      if (target.replace(/^(\.\.\/)+/, '').match(/^(packages|actions)\//)) {
        symlinkSync(target, join(to, entry));
        continue;
      }
    }
    if (entry.startsWith('@') && stat.isDirectory() && depth === 0) {
      linkNodeModules(source, join(to, entry), depth + 1);
    } else {
      symlinkSync(source, join(to, entry));
    }
  }
}

/**
 * A copy of the repository's sources (what git tracks plus new files it does not ignore,
 * without dist/) in a new temporary directory, committed to a fresh git repository, with
 * node_modules linked to the installed packages. Returns its root.
 */
export function copyRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), 'ml-actions-copy-'));
  const files = git(REPO_ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
    .split('\0')
    .filter((f) => f !== '' && !f.startsWith('dist/'));
  for (const file of files) {
    let stat;
    try {
      stat = lstatSync(join(REPO_ROOT, file));
    } catch {
      continue; // deleted in the working tree
    }
    if (!stat.isFile()) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(copy, file));
  }
  linkNodeModules(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  git(copy, 'init', '-q', '-b', 'main');
  git(copy, 'add', '-A');
  git(copy, 'commit', '-q', '-m', 'copy');
  return copy;
}
