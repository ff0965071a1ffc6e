import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellWord, suiteInvocation } from './suite-invocation.js';

// A checkout with the CLI bundle beside an action's bundle, like the repository.
let repo: string;
let entry: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'suite-invocation-'));
  mkdirSync(join(repo, 'dist', 'cli'), { recursive: true });
  mkdirSync(join(repo, 'dist', 'deploy'), { recursive: true });
  writeFileSync(join(repo, 'dist', 'cli', 'index.js'), '');
  entry = join(repo, 'dist', 'deploy', 'index.js');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('suiteInvocation', () => {
  test('an action used from its repository prints that repository at that ref', () => {
    const how = suiteInvocation(
      {
        GITHUB_ACTION_REPOSITORY: 'acme/ml-actions',
        GITHUB_ACTION_REF: 'v1.2.3',
        GITHUB_WORKSPACE: repo,
      },
      entry,
    );
    expect(how.cli).toBe('npx --yes github:acme/ml-actions#v1.2.3');
    expect(how.uses('deploy')).toBe('acme/ml-actions/actions/deploy@v1.2.3');
  });

  test('the command the CLI set wins for the CLI', () => {
    const how = suiteInvocation(
      {
        ML_ACTIONS_CLI: 'node /x/dist/cli/index.js',
        GITHUB_ACTION_REPOSITORY: 'acme/ml-actions',
        GITHUB_ACTION_REF: 'v1',
      },
      entry,
    );
    expect(how.cli).toBe('node /x/dist/cli/index.js');
    expect(how.uses('gate')).toBe('acme/ml-actions/actions/gate@v1');
  });

  test('a local action (no action repository) points at its own checkout, relative to the workspace', () => {
    const how = suiteInvocation({ GITHUB_WORKSPACE: repo }, entry);
    expect(how.cli).toBe('node dist/cli/index.js');
    expect(how.uses('deploy')).toBe('./actions/deploy');
    const outside = suiteInvocation({ GITHUB_WORKSPACE: join(repo, 'dist') }, entry);
    expect(outside.cli).toBe(`node ${shellWord(join(repo, 'dist', 'cli', 'index.js'))}`);
    expect(outside.uses('deploy')).toBe('OWNER/ml-actions/actions/deploy@v1');
  });

  test('with nothing known, the README placeholder form', () => {
    const how = suiteInvocation({}, join(tmpdir(), 'nowhere', 'index.js'));
    expect(how.cli).toBe('npx --yes github:OWNER/ml-actions#v1');
    expect(how.uses('gate')).toBe('OWNER/ml-actions/actions/gate@v1');
  });

  test('a ref with shell characters is quoted', () => {
    const how = suiteInvocation(
      { GITHUB_ACTION_REPOSITORY: 'a/b', GITHUB_ACTION_REF: "x'$(y)" },
      entry,
    );
    expect(how.cli).toBe(`npx --yes 'github:a/b#x'\\''$(y)'`);
  });
});
