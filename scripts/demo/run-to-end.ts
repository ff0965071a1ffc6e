import { spawn, type SpawnOptionsWithoutStdio } from 'node:child_process';

export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to its end and keeps both output streams: the demo's CLI steps and the
 * tests that drive the bin or npm as a user would. Rejects only when it cannot start.
 */
export function runToEnd(
  command: string,
  args: string[],
  options: SpawnOptionsWithoutStdio,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
