import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/run-action.js';

/**
 * Tasks of a bundle run in worker threads that load the same bundle (runner/worker-tasks.ts):
 * events and transferred typed arrays arrive, a user mistake stays a UserError with its input,
 * a bug keeps the worker's stack. The entry is test/fixtures/worker-tasks/entry.ts.
 */
let out: string;
let result: {
  mainThread: number;
  workerThread: number;
  events: number[];
  doubled: number[];
  userMistake: { name: string; userError: boolean; message: string; input: string };
  bug: { name: string; userError: boolean; message: string; stack: string };
  noInput: { userError: boolean; message: string };
};

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'worker-tasks-'));
  const bundle = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'scripts', 'bundle.mjs'),
      '--entry',
      'test/fixtures/worker-tasks/entry.ts',
      '--out',
      out,
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  expect(bundle.stderr).toBe('');
  expect(bundle.status).toBe(0);
  const run = spawnSync(process.execPath, [join(out, 'index.js')], {
    cwd: out,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  expect(run.status).toBe(0);
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line).toBeDefined();
  result = JSON.parse(line!.slice('RESULT '.length));
}, 600_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('a task runs in another thread, its events and typed-array output arrive', () => {
  expect(result.mainThread).toBe(0);
  expect(result.workerThread).toBeGreaterThan(0);
  expect(result.events).toEqual([1.5, 2, 3]);
  expect(result.doubled).toEqual([3, 4, 6]);
});

test("a user mistake in the worker is the caller's UserError, input and message intact", () => {
  expect(result.userMistake).toMatchObject({
    name: 'UserError',
    userError: true,
    input: 'current',
    message: "Input 'current': file 'cur.csv' is empty.",
  });
});

test("a bug in the worker keeps the worker's stack", () => {
  expect(result.bug.userError).toBe(false);
  expect(result.bug.message).toMatch(/Cannot read properties of undefined/);
  expect(result.bug.stack).toMatch(/^TypeError: /);
  expect(result.bug.stack).toMatch(/entry\.ts:\d+/);
});

test('a task whose input is refused rejects with that error, its worker stopped', () => {
  expect(result.noInput).toMatchObject({
    userError: true,
    message: "Input 'reference': no columns",
  });
});
