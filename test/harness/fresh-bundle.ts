import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Refuses to test a stale bundle. `scripts/bundle.mjs` records, for each dist/<name>, the hash
 * of the bundle and of every repository source (and the lockfile) it was built from, in
 * node_modules/.cache/ml-actions-bundles/<name>.json. A test that runs dist/<name> calls
 * `assertFreshBundle(name)` first: it throws, saying what to run, when the bundle was not built
 * here, was replaced (e.g. `git checkout dist`), or a source changed since.
 */

/**
 * The repository this module is in: the nearest folder up that has scripts/bundle.mjs (the
 * harness also runs bundled, from bench/out/<name>/, where a fixed '../..' would miss it).
 */
function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'scripts', 'bundle.mjs'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no repository (scripts/bundle.mjs) above ${import.meta.url}`);
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = repositoryRoot();

interface BundleRecord {
  /** index.js, the loader. */
  entry: string;
  /** main.js, ncc's bundle. */
  bundle: string;
  sources: Record<string, string>;
}

const checked = new Map<string, string | undefined>();

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Why dist/<name> is not the bundle of the current sources, or undefined when it is. */
export function staleBundleReason(name: string, root = REPO_ROOT): string | undefined {
  const bundle = path.join(root, 'dist', name, 'main.js');
  const recordFile = path.join(
    root,
    'node_modules',
    '.cache',
    'ml-actions-bundles',
    `${name}.json`,
  );
  if (!existsSync(bundle)) return `dist/${name}/main.js does not exist`;
  if (!existsSync(recordFile)) return `dist/${name} was not bundled in this checkout`;
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as BundleRecord;
  const entry = path.join(root, 'dist', name, 'index.js');
  if (!existsSync(entry) || sha256(entry) !== record.entry || sha256(bundle) !== record.bundle) {
    return `dist/${name} is not the bundle built here last (was it checked out or edited?)`;
  }
  const changed = Object.entries(record.sources)
    .filter(
      ([file, hash]) =>
        !existsSync(path.join(root, file)) || sha256(path.join(root, file)) !== hash,
    )
    .map(([file]) => file);
  if (changed.length > 0) {
    const shown = changed.slice(0, 5).join(', ') + (changed.length > 5 ? ', …' : '');
    return `${changed.length} source file(s) changed since dist/${name} was bundled: ${shown}`;
  }
  return undefined;
}

/** Throws when dist/<name> is stale (checked once per test file and bundle). */
export function assertFreshBundle(name: string): void {
  if (!checked.has(name)) checked.set(name, staleBundleReason(name));
  const reason = checked.get(name);
  if (reason !== undefined) {
    throw new Error(
      `Refusing to test a stale bundle: ${reason}. Run \`npm run bundle -- ${name}\` first.`,
    );
  }
}
