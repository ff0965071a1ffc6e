import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ServiceError, UserError } from '../inputs/user-error.js';

/**
 * Work an action can move to a worker thread (reading one side of a drift run while the main
 * thread reads the other). A task runs in a worker only when the running bundle ships a worker
 * bundle next to it (`worker/index.js`, built by scripts/bundle.mjs from the action's
 * `src/worker.ts`, which imports the tasks and calls `serveTask`; the run wrapper passes the
 * bundle's URL to `enableWorkerTasks`) and only with more than one CPU available to the
 * process. Everywhere else (one CPU, unit tests on the sources, a library user) it runs
 * in-process, with the same results. The worker bundle holds only the tasks' code: a worker
 * that loaded the whole action would start slower and keep tens of MB more.
 */

/**
 * What a task can tell its caller while it runs (progress, an early part of its result), with
 * the buffers to move rather than copy when it runs in a worker.
 */
export type TaskEvents<E> = (event: E, transfer?: ArrayBuffer[]) => void;

export interface WorkerTask<I, O, E> {
  /** Unique across the bundle: the worker looks the task up by it. */
  name: string;
  run(input: I, post: TaskEvents<E>): Promise<O>;
  /** The buffers of the output to move to the caller instead of copying (typed arrays). */
  transfer(output: O): ArrayBuffer[];
}

interface TaskRequest {
  mlActionsTask: string;
}

type TaskMessage =
  | { event: unknown }
  | { output: unknown }
  | {
      error: { kind: 'user' | 'service' | 'bug'; message: string; input?: string; stack?: string };
    };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tasks of every type share one table
const tasks = new Map<string, WorkerTask<any, any, any>>();
let workerScript: URL | undefined;

/** Lets tasks run in workers when the bundle at `bundle` (a URL) has its worker bundle. */
export function enableWorkerTasks(bundle: string): void {
  const script = new URL('worker/index.js', bundle);
  workerScript = existsSync(fileURLToPath(script)) ? script : undefined;
}

/**
 * Declares a task; the returned function runs it (in a worker when enabled). The input may be a
 * promise: the worker starts at once (loading the bundle takes a few hundred milliseconds) and
 * gets the input when it is known; if that promise rejects, the worker is stopped and the task
 * rejects with the same error.
 */
export function defineWorkerTask<I, O, E>(
  task: WorkerTask<I, O, E>,
): (input: I | Promise<I>, onEvent?: TaskEvents<E>) => Promise<O> {
  tasks.set(task.name, task);
  return async (input, onEvent = () => {}) =>
    // On one CPU a worker only adds its start-up and memory.
    workerScript && availableParallelism() > 1
      ? inWorker(workerScript, task.name, input, onEvent)
      : task.run(await input, onEvent);
}

function inWorker<O>(
  script: URL,
  name: string,
  input: unknown,
  onEvent: (event: never) => void,
): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    const request: TaskRequest = { mlActionsTask: name };
    // The worker bundle's index.js turns source maps on before loading it, so a bug's stack
    // names the TypeScript sources. A small young generation: the tasks keep their data in
    // typed arrays, and V8's default (16 MB semi-spaces) only adds tens of MB of resident memory.
    const worker = new Worker(script, {
      workerData: request,
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    let settled = false;
    Promise.resolve(input).then(
      (value) => worker.postMessage(value),
      (error: unknown) => {
        settled = true;
        reject(error);
        void worker.terminate();
      },
    );
    worker.on('message', (message: TaskMessage) => {
      if ('event' in message) onEvent(message.event as never);
      else if ('output' in message) {
        settled = true;
        resolve(message.output as O);
      } else {
        settled = true;
        reject(revive(message.error));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled)
        reject(new Error(`worker for '${name}' stopped (exit code ${code}) before its result`));
    });
  });
}

/** The caller's copy of an error thrown in the worker: same class, message and input. */
function revive(error: Extract<TaskMessage, { error: unknown }>['error']): Error {
  const revived =
    error.kind === 'user'
      ? new UserError('', error.input)
      : error.kind === 'service'
        ? new ServiceError('')
        : new Error('');
  revived.message = error.message;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/** In a task worker: runs the requested task and posts its events, output or error. */
export async function serveTask(): Promise<void> {
  const name = (workerData as TaskRequest | undefined)?.mlActionsTask;
  const port = parentPort;
  if (isMainThread || !port || typeof name !== 'string')
    throw new Error("a worker bundle serves its action's tasks; it is not run on its own");
  const task = tasks.get(name);
  try {
    if (!task) throw new Error(`no worker task '${name}' in this bundle`);
    const input = await new Promise((resolve) => port.once('message', resolve));
    const output = await task.run(input, (event, transfer = []) =>
      port.postMessage({ event }, transfer),
    );
    port.postMessage({ output }, task.transfer(output));
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const kind =
      err instanceof UserError ? 'user' : err instanceof ServiceError ? 'service' : 'bug';
    port.postMessage({
      error: {
        kind,
        message: err.message,
        input: err instanceof UserError ? err.input : undefined,
        stack: kind === 'bug' ? err.stack : undefined,
      },
    });
  }
}
