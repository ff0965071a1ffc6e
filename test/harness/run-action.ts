import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// The CLI runs actions the same way; share its runner conventions rather than keep twins.
import { inputEnvName } from '../../packages/cli/src/input-env.js';
import { parseFileCommands } from '../../packages/cli/src/runner-files.js';
import { parseWorkflowCommand } from '../../packages/cli/src/workflow-command.js';
import { assertFreshBundle, REPO_ROOT } from './fresh-bundle.js';

export { inputEnvName, parseFileCommands };

/**
 * Runs a bundled action (`dist/<name>/index.js`) the way the GitHub runner does: inputs as
 * INPUT_* variables, fresh GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV / GITHUB_STATE
 * files, an event payload file, the run's GITHUB_* variables and RUNNER_TEMP.
 */

export { REPO_ROOT };

export type EventName =
  'pull_request' | 'pull_request_target' | 'push' | 'schedule' | 'workflow_dispatch' | string;

export interface RunActionOptions {
  /** Inputs by their action.yml names; undefined values are left out. */
  inputs?: Record<string, string | number | boolean | undefined>;
  eventName?: EventName;
  event?: unknown;
  /** owner/repo */
  repository?: string;
  /** Base URL of the GitHub REST API (the emulator). */
  githubApiUrl?: string;
  /** Passed as the `github-token` input unless inputs set it. */
  token?: string;
  /** Working directory of the action and GITHUB_WORKSPACE; defaults to a fresh temp dir. */
  cwd?: string;
  /** Extra environment variables (override the defaults). */
  env?: Record<string, string | undefined>;
  /** Kill the action after this many ms (default 120 s). */
  timeoutMs?: number;
  /** Options for the node that runs the bundle (e.g. `--cpu-prof`, `--import <file>`). */
  nodeArgs?: string[];
  /** A command that starts node, e.g. `['taskset', '-c', '0']` to give the action one CPU. */
  launcher?: string[];
  /**
   * RUNNER_TEMP to use: one per job on a real runner, shared by its steps (so a package one step
   * writes there is inside the next step's runner temp). Default: a fresh one for this run.
   */
  runnerTemp?: string;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Variables the action exported through GITHUB_ENV. */
  exportedEnv: Record<string, string>;
  state: Record<string, string>;
  /** Workflow commands (::error::, ::warning::, ::notice::) from stdout. */
  annotations: Array<{ level: string; message: string; properties: Record<string, string> }>;
  workspace: string;
  runnerTemp: string;
}

function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const found: ActionRun['annotations'] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const command = parseWorkflowCommand(line);
    if (command && ['error', 'warning', 'notice'].includes(command.command)) {
      const { properties, message } = command;
      found.push({ level: command.command, properties, message });
    }
  }
  return found;
}

export async function runAction(name: string, options: RunActionOptions = {}): Promise<ActionRun> {
  const entry = path.join(REPO_ROOT, 'dist', name, 'index.js');
  // Never silently test a bundle that the sources have moved past.
  assertFreshBundle(name);
  const runnerTemp =
    options.runnerTemp ?? (await fs.mkdtemp(path.join(os.tmpdir(), `runner-${name}-`)));
  const workspace = options.cwd ?? (await fs.mkdtemp(path.join(os.tmpdir(), `workspace-${name}-`)));
  const files = {
    GITHUB_OUTPUT: path.join(runnerTemp, '_runner_file_commands', 'set_output'),
    GITHUB_STEP_SUMMARY: path.join(runnerTemp, '_runner_file_commands', 'step_summary'),
    GITHUB_ENV: path.join(runnerTemp, '_runner_file_commands', 'set_env'),
    GITHUB_STATE: path.join(runnerTemp, '_runner_file_commands', 'save_state'),
    GITHUB_PATH: path.join(runnerTemp, '_runner_file_commands', 'add_path'),
    GITHUB_EVENT_PATH: path.join(runnerTemp, '_github_workflow', 'event.json'),
  };
  await fs.mkdir(path.dirname(files.GITHUB_OUTPUT), { recursive: true });
  await fs.mkdir(path.dirname(files.GITHUB_EVENT_PATH), { recursive: true });
  for (const file of [
    files.GITHUB_OUTPUT,
    files.GITHUB_STEP_SUMMARY,
    files.GITHUB_ENV,
    files.GITHUB_STATE,
    files.GITHUB_PATH,
  ]) {
    await fs.writeFile(file, '');
  }
  await fs.writeFile(files.GITHUB_EVENT_PATH, JSON.stringify(options.event ?? {}));

  // Start from a clean environment: nothing from the test process leaks in as an input.
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT']) {
    if (process.env[key]) env[key] = process.env[key]!;
  }
  const repository = options.repository ?? 'ml-team/models';
  Object.assign(env, files, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW: 'ml-ci',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'quality',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.githubApiUrl ?? 'http://127.0.0.1:9', // discard port: no accidental real calls
    GITHUB_GRAPHQL_URL: `${options.githubApiUrl ?? 'http://127.0.0.1:9'}/graphql`,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  });
  const inputs = { 'github-token': options.token, ...options.inputs };
  for (const [key, value] of Object.entries(inputs)) {
    if (value !== undefined) env[inputEnvName(key)] = String(value);
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const [command, ...args] = [
    ...(options.launcher ?? []),
    process.execPath,
    ...(options.nodeArgs ?? []),
    entry,
  ];
  const child = spawn(command, args, {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const exitCode = await new Promise<number>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))),
  );
  clearTimeout(timer);

  const read = (file: string) => fs.readFile(file, 'utf8');
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(await read(files.GITHUB_OUTPUT)),
    summary: await read(files.GITHUB_STEP_SUMMARY),
    exportedEnv: parseFileCommands(await read(files.GITHUB_ENV)),
    state: parseFileCommands(await read(files.GITHUB_STATE)),
    annotations: parseAnnotations(stdout),
    workspace,
    runnerTemp,
  };
}
