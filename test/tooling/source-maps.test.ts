import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWorkflowCommand } from '../../packages/cli/src/workflow-command.js';
import { REPO_ROOT } from '../harness/run-action.js';

/**
 * A bundle built the way scripts/bundle.mjs builds every action (ncc with source maps, behind
 * the index.js that turns Node's source maps on) names TypeScript sources in a crash's stack.
 * The entry (test/fixtures/source-map-crash/entry.ts) hits a bug inside core.
 */
const entry = 'test/fixtures/source-map-crash/entry.ts';
const coreFile = 'packages/core/src/runner/workflow-commands.ts';
let out: string;

function linesOf(file: string, from: RegExp, to: RegExp): [number, number] {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const start = lines.findIndex((l) => from.test(l)) + 1;
  const end = lines.findIndex((l, i) => i >= start && to.test(l)) + 1;
  expect(start).toBeGreaterThan(0);
  return [start, end];
}

/** The stack the run wrapper printed as its ::error:: annotation. */
function crashStack(script: string): string {
  const run = spawnSync(process.execPath, [script], {
    cwd: out,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  expect(run.status).toBe(1);
  const errors = run.stdout
    .split('\n')
    .map(parseWorkflowCommand)
    .filter((c) => c?.command === 'error');
  expect(errors.length).toBeGreaterThan(0);
  return errors[0]!.message;
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'source-map-crash-'));
  const bundle = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'scripts', 'bundle.mjs'), '--entry', entry, '--out', out],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  expect(bundle.stderr).toBe('');
  expect(bundle.status).toBe(0);
}, 600_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('a crash in a bundle shows packages/core/src/...:line in its stack', () => {
  const stack = crashStack('index.js');
  expect(stack).toMatch(/^TypeError: Cannot read properties of undefined/);
  const frame = new RegExp(`${coreFile.replace(/[./]/g, '\\$&')}:(\\d+):\\d+`).exec(stack);
  expect(frame).not.toBeNull();
  // The line is inside neutraliseWorkflowCommands.
  const [start, end] = linesOf(coreFile, /export function neutraliseWorkflowCommands/, /^}/);
  expect(Number(frame![1])).toBeGreaterThanOrEqual(start);
  expect(Number(frame![1])).toBeLessThanOrEqual(end);
  // The caller in core is mapped too, into runWrapper. ncc's maps are line-granular (webpack's
  // cheap-module-source-map): a frame names the line of the statement or one near it, column 1.
  const wrapper = /packages\/core\/src\/runner\/run-wrapper\.ts:(\d+):\d+/.exec(stack);
  expect(wrapper).not.toBeNull();
  const [from, to] = linesOf(
    'packages/core/src/runner/run-wrapper.ts',
    /export async function runWrapper/,
    /^}/,
  );
  expect(Number(wrapper![1])).toBeGreaterThanOrEqual(from);
  expect(Number(wrapper![1])).toBeLessThanOrEqual(to);
});

test('the map names sources relative to itself, without their text or absolute paths', () => {
  const map = JSON.parse(readFileSync(join(out, 'main.js.map'), 'utf8')) as {
    file: string;
    sources: string[];
    sourcesContent?: unknown;
  };
  expect(map.file).toBe('main.js');
  expect(map.sourcesContent).toBeUndefined();
  expect(map.sources.some((s) => s.endsWith(coreFile))).toBe(true);
  expect(map.sources.filter((s) => s.startsWith('/'))).toEqual([]);
});

test('without the index.js that turns source maps on first, the same crash names only main.js', () => {
  const stack = crashStack('main.js');
  expect(stack).not.toContain('.ts:');
  expect(stack).toContain('main.js:');
});
