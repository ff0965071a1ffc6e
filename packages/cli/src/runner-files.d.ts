export interface RunnerFiles {
  dir: string;
  output: string;
  env: string;
  state: string;
  summary: string;
  temp: string;
}
export function createRunnerFiles(
  actionName: string,
  options: { outDir?: string; summaryFile?: string; cwd: string },
): RunnerFiles;
export function parseFileCommands(text: string): Record<string, string>;
export function readFileCommands(file: string): Record<string, string>;
