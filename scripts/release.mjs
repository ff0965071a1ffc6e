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
import { spawnSync } from 'node:child_process';

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?$/;

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

function git(args, { allowFailure = false } = {}) {
  const result = spawnSync('git', args, { encoding: 'utf8' });
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

const commit = git(['rev-parse', 'HEAD']).stdout.trim();
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
  `release: ${dryRun ? '(dry run, nothing tagged) ' : ''}${tag}${prerelease ? '' : ` and ${majorTag}`} → ${commit}`,
);
console.log('release: publish with:');
for (const line of push) console.log(`  ${line}`);
console.log('then create the GitHub release from the CHANGELOG.md entry of this version.');
