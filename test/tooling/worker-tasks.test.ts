import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/run-action.js';

/**
 * Tasks of a bundle run in worker threads that load its worker bundle (runner/worker-tasks.ts):
 * events and transferred typed arrays arrive, a user mistake stays a UserError with its input,
 * a bug keeps the worker's stack. The entry is test/fixtures/worker-tasks/entry.ts, its worker
 * bundle is built from worker.ts beside it.
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
  expect(existsSync(join(out, 'worker', 'index.js'))).toBe(true);
  result = runBundle();
}, 600_000);

function runBundle(): typeof result {
  const run = spawnSync(process.execPath, [join(out, 'index.js')], {
    cwd: out,
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  expect(run.status).toBe(0);
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line).toBeDefined();
  return JSON.parse(line!.slice('RESULT '.length)) as typeof result;
}
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
  expect(result.bug.stack).toMatch(/tasks\.ts:\d+/);
});

test('a task whose input is refused rejects with that error, its worker stopped', () => {
  expect(result.noInput).toMatchObject({
    userError: true,
    message: "Input 'reference': no columns",
  });
});

test('a bundle without its worker bundle runs the tasks in-process, with the same results', () => {
  rmSync(join(out, 'worker'), { recursive: true });
  const inProcess = runBundle();
  expect(inProcess.workerThread).toBe(inProcess.mainThread);
  expect(inProcess.events).toEqual(result.events);
  expect(inProcess.doubled).toEqual(result.doubled);
  const { stack: _, ...mistake } = result.userMistake as typeof result.userMistake & {
    stack: string;
  };
  expect(inProcess.userMistake).toMatchObject(mistake);
  expect(inProcess.noInput).toEqual(result.noInput);
});
