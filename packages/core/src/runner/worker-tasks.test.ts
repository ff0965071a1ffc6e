import { threadId } from 'node:worker_threads';
import { UserError } from '../inputs/user-error.js';
import { defineWorkerTask, serveTask } from './worker-tasks.js';

// Unbundled (as here), tasks run in-process with the same results; the bundle's worker threads
// are tested in test/tooling/worker-tasks.test.ts.
const sum = defineWorkerTask<number[], { total: number; thread: number }, number>({
  name: 'unit/sum',
  async run(input, post) {
    let total = 0;
    for (const x of input) post((total += x));
    return { total, thread: threadId };
  },
  transfer: () => [],
});

const failing = defineWorkerTask<string, never, never>({
  name: 'unit/failing',
  async run(input) {
    throw new UserError(`file '${input}' is empty.`, 'reference');
  },
  transfer: () => [],
});

test('unbundled, a task runs on this thread and its events arrive in order', async () => {
  const partial: number[] = [];
  const result = await sum([1, 2, 3], (x) => partial.push(x));
  expect(result).toEqual({ total: 6, thread: threadId });
  expect(partial).toEqual([1, 3, 6]);
});

test('serving tasks outside a task worker is refused', async () => {
  await expect(serveTask()).rejects.toThrow(/not run on its own/);
});

test('a task without listener runs, and its errors reach the caller unchanged', async () => {
  expect((await sum([4])).total).toBe(4);
  const error = await failing('a.csv').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).input).toBe('reference');
  expect((error as UserError).message).toBe("Input 'reference': file 'a.csv' is empty.");
});

test('the input may come later, as a promise; a rejected one rejects the task', async () => {
  const later = new Promise<number[]>((resolve) => setTimeout(() => resolve([2, 5]), 10));
  expect((await sum(later)).total).toBe(7);
  const refused = new UserError('no columns', 'reference');
  await expect(sum(Promise.reject(refused))).rejects.toBe(refused);
});
