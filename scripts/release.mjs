#!/usr/bin/env node
// Tags a release of the suite the way first-party actions do: an immutable `vX.Y.Z` tag and a
// moving major tag `vX` (what `uses: OWNER/ml-actions/actions/gate@v1` resolves to).
//
//   node scripts/release.mjs 1.2.3 [--dry-run]
//
// Refuses unless: the version is semver, the tag `vX.Y.Z` does not exist yet, the working tree
// is clean and `npm run check-dist` passes (dist/ rebuilt from the sources equals what is
// committed). Creates the tags locally and prints the push commands; never pushes.
// Works on the git repository of the current directory.
//
// The tags name a release commit on top of HEAD (not on any branch) whose package.json is the
// one a user installs: version X.Y.Z, and no workspaces, scripts or devDependencies. npm
// "prepares" a git dependency (`npx github:OWNER/ml-actions#v1`) that has workspaces or build
// scripts by running a full `npm install` of its dev tools in the clone; without them it packs
// the committed dist/ at once, like the tarball `npm pack` makes. Everything else is HEAD's tree.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

function git(args, { allowFailure = false, input, env } = {}) {
  const result = spawnSync('git', args, {
    encoding: 'utf8',
    input,
    env: env ? { ...process.env, ...env } : process.env,
  });
  if (result.status !== 0 && !allowFailure) {
    fail(`git ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim()}`);
  }
  return result;
}

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const positional = args.filter((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--dry-run');
if (unknown.length > 0) fail(`unknown option ${unknown[0]} (usage: release.mjs X.Y.Z [--dry-run])`);
if (positional.length !== 1) fail('usage: node scripts/release.mjs X.Y.Z [--dry-run]');

const version = positional[0].replace(/^v/, '');
const match = SEMVER.exec(version);
if (!match) fail(`'${positional[0]}' is not a semantic version (X.Y.Z, e.g. 1.0.0)`);
const prerelease = match[4] !== undefined;
const tag = `v${version}`;
const majorTag = `v${match[1]}`;

git(['rev-parse', '--show-toplevel']);
if (git(['rev-parse', '-q', '--verify', `refs/tags/${tag}`], { allowFailure: true }).status === 0) {
  fail(
    `tag ${tag} already exists; a released version is never re-tagged (release ${match[1]}.${match[2]}.${Number(match[3]) + 1}?)`,
  );
}

const dirty = git(['status', '--porcelain']).stdout.trim();
if (dirty !== '') fail(`the working tree is not clean; commit or stash first:\n${dirty}`);

console.log('release: checking that dist/ matches the sources (npm run check-dist)…');
const check = spawnSync('npm', ['run', '--silent', 'check-dist'], {
  encoding: 'utf8',
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (check.status !== 0) fail('dist/ is not fresh: run `npm run bundle`, commit dist/, then retry');
if (git(['status', '--porcelain']).stdout.trim() !== '') {
  fail('check-dist changed the working tree; commit the rebuilt dist/ first');
}

/** HEAD's package.json as users install it (see the top of this file). */
function releasedManifest(text) {
  const { workspaces, scripts, devDependencies, overrides, allowScripts, ...kept } =
    JSON.parse(text);
  void [workspaces, scripts, devDependencies, overrides, allowScripts];
  return `${JSON.stringify({ ...kept, version }, null, 2)}\n`;
}

/** The release commit: HEAD's tree with the released package.json, HEAD as its parent. */
function releaseCommit(head) {
  const manifest = git(['show', `${head}:package.json`]).stdout;
  const blob = git(['hash-object', '-w', '--stdin'], { input: releasedManifest(manifest) });
  // A private index, so the user's index and working tree stay as they are.
  const index = `${git(['rev-parse', '--git-dir']).stdout.trim()}/ml-actions-release-index`;
  const env = { GIT_INDEX_FILE: index };
  let tree;
  try {
    git(['read-tree', head], { env });
    git(['update-index', '--cacheinfo', `100644,${blob.stdout.trim()},package.json`], { env });
    tree = git(['write-tree'], { env }).stdout.trim();
  } finally {
    rmSync(index, { force: true });
  }
  return git(['commit-tree', tree, '-p', head, '-m', `Release ${tag}`]).stdout.trim();
}

const head = git(['rev-parse', 'HEAD']).stdout.trim();
const commit = dryRun ? head : releaseCommit(head);
const steps = [['tag', '-a', tag, '-m', `Release ${tag}`, commit]];
// A prerelease never moves the major tag users follow.
if (!prerelease)
  steps.push(['tag', '-f', '-a', majorTag, '-m', `Latest ${majorTag}: ${tag}`, commit]);

for (const step of steps) {
  if (dryRun) console.log(`release: would run: git ${step.join(' ')}`);
  else git(step);
}

const push = [`git push origin ${tag}`];
if (!prerelease) push.push(`git push --force origin ${majorTag}`);
console.log(
  `release: ${dryRun ? '(dry run, nothing tagged) ' : ''}${tag}${prerelease ? '' : ` and ${majorTag}`} → ${dryRun ? `a release commit on ${head}` : `${commit} (release commit on ${head})`}`,
);
console.log('release: publish with:');
for (const line of push) console.log(`  ${line}`);
console.log('then create the GitHub release from the CHANGELOG.md entry of this version.');
