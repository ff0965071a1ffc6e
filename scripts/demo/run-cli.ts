import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runToEnd, type ProcessRun } from './run-to-end.js';

/**
 * Runs one action through the real `ml-actions` bin (packages/cli), the way a user would on
 * their machine: a child process with the demo directory as workspace, no token, `--json`.
 */

export interface StepSpec {
  /** Folder name under steps/ for the runner files, the log and the job summary. */
  id: string;
  title: string;
  action: string;
  /** Flags after the action name, as the user would type them (relative to the workspace). */
  args: string[];
}

export interface StepResult extends StepSpec {
  /** The command line to copy (run from the demo directory). */
  command: string;
  exitCode: number;
  outputs: Record<string, string>;
  /** Workspace-relative paths of the job summary and the action's log. */
  summaryFile: string;
  summaryText: string;
  logFile: string;
  seconds: number;
  /** Error annotations of the action, or the CLI's own message when it printed no result. */
  errors: string[];
}

export interface CliContext {
  /** Repository root (where packages/cli lives). */
  root: string;
  /** The demo directory: the CLI's working directory and GITHUB_WORKSPACE. */
  workspace: string;
}

interface CliJson {
  exitCode: number;
  outputs: Record<string, string>;
  annotations: { level: string; message: string }[];
}

export type NodeRun = ProcessRun;

/** Runs `node <argv>` to the end and keeps its output. */
export function runNode(
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<NodeRun> {
  return runToEnd(process.execPath, argv, options);
}

/** Shell-quotes an argument for display only (the process is spawned without a shell). */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export async function runStep(context: CliContext, step: StepSpec): Promise<StepResult> {
  const stepDir = path.join('steps', step.id);
  const summaryFile = path.join(stepDir, 'summary.md');
  const logFile = path.join(stepDir, 'log.txt');
  await fs.mkdir(path.join(context.workspace, stepDir), { recursive: true });
  const bin = path.join(context.root, 'packages', 'cli', 'bin', 'ml-actions.js');
  const argv = [bin, step.action, ...step.args, '--json', '--out-dir', stepDir];
  // A clean environment: no token, no GITHUB_*/INPUT_* from the caller's shell leaking in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
  };
  const started = Date.now();
  const { code, stdout, stderr } = await runNode(argv, { cwd: context.workspace, env });
  const seconds = (Date.now() - started) / 1000;
  await fs.writeFile(path.join(context.workspace, logFile), stderr);
  let result: CliJson | undefined;
  try {
    result = JSON.parse(stdout) as CliJson;
  } catch {
    result = undefined;
  }
  const lastLines = stderr.trim().split('\n').slice(-3).join(' / ');
  const errors = result
    ? result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
    : [lastLines || `ml-actions exited with code ${code} and printed nothing`];
  return {
    ...step,
    // The clone's CLI bundle, relative to the demo folder the command is run from.
    command: [
      'node',
      path.relative(context.workspace, path.join(context.root, 'dist', 'cli', 'index.js')),
      step.action,
      ...step.args,
    ]
      .map(quote)
      .join(' '),
    exitCode: result?.exitCode ?? code,
    outputs: result?.outputs ?? {},
    summaryFile,
    summaryText: await fs
      .readFile(path.join(context.workspace, summaryFile), 'utf8')
      .catch(() => ''),
    logFile,
    seconds,
    errors,
  };
}
