import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAction, repoRoot } from '../../packages/cli/src/action-metadata.js';

const script = join(repoRoot, 'scripts', 'action-docs.mjs');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

describe('scripts/action-docs.mjs', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'action-docs-'));
    file = join(dir, 'README.md');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the gate tables from action.yml between its markers and leaves the rest alone', () => {
    writeFileSync(
      file,
      '# Title\n\n<!-- action-docs:gate:start -->\nold table\n<!-- action-docs:gate:end -->\n\nafter\n',
    );
    expect(run('--check', file).status).toBe(1);
    const write = run(file);
    expect(write.status).toBe(0);
    expect(write.stdout).toContain('updated gate');
    const text = readFileSync(file, 'utf8');
    expect(
      text.startsWith(
        '# Title\n\n<!-- action-docs:gate:start -->\n| input | description | required | default |',
      ),
    ).toBe(true);
    expect(text.endsWith('<!-- action-docs:gate:end -->\n\nafter\n')).toBe(true);
    expect(text).not.toContain('old table');
    for (const input of loadAction('gate').inputs) {
      expect(text).toContain(`| \`${input.name}\` |`);
    }
    expect(text).toContain('| `metrics` |');
    expect(text).toMatch(/\| `github-token` \| .* \| no \| `\$\{\{ github\.token \}\}` \|/);
    for (const output of loadAction('gate').outputs)
      expect(text).toContain(`| \`${output.name}\` |`);

    const check = run('--check', file);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('tables are up to date');
    expect(run(file).stdout).not.toContain('updated');
  });

  test('--check names the stale action and changes nothing', () => {
    const stale = '<!-- action-docs:gate:start -->\n| input |\n<!-- action-docs:gate:end -->\n';
    writeFileSync(file, stale);
    const check = run('--check', file);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('stale tables for gate');
    expect(readFileSync(file, 'utf8')).toBe(stale);
  });

  test('markers for an unknown action or without their end are errors', () => {
    writeFileSync(
      file,
      '<!-- action-docs:gates:start -->\n<!-- action-docs:gates:end -->\n<!-- action-docs:gate:start -->\n',
    );
    const r = run(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("markers name 'gates', which is not an action");
    expect(r.stderr).toContain("start marker for 'gate' is not followed by its end marker");
  });
});

describe('the documentation in this repository', () => {
  test('has the input/output tables of every action.yml as they are now (else: npm run docs)', () => {
    const check = spawnSync(process.execPath, [script, '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(check.stderr).not.toContain('stale tables');
    expect(check.status).toBe(0);
  });
});
