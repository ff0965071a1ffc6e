export interface CliIo {
  stdout?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Repository whose actions/ and dist/ the CLI runs (default: the one it lives in). */
  root?: string;
}

export function main(argv: string[], io?: CliIo): Promise<number>;
