import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const script = resolve('scripts/release.mjs');

function sh(cwd: string, cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A temp git repository whose `npm run check-dist` passes or fails as `distFresh` says. */
function tempRepo(distFresh = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-test-'));
  sh(dir, 'git', ['init', '-q', '-b', 'main']);
  sh(dir, 'git', ['config', 'user.email', 'test@example.com']);
  sh(dir, 'git', ['config', 'user.name', 'Test']);
  sh(dir, 'git', ['config', 'tag.gpgSign', 'false']);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'r', private: true, scripts: { 'check-dist': 'node check.mjs' } }),
  );
  writeFileSync(join(dir, 'check.mjs'), `process.exit(${distFresh ? 0 : 1});\n`);
  sh(dir, 'git', ['add', '.']);
  sh(dir, 'git', ['commit', '-q', '-m', 'init']);
  return dir;
}

function release(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { cwd, encoding: 'utf8' });
}

const tagsOf = (dir: string) => sh(dir, 'git', ['tag', '--list']).split('\n').filter(Boolean);
const dirs: string[] = [];
const repo = (fresh = true) => {
  const d = tempRepo(fresh);
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('tags vX.Y.Z, moves vX to the new commit and prints the push commands', () => {
  const dir = repo();
  const first = release(dir, '1.0.0');
  expect(first.status).toBe(0);
  expect(tagsOf(dir)).toEqual(['v1', 'v1.0.0']);
  expect(first.stdout).toContain('git push origin v1.0.0');
  expect(first.stdout).toContain('git push --force origin v1');

  writeFileSync(join(dir, 'x.txt'), 'x');
  sh(dir, 'git', ['add', '.']);
  sh(dir, 'git', ['commit', '-q', '-m', 'next']);
  const head = sh(dir, 'git', ['rev-parse', 'HEAD']);
  expect(release(dir, 'v1.1.0').status).toBe(0);
  // Both tags name release commits on top of what was HEAD then.
  expect(sh(dir, 'git', ['rev-parse', 'v1^{commit}^'])).toBe(head);
  expect(sh(dir, 'git', ['rev-parse', 'v1^{commit}'])).toBe(
    sh(dir, 'git', ['rev-parse', 'v1.1.0^{commit}']),
  );
  expect(sh(dir, 'git', ['rev-parse', 'v1.0.0^{commit}^'])).not.toBe(head);
});

test("the release commit's package.json is what users install; the rest of the tree is HEAD's", () => {
  const dir = repo();
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'r',
      private: true,
      version: '0.1.0',
      bin: { r: 'dist/cli/index.js' },
      files: ['dist/'],
      workspaces: ['packages/*'],
      scripts: { 'check-dist': 'node check.mjs' },
      devDependencies: { typescript: '~5.9' },
    }),
  );
  sh(dir, 'git', ['commit', '-q', '-am', 'workspaces']);
  const head = sh(dir, 'git', ['rev-parse', 'HEAD']);
  expect(release(dir, '1.2.0').status).toBe(0);
  const released = JSON.parse(sh(dir, 'git', ['show', 'v1.2.0:package.json']));
  // npm prepares a git dependency with workspaces or scripts by installing its dev tools.
  expect(released).toEqual({
    name: 'r',
    private: true,
    version: '1.2.0',
    bin: { r: 'dist/cli/index.js' },
    files: ['dist/'],
  });
  expect(sh(dir, 'git', ['diff', '--name-only', head, 'v1.2.0'])).toBe('package.json');
  // The branch, the index and the working tree are untouched.
  expect(sh(dir, 'git', ['rev-parse', 'HEAD'])).toBe(head);
  expect(sh(dir, 'git', ['status', '--porcelain'])).toBe('');
});

test('--dry-run tags nothing', () => {
  const dir = repo();
  const r = release(dir, '2.0.0', '--dry-run');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('would run: git tag -a v2.0.0');
  expect(tagsOf(dir)).toEqual([]);
});

test('a prerelease does not move the major tag', () => {
  const dir = repo();
  expect(release(dir, '1.0.0-rc.1').status).toBe(0);
  expect(tagsOf(dir)).toEqual(['v1.0.0-rc.1']);
});

test('refuses a non-semver version, an existing tag, a dirty tree and a stale dist', () => {
  const dir = repo();
  for (const bad of ['1.0', 'v1', '1.0.0.0', '01.0.0', 'latest']) {
    const r = release(dir, bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not a semantic version');
  }
  expect(release(dir, '1.0.0').status).toBe(0);
  const again = release(dir, '1.0.0');
  expect(again.status).toBe(1);
  expect(again.stderr).toContain('tag v1.0.0 already exists');

  writeFileSync(join(dir, 'dirty.txt'), 'x');
  const dirty = release(dir, '1.0.1');
  expect(dirty.status).toBe(1);
  expect(dirty.stderr).toContain('not clean');

  const stale = repo(false);
  const r = release(stale, '1.0.0');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('dist/ is not fresh');
  expect(tagsOf(stale)).toEqual([]);
});
