// The files a runner gives each step (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV,
// GITHUB_STATE, RUNNER_TEMP), created fresh for a local run, and the reader of their format.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface RunnerFiles {
  /** The folder of the runner's files. */
  dir: string;
  output: string;
  env: string;
  state: string;
  summary: string;
  /** RUNNER_TEMP. */
  temp: string;
}

/** Creates empty runner files under `dir`; the summary may live elsewhere. */
export function createRunnerFiles(
  dir: string,
  { summaryFile, cwd }: { summaryFile?: string; cwd: string },
): RunnerFiles {
  const files: RunnerFiles = {
    dir,
    output: join(dir, 'github-output'),
    env: join(dir, 'github-env'),
    state: join(dir, 'github-state'),
    summary: summaryFile ? resolve(cwd, summaryFile) : join(dir, 'summary.md'),
    temp: join(dir, 'runner-temp'),
  };
  mkdirSync(files.temp, { recursive: true });
  for (const file of [files.output, files.env, files.state, files.summary]) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
  }
  return files;
}

/**
 * Reads a file written with the runner's file commands (`name=value` lines, or
 * `name<<DELIMITER` … `DELIMITER` for multi-line values, which is what @actions/core writes).
 */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`file command for '${name}' has no closing delimiter`);
      values[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

export function readFileCommands(file: string): Record<string, string> {
  return parseFileCommands(readFileSync(file, 'utf8'));
}
