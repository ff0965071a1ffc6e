// `ml-actions <action> --<input> <value> …`: runs an action's bundle (runs.main of its
// action.yml) in a child process set up like a runner step, and shows what it did.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { shellWord } from '@ml-actions/core/runner/suite-invocation.js';
import { cleanupWorkDir, keepWorkFiles, workDir } from '@ml-actions/core/runner/work-dir.js';
import { listActions, loadAction, repoRoot, type ActionMetadata } from './action-metadata.js';
import { CliError } from './cli-error.js';
import { parseActionArgs, type RunOptions } from './command-line.js';
import { actionHelp, generalHelp } from './help-text.js';
import { inputEnvName, missingRequiredInputs, resolveInputs } from './input-env.js';
import { LogView } from './log-view.js';
import type { Annotation } from './log-view.js';
import { outputsTable, summaryForTerminal } from './result-view.js';
import { createRunnerFiles, readFileCommands } from './runner-files.js';

// The version of the package a user installs (the root package: packages/cli is not in it).
const VERSION = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version;

/** A stream the CLI writes to: process.stdout/stderr, or a capture in tests. */
export type CliStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIo {
  stdout?: CliStream;
  stderr?: CliStream;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Repository whose actions/ and dist/ the CLI runs (default: the one it lives in). */
  root?: string;
}

interface RunIo {
  stdout: CliStream;
  stderr: CliStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What `--json` prints. */
export interface CliResult {
  action: string;
  exitCode: number;
  outputs: Record<string, string>;
  summaryFile: string;
  summary: string;
  env: Record<string, string>;
  annotations: Annotation[];
  runnerDir: string;
  /** False when runnerDir was removed at the end (no --out-dir, no --keep). */
  kept: boolean;
}

/**
 * Runs the CLI and resolves to its exit code.
 * @param argv arguments after the program name
 */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const root = io.root ?? repoRoot;
  try {
    const actions = listActions(root).map((name) => loadAction(name, root));
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      (first === undefined ? stderr : stdout).write(generalHelp(actions, VERSION));
      return first === undefined ? 2 : 0;
    }
    if (first === '--version') {
      stdout.write(`${VERSION}\n`);
      return 0;
    }
    const action = actions.find((a) => a.name === first);
    if (!action) {
      throw new CliError(
        `unknown action '${first}'. Actions: ${actions.map((a) => a.name).join(', ')} (run with --help for what each does).`,
      );
    }
    const { inputs, options } = parseActionArgs(rest, action);
    if (options.help) {
      stdout.write(actionHelp(action));
      return 0;
    }
    return await runLocally(action, inputs, options, { stdout, stderr, env, cwd });
  } catch (error) {
    if (error instanceof CliError) {
      stderr.write(`ml-actions: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

async function runLocally(
  action: ActionMetadata,
  flags: Map<string, string>,
  options: RunOptions,
  { stdout, stderr, env, cwd }: RunIo,
): Promise<number> {
  const missing = missingRequiredInputs(action, flags, env);
  if (missing.length > 0) {
    const list = missing.map((i) => `--${i.name} (${i.description.replace(/\.$/, '')})`).join('; ');
    throw new CliError(
      `${action.name}: missing required input${missing.length > 1 ? 's' : ''} ${list}.`,
    );
  }
  if (!action.main || !existsSync(action.main)) {
    throw new CliError(
      `${action.name}: the bundle ${action.main ? relative(cwd, action.main) : '(runs.main)'} is missing; run 'npm run bundle -- ${action.name}'.`,
    );
  }

  // Without --out-dir, the runner's files and RUNNER_TEMP live in the CLI's own scratch
  // directory (runner/work-dir.ts, like an action's), removed at the end unless kept.
  const outDir = options.outDir === undefined ? undefined : resolve(cwd, options.outDir);
  const kept = outDir !== undefined || options.keep || keepWorkFiles(env);
  const dir = outDir ?? (await workDir());
  try {
    const io = { stdout, stderr, env, cwd };
    return await runInDir(action, action.main, flags, options, io, dir, kept);
  } finally {
    if (outDir === undefined) await cleanupWorkDir(undefined, { keep: kept });
  }
}

async function runInDir(
  action: ActionMetadata,
  main: string,
  flags: Map<string, string>,
  options: RunOptions,
  { stdout, stderr, env, cwd }: RunIo,
  dir: string,
  kept: boolean,
): Promise<number> {
  const files = createRunnerFiles(dir, { summaryFile: options.summaryFile, cwd });
  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: files.temp,
    // Commands the action prints (deploy's rollback, …) run this CLI the way it ran now.
    ML_ACTIONS_CLI:
      env.ML_ACTIONS_CLI ?? `node ${shellWord(join(repoRoot, 'dist', 'cli', 'index.js'))}`,
    ...(options.verbose ? { RUNNER_DEBUG: '1' } : {}),
  };
  const resolved = resolveInputs(action, flags, childEnv);
  for (const [name, value] of resolved) childEnv[inputEnvName(name)] = value;

  const token = resolved.get('github-token') ?? '';
  const hasTokenInput = action.inputs.some((i) => i.name === 'github-token');
  const tty = Boolean(stderr.isTTY) && !env.CI;
  const color = tty && !env.NO_COLOR;
  const note = (text: string) =>
    stderr.write(`${color ? '\x1b[2m' : ''}note: ${text}${color ? '\x1b[0m' : ''}\n`);
  if (hasTokenInput && token === '') {
    note(
      `no GitHub token (set GITHUB_TOKEN or pass --github-token): ${action.name} runs without GitHub API calls.`,
    );
  }
  // Like the token: a local machine has no Actions artifact service, so build the package
  // without uploading it unless the user asked for the upload.
  const uploadUnset = !flags.has('upload') && !env[inputEnvName('upload')];
  if (action.inputs.some((i) => i.name === 'upload') && uploadUnset && !env.ACTIONS_RUNTIME_TOKEN) {
    childEnv[inputEnvName('upload')] = 'false';
    note(
      `no Actions artifact service here: ${action.name} runs with upload: false (pass --upload true to upload anyway).`,
    );
  }

  const view = new LogView({
    stream: stderr,
    action: action.name,
    mode: tty ? 'tty' : 'plain',
    color,
    verbose: options.verbose,
    masks: [token, env.GITHUB_TOKEN],
    intervalMs: progressInterval(env.ML_ACTIONS_PROGRESS_INTERVAL) * 1000,
  });
  const started = Date.now();
  const exitCode = await spawnAction(main, childEnv, cwd, view);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  const outputs = readFileCommands(files.output);
  const exported = readFileCommands(files.env);
  const summary = readFileSync(files.summary, 'utf8');
  const verdict = exitCode === 0 ? 'succeeded' : 'failed';
  const line = `${action.name} ${verdict} (exit code ${exitCode}) in ${seconds}s`;
  stderr.write(`${view.paint(line, exitCode === 0 ? 32 : 31)}\n`);

  if (options.json) {
    const result: CliResult = {
      action: action.name,
      exitCode,
      outputs,
      summaryFile: files.summary,
      summary: view.mask(summary),
      env: exported,
      annotations: view.annotations,
      runnerDir: files.dir,
      kept,
    };
    stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return exitCode;
  }
  stdout.write(
    outputsTable(
      action.outputs,
      mapValues(outputs, (v) => view.mask(v)),
    ),
  );
  // A summary inside a folder about to be removed has no file to point at.
  const summaryKept = kept || !isInside(files.summary, files.dir);
  const where = summaryKept ? ` (${files.summary})` : '';
  const shown = summaryForTerminal(view.mask(summary));
  if (shown) {
    stdout.write(`\n── job summary${where} ──\n${shown}\n`);
  } else {
    stdout.write(
      `\nThe action wrote no job summary${summaryKept ? ` (${files.summary} is empty)` : ''}.\n`,
    );
  }
  if (kept && options.outDir === undefined) {
    note(`kept the runner's files and RUNNER_TEMP in ${files.dir}.`);
  } else if (!kept && Object.values(outputs).some((v) => v.includes(files.dir))) {
    note(
      `outputs that name files in the run's temporary directory are gone (it was removed); pass --keep, --out-dir <dir> or the action's own output directory input to keep them.`,
    );
  }
  return exitCode;
}

/** Spawns `node <bundle>` and streams its stdout and stderr lines through the log view. */
function spawnAction(
  main: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  view: LogView,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    view.start();
    let open = 2;
    let code: number | undefined;
    const finish = () => {
      if (open > 0 || code === undefined) return;
      view.stop();
      resolve(code);
    };
    for (const stream of [child.stdout, child.stderr]) {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', (line) => view.line(line));
      lines.on('close', () => {
        open--;
        finish();
      });
    }
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      view.stop();
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      code = exitCode ?? (signal ? 128 + signalNumber(signal) : 1);
      finish();
    });
  });
}

/** Seconds between "still running" lines in CI logs: ML_ACTIONS_PROGRESS_INTERVAL, else 15. */
function progressInterval(value: string | undefined): number {
  const seconds = Number(value);
  return value !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : 15;
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15, SIGKILL: 9 };
  return numbers[signal] ?? 1;
}

function isInside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/');
}

function mapValues(
  object: Record<string, string>,
  fn: (value: string) => string,
): Record<string, string> {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, fn(v)]));
}
